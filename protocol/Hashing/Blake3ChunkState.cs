namespace Casparian.Protocol.Hashing;

/// <summary>
/// One chunk (up to 1024 bytes, 16 blocks) being hashed incrementally. The last block is kept buffered because it
/// must be compressed with CHUNK_END, and possibly ROOT, which is only known when more input arrives or at the end.
/// </summary>
internal struct Blake3ChunkState
{
    private Blake3Words _chainingValue;
    private Blake3Block _buffer;
    private int _bufferLength;
    private int _blocksCompressed;
    private readonly uint _flags;

    public Blake3ChunkState(in Blake3Words key, ulong chunkCounter, uint flags)
    {
        _chainingValue = key;
        ChunkCounter = chunkCounter;
        _flags = flags;
    }

    public ulong ChunkCounter { get; set; }

    /// <summary>Bytes absorbed so far (0 to 1024).</summary>
    public readonly int Length => (Blake3Constants.BlockLength * _blocksCompressed) + _bufferLength;

    private readonly uint StartFlag => _blocksCompressed == 0 ? Blake3Constants.ChunkStart : 0u;

    /// <summary>Absorbs input; the caller never passes more than the chunk's remaining capacity.</summary>
    public void Update(ReadOnlySpan<byte> input)
    {
        while (!input.IsEmpty)
        {
            if (_bufferLength == Blake3Constants.BlockLength)
            {
                Blake3Compression.CompressInPlace(ref _chainingValue, _buffer, Blake3Constants.BlockLength, ChunkCounter, _flags | StartFlag);
                _blocksCompressed++;
                _bufferLength = 0;
                _buffer = default;
            }

            // Whole blocks straight from the input when more input follows them (the last block must stay buffered).
            while (_bufferLength == 0 && input.Length > Blake3Constants.BlockLength)
            {
                Blake3Compression.CompressInPlace(ref _chainingValue, input[..Blake3Constants.BlockLength], Blake3Constants.BlockLength, ChunkCounter, _flags | StartFlag);
                _blocksCompressed++;
                input = input[Blake3Constants.BlockLength..];
            }

            var take = Math.Min(Blake3Constants.BlockLength - _bufferLength, input.Length);
            input[..take].CopyTo(((Span<byte>)_buffer)[_bufferLength..]);
            _bufferLength += take;
            input = input[take..];
        }
    }

    /// <summary>The chunk's final compression inputs; the buffer's unused tail is zero as the specification requires.</summary>
    public readonly Blake3Output Output() => new()
    {
        InputChainingValue = _chainingValue,
        Block = _buffer,
        BlockLength = (uint)_bufferLength,
        Counter = ChunkCounter,
        Flags = _flags | StartFlag | Blake3Constants.ChunkEnd,
    };
}
