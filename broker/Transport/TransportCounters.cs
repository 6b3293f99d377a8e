namespace Casparian.Broker.Transport;

/// <summary>What the ROUTER loop has seen, for metrics and tests. Updated by the socket thread, read by anyone.</summary>
public sealed class TransportCounters
{
    private long _received;
    private long _sent;
    private long _badFrames;
    private long _unroutable;

    /// <summary>Valid messages received.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Malformed messages received and dropped.</summary>
    public long BadFrames => Interlocked.Read(ref _badFrames);

    /// <summary>Messages dropped because their peer was gone.</summary>
    public long Unroutable => Interlocked.Read(ref _unroutable);

    internal void OnReceived() => Interlocked.Increment(ref _received);

    internal void OnSent() => Interlocked.Increment(ref _sent);

    internal void OnBadFrame() => Interlocked.Increment(ref _badFrames);

    internal void OnUnroutable() => Interlocked.Increment(ref _unroutable);
}
