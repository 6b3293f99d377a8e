using Casparian.Cli.Commands;

namespace Casparian.Cli.Tests.Commands;

public sealed class DoctorStorageAndSigningChecksTests
{
    [Fact]
    public void DuckDb_check_prints_the_loaded_version()
    {
        using var output = new StringWriter();

        Assert.True(DoctorStorageAndSigningChecks.DuckDb(output));
        Assert.Matches(@"^duckdb: +ok \(v\d+\.\d+\.\d+", output.ToString());
    }

    [Fact]
    public void Sodium_check_signs_and_verifies()
    {
        using var output = new StringWriter();

        Assert.True(DoctorStorageAndSigningChecks.Sodium(output));
        Assert.StartsWith("libsodium: ok", output.ToString(), StringComparison.Ordinal);
    }
}
