using System.Runtime.InteropServices;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Locations;
using Npgsql;
using NpgsqlTypes;

namespace Casparian.Worker.Sinks;

/// <summary>
/// <c>postgres://…</c>: rows stream by binary COPY into a session-private TEMP staging table, and at commit one
/// transaction creates the target if missing, applies the mode (Replace truncates it, Error re-checks it is empty under
/// an exclusive lock), promotes the staged rows with <c>INSERT … SELECT</c> and records the materialization key in the
/// <c>_cf_commits</c> ledger. Commits into one table are serialized by a transaction-scoped advisory lock, so a key is
/// recorded (and its rows inserted) at most once even when two runs of it race. Before the commit nothing exists outside
/// the session; if the process dies, PostgreSQL drops the TEMP table with the session.
/// </summary>
public sealed class PostgresSink : IOutputSink
{
    private readonly string connectionString;
    private readonly string display;
    private NpgsqlConnection? connection;
    private NpgsqlBinaryImporter? importer;
    private SinkTarget? target;
    private NpgsqlDbType[] dbTypes = [];
    private string stagingTable = "";

    /// <param name="uri">postgres://user:password@host:port/database</param>
    public PostgresSink(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        display = PostgresUri.Redact(uri);
        try
        {
            connectionString = PostgresUri.ToConnectionString(uri);
        }
        catch (FormatException ex)
        {
            throw new SinkException($"sink {ex.Message}", ex);
        }
    }

    public long RowsWritten { get; private set; }

    public bool AlreadyCommitted { get; private set; }

