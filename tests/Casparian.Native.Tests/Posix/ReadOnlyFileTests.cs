using Casparian.Native.Posix;

namespace Casparian.Native.Tests.Posix;

public sealed class ReadOnlyFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-readonly-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Positional_reads_return_the_file_bytes_and_zero_at_the_end()
    {
        var bytes = new byte[10_000];
        new Random(3).NextBytes(bytes);
        var path = Path.Combine(_root, "data.bin");
        File.WriteAllBytes(path, bytes);
        using var file = ReadOnlyFile.Open(path);
        var buffer = new byte[4096];
        var copy = new List<byte>();

        long offset = 0;
        int read;
        while ((read = file.Read(buffer, offset)) > 0)
        {
            copy.AddRange(buffer.AsSpan(0, read));
            offset += read;
        }

        Assert.Equal(bytes, copy);
        Assert.Equal(0, file.Read(buffer, 20_000));
    }

    [Fact]
    public void A_missing_file_is_named_in_a_file_not_found_error()
    {
        var missing = Path.Combine(_root, "gone.evtx");

        var error = Assert.Throws<FileNotFoundException>(() => ReadOnlyFile.Open(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal(missing, error.FileName);
    }

    [Fact]
    public void Reading_a_folder_is_an_io_error_not_a_crash()
    {
        using var folder = ReadOnlyFile.Open(_root);

        var error = Assert.Throws<IOException>(() => folder.Read(new byte[16], 0));

        Assert.Contains("Is a directory", error.Message, StringComparison.Ordinal);
    }
}
