using System.Diagnostics;
using Casparian.Native.Posix;

namespace Casparian.Native.Tests.Posix;

public sealed class DirectoryReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-readdir-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Reports_every_entry_once_with_its_kind_as_find_does()
    {
        File.WriteAllText(Path.Combine(_root, "plain.csv"), "x");
        File.WriteAllText(Path.Combine(_root, "ü é.log"), "y");
        Directory.CreateDirectory(Path.Combine(_root, "folder"));
        File.CreateSymbolicLink(Path.Combine(_root, "link"), Path.Combine(_root, "plain.csv"));
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(_root, "pipe")]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var entries = new List<(string Name, DirectoryEntryKind Kind)>();

        DirectoryReader.Read(_root, entries);

        // find's %y prints the same d_type letters: f file, d directory, l link, p pipe.
        var find = Process.Start(new ProcessStartInfo("find", [_root, "-mindepth", "1", "-maxdepth", "1", "-printf", "%f\t%y\n"])
            { RedirectStandardOutput = true })!;
        var expected = find.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t')).Select(p => (p[0], p[1] switch
            {
                "f" => DirectoryEntryKind.RegularFile,
                "d" => DirectoryEntryKind.Directory,
                "l" => DirectoryEntryKind.SymbolicLink,
                "p" => DirectoryEntryKind.Fifo,
                _ => DirectoryEntryKind.Unknown,
            }));
        find.WaitForExit();
        Assert.Equal(expected.Order(), entries.Order());
        Assert.Equal(5, entries.Count);
    }

    [Fact]
    public void A_missing_folder_is_an_error_naming_it()
    {
        var missing = Path.Combine(_root, "gone");

        var error = Assert.Throws<IOException>(() => DirectoryReader.Read(missing, []));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file", error.Message, StringComparison.Ordinal);
    }
}
