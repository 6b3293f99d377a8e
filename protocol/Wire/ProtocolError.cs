namespace Casparian.Protocol.Wire;

/// <summary>The classes of malformed input a peer can send; each is counted and answered with ERR.</summary>
public enum ProtocolError
{
    /// <summary>Fewer frames than a message needs (header and meta).</summary>
    MissingFrames,

    /// <summary>More body frames than the limit.</summary>
    TooManyFrames,

    /// <summary>The header frame is shorter than 16 bytes.</summary>
    ShortHeader,

    /// <summary>The header frame is longer than 16 bytes.</summary>
    LongHeader,

    /// <summary>A version this process does not speak.</summary>
    BadVersion,

    /// <summary>An opcode outside the table.</summary>
    UnknownOpcode,

    /// <summary>Reserved flag bits are set.</summary>
    ReservedFlags,

    /// <summary>meta_len exceeds the configured maximum.</summary>
    OversizeMeta,

    /// <summary>meta_len disagrees with the meta frame's length.</summary>
    MetaLengthMismatch,

    /// <summary>The meta frame is not valid JSON for the opcode's message.</summary>
    InvalidJson,

    /// <summary>The JSON parsed but a field has a value the protocol forbids.</summary>
    InvalidField,

    /// <summary>Body frames exceed the configured total size.</summary>
    OversizeBody,

    /// <summary>A message valid in itself arrived where it makes no sense (e.g. DISPATCH sent to the broker).</summary>
    UnexpectedMessage,
}
