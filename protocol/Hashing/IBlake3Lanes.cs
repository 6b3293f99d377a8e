namespace Casparian.Protocol.Hashing;

/// <summary>
/// The vector operations the many-lane compressor needs, implemented once per width (Vector128, Vector256,
/// Vector512). Static abstract members let the JIT inline them into <see cref="Blake3ManyLanes{TVec,TLanes}"/>.
/// </summary>
internal unsafe interface IBlake3Lanes<TVec>
    where TVec : unmanaged
{
    /// <summary>How many 32-bit lanes, hence how many inputs are compressed at once.</summary>
    static abstract int Lanes { get; }

    static abstract TVec Broadcast(uint value);

    static abstract TVec Load(uint* source);

    static abstract void Store(TVec value, uint* destination);

    static abstract TVec Add(TVec left, TVec right);

    static abstract TVec Xor(TVec left, TVec right);

    static abstract TVec RotateRight16(TVec value);

    static abstract TVec RotateRight12(TVec value);

    static abstract TVec RotateRight8(TVec value);

    static abstract TVec RotateRight7(TVec value);

    /// <summary>
    /// Loads the 64-byte block at <paramref name="blockOffset"/> of every input and transposes it so that
    /// <c>message[w]</c> holds word w of input i in lane i.
    /// </summary>
    static abstract void LoadMessage(byte** inputs, nuint blockOffset, TVec* message);
}
