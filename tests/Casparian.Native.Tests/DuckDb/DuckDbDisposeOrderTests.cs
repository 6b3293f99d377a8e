using Casparian.Native.DuckDb;

namespace Casparian.Native.Tests.DuckDb;

/// <summary>Children keep their parents' native objects alive, so any dispose order is safe.</summary>
public sealed class DuckDbDisposeOrderTests
{
    [Fact]
    public void Disposing_the_database_before_its_connection_keeps_the_connection_usable()
    {
        var database = DuckDbDatabase.Open();
        var connection = database.Connect();
        connection.Execute("CREATE TABLE t AS SELECT 7 AS v");

        database.Dispose();

        Assert.Equal(7, connection.ExecuteScalar("SELECT v FROM t"));
        connection.Dispose();
        Assert.Throws<ObjectDisposedException>(() => database.Connect());
        Assert.Throws<ObjectDisposedException>(() => connection.Execute("SELECT 1"));
    }

    [Fact]
    public void A_result_a_statement_and_an_appender_outlive_their_connection_and_database()
    {
        var database = DuckDbDatabase.Open();
        var connection = database.Connect();
        connection.Execute("CREATE TABLE t (v INTEGER)");
        using var result = connection.Query("SELECT * FROM range(3000) r(i)");
        using var statement = connection.Prepare("SELECT ? + 1");
        using var appender = connection.CreateAppender("t");

        connection.Dispose();
        database.Dispose();

        Assert.Equal(3000, result.ReadRows().Count);
        using var next = statement.BindInt32(1, 41).Execute();
        Assert.Equal(42, Assert.Single(next.ReadRows())[0]);
        appender.AppendInt32(1).EndRow();
        appender.Close();
    }

    [Fact]
    public void A_fetched_chunk_outlives_its_result()
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        var result = connection.Query("SELECT 'a value longer than twelve bytes' AS s");
        using var chunk = result.FetchChunk();

        result.Dispose();

        Assert.Equal("a value longer than twelve bytes", chunk!.GetVector(0).GetString(0));
        Assert.Throws<ObjectDisposedException>(() => result.FetchChunk());
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        var database = DuckDbDatabase.Open();
        var connection = database.Connect();
        var result = connection.Query("SELECT 1");

        result.Dispose();
        result.Dispose();
        connection.Dispose();
        connection.Dispose();
        database.Dispose();
        database.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connection.Query("SELECT 1"));
    }

    [Fact]
    public void Every_wrapper_refuses_use_after_its_own_dispose_even_while_children_keep_it_open()
    {
        using var database = DuckDbDatabase.Open();
        var connection = database.Connect();
        connection.Execute("CREATE TABLE t (v INTEGER)");
        using var result = connection.Query("SELECT 1");
        var statement = connection.Prepare("SELECT 1");
        var appender = connection.CreateAppender("t");

        connection.Dispose();
        statement.Dispose();
        appender.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connection.Execute("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(connection.Interrupt);
        Assert.Throws<ObjectDisposedException>(() => statement.Execute());
        Assert.Throws<ObjectDisposedException>(() => appender.AppendInt32(1));
        Assert.Equal(1, Assert.Single(result.ReadRows())[0]);
    }
}
