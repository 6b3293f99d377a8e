using Casparian.Testing;

namespace Casparian.Broker.Tests.Store;

/// <summary>Test classes in this collection share one throwaway PostgreSQL cluster (<see cref="PostgresFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
