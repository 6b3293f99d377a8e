using System.Threading.Channels;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>
/// The single writer of a DuckDB store: one thread owns the connection and drains a channel of requests. Everything
/// waiting when it looks is applied in ONE transaction (group commit), so the cost of a commit and of each statement is
/// shared by every concurrent caller; callers are answered only after the commit. If the group fails, it is rolled back
/// and each request is re-applied in its own transaction, so one bad request cannot fail the others.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private readonly Channel<WriterOp> _requests = Channel.CreateUnbounded<WriterOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DuckDbConnection _connection;
    private readonly DuckDbBatchApplier _applier;
    private readonly int _maxGroup;
    private readonly Thread _thread;

    public GroupCommitWriter(DuckDbConnection connection, DuckDbBatchApplier applier, int maxGroup)
    {
        _connection = connection;
        _applier = applier;
        _maxGroup = maxGroup;
        _thread = new Thread(Run) { IsBackground = true, Name = "casparian-duckdb-writer" };
        _thread.Start();
    }

    /// <summary>Transactions committed so far (for tests and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private long _commits;

    public Task<T> Submit<T>(WriterOp<T> op)
    {
        if (!_requests.Writer.TryWrite(op))
        {
            throw new ObjectDisposedException(nameof(DuckDbStateStore), "the DuckDB state store is closed");
        }
        return op.Task;
    }

    private void Run()
    {
        var group = new List<WriterOp>(_maxGroup);
        var reader = _requests.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < _maxGroup && reader.TryRead(out var op))
            {
                group.Add(op);
            }
            if (!TryCommit(group, isolated: false))
            {
                // Find the culprit: every request on its own.
                foreach (var op in group)
                {
                    TryCommit([op], isolated: true);
                }
            }
        }
    }

    /// <summary>
    /// Applies and commits; answers the requests on success, or (for an isolated request) fails it. An isolated request
    /// is applied on the careful path, which tolerates conflicts the group's fast path assumes away.
    /// </summary>
    private bool TryCommit(List<WriterOp> ops, bool isolated)
    {
        var nextId = _applier.NextId;
        try
        {
            using (var transaction = _connection.BeginTransaction())
            {
                _applier.Apply(ops, careful: isolated);
                transaction.Commit();
            }
            Interlocked.Increment(ref _commits);
        }
#pragma warning disable CA1031 // Any failure belongs to the requests of this group: it is handed to their callers, never dropped.
        catch (Exception error)
#pragma warning restore CA1031
        {
            _applier.NextId = nextId;
            if (isolated)
            {
                ops[0].Fail(error);
            }
            return false;
        }
        foreach (var op in ops)
        {
            op.Complete();
        }
        return true;
    }

    public void Dispose()
    {
        _requests.Writer.TryComplete();
        _thread.Join();
    }
}
