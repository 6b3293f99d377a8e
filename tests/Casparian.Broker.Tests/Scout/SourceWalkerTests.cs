using Casparian.Broker.Scout;
using Casparian.Testing;

namespace Casparian.Broker.Tests.Scout;

public sealed class SourceWalkerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-walk-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("cf-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task Lists_regular_files_with_stable_slash_paths_and_skips_project_hidden_pipes_and_outside_links()
    {
        Write("b.csv", "b");
        Write("a/z.jsonl", "zz");
        Write("a/b/c.log", "ccc");
        Write(".casparian/state.duckdb", "state");
        Write(".git/config", "git");
        Write("a/.cache/x.csv", "hidden");
        File.WriteAllText(Path.Combine(_outside, "secret.csv"), "outside");
        File.CreateSymbolicLink(Path.Combine(_root, "link-out.csv"), Path.Combine(_outside, "secret.csv"));
        File.CreateSymbolicLink(Path.Combine(_root, "link-in.csv"), Path.Combine(_root, "b.csv"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "loop"), _root);
        // A named pipe would block whoever reads it: the walk must not list it.
        await ExternalCommand.RunAsync("mkfifo", [Path.Combine(_root, "a/pipe.csv")], TimeSpan.FromSeconds(30));
        Write("a/ü space.csv", "unicode");

        var files = SourceWalker.Walk(_root + "/");

        Assert.Equal(["a/b/c.log", "a/z.jsonl", "a/ü space.csv", "b.csv", "link-in.csv"], files.Select(f => f.RelativePath));
        Assert.All(files, f => Assert.True(File.Exists(f.FullPath)));
    }

    [Fact]
    public void A_missing_root_names_itself_and_the_fix()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => SourceWalker.Walk(Path.Combine(_root, "nope")));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
        Assert.Contains("casparian run", error.Message, StringComparison.Ordinal);
    }
}
