using Casparian.Worker.Contracts;
using Casparian.Worker.Lineage;

namespace Casparian.Worker.Parsers;

/// <summary>
/// One output of a builtin parser, wired end to end: rows are checked against the contract, good batches get the
/// lineage columns and go to the output's table, rejected rows go to <c>&lt;table&gt;__quarantine</c> (the
/// <see cref="QuarantineBatchBuilder.Schema"/> columns, then the same lineage columns, so a rejected row is as traceable
/// as a good one).
/// </summary>
public sealed class ContractedOutput : IDisposable
{
    private readonly LineageAppender _lineage;
    private readonly LineageAppender _quarantineLineage;

    public ContractedOutput(OutputContract contract, LineageValues lineage, IJobOutputs outputs, int batchRows)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(outputs);
        _lineage = new LineageAppender(contract.ToArrowSchema(), contract.Table, lineage);
        _quarantineLineage = new LineageAppender(QuarantineBatchBuilder.Schema, contract.QuarantineTable, lineage);
        var good = outputs.Open(contract.Table, _lineage.Schema);
        var quarantine = outputs.Open(contract.QuarantineTable, _quarantineLineage.Schema);
        Good = good;
        Quarantine = quarantine;
        Rows = new ContractBatchBuilder(contract, batchRows, batch => good.Write(_lineage.Append(batch)),
            batch => quarantine.Write(_quarantineLineage.Append(batch)));
    }

    /// <summary>Where the parser stages each row.</summary>
    public ContractBatchBuilder Rows { get; }

    /// <summary>The good rows' table.</summary>
    public ITableWriter Good { get; }

    /// <summary>The <c>__quarantine</c> table.</summary>
    public ITableWriter Quarantine { get; }

    /// <summary>Both tables were committed by an earlier run of this materialization: there is nothing to parse.</summary>
    public bool AlreadyCommitted => Good.AlreadyCommittedRows is not null && Quarantine.AlreadyCommittedRows is not null;

    /// <summary>The good rows the receipt reports: the earlier commit's, or those written now.</summary>
    public long GoodRows => Good.AlreadyCommittedRows ?? Rows.GoodRows;

    /// <summary>The quarantined rows the receipt reports: the earlier commit's, or those written now.</summary>
    public long QuarantinedRows => Quarantine.AlreadyCommittedRows ?? Rows.QuarantinedRows;

    public void Dispose()
    {
        Rows.Dispose();
        _lineage.Dispose();
        _quarantineLineage.Dispose();
    }
}
