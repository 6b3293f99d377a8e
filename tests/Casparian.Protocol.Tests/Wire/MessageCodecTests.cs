using System.Text;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Tests.Wire;

public class MessageCodecTests
{
    public static TheoryData<WireMessage> OneOfEach() => new(SampleMessages.All());

    [Theory]
    [MemberData(nameof(OneOfEach))]
    public void Every_message_type_round_trips_through_frames(WireMessage message)
    {
        var frames = MessageWriter.ToFrames(message, jobId: 42);
        var decoded = MessageCodec.Decode(Frames(frames), WireLimits.Default);

        Assert.Equal(message.Opcode, decoded.Header.Opcode);
        Assert.Equal(42UL, decoded.JobId);
        Assert.Equal(message.GetType(), decoded.Message.GetType());
        // Records compare lists by reference, so compare the re-encoded meta instead.
        Assert.Equal(frames[1], MessageWriter.ToFrames(decoded.Message, 42)[1]);
    }

    [Fact]
    public void Meta_is_snake_case_json_a_python_peer_can_read()
    {
        var frames = MessageWriter.ToFrames(new IdentifyMessage { WorkerId = "w1", Version = "0.1", Capacity = 4, Runtimes = ["builtin"] });
        var json = Encoding.UTF8.GetString(frames[1]);

        Assert.Contains("\"worker_id\":\"w1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"capacity\":4", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OneOfEach))]
    public void The_opcode_travels_in_the_header_only(WireMessage message)
    {
        var json = Encoding.UTF8.GetString(MessageWriter.ToFrames(message)[1]);
        Assert.DoesNotContain("opcode", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Enum_values_travel_as_names()
    {
        var frames = MessageWriter.ToFrames(new ConcludeMessage { Attempt = 1, Status = ConcludeStatus.Rejected, Error = new JobError { Kind = "transient", Code = "capacity" } });
        Assert.Contains("\"status\":\"Rejected\"", Encoding.UTF8.GetString(frames[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Body_frames_are_passed_through_as_slices()
    {
        var frames = MessageWriter.ToFrames(new ByeMessage());
        var body = new byte[] { 1, 2, 3 };
        var decoded = MessageCodec.Decode([frames[0], frames[1], body], WireLimits.Default);

        Assert.Single(decoded.Body);
        Assert.True(decoded.Body[0].Span.SequenceEqual(body));
    }

    [Theory]
    [InlineData(0, "header")]
    [InlineData(1, "meta")]
    public void Missing_frames_are_named(int count, string field)
    {
        var frames = MessageWriter.ToFrames(new ByeMessage());
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(Frames(frames).Take(count).ToArray(), WireLimits.Default));
        Assert.Equal(ProtocolError.MissingFrames, ex.Error);
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Meta_length_disagreeing_with_the_meta_frame_is_named()
    {
        var frames = MessageWriter.ToFrames(new ByeMessage { Reason = "drain" });
        var shorter = frames[1][..^1];

        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode([frames[0], shorter], WireLimits.Default));
        Assert.Equal(ProtocolError.MetaLengthMismatch, ex.Error);
        Assert.Equal("header.meta_len", ex.Field);
    }

    [Fact]
    public void Oversize_meta_is_refused_when_writing_and_reading()
    {
        var limits = new WireLimits { MaxMetaBytes = 64 };
        var big = new ByeMessage { Reason = new string('x', 100) };

        var write = Assert.Throws<ProtocolException>(() => new MessageWriter(limits).Write(big));
        Assert.Equal(ProtocolError.OversizeMeta, write.Error);

        var frames = MessageWriter.ToFrames(big);
        var read = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(Frames(frames), limits));
        Assert.Equal(ProtocolError.OversizeMeta, read.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"worker_id\":\"w\"}")]
    [InlineData("{\"worker_id\":null,\"version\":\"1\",\"capacity\":1}")]
    [InlineData("{\"worker_id\":\"w\",\"version\":\"1\",\"capacity\":\"four\"}")]
    public void Invalid_json_is_named(string meta)
    {
        var ex = Assert.Throws<ProtocolException>(() => Decode(Opcode.Identify, meta));
        Assert.Equal(ProtocolError.InvalidJson, ex.Error);
        Assert.Equal("meta", ex.Field);
    }

    [Fact]
    public void Invalid_field_values_are_named()
    {
        var ex = Assert.Throws<ProtocolException>(() => Decode(Opcode.Identify, "{\"worker_id\":\"w\",\"version\":\"1\",\"capacity\":0}"));
        Assert.Equal(ProtocolError.InvalidField, ex.Error);
        Assert.Equal("meta.capacity", ex.Field);
    }

    [Fact]
    public void Too_many_body_frames_are_refused_before_parsing()
    {
        var limits = new WireLimits { MaxBodyFrames = 2 };
        var frames = MessageWriter.ToFrames(new ByeMessage());
        ReadOnlyMemory<byte>[] all = [frames[0], frames[1], new byte[1], new byte[1], new byte[1]];

        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(all, limits));
        Assert.Equal(ProtocolError.TooManyFrames, ex.Error);
    }

    [Fact]
    public void Oversize_body_is_refused()
    {
        var limits = new WireLimits { MaxBodyBytes = 10 };
        var frames = MessageWriter.ToFrames(new ByeMessage());

        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode([frames[0], frames[1], new byte[11]], limits));
        Assert.Equal(ProtocolError.OversizeBody, ex.Error);
    }

    private static DecodedMessage Decode(Opcode opcode, string meta)
    {
        var bytes = Encoding.UTF8.GetBytes(meta);
        var header = new byte[FrameHeader.Size];
        FrameHeader.Create(opcode, (uint)bytes.Length, 0).Write(header);
        return MessageCodec.Decode([header, bytes], WireLimits.Default);
    }

    private static ReadOnlyMemory<byte>[] Frames(byte[][] frames) => frames.Select(f => (ReadOnlyMemory<byte>)f).ToArray();
}
