using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Casparian.Protocol.Hashing;

/// <summary>Eight inputs at once in AVX2 registers; 16- and 8-bit rotations are byte shuffles.</summary>
internal readonly unsafe struct Blake3Lanes256 : IBlake3Lanes<Vector256<uint>>
{
    private static readonly Vector256<byte> Rotate16Mask = Vector256.Create(
        (byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);

    private static readonly Vector256<byte> Rotate8Mask = Vector256.Create(
        (byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);

    public static bool IsSupported => Avx2.IsSupported;

    public static int Lanes => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Load(uint* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<uint> value, uint* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> left, Vector256<uint> right) => Avx2.Add(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Xor(Vector256<uint> left, Vector256<uint> right) => Avx2.Xor(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight16(Vector256<uint> value) => Avx2.Shuffle(value.AsByte(), Rotate16Mask).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight12(Vector256<uint> value) =>
        Avx2.Or(Avx2.ShiftRightLogical(value, 12), Avx2.ShiftLeftLogical(value, 20));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight8(Vector256<uint> value) => Avx2.Shuffle(value.AsByte(), Rotate8Mask).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight7(Vector256<uint> value) =>
        Avx2.Or(Avx2.ShiftRightLogical(value, 7), Avx2.ShiftLeftLogical(value, 25));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessage(byte** inputs, nuint blockOffset, Vector256<uint>* message)
    {
        // Each 64-byte block is two 8-word halves; transpose the 8x8 matrix of each half.
        for (nuint half = 0; half < 2; half++)
        {
            var offset = blockOffset + (half * 32);
            Transpose8x8(
                Vector256.Load((uint*)(inputs[0] + offset)), Vector256.Load((uint*)(inputs[1] + offset)),
                Vector256.Load((uint*)(inputs[2] + offset)), Vector256.Load((uint*)(inputs[3] + offset)),
                Vector256.Load((uint*)(inputs[4] + offset)), Vector256.Load((uint*)(inputs[5] + offset)),
                Vector256.Load((uint*)(inputs[6] + offset)), Vector256.Load((uint*)(inputs[7] + offset)),
                message + (half * 8));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<uint> r0, Vector256<uint> r1, Vector256<uint> r2, Vector256<uint> r3,
        Vector256<uint> r4, Vector256<uint> r5, Vector256<uint> r6, Vector256<uint> r7, Vector256<uint>* columns)
    {
        // Interleave words, then word pairs, then 128-bit halves (a0 b0 a1 b1 | a4 b4 a5 b5 -> a0 b0 c0 d0 | ...).
        var t0 = Avx2.UnpackLow(r0, r1).AsUInt64();
        var t1 = Avx2.UnpackHigh(r0, r1).AsUInt64();
        var t2 = Avx2.UnpackLow(r2, r3).AsUInt64();
        var t3 = Avx2.UnpackHigh(r2, r3).AsUInt64();
        var t4 = Avx2.UnpackLow(r4, r5).AsUInt64();
        var t5 = Avx2.UnpackHigh(r4, r5).AsUInt64();
        var t6 = Avx2.UnpackLow(r6, r7).AsUInt64();
        var t7 = Avx2.UnpackHigh(r6, r7).AsUInt64();

        var u0 = Avx2.UnpackLow(t0, t2).AsUInt32();
        var u1 = Avx2.UnpackHigh(t0, t2).AsUInt32();
        var u2 = Avx2.UnpackLow(t1, t3).AsUInt32();
        var u3 = Avx2.UnpackHigh(t1, t3).AsUInt32();
        var u4 = Avx2.UnpackLow(t4, t6).AsUInt32();
        var u5 = Avx2.UnpackHigh(t4, t6).AsUInt32();
        var u6 = Avx2.UnpackLow(t5, t7).AsUInt32();
        var u7 = Avx2.UnpackHigh(t5, t7).AsUInt32();

        columns[0] = Avx2.Permute2x128(u0, u4, 0x20);
        columns[1] = Avx2.Permute2x128(u1, u5, 0x20);
        columns[2] = Avx2.Permute2x128(u2, u6, 0x20);
        columns[3] = Avx2.Permute2x128(u3, u7, 0x20);
        columns[4] = Avx2.Permute2x128(u0, u4, 0x31);
        columns[5] = Avx2.Permute2x128(u1, u5, 0x31);
        columns[6] = Avx2.Permute2x128(u2, u6, 0x31);
        columns[7] = Avx2.Permute2x128(u3, u7, 0x31);
    }
}
