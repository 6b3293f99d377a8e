using Casparian.Protocol.Plugins;

namespace Casparian.Protocol.Tests.Plugins;

public sealed class PluginBundleTests : IDisposable
{
    private const string Manifest = """
        name = "syslog"
        version = "1.0.0"
        protocol_version = 1
        runtime_kind = "python_shim"
        entrypoint = "syslog_plugin.py"
        platform = "any"

        [[outputs]]
        name = "events"
        table = "syslog_events"
        schema = "schemas/events.json"

        [[routes]]
        glob = "**/*.log"
        tag = "syslog"
        priority = 10
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("cf-bundle-").FullName;

    public PluginBundleTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "schemas"));
        File.WriteAllText(Path.Combine(_dir, "casparian.toml"), Manifest);
        File.WriteAllText(Path.Combine(_dir, "syslog_plugin.py"), "def parse(path, ctx):\n    pass\n");
        File.WriteAllText(Path.Combine(_dir, "schemas", "events.json"), """{"columns":[{"name":"line","type":"utf8","nullable":false}]}""");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_bundle_loads_with_its_outputs_routes_and_artifact_hash()
    {
        var bundle = PluginBundle.Load(_dir);

        Assert.Equal("syslog@1.0.0", bundle.Id);
        Assert.Equal("python_shim", bundle.RuntimeKind);
        Assert.Equal("syslog_plugin.py", bundle.Entrypoint);
        var output = Assert.Single(bundle.Outputs);
        Assert.Equal(("events", "syslog_events"), (output.Name, output.Table));
        Assert.Equal(OutputSchema.Parse("""{"columns":[{"name":"line","type":"utf8","nullable":false}]}""").Hash, output.Schema.Hash);
        Assert.Equal(new BundleRoute("**/*.log", "syslog", 10), Assert.Single(bundle.Routes));
        Assert.Matches("^[0-9a-f]{64}$", bundle.ArtifactHash);
    }

    [Fact]
    public void Any_change_to_code_or_schema_is_a_new_artifact_but_the_signature_and_caches_are_not()
    {
        var first = PluginBundle.Load(_dir).ArtifactHash;
        File.WriteAllText(Path.Combine(_dir, "casparian.sig"), "signature");
        Directory.CreateDirectory(Path.Combine(_dir, "__pycache__"));
        File.WriteAllText(Path.Combine(_dir, "__pycache__", "x.pyc"), "cache");
        Assert.Equal(first, PluginBundle.Load(_dir).ArtifactHash);

        File.AppendAllText(Path.Combine(_dir, "syslog_plugin.py"), "# edit\n");
        var second = PluginBundle.Load(_dir).ArtifactHash;
        Assert.NotEqual(first, second);

        File.WriteAllText(Path.Combine(_dir, "schemas", "events.json"), """{"columns":[{"name":"line","type":"utf8","nullable":true}]}""");
        Assert.NotEqual(second, PluginBundle.Load(_dir).ArtifactHash);
    }

    [Theory]
    [InlineData("entrypoint = \"syslog_plugin.py\"", "entrypoint = \"../outside.py\"", "'entrypoint' '../outside.py' must be a path inside the bundle")]
    [InlineData("entrypoint = \"syslog_plugin.py\"", "entrypoint = \"/bin/sh\"", "must be a path inside the bundle")]
    [InlineData("entrypoint = \"syslog_plugin.py\"", "entrypoint = \"missing.py\"", "'missing.py' does not exist")]
    [InlineData("protocol_version = 1", "protocol_version = 2", "speaks plugin protocol 1")]
    [InlineData("runtime_kind = \"python_shim\"", "runtime_kind = \"wasm\"", "'runtime_kind' 'wasm' is not one of")]
    [InlineData("name = \"syslog\"\n", "", "'name' is required")]
    [InlineData("table = \"syslog_events\"", "table = \"syslog-events\"", "'table' 'syslog-events' must be")]
    public void A_bad_manifest_is_refused_naming_the_key_and_the_fix(string find, string replace, string named)
    {
        File.WriteAllText(Path.Combine(_dir, "casparian.toml"), Manifest.Replace(find, replace, StringComparison.Ordinal));

        var error = Assert.Throws<PluginBundleException>(() => PluginBundle.Load(_dir));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entrypoint_that_links_out_of_the_bundle_is_refused()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"cf-outside-{Guid.NewGuid():N}.py");
        File.WriteAllText(outside, "print('x')\n");
        try
        {
            File.Delete(Path.Combine(_dir, "syslog_plugin.py"));
            File.CreateSymbolicLink(Path.Combine(_dir, "syslog_plugin.py"), outside);

            var error = Assert.Throws<PluginBundleException>(() => PluginBundle.Load(_dir));

            Assert.Contains("links to outside the bundle", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public void A_directory_without_a_manifest_is_not_a_bundle()
    {
        File.Delete(Path.Combine(_dir, "casparian.toml"));

        Assert.Contains("has no casparian.toml", Assert.Throws<PluginBundleException>(() => PluginBundle.Load(_dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_builtin_parser_s_artifact_hash_is_the_SHA256_of_its_name_and_release()
    {
        Assert.Equal(BuiltinArtifacts.HashOf("csv"), BuiltinArtifacts.HashOf("builtin:csv"));
        Assert.NotEqual(BuiltinArtifacts.HashOf("csv"), BuiltinArtifacts.HashOf("jsonl"));
        Assert.NotEqual(BuiltinArtifacts.HashOf("csv"), BuiltinArtifacts.HashOf("csv", "0.2.0"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("builtin:csv@0.1.0"u8)), BuiltinArtifacts.HashOf("csv"));
    }
}
