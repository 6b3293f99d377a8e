using System.CommandLine;
using Casparian.Protocol.Hashing;

namespace Casparian.Cli.Commands;

/// <summary>
/// <c>casparian hash</c>: BLAKE3 of files or standard input, printed exactly as <c>b3sum</c> prints it
/// (<c>&lt;hex&gt;  &lt;path&gt;</c>). A file that cannot be read is reported on stderr, the others are still hashed,
/// and the exit code is 1.
/// </summary>
internal static class HashCommand
{
    /// <summary>Largest <c>--length</c>: the output is held in memory and printed as hex.</summary>
    internal const int MaxOutputLength = 64 << 20;

    public static Command Create()
    {
        var threads = new Option<int>("--num-threads")
        {
            Description = "Most threads to hash one file with; 0 means one per logical core, as in b3sum.",
            DefaultValueFactory = _ => 0,
        };
        var keyed = new Option<string?>("--keyed") { Description = "Keyed mode with this 32-byte key given as 64 hex digits." };
        var deriveKey = new Option<string?>("--derive-key") { Description = "Key derivation mode with this context string." };
        var length = new Option<int>("--length", "-l")
        {
            Description = "Output bytes per file, before hex encoding.",
            DefaultValueFactory = _ => Blake3.HashLength,
        };
        var noNames = new Option<bool>("--no-names") { Description = "Print only the hashes, without file names." };
        var files = new Argument<string[]>("FILE")
        {
            Description = "Files to hash; '-' or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("hash", "BLAKE3 of files, printed like b3sum.") { threads, keyed, deriveKey, length, noNames, files };
        command.SetAction(parseResult =>
        {
            var request = new HashRequest(
                parseResult.GetValue(threads) is 0 ? Environment.ProcessorCount : parseResult.GetValue(threads),
                parseResult.GetValue(keyed),
                parseResult.GetValue(deriveKey),
                parseResult.GetValue(length),
                parseResult.GetValue(noNames),
                parseResult.GetValue(files) is { Length: > 0 } paths ? paths : ["-"]);
            return Run(request, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>Hashes every input and prints one line per input; returns the process exit code.</summary>
    internal static int Run(HashRequest request, TextWriter output, TextWriter errors)
    {
        Blake3Hasher hasher;
        try
        {
            hasher = request.CreateHasher();
        }
        catch (ArgumentException error)
        {
            errors.WriteLine($"casparian hash: {error.Message}");
            return 2;
        }

        var exitCode = 0;
        var digest = new byte[request.OutputLength];
        foreach (var path in request.Paths)
        {
            hasher.Reset();
            try
            {
                if (path == "-")
                {
                    using var stdin = Console.OpenStandardInput();
                    Blake3Streams.HashStream(hasher, stdin, request.Threads);
                }
                else
                {
                    Blake3Streams.HashFile(hasher, path, request.Threads);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
            {
                errors.WriteLine($"casparian hash: {path}: {DescribeFailure(path, error)}");
                exitCode = 1;
                continue;
            }
            hasher.Finalize(digest);
            output.WriteLine(HashLineFormat.Line(digest, path, request.NoNames));
        }
        return exitCode;
    }

    // .NET reports a directory as "access denied"; say what is actually wrong.
    private static string DescribeFailure(string path, Exception error) =>
        Directory.Exists(path) ? "is a directory, not a file" : error.Message;
}
