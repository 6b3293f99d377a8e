using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Tests.Wire;

public class FrameHeaderTests
{
    [Fact]
    public void Golden_bytes_are_network_order_BBHIQ()
    {
        var header = FrameHeader.Create(Opcode.Dispatch, metaLength: 0x00012345, jobId: 0x0102030405060708);
        var bytes = new byte[FrameHeader.Size];
        header.Write(bytes);

        // struct.pack("!BBHIQ", 1, 2, 0, 0x12345, 0x0102030405060708)
        Assert.Equal(Convert.FromHexString("01020000000123450102030405060708"), bytes);
    }

    public static TheoryData<Opcode, uint, ulong> EdgeValues()
    {
        var data = new TheoryData<Opcode, uint, ulong>();
        foreach (var opcode in Enum.GetValues<Opcode>())
        {
            data.Add(opcode, 0, 0);
            data.Add(opcode, (uint)WireLimits.Default.MaxMetaBytes, ulong.MaxValue);
            data.Add(opcode, 1, 1UL << 63);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void Round_trips_every_opcode_and_edge_value(Opcode opcode, uint metaLength, ulong jobId)
    {
        var header = FrameHeader.Create(opcode, metaLength, jobId);
        var bytes = new byte[FrameHeader.Size];
        header.Write(bytes);

        Assert.Equal(header, FrameHeader.Read(bytes, WireLimits.Default));
    }

    [Fact]
    public void Short_header_is_named()
    {
        var ex = Assert.Throws<ProtocolException>(() => FrameHeader.Read(new byte[15], WireLimits.Default));
        Assert.Equal(ProtocolError.ShortHeader, ex.Error);
        Assert.Contains("15 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_header_is_named()
    {
        var ex = Assert.Throws<ProtocolException>(() => FrameHeader.Read(new byte[17], WireLimits.Default));
        Assert.Equal(ProtocolError.LongHeader, ex.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void Bad_version_is_named(byte version)
    {
        var bytes = Valid();
        bytes[0] = version;
        var ex = Assert.Throws<ProtocolException>(() => FrameHeader.Read(bytes, WireLimits.Default));
        Assert.Equal(ProtocolError.BadVersion, ex.Error);
        Assert.Equal("header.version", ex.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(200)]
    public void Unknown_opcode_is_named(byte opcode)
    {
        var bytes = Valid();
        bytes[1] = opcode;
        var ex = Assert.Throws<ProtocolException>(() => FrameHeader.Read(bytes, WireLimits.Default));
        Assert.Equal(ProtocolError.UnknownOpcode, ex.Error);
        Assert.Equal("header.opcode", ex.Field);
    }

    [Theory]
    [InlineData(0x00, 0x01)]
    [InlineData(0x80, 0x00)]
    [InlineData(0xff, 0xff)]
    public void Reserved_flag_bits_are_refused(byte high, byte low)
    {
        var bytes = Valid();
        bytes[2] = high;
        bytes[3] = low;
        var ex = Assert.Throws<ProtocolException>(() => FrameHeader.Read(bytes, WireLimits.Default));
        Assert.Equal(ProtocolError.ReservedFlags, ex.Error);
        Assert.Equal("header.flags", ex.Field);
    }

    [Fact]
    public void Oversize_meta_length_is_refused_from_the_header_alone()
    {
        var limits = new WireLimits { MaxMetaBytes = 1024 };
        var bytes = new byte[FrameHeader.Size];
        FrameHeader.Create(Opcode.Heartbeat, 1025, 0).Write(bytes);

        var ex = Assert.Throws<ProtocolException>(() => FrameHeader.Read(bytes, limits));
        Assert.Equal(ProtocolError.OversizeMeta, ex.Error);
        Assert.Equal("header.meta_len", ex.Field);

        FrameHeader.Create(Opcode.Heartbeat, 1024, 0).Write(bytes);
        Assert.Equal(1024u, FrameHeader.Read(bytes, limits).MetaLength);
    }

    private static byte[] Valid()
    {
        var bytes = new byte[FrameHeader.Size];
        FrameHeader.Create(Opcode.Heartbeat, 2, 7).Write(bytes);
        return bytes;
    }
}
