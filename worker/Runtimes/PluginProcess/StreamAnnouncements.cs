using System.Collections.Concurrent;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>An <c>output_begin</c> or <c>output_end</c>, passed from the stderr pump to the stdout pump.</summary>
internal abstract record StreamAnnouncement(string Output);

/// <summary>The stream of <see cref="StreamAnnouncement.Output"/> follows on stdout with a schema hashing to <paramref name="SchemaHash"/>.</summary>
internal sealed record StreamBegin(string Output, string SchemaHash) : StreamAnnouncement(Output);

/// <summary>The plugin says the stream of <see cref="StreamAnnouncement.Output"/> had <paramref name="Rows"/> rows.</summary>
internal sealed record StreamEnd(string Output, long Rows) : StreamAnnouncement(Output);

/// <summary>How waiting for the next announcement ended.</summary>
internal enum AnnouncementWait
{
    Received,
    Closed,
    TimedOut,
}

/// <summary>
/// The <c>output_begin</c>/<c>output_end</c> frames in the order the plugin wrote them (the stderr pump has already
/// checked that they alternate and name expected outputs), for the stdout pump to match each Arrow stream with.
/// </summary>
internal sealed class StreamAnnouncements : IDisposable
{
    private readonly BlockingCollection<StreamAnnouncement> _queue = [];

    /// <summary>True once stderr ended: no announcement will come.</summary>
    public bool IsClosed => _queue.IsAddingCompleted;

    public void Add(StreamAnnouncement announcement) => _queue.Add(announcement);

    public void Close() => _queue.CompleteAdding();

    /// <summary>Blocks until the next announcement, the end of stderr, <paramref name="timeout"/> or cancellation.</summary>
    public AnnouncementWait Next(TimeSpan timeout, CancellationToken cancellationToken, out StreamAnnouncement? announcement)
    {
        if (_queue.TryTake(out announcement, (int)Math.Min(timeout.TotalMilliseconds, int.MaxValue), cancellationToken))
        {
            return AnnouncementWait.Received;
        }
        return _queue.IsCompleted ? AnnouncementWait.Closed : AnnouncementWait.TimedOut;
    }

    public void Dispose() => _queue.Dispose();
}
