using System.Text;
using Casparian.Protocol.Identity;

namespace Casparian.Protocol.Tests.Identity;

/// <summary>
/// Golden vectors: these values are stored in catalogs and receipts, so they may never change silently. Each one
/// is also recomputed by an independent oracle (b3sum, Python's hashlib) from the documented layout.
/// </summary>
public sealed class IdentityKeyGoldenTests
{
    private const string Schema =
        "{ \"fields\": [ {\"name\": \"cafe\u0301\", \"type\": \"utf8\", \"nullable\": true}, {\"type\":\"int64\",\"name\":\"id\",\"nullable\":false, \"max\": 1.0e3} ], \"version\": 1 }";

    private const string CanonicalSchema =
        "{\"fields\":[{\"name\":\"caf\u00e9\",\"nullable\":true,\"type\":\"utf8\"},{\"max\":1000,\"name\":\"id\",\"nullable\":false,\"type\":\"int64\"}],\"version\":1}";

    private const string SchemaHashGolden = "92f84bf44ad75eec94649073712598a1c2f7a5aee78bb7aed814b82c90d7e59c";
    private const string SourceHashGolden = "40b7247df7a17679ce86d44206d671f4b00b7da5ae17f81e7079f4ef316fbdfc";
    private const string ArtifactHashGolden = "6392988c6718fbfde407ebe11f68d0c05977ef775e48b7c6a4378d24afd97aa1";
    private const string OutputTargetKeyGolden = "54975f40bfa699868fcae904d4cc2efe136dedd57fcf34b7a28d838a4e55284d";
    private const string OutputTargetKeyReplaceGolden = "98ad01e973e70278c3fa6df45782cb05fecc739c82649e61d4b54ec9206e2346";
    private const string MaterializationKeyGolden = "cad4a978bb3d324e140edbab1aaa1f6a82ad0e5d4c7071f73bbc9727e6f4d2b4";

    private const string SinkUri = "duckdb:///var/lib/casparian/out.duckdb";
    private const string Table = "evtx_events";
    private static readonly byte[] SourceBytes = Encoding.UTF8.GetBytes("2026-11-22T05:00:00Z evidence line\n");

    private static readonly Dictionary<string, byte[]> ArtifactFiles = new()
    {
        ["casparian.toml"] = Encoding.UTF8.GetBytes("name = \"evtx\"\n"),
        ["plugin/main.py"] = Encoding.UTF8.GetBytes("print('hi')\n"),
        ["uv.lock"] = [],
    };

    [Fact]
    public void Context_strings_are_the_released_ones()
    {
        Assert.Equal("casparian-flow 2026-11 output_target_key v1", IdentityContexts.OutputTargetKey);
        Assert.Equal("casparian-flow 2026-11 materialization_key v1", IdentityContexts.MaterializationKey);
        Assert.Equal("casparian-flow 2026-11 artifact_hash v1", IdentityContexts.ArtifactHash);
    }

    [Fact]
    public void Source_hash_is_the_golden_value_and_what_b3sum_says()
    {
        Assert.Equal(SourceHashGolden, SourceHash.Of(SourceBytes));
        Assert.Equal(SourceHashGolden, PythonOracle.B3sum(SourceBytes));
    }

