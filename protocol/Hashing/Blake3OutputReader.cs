namespace Casparian.Protocol.Hashing;

/// <summary>
/// Reads the BLAKE3 extended output of a finalized hasher: any number of bytes, sequentially or from any position.
/// </summary>
public sealed class Blake3OutputReader
{
    private readonly Blake3Output _output;

    internal Blake3OutputReader(Blake3Output output) => _output = output;

    /// <summary>The byte offset in the output stream the next <see cref="Read"/> starts at.</summary>
    public ulong Position { get; set; }

    /// <summary>Fills <paramref name="destination"/> with the next output bytes and advances <see cref="Position"/>.</summary>
    public void Read(Span<byte> destination)
    {
        _output.RootBytes(Position, destination);
        Position += (ulong)destination.Length;
    }
}
