using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Casparian.Broker.Api;

/// <summary>
/// The control API's bearer token: 32 random bytes, base64url, kept in a file only its owner can read (mode 0600).
/// Every mutating call must present it; comparison takes the same time whatever the token presented.
/// </summary>
public sealed class ApiToken
{
    /// <summary>The token file's default path, relative to the working directory.</summary>
    public const string DefaultPath = ".casparian/api-token";

    private const int TokenBytes = 32;

    /// <summary>Longest token file read: a token is 43 characters, so anything longer is not ours.</summary>
    private const int MaxFileBytes = 4096;

    private readonly byte[] _expected;

    private ApiToken(string value)
    {
        Value = value;
        _expected = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>The token text, as sent after <c>Bearer </c>.</summary>
    public string Value { get; }

    /// <summary>Creates a new token file at <paramref name="path"/> (mode 0600); returns false, changing nothing, if one exists.</summary>
    public static bool CreateFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        Span<byte> random = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(random);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var file = new FileStream(path, options);
            file.Write(Encoding.ASCII.GetBytes(Base64Url.EncodeToString(random) + "\n"));
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    /// <summary>Reads the token at <paramref name="path"/>.</summary>
    /// <exception cref="ApiTokenException">The file is missing, empty or too large to be a token.</exception>
    public static ApiToken Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ApiTokenException($"API token file '{path}' does not exist; run `casparian init` or pass --token-file");
        }
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
        {
            throw new ApiTokenException($"API token file '{path}' is {info.Length} bytes, not a token; delete it and run `casparian init`");
        }
        var value = File.ReadAllText(path).Trim();
        if (value.Length == 0)
        {
            throw new ApiTokenException($"API token file '{path}' is empty; delete it and run `casparian init`");
        }
        return new ApiToken(value);
    }

    /// <summary>Reads the token at <paramref name="path"/>, creating the file first if it does not exist.</summary>
    public static ApiToken LoadOrCreate(string path)
    {
        CreateFile(path);
        return Load(path);
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer TOKEN</c> with this token, compared in constant time.</summary>
    public bool Authorizes(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var presented = authorization.AsSpan(scheme.Length).Trim();
        if (presented.Length > MaxFileBytes)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        var length = Encoding.UTF8.GetBytes(presented, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..length], _expected);
    }
}

/// <summary>The API token file cannot be used; the message says which file and what to do.</summary>
public sealed class ApiTokenException(string message) : Exception(message);
