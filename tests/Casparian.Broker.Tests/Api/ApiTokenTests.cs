using Casparian.Broker.Api;

namespace Casparian.Broker.Tests.Api;

public sealed class ApiTokenTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("casparian-token-");

    private string TokenPath => Path.Combine(_directory.FullName, "sub", "api-token");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_new_token_file_is_readable_only_by_its_owner_and_holds_32_random_bytes_in_base64url()
    {
        Assert.True(ApiToken.CreateFile(TokenPath));

        var token = ApiToken.Load(TokenPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenPath));
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token.Value).Length);
        Assert.DoesNotContain('=', token.Value);
    }

    [Fact]
    public void Creating_again_keeps_the_existing_token()
    {
        ApiToken.CreateFile(TokenPath);
        var first = ApiToken.Load(TokenPath).Value;

        Assert.False(ApiToken.CreateFile(TokenPath));
        Assert.Equal(first, ApiToken.LoadOrCreate(TokenPath).Value);
    }

    [Fact]
    public void Two_tokens_differ()
    {
        var other = Path.Combine(_directory.FullName, "other");
        Assert.NotEqual(ApiToken.LoadOrCreate(TokenPath).Value, ApiToken.LoadOrCreate(other).Value);
    }

    [Fact]
    public void Only_the_exact_bearer_token_authorizes()
    {
        var token = ApiToken.LoadOrCreate(TokenPath);

        Assert.True(token.Authorizes($"Bearer {token.Value}"));
        Assert.False(token.Authorizes(null));
        Assert.False(token.Authorizes(""));
        Assert.False(token.Authorizes(token.Value));
        Assert.False(token.Authorizes($"Basic {token.Value}"));
        Assert.False(token.Authorizes($"Bearer {token.Value[..^1]}"));
        Assert.False(token.Authorizes($"Bearer {token.Value}x"));
        Assert.False(token.Authorizes("Bearer " + new string('a', 100_000)));
    }

    [Fact]
    public void A_missing_token_file_is_an_error_that_says_to_run_init()
    {
        var error = Assert.Throws<ApiTokenException>(() => ApiToken.Load(TokenPath));

        Assert.Contains("casparian init", error.Message, StringComparison.Ordinal);
        Assert.Contains(TokenPath, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
