using Casparian.Testing;

namespace Casparian.Cli.Tests.Cluster;

/// <summary>One throwaway PostgreSQL cluster for the cluster tests; each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private ThrowawayPostgres? _server;

    public ThrowawayPostgres Server => _server ?? throw new InvalidOperationException("the PostgreSQL fixture has not started");

    public async Task InitializeAsync() => _server = await ThrowawayPostgres.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh database as a <c>--store</c> URI and as a connection string.</summary>
    public async Task<(string StoreUri, string ConnectionString)> NewStoreAsync()
    {
        var connectionString = await Server.CreateDatabaseAsync("cluster");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        return ($"postgres://postgres@127.0.0.1:{Server.Port}/{database}", connectionString);
    }
}
