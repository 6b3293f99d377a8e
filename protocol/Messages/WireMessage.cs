using System.Text.Json.Serialization;
using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>
/// A message's meta: the UTF-8 JSON frame after the header. Each opcode has exactly one concrete type, one per file.
/// </summary>
public abstract record WireMessage
{
    /// <summary>The opcode this message travels under (in the header, never in the JSON).</summary>
    [JsonIgnore]
    public Opcode Opcode => WireOpcode;

    /// <summary>
    /// Each message type's opcode. Protected so the JSON source generator never serialises it: an override of a
    /// public property would not inherit the base's <see cref="JsonIgnoreAttribute"/>.
    /// </summary>
    protected abstract Opcode WireOpcode { get; }

    /// <summary>Checks field values that JSON typing cannot express; throws <see cref="ProtocolException"/>.</summary>
    public virtual void Validate()
    {
    }

    /// <summary>Throws <see cref="ProtocolError.InvalidField"/> naming the field when <paramref name="ok"/> is false.</summary>
    protected static void Require(bool ok, string field, string problem)
    {
        if (!ok)
        {
            throw new ProtocolException(ProtocolError.InvalidField, field, problem);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is non-empty and at most <paramref name="maxLength"/> characters.</summary>
    protected static void RequireText(string? value, string field, int maxLength = 4096) =>
        Require(!string.IsNullOrEmpty(value) && value.Length <= maxLength, field, $"must be 1 to {maxLength} characters");
}
