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

        var written = await CrashPeerRun.KillAfterAsync(place.Uri, "events", rowsBeforeKill: 200_000);

        Assert.True(written >= 200_000);
        Assert.Empty(place.Rows("events"));
        if (kind != LocalSinkKind.DuckDb)
        {
            // The only trace is the hidden staging file, which no *.parquet / *.csv glob matches.
            var left = Directory.GetFiles(Path.Combine(place.Root, "events")).Select(Path.GetFileName).ToList();
            Assert.All(left, name => Assert.Matches(@"^\.7-1-[0-9a-f]{32}\.(parquet|csv)\.tmp$", name));
        }

        // The target is still usable afterwards: a new job commits normally.
        using var sample = SampleBatch.Create(0, 100);
        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, sample);
        Assert.Equal(VisibleRows.Expected(sample), place.Rows("events"));
    }
}
