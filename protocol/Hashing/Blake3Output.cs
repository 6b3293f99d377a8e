namespace Casparian.Protocol.Hashing;

/// <summary>
/// The inputs of a node's last compression, kept un-compressed until we know whether the node is the root: an
/// inner node yields a chaining value, the root yields any number of output bytes.
/// </summary>
internal struct Blake3Output
{
    public Blake3Words InputChainingValue;
    public Blake3Block Block;
    public uint BlockLength;
    public ulong Counter;
    public uint Flags;

    /// <summary>The node's chaining value, used when it is not the root.</summary>
    public readonly Blake3Words ChainingValue()
    {
        var cv = InputChainingValue;
        Blake3Compression.CompressInPlace(ref cv, Block, BlockLength, Counter, Flags);
        return cv;
    }

    /// <summary>
    /// Writes root output bytes starting at byte <paramref name="position"/> of the output stream: each 64-byte
    /// output block is one root compression with the output block index as its counter.
    /// </summary>
    public readonly void RootBytes(ulong position, Span<byte> destination)
    {
        Span<byte> block = stackalloc byte[Blake3Constants.BlockLength];
        var blockIndex = position / Blake3Constants.BlockLength;
        var skip = (int)(position % Blake3Constants.BlockLength);
        while (!destination.IsEmpty)
        {
            Blake3Compression.CompressXof(InputChainingValue, Block, BlockLength, blockIndex, Flags | Blake3Constants.Root, block);
            var take = Math.Min(destination.Length, Blake3Constants.BlockLength - skip);
            block.Slice(skip, take).CopyTo(destination);
            destination = destination[take..];
            skip = 0;
            blockIndex++;
        }
    }

    /// <summary>The output of a parent node whose children have chaining values <paramref name="left"/> and <paramref name="right"/>.</summary>
    public static Blake3Output Parent(in Blake3Words left, in Blake3Words right, in Blake3Words key, uint flags)
    {
        var output = new Blake3Output
        {
            InputChainingValue = key,
            BlockLength = Blake3Constants.BlockLength,
            Counter = 0,
            Flags = flags | Blake3Constants.Parent,
        };
        Span<byte> block = output.Block;
        left.WriteTo(block);
        right.WriteTo(block[Blake3Constants.OutputLength..]);
        return output;
    }
}
