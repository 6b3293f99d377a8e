using System.Security.Cryptography;
using System.Text;

namespace Casparian.Protocol.Plugins;

/// <summary>
/// The identity of the parsers compiled into the worker (<c>builtin:NAME</c>): they have no bundle, so their
/// artifact hash is the SHA-256 of <c>builtin:NAME@RELEASE</c>. A new Casparian release is a new parser version, which
/// makes exactly the files those parsers cover stale.
/// </summary>
public static class BuiltinArtifacts
{
    /// <summary>The Casparian release the builtin parsers belong to.</summary>
    public const string Release = "0.1.0";

    /// <summary>The runtime kind of builtin parsers.</summary>
    public const string RuntimeKind = "builtin";

    /// <summary>The artifact hash (hex) of <c>builtin:<paramref name="name"/></c>; <paramref name="name"/> may carry the prefix.</summary>
    public static string HashOf(string name, string release = Release)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var bare = name.StartsWith("builtin:", StringComparison.Ordinal) ? name["builtin:".Length..] : name;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"builtin:{bare}@{release}")));
    }
}
