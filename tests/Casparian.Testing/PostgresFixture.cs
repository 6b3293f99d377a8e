using Npgsql;

namespace Casparian.Testing;

/// <summary>
/// An xunit fixture owning one <see cref="ThrowawayPostgres"/> cluster for a test class or collection; each test makes
/// its own database in it.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private ThrowawayPostgres? _server;

    public ThrowawayPostgres Server => _server ?? throw new InvalidOperationException("the PostgreSQL fixture has not started");

    public async Task InitializeAsync() => _server = await ThrowawayPostgres.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A fresh database, as a <c>--store</c> URI and as a connection string.</summary>
    public async Task<(string StoreUri, string ConnectionString)> NewStoreAsync(string prefix = "store")
    {
        var connectionString = await Server.CreateDatabaseAsync(prefix).ConfigureAwait(false);
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        return ($"postgres://postgres@127.0.0.1:{Server.Port}/{database}", connectionString);
    }
}
