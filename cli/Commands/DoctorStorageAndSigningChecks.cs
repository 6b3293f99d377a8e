using Casparian.Native;
using Casparian.Native.DuckDb;
using Casparian.Native.Sodium;

namespace Casparian.Cli.Commands;

/// <summary>The <c>casparian doctor</c> checks of libduckdb and libsodium: each loads the library and uses it once.</summary>
internal static class DoctorStorageAndSigningChecks
{
    /// <summary>Opens an in-memory DuckDB and prints its version; false (with the reason) if that fails.</summary>
    public static bool DuckDb(TextWriter output)
    {
        try
        {
            using var database = DuckDbDatabase.Open();
            using var connection = database.Connect();
            output.WriteLine($"duckdb:    ok ({connection.ExecuteScalar("SELECT version()")})");
            return true;
        }
        catch (Exception ex) when (ex is NativeLibraryMissingException or DuckDbException)
        {
            output.WriteLine($"duckdb:    FAILED: {ex.Message}");
            return false;
        }
    }

    /// <summary>Signs and verifies a test message with a fresh Ed25519 key; false (with the reason) if that fails.</summary>
    public static bool Sodium(TextWriter output)
    {
        try
        {
            using var keyPair = Ed25519.Generate();
            var message = "casparian doctor"u8;
            var signature = keyPair.Sign(message);
            var ok = Ed25519.Verify(keyPair.PublicKey, message, signature) && !Ed25519.Verify(keyPair.PublicKey, "tampered"u8, signature);
            output.WriteLine(ok ? "libsodium: ok (Ed25519 sign/verify)" : "libsodium: FAILED: a signature did not verify as expected");
            return ok;
        }
        catch (Exception ex) when (ex is NativeLibraryMissingException or SodiumException)
        {
            output.WriteLine($"libsodium: FAILED: {ex.Message}");
            return false;
        }
    }
}
