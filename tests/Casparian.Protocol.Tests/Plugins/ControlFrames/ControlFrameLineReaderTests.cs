using System.Text;
using Casparian.Protocol.Plugins.ControlFrames;

namespace Casparian.Protocol.Tests.Plugins.ControlFrames;

public sealed class ControlFrameLineReaderTests
{
    [Fact]
    public async Task Lines_arriving_a_byte_at_a_time_come_out_whole_without_CR_and_the_last_one_without_a_newline_too()
    {
        using var reader = new ControlFrameLineReader(new TrickleStream("{\"a\":1}\r\n{\"b\":2}\n\n{\"c\":3}"u8.ToArray()));

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}"], await ReadAllAsync(reader));
        Assert.Equal(25, reader.BytesRead);
        Assert.True(reader.ReachedEnd);
    }

    [Fact]
    public async Task An_empty_stream_has_no_lines()
    {
        using var reader = new ControlFrameLineReader(new MemoryStream());

        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_line_that_never_ends_is_refused_once_it_passes_64_KiB_not_read_to_the_end()
    {
        var endless = new EndlessStream((byte)'x');
        using var reader = new ControlFrameLineReader(endless);

        var error = await Assert.ThrowsAsync<ControlFrameException>(async () => await reader.ReadLineAsync(CancellationToken.None));

        Assert.Contains("longer than 65536", error.Message, StringComparison.Ordinal);
        Assert.InRange(endless.Served, 64 * 1024, 128 * 1024);
    }

    [Fact]
    public async Task A_64_KiB_line_is_still_a_line()
    {
        var line = new string('y', 64 * 1024);
        using var reader = new ControlFrameLineReader(new MemoryStream(Encoding.UTF8.GetBytes(line + "\nnext\n")));

        Assert.Equal([line, "next"], await ReadAllAsync(reader));
    }

    private static async Task<List<string>> ReadAllAsync(ControlFrameLineReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }
        return lines;
    }

    /// <summary>Returns at most one byte per read, as a slow pipe may.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    /// <summary>One byte value forever, counting what it served.</summary>
    private sealed class EndlessStream(byte value) : Stream
    {
        public long Served { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill(value);
            Served += count;
            return count;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
