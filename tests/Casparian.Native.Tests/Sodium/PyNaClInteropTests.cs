using System.Diagnostics;
using System.Security.Cryptography;
using Casparian.Native.Sodium;

namespace Casparian.Native.Tests.Sodium;

/// <summary>Debian's python3-nacl (PyNaCl over its own libsodium build) as an independent Ed25519 oracle.</summary>
public sealed class PyNaClInteropTests
{
    // Debian's modules are importable only by the system interpreter, not the pyenv one on PATH.
    private const string SystemPython = "/usr/bin/python3";

    private const string VerifyScript =
        "import sys, nacl.signing\n" +
        "key = nacl.signing.VerifyKey(bytes.fromhex(sys.argv[1]))\n" +
        "key.verify(bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3]))\n" +
        "print('verified')\n";

    private const string SignScript =
        "import sys, nacl.signing\n" +
        "key = nacl.signing.SigningKey(bytes.fromhex(sys.argv[1]))\n" +
        "print(key.verify_key.encode().hex())\n" +
        "print(key.sign(bytes.fromhex(sys.argv[2])).signature.hex())\n";

    [Fact]
    public void Our_signature_verifies_with_pynacl_and_a_tampered_one_does_not()
    {
        using var keyPair = Ed25519.Generate();
        var message = RandomNumberGenerator.GetBytes(1000);
        var signature = keyPair.Sign(message);

        var accepted = RunPython(VerifyScript, Convert.ToHexString(keyPair.PublicKey), Convert.ToHexString(message), Convert.ToHexString(signature));
        Assert.Equal(0, accepted.ExitCode);
        Assert.Equal("verified", accepted.Output.Trim());

        signature[10] ^= 0x01;
        var rejected = RunPython(VerifyScript, Convert.ToHexString(keyPair.PublicKey), Convert.ToHexString(message), Convert.ToHexString(signature));
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("BadSignatureError", rejected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pynacl_signature_verifies_with_us_and_the_same_seed_gives_the_same_keys()
    {
        var seed = RandomNumberGenerator.GetBytes(Ed25519.SeedSize);
        var message = "plugin artifact hash"u8.ToArray();

        var signed = RunPython(SignScript, Convert.ToHexString(seed), Convert.ToHexString(message));
        Assert.Equal(0, signed.ExitCode);
        var lines = signed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var publicKey = Convert.FromHexString(lines[0]);
        var signature = Convert.FromHexString(lines[1]);

        Assert.True(Ed25519.Verify(publicKey, message, signature));
        Assert.False(Ed25519.Verify(publicKey, "plugin artifact hasH"u8, signature));
        using var ours = Ed25519.FromSeed(seed);
        Assert.Equal(publicKey, ours.PublicKey.ToArray());
        Assert.Equal(signature, ours.Sign(message)); // Ed25519 is deterministic
    }

    private static (int ExitCode, string Output, string Error) RunPython(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(SystemPython)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {SystemPython}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{SystemPython} did not finish within 30 s");
        }
        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
