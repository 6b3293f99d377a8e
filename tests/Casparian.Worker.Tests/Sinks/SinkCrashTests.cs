using Casparian.SinkCrashPeer;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>A process killed with SIGKILL in the middle of a large write leaves nothing visible, on each local sink.</summary>
public sealed class SinkCrashTests
{
    [Theory]
    [MemberData(nameof(LocalSinkTests.Kinds), MemberType = typeof(LocalSinkTests))]
    public async Task A_writer_killed_mid_write_leaves_no_rows_and_no_committed_files(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);

        // Enough rows that DuckDB's optimistic writer has already put uncommitted row groups into the file, even with
        // the DuckDB sink's chunk ring (up to 128 chunks, 262,144 rows of this schema) still waiting to be appended.
        var rowsBeforeKill = kind == LocalSinkKind.DuckDb ? 1_100_000 : 200_000;

        var written = await CrashPeerRun.KillAfterAsync(place.Uri, "events", rowsBeforeKill);

        Assert.True(written >= rowsBeforeKill);
        if (kind == LocalSinkKind.DuckDb)
        {
            var bytes = new FileInfo(Path.Combine(place.Root, "out.duckdb")).Length;
            Assert.True(bytes > 4_000_000, $"the kill should land after DuckDB wrote uncommitted data to the file, but it holds {bytes} bytes");
        }
        Assert.Empty(place.Rows("events"));
        if (kind != LocalSinkKind.DuckDb)
        {
            // The only trace is the hidden staging file, which no *.parquet / *.csv glob matches.
            var left = Directory.GetFiles(Path.Combine(place.Root, "events")).Select(Path.GetFileName).ToList();
            Assert.All(left, name => Assert.Matches(@"^\.crash-peer-7-1-[0-9a-f]{32}\.(parquet|csv)\.tmp$", name));
        }

        // The target is still usable afterwards: a new job commits normally.
        using var sample = SampleBatch.Create(0, 100);
        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, sample);
        Assert.Equal(VisibleRows.Expected(sample), place.Rows("events"));
    }
}
