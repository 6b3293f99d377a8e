using System.Data.Common;
using Casparian.Protocol.Locations;

namespace Casparian.Protocol.Tests.Locations;

public class PostgresUriTests
{
    [Fact]
    public void Every_part_of_the_uri_reaches_the_connection_string_unescaped()
    {
        var cs = new DbConnectionStringBuilder { ConnectionString = PostgresUri.ToConnectionString("postgres://lab%20user:p%40ss;w=rd@db.lab:6543/evidence%2F7?sslmode=disable&Pooling") };

        Assert.Equal("db.lab", cs["Host"]);
        Assert.Equal("6543", cs["Port"].ToString());
        Assert.Equal("evidence/7", cs["Database"]);
        Assert.Equal("lab user", cs["Username"]);
        Assert.Equal("p@ss;w=rd", cs["Password"]);
        Assert.Equal("disable", cs["sslmode"]);
        Assert.Equal("true", cs["Pooling"]);
    }

    [Fact]
    public void Defaults_are_port_5432_and_database_postgres()
    {
        var cs = new DbConnectionStringBuilder { ConnectionString = PostgresUri.ToConnectionString("postgresql://127.0.0.1") };
        Assert.Equal("5432", cs["Port"].ToString());
        Assert.Equal("postgres", cs["Database"]);
    }

    [Theory]
    [InlineData("postgres://")]
    [InlineData("mysql://u:secret@h/db")]
    [InlineData("postgres:///db")]
    public void A_malformed_uri_names_the_fix_without_showing_the_password(string uri)
    {
        var ex = Assert.Throws<FormatException>(() => PostgresUri.ToConnectionString(uri));
        Assert.Contains("postgres://user:password@host:5432/database", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_hides_only_the_password() =>
        Assert.Equal("postgres://casparian:***@db:5432/x", PostgresUri.Redact("postgres://casparian:hunter2@db:5432/x"));
}
