using System.Globalization;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// A plugin's stdout as the Arrow reader sees it: buffered, counted against the output byte limit (exceeding it fails
/// the job with <c>limit.output_bytes</c> from inside the read), able to wait for the next byte without consuming it
/// (to learn whether another stream follows), and remembering whether the pipe reached its end.
/// </summary>
internal sealed class PluginStdout : Stream
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _pipe;
    private readonly long _limit;
    // Not pooled: if a process that escaped its group keeps the pipe open, the pump reading it may outlive the run,
    // and must never write into an array the pool has handed to someone else.
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private int _position;
    private int _length;

    public PluginStdout(Stream pipe, long limit)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        _pipe = pipe;
        _limit = limit;
    }

    /// <summary>Bytes read from the pipe so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once a read of the pipe returned nothing: the plugin closed stdout (or exited).</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>Blocks until a byte is available (true) or the pipe ended (false), consuming nothing.</summary>
    public bool WaitForData()
    {
        if (_position < _length)
        {
            return true;
        }
        Fill();
        return _position < _length;
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        if (_position == _length)
        {
            if (buffer.Length >= BufferSize)
            {
                // Large reads (batch bodies) go straight into the caller's memory.
                return Count(_pipe.Read(buffer));
            }
            Fill();
        }
        var n = Math.Min(buffer.Length, _length - _position);
        _buffer.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Fill()
    {
        _position = 0;
        _length = Count(_pipe.Read(_buffer, 0, BufferSize));
    }

    private int Count(int read)
    {
        if (read == 0)
        {
            ReachedEnd = true;
            return 0;
        }
        BytesRead += read;
        if (BytesRead > _limit)
        {
            throw PluginViolations.Violation(PluginViolations.OutputBytes, string.Create(CultureInfo.InvariantCulture,
                $"the plugin wrote more than {_limit} bytes to stdout; raise limits.max_output_bytes or split the input"));
        }
        return read;
    }
}
