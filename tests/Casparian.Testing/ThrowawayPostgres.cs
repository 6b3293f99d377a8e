using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Casparian.Testing;

/// <summary>
/// A private PostgreSQL 15 cluster on 127.0.0.1 for one test run or benchmark: initdb in a temp directory (as the
/// <c>postgres</c> user when running as root, since PostgreSQL refuses to run as root), started on a free port with
/// fsync off, stopped with <c>pg_ctl stop -m immediate</c> and deleted on dispose.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    /// <summary>Where the binaries are looked for unless <c>CASPARIAN_PG_BIN</c> says otherwise.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly bool _asPostgresUser;
    private int _databases;

    private ThrowawayPostgres(string binDirectory, string dataDirectory, int port, bool asPostgresUser)
    {
        BinDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The PostgreSQL binaries used (initdb, pg_ctl, pgbench).</summary>
    public string BinDirectory { get; }

    /// <summary>The cluster's data directory (also its socket directory).</summary>
    public string DataDirectory { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Creates and starts a cluster.</summary>
    /// <exception cref="InvalidOperationException">The binaries are missing or the cluster does not start.</exception>
    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("CASPARIAN_PG_BIN") is { Length: > 0 } custom ? custom : DefaultBinDirectory;
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 binaries not found in {bin}; install them with: apt-get install -y postgresql-15 (or set CASPARIAN_PG_BIN)");
        }
        var asPostgres = Environment.UserName == "root";
        var dir = Directory.CreateTempSubdirectory("casparian-pg-").FullName;
        var cluster = new ThrowawayPostgres(bin, dir, FreePort(), asPostgres);
        try
        {
            if (asPostgres)
            {
                await ExternalCommand.RunAsync("chown", ["postgres:postgres", dir], CommandTimeout).ConfigureAwait(false);
            }
            await cluster.RunAsync("initdb", ["-D", dir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]).ConfigureAwait(false);
            await cluster.RunAsync("pg_ctl", ["-D", dir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "start", "-o",
                string.Create(CultureInfo.InvariantCulture,
                    $"-p {cluster.Port} -k {dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")])
                .ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A connection string to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 64,
        }.ConnectionString;

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "db")
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _databases)}").ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Runs one of the cluster's binaries (as the cluster's owner) and returns its output.</summary>
    public Task<string> RunAsync(string tool, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var path = Path.Combine(BinDirectory, tool);
        return _asPostgresUser
            ? ExternalCommand.RunAsync("runuser", ["-u", "postgres", "--", path, .. args], timeout ?? CommandTimeout, DataDirectory)
            : ExternalCommand.RunAsync(path, args, timeout ?? CommandTimeout, DataDirectory);
    }

    /// <summary>Stops the server at once (the data is thrown away anyway) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
        }
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
