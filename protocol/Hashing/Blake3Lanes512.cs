using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Casparian.Protocol.Hashing;

/// <summary>Sixteen inputs at once in AVX-512 registers; rotations are single <c>vprord</c> instructions.</summary>
internal readonly unsafe struct Blake3Lanes512 : IBlake3Lanes<Vector512<uint>>
{
    // A 16x16 transpose is four rounds of swapping one bit of the row index with the same bit of the column
    // index; each swap is two two-source permutes (vpermt2d) per pair of rows. Index tables per swapped bit.
    private static readonly Vector512<uint> KeepBit0 = SwapIndices(1, keepLow: true);
    private static readonly Vector512<uint> TakeBit0 = SwapIndices(1, keepLow: false);
    private static readonly Vector512<uint> KeepBit1 = SwapIndices(2, keepLow: true);
    private static readonly Vector512<uint> TakeBit1 = SwapIndices(2, keepLow: false);
    private static readonly Vector512<uint> KeepBit2 = SwapIndices(4, keepLow: true);
    private static readonly Vector512<uint> TakeBit2 = SwapIndices(4, keepLow: false);
    private static readonly Vector512<uint> KeepBit3 = SwapIndices(8, keepLow: true);
    private static readonly Vector512<uint> TakeBit3 = SwapIndices(8, keepLow: false);

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
        for (var row = 0; row < 16; row++)
        {
            message[row] = Vector512.Load((uint*)(inputs[row] + blockOffset));
        }
        SwapBit(message, 1, KeepBit0, TakeBit0);
        SwapBit(message, 2, KeepBit1, TakeBit1);
        SwapBit(message, 4, KeepBit2, TakeBit2);
        SwapBit(message, 8, KeepBit3, TakeBit3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwapBit(Vector512<uint>* rows, int bit, Vector512<uint> keep, Vector512<uint> take)
    {
        for (var low = 0; low < 16; low++)
        {
            if ((low & bit) != 0)
            {
                continue;
            }
            var a = rows[low];
            var b = rows[low | bit];
            rows[low] = Avx512F.PermuteVar16x32x2(a, keep, b);
            rows[low | bit] = Avx512F.PermuteVar16x32x2(a, take, b);
        }
    }

    // Row A (bit clear) keeps its columns with the bit clear and takes B's; row B gets the rest. Indices 16..31
    // select from the second source.
    private static Vector512<uint> SwapIndices(int bit, bool keepLow)
    {
        var indices = new uint[16];
        for (var column = 0; column < 16; column++)
        {
            var columnHasBit = (column & bit) != 0;
            indices[column] = keepLow
                ? (uint)(columnHasBit ? 16 + (column ^ bit) : column)
                : (uint)(columnHasBit ? 16 + column : column | bit);
        }
        return Vector512.Create(indices);
    }
}
