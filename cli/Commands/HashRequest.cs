using System.Globalization;
using Casparian.Protocol.Hashing;

namespace Casparian.Cli.Commands;

/// <summary>The validated options of one <c>casparian hash</c> run.</summary>
internal sealed record HashRequest(int Threads, string? KeyHex, string? DeriveKeyContext, int OutputLength, bool NoNames, IReadOnlyList<string> Paths)
{
    /// <summary>Checks the options and makes the hasher for the chosen mode.</summary>
    /// <exception cref="ArgumentException">An option is out of range or malformed; the message says which and why.</exception>
    public Blake3Hasher CreateHasher()
    {
        if (Threads < 1 || Threads > Blake3Streams.MaxThreads)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--num-threads must be between 1 and {Blake3Streams.MaxThreads}; got {Threads}."));
        }
        if (OutputLength < 0 || OutputLength > HashCommand.MaxOutputLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--length must be between 0 and {HashCommand.MaxOutputLength} bytes; got {OutputLength}."));
        }
        if (KeyHex is not null && DeriveKeyContext is not null)
        {
            throw new ArgumentException("--keyed and --derive-key are different modes; give at most one of them.");
        }
        if (DeriveKeyContext is not null)
        {
            return Blake3Hasher.CreateDeriveKey(DeriveKeyContext);
        }
        if (KeyHex is null)
        {
            return Blake3Hasher.Create();
        }
        if (KeyHex.Length != 64 || !KeyHex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"--keyed needs a 32-byte key as exactly 64 hex digits; got {KeyHex.Length} characters.");
        }
        return Blake3Hasher.CreateKeyed(Convert.FromHexString(KeyHex));
    }
}