    [Fact]
    public void Source_hash_of_a_file_equals_that_of_its_bytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, SourceBytes);
            Assert.Equal(SourceHashGolden, SourceHash.OfFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Schema_hash_is_blake3_of_the_canonical_json_and_the_golden_value()
    {
        Assert.Equal(CanonicalSchema, Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Schema)));
        Assert.Equal(SchemaHashGolden, SchemaHash.Of(Schema));
        Assert.Equal(SchemaHashGolden, SchemaHash.Of(Encoding.UTF8.GetBytes(Schema)));
        Assert.Equal(SchemaHashGolden, PythonOracle.B3sum(Encoding.UTF8.GetBytes(CanonicalSchema)));
    }

    [Fact]
    public void Artifact_hash_is_the_golden_value_and_what_hashlib_computes_from_the_documented_layout()
    {
        Assert.Equal(ArtifactHashGolden, ArtifactHash.Of(ArtifactFiles));

        const string script = """
            import hashlib, struct
            files = {"uv.lock": b"", "plugin/main.py": b"print('hi')\n", "casparian.toml": b'name = "evtx"\n'}
            h = hashlib.sha256(b"casparian-flow 2026-11 artifact_hash v1\n")
            for path in sorted(files, key=lambda p: p.encode()):
                h.update(struct.pack("<Q", len(path.encode())) + path.encode())
                h.update(struct.pack("<Q", len(files[path])) + files[path])
            print(h.hexdigest())
            """;
        Assert.Equal(ArtifactHashGolden, PythonOracle.Run(script).Trim());
    }

    [Fact]
    public void Artifact_hash_of_files_on_disk_equals_that_of_the_same_files_in_memory()
    {
        var root = Directory.CreateTempSubdirectory("casparian-artifact-").FullName;
        try
        {
            foreach (var (path, content) in ArtifactFiles)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
                File.WriteAllBytes(Path.Combine(root, path), content);
            }
            Assert.Equal(ArtifactHashGolden, ArtifactHash.OfDirectoryFiles(root, ["uv.lock", "plugin/main.py", "casparian.toml"]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Output_target_key_is_the_golden_value_and_what_b3sum_derives_from_the_documented_layout()
    {
        Assert.Equal(OutputTargetKeyGolden, OutputTargetKey.Of(SinkUri, Table, SchemaHashGolden, SinkMode.Append));
        Assert.Equal(OutputTargetKeyReplaceGolden, OutputTargetKey.Of(SinkUri, Table, SchemaHashGolden, SinkMode.Replace));

        var material = OracleMaterial($"""
            fields = [b"{SinkUri}", b"{Table}", bytes.fromhex("{SchemaHashGolden}"), b"append"]
            """);
        Assert.Equal(OutputTargetKeyGolden, PythonOracle.B3sum(material, IdentityContexts.OutputTargetKey));
    }

    [Fact]
    public void Materialization_key_is_the_golden_value_and_what_b3sum_derives_from_the_documented_layout()
    {
        Assert.Equal(MaterializationKeyGolden, MaterializationKey.Of(OutputTargetKeyGolden, SourceHashGolden, ArtifactHashGolden));

        var material = OracleMaterial($"""
            fields = [bytes.fromhex(h) for h in ["{OutputTargetKeyGolden}", "{SourceHashGolden}", "{ArtifactHashGolden}"]]
            """);
        Assert.Equal(MaterializationKeyGolden, PythonOracle.B3sum(material, IdentityContexts.MaterializationKey));
    }

    [Fact]
    public void Every_field_of_a_key_changes_it()
    {
        var keys = new[]
        {
            MaterializationKey.Of(OutputTargetKeyGolden, SourceHashGolden, ArtifactHashGolden),
            MaterializationKey.Of(SourceHashGolden, OutputTargetKeyGolden, ArtifactHashGolden),
            MaterializationKey.Of(OutputTargetKeyGolden, SourceHashGolden, SchemaHashGolden),
            OutputTargetKey.Of(SinkUri, Table, SchemaHashGolden, SinkMode.Error),
            OutputTargetKey.Of(SinkUri + "x", Table, SchemaHashGolden, SinkMode.Append),
            OutputTargetKey.Of(SinkUri, Table + "x", SchemaHashGolden, SinkMode.Append),
            OutputTargetKey.Of(SinkUri, Table, SourceHashGolden, SinkMode.Append),
            OutputTargetKeyGolden,
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void A_malformed_hash_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => MaterializationKey.Of(OutputTargetKeyGolden, SourceHashGolden.ToUpperInvariant(), ArtifactHashGolden));
        Assert.Contains("sourceHash", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => OutputTargetKey.Of(SinkUri, Table, "abc", SinkMode.Append));
        Assert.Contains("schemaHash", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("./a")]
    public void Artifact_paths_must_be_clean_relative_paths(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => ArtifactHash.Of(new Dictionary<string, byte[]> { [path] = [1] }));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Artifact_paths_that_are_equal_after_normalization_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ArtifactHash.Of(new Dictionary<string, byte[]> { ["caf\u00e9"] = [1], ["cafe\u0301"] = [2] }));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    // The documented layout, built independently: each field as its 64-bit little-endian length and its bytes.
    private static byte[] OracleMaterial(string fieldsLine) => Convert.FromHexString(PythonOracle.Run($"""
        import struct
        {fieldsLine}
        print(b"".join(struct.pack("<Q", len(f)) + f for f in fields).hex())
        """).Trim());
}
