using System.Text;
using Casparian.Worker.Contracts;

namespace Casparian.Worker.Parsers.Csv;

/// <summary>
/// <c>builtin:csv</c>: a CSV file with a header row into one table. Columns are declared or inferred from the first
/// rows; every row is checked against the contract and bad rows are quarantined. Streams: memory is bounded by the
/// batch size and the longest record, never the file.
/// </summary>
public sealed class CsvParser : ContractParser
{
    public CsvParser(IJobOutputsFactory outputs, BuiltinParserOptions? options = null)
        : base(outputs, options)
    {
    }

    public override string Name => "csv";

    protected override IReadOnlyList<ContractColumn> InferColumns(string path, string table, CancellationToken cancellationToken)
    {
        using var stream = OpenInput(path);
        using var reader = new CsvRecordReader(stream, path, Options.MaxRecordBytes);
        var header = ReadHeader(reader, path);
        var votes = header.Select(_ => new ColumnTypeVotes()).ToArray();
        for (var sampled = 0; sampled < Options.SampleRows && reader.Read(); sampled++)
        {
            if (reader.IsMalformed || reader.FieldCount != header.Length)
            {
                continue;
            }
            for (var c = 0; c < header.Length; c++)
            {
                var field = reader.Field(c);
                if (!field.IsEmpty || reader.IsQuoted(c))
                {
                    votes[c].Add(ValueKind.Text, field);
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return header.Select((name, c) => new ContractColumn(name, votes[c].Decide(), Nullable: true)).ToArray();
    }

    protected override void ParseRows(string path, ContractBatchBuilder rows, CancellationToken cancellationToken)
    {
        using var stream = OpenInput(path);
        using var reader = new CsvRecordReader(stream, path, Options.MaxRecordBytes);
        var header = ReadHeader(reader, path);
        var map = MapHeader(header, rows.Contract, path);
        long count = 0;
        while (reader.Read())
        {
            if ((++count & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (reader.IsMalformed)
            {
                rows.QuarantineRow(reader.LineNumber, QuarantineReasons.RowMalformed, reader.RawRecord);
                continue;
            }
            if (reader.FieldCount != header.Length)
            {
                rows.QuarantineRow(reader.LineNumber, QuarantineReasons.RowColumnCount, reader.RawRecord);
                continue;
            }
            rows.BeginRow();
            for (var f = 0; f < map.Length; f++)
            {
                var column = map[f];
                if (column < 0)
                {
                    continue;
                }
                var field = reader.Field(f);
                if (field.IsEmpty && !reader.IsQuoted(f))
                {
                    rows.SetNull(column);
                }
                else
                {
                    rows.SetValue(column, ValueKind.Text, field);
                }
            }
            rows.EndRow(reader.LineNumber, reader.RawRecord);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static string[] ReadHeader(CsvRecordReader reader, string path)
    {
        if (!reader.Read())
        {
            throw new ContractViolationException("csv.no_header", $"'{path}' is empty; a CSV input needs a header row");
        }
        if (reader.IsMalformed)
        {
            throw new ContractViolationException("csv.bad_header", $"the header of '{path}' breaks the CSV quoting rules; fix the first line");
        }
        if (reader.FieldCount > OutputContract.MaxColumns)
        {
            throw new ContractViolationException("csv.bad_header", $"the header of '{path}' has {reader.FieldCount} columns, more than {OutputContract.MaxColumns}");
        }
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Encoding.UTF8.GetString(reader.Field(i)).Trim();
            if (names[i].Length == 0)
            {
                throw new ContractViolationException("csv.bad_header", $"column {i + 1} of the header of '{path}' has no name; name every column");
            }
        }
        return names;
    }

    /// <summary>For each header field, the contract column it fills (-1: not in the contract).</summary>
    private static int[] MapHeader(string[] header, OutputContract contract, string path)
    {
        var map = header.Select(contract.IndexOf).ToArray();
        foreach (var column in contract.Columns)
        {
            if (!column.Nullable && Array.IndexOf(header, column.Name) < 0)
            {
                throw new ContractViolationException("contract.missing_column",
                    $"'{path}' has no column '{column.Name}', which the contract of '{contract.Table}' declares not nullable; add it or declare it nullable");
            }
        }
        return map;
    }
}
