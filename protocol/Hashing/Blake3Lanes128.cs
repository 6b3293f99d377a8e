using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Casparian.Protocol.Hashing;

/// <summary>Four inputs at once in SSE registers (SSSE3 for the byte-shuffle rotations).</summary>
internal readonly unsafe struct Blake3Lanes128 : IBlake3Lanes<Vector128<uint>>
{
    private static readonly Vector128<byte> Rotate16Mask = Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
    private static readonly Vector128<byte> Rotate8Mask = Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);

    public static bool IsSupported => Ssse3.IsSupported;

    public static int Lanes => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Broadcast(uint value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Load(uint* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<uint> value, uint* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Add(Vector128<uint> left, Vector128<uint> right) => Sse2.Add(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor(Vector128<uint> left, Vector128<uint> right) => Sse2.Xor(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight16(Vector128<uint> value) => Ssse3.Shuffle(value.AsByte(), Rotate16Mask).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight12(Vector128<uint> value) =>
        Sse2.Or(Sse2.ShiftRightLogical(value, 12), Sse2.ShiftLeftLogical(value, 20));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight8(Vector128<uint> value) => Ssse3.Shuffle(value.AsByte(), Rotate8Mask).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight7(Vector128<uint> value) =>
        Sse2.Or(Sse2.ShiftRightLogical(value, 7), Sse2.ShiftLeftLogical(value, 25));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessage(byte** inputs, nuint blockOffset, Vector128<uint>* message)
    {
        // Each 64-byte block is four 4-word quarters; transpose the 4x4 matrix of each quarter.
        for (nuint quarter = 0; quarter < 4; quarter++)
        {
            var offset = blockOffset + (quarter * 16);
            var t0 = Sse2.UnpackLow(Vector128.Load((uint*)(inputs[0] + offset)), Vector128.Load((uint*)(inputs[1] + offset))).AsUInt64();
            var t1 = Sse2.UnpackHigh(Vector128.Load((uint*)(inputs[0] + offset)), Vector128.Load((uint*)(inputs[1] + offset))).AsUInt64();
            var t2 = Sse2.UnpackLow(Vector128.Load((uint*)(inputs[2] + offset)), Vector128.Load((uint*)(inputs[3] + offset))).AsUInt64();
            var t3 = Sse2.UnpackHigh(Vector128.Load((uint*)(inputs[2] + offset)), Vector128.Load((uint*)(inputs[3] + offset))).AsUInt64();
            var columns = message + (quarter * 4);
            columns[0] = Sse2.UnpackLow(t0, t2).AsUInt32();
            columns[1] = Sse2.UnpackHigh(t0, t2).AsUInt32();
            columns[2] = Sse2.UnpackLow(t1, t3).AsUInt32();
            columns[3] = Sse2.UnpackHigh(t1, t3).AsUInt32();
        }
    }
}
