using Casparian.Native.DuckDb;

namespace Casparian.Native.Tests.DuckDb;

public sealed class DuckDbTransactionTests : IDisposable
{
    private readonly DuckDbDatabase database = DuckDbDatabase.Open();
    private readonly DuckDbConnection connection;

    public DuckDbTransactionTests()
    {
        connection = database.Connect();
        connection.Execute("CREATE TABLE t (v INTEGER)");
    }

    public void Dispose()
    {
        connection.Dispose();
        database.Dispose();
    }

    [Fact]
    public void Rollback_leaves_nothing()
    {
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO t SELECT * FROM range(100)");
            using var appender = connection.CreateAppender("t");
            appender.AppendInt32(1000).EndRow();
            appender.Close();
            Assert.Equal(101L, connection.ExecuteScalar("SELECT count(*) FROM t"));
            transaction.Rollback();
        }

        Assert.Equal(0L, connection.ExecuteScalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public void Leaving_the_block_without_commit_rolls_back_even_on_an_exception()
    {
        Assert.Throws<DuckDbException>(() =>
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute("INSERT INTO t VALUES (1)");
            connection.Execute("INSERT INTO t VALUES ('not a number')");
            transaction.Commit();
        });

        Assert.Equal(0L, connection.ExecuteScalar("SELECT count(*) FROM t"));
        Assert.Equal(1, connection.Execute("INSERT INTO t VALUES (2)"));
    }

    [Fact]
    public void Commit_makes_the_work_visible_to_other_connections()
    {
        using var other = database.Connect();
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO t VALUES (1), (2)");
            Assert.Equal(0L, other.ExecuteScalar("SELECT count(*) FROM t"));
            transaction.Commit();
        }

        Assert.Equal(2L, other.ExecuteScalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public void A_transaction_finishes_only_once()
    {
        using var transaction = connection.BeginTransaction();
        transaction.Commit();

        Assert.Throws<InvalidOperationException>(transaction.Rollback);
    }
}
