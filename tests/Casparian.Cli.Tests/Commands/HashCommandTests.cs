namespace Casparian.Cli.Tests.Commands;

/// <summary><c>casparian hash</c> against Debian's b3sum on the same files: the output must be byte-identical.</summary>
public sealed class HashCommandTests : IDisposable
{
    private const int Chunk = 1024;

    // Every size around block (64), chunk (1024) and tree (powers of two of chunks) boundaries, the 256 KiB and
    // 16 MiB block sizes of the file reader, the 1 MiB parallel work item, and 64 MiB.
    private static readonly int[] Sizes =
    [
        0, 1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2049, 3 * Chunk, (3 * Chunk) + 1, 4095, 4096, 4097,
        (16 * Chunk) - 1, 16 * Chunk, (16 * Chunk) + 1, (17 * Chunk) + 5, (31 * Chunk) + 1, 32 * Chunk,
        (256 << 10) - 1, 256 << 10, (256 << 10) + 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + Chunk,
        (3 << 20) + 999, (16 << 20) - 1, (16 << 20) + 1, 64 << 20,
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("casparian-hash-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Prints_exactly_what_b3sum_prints_for_files_of_0_to_64_MiB_on_one_and_two_threads()
    {
        var random = new Random(2026);
        var paths = new List<string>();
        foreach (var size in Sizes.Concat(Enumerable.Range(0, 6).Select(_ => random.Next(1, 8 << 20))))
        {
            var path = Path.Combine(_directory, $"random-{size}.bin");
            var data = new byte[size];
            random.NextBytes(data);
            File.WriteAllBytes(path, data);
            paths.Add(path);
        }

        var expected = HashProcesses.B3sum(paths);
        Assert.Equal(0, expected.ExitCode);
        Assert.Equal(paths.Count, expected.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var threads in new[] { "1", "2" })
        {
            var ours = HashProcesses.Casparian(["--num-threads", threads, .. paths]);
            Assert.Equal(0, ours.ExitCode);
            Assert.Equal(expected.Output, ours.Output);
        }
    }

    [Fact]
    public void Keyed_derive_key_and_length_modes_match_b3sum()
    {
        var path = Path.Combine(_directory, "mode.bin");
        var data = new byte[(5 * Chunk) + 7];
        new Random(5).NextBytes(data);
        File.WriteAllBytes(path, data);
        var key = new byte[32];
        new Random(6).NextBytes(key);

        var keyed = HashProcesses.Casparian(["--keyed", Convert.ToHexStringLower(key), path]);
        Assert.Equal(HashProcesses.B3sum(["--keyed", path], stdin: key).Output, keyed.Output);

        var derived = HashProcesses.Casparian(["--derive-key", "casparian-flow test context", "--length", "100", path]);
        Assert.Equal(HashProcesses.B3sum(["--derive-key", "casparian-flow test context", "--length", "100", path]).Output, derived.Output);

        var noNames = HashProcesses.Casparian(["--no-names", "-l", "7", path]);
        Assert.Equal(HashProcesses.B3sum(["--no-names", "-l", "7", path]).Output, noNames.Output);
    }

    [Fact]
    public void Standard_input_is_hashed_when_given_as_dash_or_when_no_file_is_given()
    {
        var data = new byte[(2 << 20) + 3];
        new Random(8).NextBytes(data);
        var expected = HashProcesses.B3sum(["-"], stdin: data).Output;
        Assert.StartsWith(Convert.ToHexStringLower(Casparian.Protocol.Hashing.Blake3.Hash(data)), expected, StringComparison.Ordinal);

        Assert.Equal(expected, HashProcesses.Casparian(["-"], stdin: data).Output);
        Assert.Equal(expected, HashProcesses.Casparian([], stdin: data).Output);
    }

    [Fact]
    public void Names_with_backslashes_or_newlines_are_escaped_like_b3sum_does()
    {
        var odd = Path.Combine(_directory, "odd\\name\nwith newline");
        var plain = Path.Combine(_directory, "plain name.txt");
        File.WriteAllText(odd, "odd");
        File.WriteAllText(plain, "plain");

        var ours = HashProcesses.Casparian([odd, plain]);

        Assert.Equal(HashProcesses.B3sum([odd, plain]).Output, ours.Output);
        Assert.StartsWith("\\", ours.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_unreadable_inputs_are_reported_the_others_still_hashed_and_the_exit_code_is_1()
    {
        var good = Path.Combine(_directory, "good.txt");
        File.WriteAllText(good, "good");
        var missing = Path.Combine(_directory, "missing.txt");

        var ours = HashProcesses.Casparian([missing, good, _directory, "", good]);
        var expected = HashProcesses.B3sum([missing, good, _directory, "", good]);

        Assert.Equal(1, expected.ExitCode);
        Assert.Equal(1, ours.ExitCode);
        Assert.Equal(expected.Output, ours.Output);
        Assert.Contains(missing, ours.Errors, StringComparison.Ordinal);
        Assert.Contains($"{_directory}: is a directory", ours.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--keyed", "abcd" }, "64 hex digits")]
    [InlineData(new[] { "--keyed", "0000000000000000000000000000000000000000000000000000000000000000", "--derive-key", "x" }, "at most one")]
    [InlineData(new[] { "--num-threads", "-2" }, "--num-threads")]
    [InlineData(new[] { "--length", "-1" }, "--length")]
    public void Bad_options_fail_with_a_message_naming_the_option(string[] options, string expectedInMessage)
    {
        var file = Path.Combine(_directory, "x.txt");
        File.WriteAllText(file, "x");

        var ours = HashProcesses.Casparian([.. options, file]);

        Assert.NotEqual(0, ours.ExitCode);
        Assert.Empty(ours.Output);
        Assert.Contains(expectedInMessage, ours.Errors, StringComparison.Ordinal);
    }
}
