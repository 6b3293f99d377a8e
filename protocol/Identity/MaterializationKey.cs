using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Identity;

/// <summary>
/// <c>materialization_key</c>: one output of one file version by one parser artifact. BLAKE3 derive-key with
/// context <see cref="IdentityContexts.MaterializationKey"/> over (output_target_key, source_hash, artifact_hash),
/// each as its 32 bytes, length-prefixed. A file is enqueued only if one of its expected keys is missing.
/// </summary>
public static class MaterializationKey
{
    /// <summary>The materialization key in hex.</summary>
    /// <exception cref="ArgumentException">An input is not 64 lowercase hex digits; the message names it.</exception>
    public static string Of(string outputTargetKey, string sourceHash, string artifactHash)
    {
        var material = new KeyMaterial()
            .Hash(nameof(outputTargetKey), outputTargetKey)
            .Hash(nameof(sourceHash), sourceHash)
            .Hash(nameof(artifactHash), artifactHash)
            .ToArray();
        var key = new byte[Blake3.HashLength];
        Blake3.DeriveKey(IdentityContexts.MaterializationKey, material, key);
        return Convert.ToHexStringLower(key);
    }
}
