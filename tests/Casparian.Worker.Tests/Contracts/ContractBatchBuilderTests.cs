using Casparian.Protocol.Arrow.Arrays;
using Casparian.Worker.Contracts;

namespace Casparian.Worker.Tests.Contracts;

public sealed class ContractBatchBuilderTests
{
    private static readonly OutputContract Contract = new("t", [new("n", ColumnType.Int64, false), new("s", ColumnType.Utf8, true), new("f", ColumnType.Float64, true)]);

    [Fact]
    public void A_row_failing_late_leaves_no_half_row_and_every_row_is_counted_once()
    {
        var good = new List<(int Rows, long First)>();
        var quarantined = 0;
        using var rows = new ContractBatchBuilder(Contract, 2, b => good.Add((b.Length, b.Columns[0].Int(0))), b => quarantined += b.Length);

        Stage(rows, 1, "a"u8, "1.0"u8);
        Stage(rows, 2, "b"u8, "not a number"u8);
        Stage(rows, 3, [0xC3, 0x28], "2"u8);
        Stage(rows, 4, "d"u8, "4e1"u8);
        rows.BeginRow();
        rows.SetValue(1, ValueKind.Text, "no id"u8);
        rows.EndRow(5, "raw"u8);
        rows.Flush();

        Assert.Equal([(2, 1L)], good);
        Assert.Equal(3, quarantined);
        Assert.Equal(2, rows.GoodRows);
        Assert.Equal(3, rows.QuarantinedRows);
    }

    [Fact]
    public void A_json_string_is_not_an_integer_and_a_json_number_is_not_text_unless_the_column_is_text()
    {
        RecordBatch? last = null;
        var contract = new OutputContract("t", [new("n", ColumnType.Int64, true), new("s", ColumnType.Utf8, true)]);
        var quarantined = 0;
        using var rows = new ContractBatchBuilder(contract, 10, b => last = b, b => quarantined += b.Length);

        rows.BeginRow();
        rows.SetValue(0, ValueKind.String, "42"u8);
        rows.EndRow(1, "{}"u8);
        rows.BeginRow();
        rows.SetValue(0, ValueKind.Number, "42"u8);
        rows.SetValue(1, ValueKind.Number, "7"u8);
        rows.EndRow(2, "{}"u8);
        rows.Flush();
        Assert.Equal(1, quarantined);

        Assert.NotNull(last);
        Assert.Equal(42, last.Columns[0].Int(0));
        Assert.Equal("7"u8.ToArray(), last.Columns[1].Bytes(0).ToArray());
    }

    [Fact]
    public void A_contract_with_a_reserved_or_duplicate_column_is_refused()
    {
        var reserved = Assert.Throws<ContractViolationException>(() => new OutputContract("t", [new("_CF_job_id", ColumnType.Int64, true)]));
        Assert.Equal("contract.reserved_column", reserved.Reason);
        Assert.Throws<ArgumentException>(() => new OutputContract("t", [new("a", ColumnType.Int64, true), new("a", ColumnType.Utf8, true)]));
    }

    private static void Stage(ContractBatchBuilder rows, long n, ReadOnlySpan<byte> s, ReadOnlySpan<byte> f)
    {
        rows.BeginRow();
        rows.SetValue(0, ValueKind.Text, System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        rows.SetValue(1, ValueKind.Text, s);
        rows.SetValue(2, ValueKind.Text, f);
        rows.EndRow(n, "raw"u8);
    }
}
