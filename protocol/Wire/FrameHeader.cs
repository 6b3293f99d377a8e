using System.Buffers.Binary;

namespace Casparian.Protocol.Wire;

/// <summary>
/// The 16-byte header that starts every message, in network byte order (<c>!BBHIQ</c>):
/// version (1), opcode (1), flags (2), meta_len (4), job_id (8).
/// </summary>
public readonly record struct FrameHeader(byte Version, Opcode Opcode, ushort Flags, uint MetaLength, ulong JobId)
{
    /// <summary>Size of the header frame in bytes.</summary>
    public const int Size = 16;

    /// <summary>The protocol version this build speaks.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>Flag bits defined by version 1: none, so every bit is reserved and must be 0.</summary>
    public const ushort DefinedFlags = 0;

    /// <summary>A version-1 header.</summary>
    public static FrameHeader Create(Opcode opcode, uint metaLength, ulong jobId) =>
        new(CurrentVersion, opcode, 0, metaLength, jobId);

    /// <summary>Writes the header into the first 16 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"the header needs {Size} bytes, the buffer has {destination.Length}", nameof(destination));
        }
        destination[0] = Version;
        destination[1] = (byte)Opcode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MetaLength);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], JobId);
    }

    /// <summary>
    /// Reads and validates a header frame: exact length, known version and opcode, no reserved flag bits, and a meta
    /// length within <paramref name="limits"/>. Anything else raises <see cref="ProtocolException"/>.
    /// </summary>
    public static FrameHeader Read(ReadOnlySpan<byte> frame, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (frame.Length < Size)
        {
            throw new ProtocolException(ProtocolError.ShortHeader, "header", $"the header frame has {frame.Length} bytes, expected {Size}");
        }
        if (frame.Length > Size)
        {
            throw new ProtocolException(ProtocolError.LongHeader, "header", $"the header frame has {frame.Length} bytes, expected {Size}");
        }
        var version = frame[0];
        if (version != CurrentVersion)
        {
            throw new ProtocolException(ProtocolError.BadVersion, "header.version", $"version {version} is not supported, this peer speaks {CurrentVersion}");
        }
        var opcode = (Opcode)frame[1];
        if (!Enum.IsDefined(opcode))
        {
            throw new ProtocolException(ProtocolError.UnknownOpcode, "header.opcode", $"opcode {frame[1]} is not defined");
        }
        var flags = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        if ((flags & ~DefinedFlags) != 0)
        {
            throw new ProtocolException(ProtocolError.ReservedFlags, "header.flags", $"reserved flag bits 0x{flags & ~DefinedFlags:x4} are set");
        }
        var metaLength = BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        if (metaLength > (uint)limits.MaxMetaBytes)
        {
            throw new ProtocolException(ProtocolError.OversizeMeta, "header.meta_len", $"meta_len {metaLength} exceeds the maximum of {limits.MaxMetaBytes} bytes");
        }
        var jobId = BinaryPrimitives.ReadUInt64BigEndian(frame[8..]);
        return new FrameHeader(version, opcode, flags, metaLength, jobId);
    }
}
