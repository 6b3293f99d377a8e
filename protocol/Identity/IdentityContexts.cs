namespace Casparian.Protocol.Identity;

/// <summary>
/// The versioned BLAKE3 derive-key context strings of the identity keys (DESIGN.md section 5). A context string
/// never changes once released: a new key layout gets a new version, so old and new keys can never collide.
/// </summary>
public static class IdentityContexts
{
    /// <summary>Context of <see cref="OutputTargetKey"/>.</summary>
    public const string OutputTargetKey = "casparian-flow 2026-11 output_target_key v1";

    /// <summary>Context of <see cref="MaterializationKey"/>.</summary>
    public const string MaterializationKey = "casparian-flow 2026-11 materialization_key v1";

    /// <summary>Domain prefix hashed before the artifact files, so an artifact hash is never a hash of anything else.</summary>
    public const string ArtifactHash = "casparian-flow 2026-11 artifact_hash v1";
}