    public async Task BeginAsync(SinkTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (this.target is not null)
        {
            throw new InvalidOperationException("this sink has already begun; use one sink per job output");
        }
        target.Validate();
        this.target = target;
        var columns = target.Schema.Fields.Select(f => $"{SinkColumnTypes.Quote(f.Name)} {SinkColumnTypes.PostgresSql(f)}").ToList();
        dbTypes = [.. target.Schema.Fields.Select(DbType)];
        stagingTable = SinkColumnTypes.Quote($"cf_stage_{Guid.NewGuid():N}");
        try
        {
            connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await EnsureLedgerAsync(connection, cancellationToken).ConfigureAwait(false);
            if (await FindCommittedAsync(connection, null, target, cancellationToken).ConfigureAwait(false) is { } committed)
            {
                AlreadyCommitted = true;
                RowsWritten = committed;
                await AbortAsync().ConfigureAwait(false);
                return;
            }
            if (target.Mode == SinkMode.Error && await HasRowsAsync(connection, null, target.Table, cancellationToken).ConfigureAwait(false))
            {
                throw SinkTargetNotEmptyException.For($"table '{target.Table}' in {display}");
            }
            await ExecuteAsync(connection, null, $"CREATE TEMP TABLE {stagingTable} ({string.Join(", ", columns)})", cancellationToken).ConfigureAwait(false);
            var names = string.Join(", ", target.Schema.Fields.Select(f => SinkColumnTypes.Quote(f.Name)));
            importer = await connection.BeginBinaryImportAsync($"COPY {stagingTable} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (AlreadyCommitted)
        {
            return;
        }
        if (target is null || importer is null)
        {
            throw new InvalidOperationException("the PostgreSQL sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
        }
        SinkColumnTypes.CheckSchema(target, batch.Schema);
        for (var row = 0; row < batch.Length; row++)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                await WriteValueAsync(importer, batch.Schema.Fields[c].Type, dbTypes[c], batch.Columns[c], row, cancellationToken).ConfigureAwait(false);
            }
        }
        RowsWritten += batch.Length;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (AlreadyCommitted)
        {
            return;
        }
        if (target is null || importer is null || connection is null)
        {
            throw new InvalidOperationException("the PostgreSQL sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
        }
        try
        {
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await importer.DisposeAsync().ConfigureAwait(false);
            importer = null;
            var table = SinkColumnTypes.Quote(target.Table);
            var columns = target.Schema.Fields.Select(f => $"{SinkColumnTypes.Quote(f.Name)} {SinkColumnTypes.PostgresSql(f)}");
            var names = string.Join(", ", target.Schema.Fields.Select(f => SinkColumnTypes.Quote(f.Name)));
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, transaction, $"cf_sink:{target.Table}", cancellationToken).ConfigureAwait(false);
            if (await FindCommittedAsync(connection, transaction, target, cancellationToken).ConfigureAwait(false) is { } committed)
            {
                // Another run of this materialization committed while this one was staging: keep its rows, add none.
                AlreadyCommitted = true;
                RowsWritten = committed;
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            await ExecuteAsync(connection, transaction, $"CREATE TABLE IF NOT EXISTS {table} ({string.Join(", ", columns)})", cancellationToken).ConfigureAwait(false);
            if (target.Mode != SinkMode.Append)
            {
                // Serializes with other jobs writing the same table in Replace or Error mode.
                await ExecuteAsync(connection, transaction, $"LOCK TABLE {table} IN EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);
            }
            if (target.Mode == SinkMode.Error && await HasRowsAsync(connection, transaction, target.Table, cancellationToken).ConfigureAwait(false))
            {
                throw SinkTargetNotEmptyException.For($"table '{target.Table}' in {display}");
            }
            if (target.Mode == SinkMode.Replace)
            {
                await ExecuteAsync(connection, transaction, $"DELETE FROM {table}", cancellationToken).ConfigureAwait(false);
                await using var forget = new NpgsqlCommand($"DELETE FROM {CommitLedger.Table} WHERE table_name = @table", connection, transaction);
                forget.Parameters.AddWithValue("table", target.Table);
                await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await ExecuteAsync(connection, transaction, $"INSERT INTO {table} ({names}) SELECT {names} FROM {stagingTable}", cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand(
                $"INSERT INTO {CommitLedger.Table} VALUES (@key, @table, @job, @attempt, @rows, now())", connection, transaction))
            {
                record.Parameters.AddWithValue("key", target.MaterializationKey);
                record.Parameters.AddWithValue("table", target.Table);
                record.Parameters.AddWithValue("job", target.JobId);
                record.Parameters.AddWithValue("attempt", target.Attempt);
                record.Parameters.AddWithValue("rows", RowsWritten);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new SinkException($"committing output '{target.Table}' to {display} failed: {e.MessageText}; if the table exists with other columns, use a new table name or sink mode Replace after dropping it", e);
        }
        finally
        {
            await AbortAsync().ConfigureAwait(false);
        }
    }

    public async Task AbortAsync()
    {
        if (importer is not null)
        {
            // Disposing an importer that was not completed cancels the COPY; nothing reaches the staging table.
            try
            {
                await importer.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                importer = null;
            }
        }
        if (connection is not null)
        {
            try
            {
                // Pooled sessions outlive Close, so the staging table is dropped explicitly.
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await ExecuteAsync(connection, null, $"DROP TABLE IF EXISTS {stagingTable}", CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (NpgsqlException)
            {
                // The session is unusable: close it for real (not back to the pool), which drops its TEMP tables.
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                connection = null;
            }
        }
    }

    public async ValueTask DisposeAsync() => await AbortAsync().ConfigureAwait(false);

    private static NpgsqlDbType DbType(ArrowField field) => SinkColumnTypes.PostgresSql(field) switch
    {
        "boolean" => NpgsqlDbType.Boolean,
        "smallint" => NpgsqlDbType.Smallint,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "numeric(20,0)" => NpgsqlDbType.Numeric,
        "real" => NpgsqlDbType.Real,
        "double precision" => NpgsqlDbType.Double,
        "text" => NpgsqlDbType.Text,
        "bytea" => NpgsqlDbType.Bytea,
        "date" => NpgsqlDbType.Date,
        "timestamp" => NpgsqlDbType.Timestamp,
        _ => NpgsqlDbType.TimestampTz,
    };

    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, ArrowType type, NpgsqlDbType dbType, ArrowArray column, int row, CancellationToken cancellationToken)
    {
        if (!column.IsValid(row))
        {
            return importer.WriteNullAsync(cancellationToken);
        }
        return dbType switch
        {
            NpgsqlDbType.Boolean => importer.WriteAsync(column.Bool(row), dbType, cancellationToken),
            NpgsqlDbType.Smallint => importer.WriteAsync((short)column.Int(row), dbType, cancellationToken),
            NpgsqlDbType.Integer => importer.WriteAsync((int)column.Int(row), dbType, cancellationToken),
            NpgsqlDbType.Bigint => importer.WriteAsync(column.Int(row), dbType, cancellationToken),
            NpgsqlDbType.Numeric => importer.WriteAsync((decimal)(ulong)column.Int(row), dbType, cancellationToken),
            NpgsqlDbType.Real => importer.WriteAsync(MemoryMarshal.Cast<byte, float>(column.Values.Span)[row], dbType, cancellationToken),
            NpgsqlDbType.Double => importer.WriteAsync(MemoryMarshal.Cast<byte, double>(column.Values.Span)[row], dbType, cancellationToken),
            NpgsqlDbType.Text => importer.WriteAsync(System.Text.Encoding.UTF8.GetString(column.Bytes(row)), dbType, cancellationToken),
            NpgsqlDbType.Bytea => importer.WriteAsync(column.Bytes(row).ToArray(), dbType, cancellationToken),
            NpgsqlDbType.Date => importer.WriteAsync(
                DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + MemoryMarshal.Cast<byte, int>(column.Values.Span)[row]), dbType, cancellationToken),
            _ => importer.WriteAsync(Timestamp(type, MemoryMarshal.Cast<byte, long>(column.Values.Span)[row]), dbType, cancellationToken),
        };
    }

    private static DateTime Timestamp(ArrowType type, long raw)
    {
        var ticks = checked(SinkColumnTypes.ToMicros(raw, type.TimeUnit) * 10);
        return new DateTime(DateTime.UnixEpoch.Ticks + ticks, type.TimeZone is null ? DateTimeKind.Unspecified : DateTimeKind.Utc);
    }

    /// <summary>Creates the ledger once per database; the advisory lock keeps two first sinks from racing on the DDL.</summary>
    private static async Task EnsureLedgerAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, "cf_sink:" + CommitLedger.Table, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, CommitLedger.CreateSql, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long?> FindCommittedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SinkTarget target, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand($"SELECT rows FROM {CommitLedger.Table} WHERE materialization_key = @key AND table_name = @table", connection, transaction);
        find.Parameters.AddWithValue("key", target.MaterializationKey);
        find.Parameters.AddWithValue("table", target.Table);
        return await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long rows ? rows : null;
    }

    /// <summary>Takes a transaction-scoped advisory lock named <paramref name="name"/>.</summary>
    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@name))", connection, transaction);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasRowsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection, transaction);
        exists.Parameters.AddWithValue("name", SinkColumnTypes.Quote(table));
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            return false;
        }
        await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {SinkColumnTypes.Quote(table)})", connection, transaction);
        return await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
