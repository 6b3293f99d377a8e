using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Identity;

/// <summary><c>schema_hash</c>: BLAKE3 of the canonical JSON (<see cref="CanonicalJson"/>) of an output's schema, in hex.</summary>
public static class SchemaHash
{
    /// <summary>The schema hash of a schema given as JSON text; formatting, key order and Unicode form do not matter.</summary>
    /// <exception cref="CanonicalJsonException">The text is not JSON that has a canonical form.</exception>
    public static string Of(string schemaJson) => Convert.ToHexStringLower(Blake3.Hash(CanonicalJson.Canonicalize(schemaJson)));

    /// <summary>The schema hash of a schema given as UTF-8 JSON.</summary>
    /// <exception cref="CanonicalJsonException">The bytes are not JSON that has a canonical form.</exception>
    public static string Of(ReadOnlySpan<byte> schemaJsonUtf8) => Convert.ToHexStringLower(Blake3.Hash(CanonicalJson.Canonicalize(schemaJsonUtf8)));
}
