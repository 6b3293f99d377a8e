using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Casparian.Protocol.Hashing;

/// <summary>Sixteen inputs at once in AVX-512 registers; rotations are single <c>vprord</c> instructions.</summary>
internal readonly unsafe struct Blake3Lanes512 : IBlake3Lanes<Vector512<uint>>
{
    public static bool IsSupported => Avx512F.IsSupported;

    public static int Lanes => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Load(uint* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> value, uint* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> left, Vector512<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Xor(Vector512<uint> left, Vector512<uint> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> RotateRight16(Vector512<uint> value) => Avx512F.RotateRight(value, 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> RotateRight12(Vector512<uint> value) => Avx512F.RotateRight(value, 12);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> RotateRight8(Vector512<uint> value) => Avx512F.RotateRight(value, 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> RotateRight7(Vector512<uint> value) => Avx512F.RotateRight(value, 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessage(byte** inputs, nuint blockOffset, Vector512<uint>* message)
    {
        // Rows 4g..4g+3 (inputs) become, within each 128-bit lane k, the four words of columns 4k..4k+3:
        // interleave words, then word pairs (cheap in-lane unpacks); then a 4x4 transpose of 128-bit lanes.
        for (var group = 0; group < 4; group++)
        {
            var r0 = Vector512.Load((uint*)(inputs[4 * group] + blockOffset));
            var r1 = Vector512.Load((uint*)(inputs[(4 * group) + 1] + blockOffset));
            var r2 = Vector512.Load((uint*)(inputs[(4 * group) + 2] + blockOffset));
            var r3 = Vector512.Load((uint*)(inputs[(4 * group) + 3] + blockOffset));
            var low01 = Avx512F.UnpackLow(r0, r1).AsUInt64();
            var high01 = Avx512F.UnpackHigh(r0, r1).AsUInt64();
            var low23 = Avx512F.UnpackLow(r2, r3).AsUInt64();
            var high23 = Avx512F.UnpackHigh(r2, r3).AsUInt64();
            var groupColumns = message + (4 * group);
            groupColumns[0] = Avx512F.UnpackLow(low01, low23).AsUInt32();
            groupColumns[1] = Avx512F.UnpackHigh(low01, low23).AsUInt32();
            groupColumns[2] = Avx512F.UnpackLow(high01, high23).AsUInt32();
            groupColumns[3] = Avx512F.UnpackHigh(high01, high23).AsUInt32();
        }

        // message[4g + j] now holds, in lane k, rows 4g..4g+3 of column 4k + j. Gather lane k of the four groups.
        for (var j = 0; j < 4; j++)
        {
            var c0 = message[j];
            var c1 = message[4 + j];
            var c2 = message[8 + j];
            var c3 = message[12 + j];
            var t0 = Avx512F.Shuffle4x128(c0, c1, 0x44);
            var t1 = Avx512F.Shuffle4x128(c0, c1, 0xEE);
            var t2 = Avx512F.Shuffle4x128(c2, c3, 0x44);
            var t3 = Avx512F.Shuffle4x128(c2, c3, 0xEE);
            message[j] = Avx512F.Shuffle4x128(t0, t2, 0x88);
            message[4 + j] = Avx512F.Shuffle4x128(t0, t2, 0xDD);
            message[8 + j] = Avx512F.Shuffle4x128(t1, t3, 0x88);
            message[12 + j] = Avx512F.Shuffle4x128(t1, t3, 0xDD);
        }
    }
}
