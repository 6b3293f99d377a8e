using System.Diagnostics;
using System.Globalization;
using Casparian.Broker.Store;
using Spectre.Console;

namespace Casparian.Cli.Run;

/// <summary>
/// Waits until no job is Queued, Dispatched or Running, showing progress: a Spectre progress bar on a terminal
/// (files done of total, rows, rate, ETA), plain lines every second otherwise so logs and tests can follow along.
/// </summary>
internal sealed class RunProgress(IStateStore store, DateTimeOffset runStarted, TextWriter plainOutput)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(1);

    /// <summary>A snapshot of the run.</summary>
    public sealed record Snapshot(long Done, long Total, long Rows, TimeSpan Elapsed)
    {
        public double FilesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

        public TimeSpan? Eta => Done > 0 && Total > Done ? TimeSpan.FromSeconds((Total - Done) / FilesPerSecond) : null;

        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"progress: {Done}/{Total} files, {Rows:N0} rows, {FilesPerSecond:0.0} files/s, ETA {(Eta is { } eta ? eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "-")}");
    }

    /// <summary>Runs until the queue is drained; returns the last snapshot.</summary>
    public async Task<Snapshot> WaitAsync(bool interactive, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var total = await ActiveAsync(cancellationToken).ConfigureAwait(false);
        if (!interactive)
        {
            return await PlainAsync(total, clock, cancellationToken).ConfigureAwait(false);
        }
        Snapshot last = new(0, total, 0, TimeSpan.Zero);
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("files", maxValue: Math.Max(1, total));
                while (true)
                {
                    last = await SnapshotAsync(total, clock, cancellationToken).ConfigureAwait(false);
                    total = last.Total;
                    task.MaxValue = Math.Max(1, total);
                    task.Value = last.Done;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"{last.Done}/{last.Total} files, {last.Rows:N0} rows, {last.FilesPerSecond:0.0} files/s");
                    if (last.Done >= last.Total)
                    {
                        return;
                    }
                    await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return last;
    }

    private async Task<Snapshot> PlainAsync(long total, Stopwatch clock, CancellationToken cancellationToken)
    {
        TimeSpan? lastPrinted = null;
        while (true)
        {
            var snapshot = await SnapshotAsync(total, clock, cancellationToken).ConfigureAwait(false);
            total = snapshot.Total;
            var finished = snapshot.Done >= snapshot.Total;
            if (finished || lastPrinted is not { } printed || clock.Elapsed - printed >= PlainEvery)
            {
                await plainOutput.WriteLineAsync(snapshot.Line()).ConfigureAwait(false);
                await plainOutput.FlushAsync(cancellationToken).ConfigureAwait(false);
                lastPrinted = clock.Elapsed;
            }
            if (finished)
            {
                return snapshot;
            }
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Snapshot> SnapshotAsync(long total, Stopwatch clock, CancellationToken cancellationToken)
    {
        var active = await ActiveAsync(cancellationToken).ConfigureAwait(false);
        // Retries can put jobs back; the total never shrinks below what is still active.
        total = Math.Max(total, active);
        var rows = await store.Catalog.RowsMaterializedSinceAsync(runStarted, cancellationToken).ConfigureAwait(false);
        return new Snapshot(total - active, total, rows, clock.Elapsed);
    }

    private async Task<long> ActiveAsync(CancellationToken cancellationToken)
    {
        var counts = await store.CountByStateAsync(cancellationToken).ConfigureAwait(false);
        return counts[JobState.Queued] + counts[JobState.Dispatched] + counts[JobState.Running];
    }
}
