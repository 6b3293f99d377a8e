using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Identity;

/// <summary>
/// <c>output_target_key</c>: where and how an output is written. BLAKE3 derive-key with context
/// <see cref="IdentityContexts.OutputTargetKey"/> over the fields (sink URI, table, schema_hash, sink mode), each
/// length-prefixed (<see cref="KeyMaterial"/>): URI and table as NFC UTF-8, the schema hash as its 32 bytes, the
/// mode as its lowercase name.
/// </summary>
public static class OutputTargetKey
{
    /// <summary>The output target key in hex.</summary>
    /// <exception cref="ArgumentException">A field is empty or the schema hash is malformed; the message names it.</exception>
    public static string Of(string sinkUri, string table, string schemaHash, SinkMode sinkMode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sinkUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        if (!Enum.IsDefined(sinkMode))
        {
            throw new ArgumentOutOfRangeException(nameof(sinkMode), sinkMode, "sink mode must be Append, Replace or Error.");
        }
        var material = new KeyMaterial()
            .Text(sinkUri)
            .Text(table)
            .Hash(nameof(schemaHash), schemaHash)
            .Text(sinkMode.ToString().ToLowerInvariant())
            .ToArray();
        var key = new byte[Blake3.HashLength];
        Blake3.DeriveKey(IdentityContexts.OutputTargetKey, material, key);
        return Convert.ToHexStringLower(key);
    }
}
