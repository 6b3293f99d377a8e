namespace Casparian.Protocol.Hashing;

/// <summary>Sizes, domain flags and the initial vector of the BLAKE3 specification.</summary>
internal static class Blake3Constants
{
    public const int BlockLength = 64;
    public const int ChunkLength = 1024;
    public const int KeyLength = 32;
    public const int OutputLength = 32;
    public const int BlocksPerChunk = ChunkLength / BlockLength;

    /// <summary>Most chunks (or parents) any backend compresses at once: 16 lanes of 32-bit words in a Vector512.</summary>
    public const int MaxSimdDegree = 16;

    /// <summary>A 64-bit chunk counter allows at most 54 subtree levels (2^64 bytes / 2^10 bytes per chunk).</summary>
    public const int MaxTreeDepth = 54;

    public const byte ChunkStart = 1 << 0;
    public const byte ChunkEnd = 1 << 1;
    public const byte Parent = 1 << 2;
    public const byte Root = 1 << 3;
    public const byte KeyedHash = 1 << 4;
    public const byte DeriveKeyContext = 1 << 5;
    public const byte DeriveKeyMaterial = 1 << 6;

    public const uint Iv0 = 0x6A09E667;
    public const uint Iv1 = 0xBB67AE85;
    public const uint Iv2 = 0x3C6EF372;
    public const uint Iv3 = 0xA54FF53A;
    public const uint Iv4 = 0x510E527F;
    public const uint Iv5 = 0x9B05688C;
    public const uint Iv6 = 0x1F83D9AB;
    public const uint Iv7 = 0x5BE0CD19;
}
