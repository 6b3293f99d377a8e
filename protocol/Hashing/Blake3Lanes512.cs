using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Casparian.Protocol.Hashing;

/// <summary>Sixteen inputs at once in AVX-512 registers; rotations are single <c>vprord</c> instructions.</summary>
internal readonly unsafe struct Blake3Lanes512 : IBlake3Lanes<Vector512<uint>>
{
    // A 16x16 transpose is four rounds of swapping one bit of the row index with the same bit of the column
    // index; each swap is two two-source permutes (vpermt2d) per pair of rows. For bit b, row A (bit clear) keeps
    // its columns with the bit clear and takes B's columns shifted down; row B gets the rest. Indices 16..31
    // select from the second source. Written as constants so the JIT embeds them.
    private static Vector512<uint> KeepBit0
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(0u, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    }
    private static Vector512<uint> TakeBit0
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(1u, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
    }

    private static Vector512<uint> KeepBit1
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(0u, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    }
    private static Vector512<uint> TakeBit1
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(2u, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
    }

    private static Vector512<uint> KeepBit2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(0u, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
    }
    private static Vector512<uint> TakeBit2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(4u, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
    }

    private static Vector512<uint> KeepBit3
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    }
    private static Vector512<uint> TakeBit3
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(8u, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    }

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
        // Row i is input i's block; the transpose stays in registers and is stored once.
        Vector512<uint> keepBit0 = KeepBit0, takeBit0 = TakeBit0, keepBit1 = KeepBit1, takeBit1 = TakeBit1;
        Vector512<uint> keepBit2 = KeepBit2, takeBit2 = TakeBit2, keepBit3 = KeepBit3, takeBit3 = TakeBit3;
        var r0 = Vector512.Load((uint*)(inputs[0] + blockOffset));
        var r1 = Vector512.Load((uint*)(inputs[1] + blockOffset));
        var r2 = Vector512.Load((uint*)(inputs[2] + blockOffset));
        var r3 = Vector512.Load((uint*)(inputs[3] + blockOffset));
        var r4 = Vector512.Load((uint*)(inputs[4] + blockOffset));
        var r5 = Vector512.Load((uint*)(inputs[5] + blockOffset));
        var r6 = Vector512.Load((uint*)(inputs[6] + blockOffset));
        var r7 = Vector512.Load((uint*)(inputs[7] + blockOffset));
        var r8 = Vector512.Load((uint*)(inputs[8] + blockOffset));
        var r9 = Vector512.Load((uint*)(inputs[9] + blockOffset));
        var r10 = Vector512.Load((uint*)(inputs[10] + blockOffset));
        var r11 = Vector512.Load((uint*)(inputs[11] + blockOffset));
        var r12 = Vector512.Load((uint*)(inputs[12] + blockOffset));
        var r13 = Vector512.Load((uint*)(inputs[13] + blockOffset));
        var r14 = Vector512.Load((uint*)(inputs[14] + blockOffset));
        var r15 = Vector512.Load((uint*)(inputs[15] + blockOffset));

        // Swap bit 0 of the row index with bit 0 of the column index.
        var t0_1 = Avx512F.PermuteVar16x32x2(r0, keepBit0, r1); r1 = Avx512F.PermuteVar16x32x2(r0, takeBit0, r1); r0 = t0_1;
        var t2_3 = Avx512F.PermuteVar16x32x2(r2, keepBit0, r3); r3 = Avx512F.PermuteVar16x32x2(r2, takeBit0, r3); r2 = t2_3;
        var t4_5 = Avx512F.PermuteVar16x32x2(r4, keepBit0, r5); r5 = Avx512F.PermuteVar16x32x2(r4, takeBit0, r5); r4 = t4_5;
        var t6_7 = Avx512F.PermuteVar16x32x2(r6, keepBit0, r7); r7 = Avx512F.PermuteVar16x32x2(r6, takeBit0, r7); r6 = t6_7;
        var t8_9 = Avx512F.PermuteVar16x32x2(r8, keepBit0, r9); r9 = Avx512F.PermuteVar16x32x2(r8, takeBit0, r9); r8 = t8_9;
        var t10_11 = Avx512F.PermuteVar16x32x2(r10, keepBit0, r11); r11 = Avx512F.PermuteVar16x32x2(r10, takeBit0, r11); r10 = t10_11;
        var t12_13 = Avx512F.PermuteVar16x32x2(r12, keepBit0, r13); r13 = Avx512F.PermuteVar16x32x2(r12, takeBit0, r13); r12 = t12_13;
        var t14_15 = Avx512F.PermuteVar16x32x2(r14, keepBit0, r15); r15 = Avx512F.PermuteVar16x32x2(r14, takeBit0, r15); r14 = t14_15;

        // Swap bit 1 of the row index with bit 1 of the column index.
        var t0_2 = Avx512F.PermuteVar16x32x2(r0, keepBit1, r2); r2 = Avx512F.PermuteVar16x32x2(r0, takeBit1, r2); r0 = t0_2;
        var t1_3 = Avx512F.PermuteVar16x32x2(r1, keepBit1, r3); r3 = Avx512F.PermuteVar16x32x2(r1, takeBit1, r3); r1 = t1_3;
        var t4_6 = Avx512F.PermuteVar16x32x2(r4, keepBit1, r6); r6 = Avx512F.PermuteVar16x32x2(r4, takeBit1, r6); r4 = t4_6;
        var t5_7 = Avx512F.PermuteVar16x32x2(r5, keepBit1, r7); r7 = Avx512F.PermuteVar16x32x2(r5, takeBit1, r7); r5 = t5_7;
        var t8_10 = Avx512F.PermuteVar16x32x2(r8, keepBit1, r10); r10 = Avx512F.PermuteVar16x32x2(r8, takeBit1, r10); r8 = t8_10;
        var t9_11 = Avx512F.PermuteVar16x32x2(r9, keepBit1, r11); r11 = Avx512F.PermuteVar16x32x2(r9, takeBit1, r11); r9 = t9_11;
        var t12_14 = Avx512F.PermuteVar16x32x2(r12, keepBit1, r14); r14 = Avx512F.PermuteVar16x32x2(r12, takeBit1, r14); r12 = t12_14;
        var t13_15 = Avx512F.PermuteVar16x32x2(r13, keepBit1, r15); r15 = Avx512F.PermuteVar16x32x2(r13, takeBit1, r15); r13 = t13_15;

        // Swap bit 2 of the row index with bit 2 of the column index.
        var t0_4 = Avx512F.PermuteVar16x32x2(r0, keepBit2, r4); r4 = Avx512F.PermuteVar16x32x2(r0, takeBit2, r4); r0 = t0_4;
        var t1_5 = Avx512F.PermuteVar16x32x2(r1, keepBit2, r5); r5 = Avx512F.PermuteVar16x32x2(r1, takeBit2, r5); r1 = t1_5;
        var t2_6 = Avx512F.PermuteVar16x32x2(r2, keepBit2, r6); r6 = Avx512F.PermuteVar16x32x2(r2, takeBit2, r6); r2 = t2_6;
        var t3_7 = Avx512F.PermuteVar16x32x2(r3, keepBit2, r7); r7 = Avx512F.PermuteVar16x32x2(r3, takeBit2, r7); r3 = t3_7;
        var t8_12 = Avx512F.PermuteVar16x32x2(r8, keepBit2, r12); r12 = Avx512F.PermuteVar16x32x2(r8, takeBit2, r12); r8 = t8_12;
        var t9_13 = Avx512F.PermuteVar16x32x2(r9, keepBit2, r13); r13 = Avx512F.PermuteVar16x32x2(r9, takeBit2, r13); r9 = t9_13;
        var t10_14 = Avx512F.PermuteVar16x32x2(r10, keepBit2, r14); r14 = Avx512F.PermuteVar16x32x2(r10, takeBit2, r14); r10 = t10_14;
        var t11_15 = Avx512F.PermuteVar16x32x2(r11, keepBit2, r15); r15 = Avx512F.PermuteVar16x32x2(r11, takeBit2, r15); r11 = t11_15;

        // Swap bit 3 of the row index with bit 3 of the column index.
        var t0_8 = Avx512F.PermuteVar16x32x2(r0, keepBit3, r8); r8 = Avx512F.PermuteVar16x32x2(r0, takeBit3, r8); r0 = t0_8;
        var t1_9 = Avx512F.PermuteVar16x32x2(r1, keepBit3, r9); r9 = Avx512F.PermuteVar16x32x2(r1, takeBit3, r9); r1 = t1_9;
        var t2_10 = Avx512F.PermuteVar16x32x2(r2, keepBit3, r10); r10 = Avx512F.PermuteVar16x32x2(r2, takeBit3, r10); r2 = t2_10;
        var t3_11 = Avx512F.PermuteVar16x32x2(r3, keepBit3, r11); r11 = Avx512F.PermuteVar16x32x2(r3, takeBit3, r11); r3 = t3_11;
        var t4_12 = Avx512F.PermuteVar16x32x2(r4, keepBit3, r12); r12 = Avx512F.PermuteVar16x32x2(r4, takeBit3, r12); r4 = t4_12;
        var t5_13 = Avx512F.PermuteVar16x32x2(r5, keepBit3, r13); r13 = Avx512F.PermuteVar16x32x2(r5, takeBit3, r13); r5 = t5_13;
        var t6_14 = Avx512F.PermuteVar16x32x2(r6, keepBit3, r14); r14 = Avx512F.PermuteVar16x32x2(r6, takeBit3, r14); r6 = t6_14;
        var t7_15 = Avx512F.PermuteVar16x32x2(r7, keepBit3, r15); r15 = Avx512F.PermuteVar16x32x2(r7, takeBit3, r15); r7 = t7_15;

        message[0] = r0;
        message[1] = r1;
        message[2] = r2;
        message[3] = r3;
        message[4] = r4;
        message[5] = r5;
        message[6] = r6;
        message[7] = r7;
        message[8] = r8;
        message[9] = r9;
        message[10] = r10;
        message[11] = r11;
        message[12] = r12;
        message[13] = r13;
        message[14] = r14;
        message[15] = r15;
    }
}
