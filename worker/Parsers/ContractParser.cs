using Casparian.Protocol.Hashing;
using Casparian.Protocol.Messages;
using Casparian.Worker.Contracts;
using Casparian.Worker.Execution;
using Casparian.Worker.Lineage;
using Casparian.Worker.Runtimes.Builtin;

namespace Casparian.Worker.Parsers;

/// <summary>
/// What the builtin table parsers share: decide the output's contract (declared, or inferred from a sample), stream
/// the input through the contract's validator into good and quarantine batches with lineage, and commit the job's
/// outputs only when the whole input was read. A contract violation fails the job with its reason code. The receipt
/// reports the rows committed: those of this run, or, for tables an earlier run of the same materialization already
/// committed, that run's counts, so a rerun's receipt equals the first one.
/// </summary>
public abstract class ContractParser : IBuiltinParser
{
    private readonly IJobOutputsFactory _outputs;

    protected ContractParser(IJobOutputsFactory outputs, BuiltinParserOptions? options)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        _outputs = outputs;
        Options = (options ?? new BuiltinParserOptions()).Validated();
    }

    public abstract string Name { get; }

    protected BuiltinParserOptions Options { get; }

    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        // Parsing is CPU-bound and synchronous; keep it off the caller's thread.
        return Task.Run(() => Run(job, cancellationToken), cancellationToken);
    }

    /// <summary>Infers the columns of <paramref name="table"/> from the first rows of the input.</summary>
    protected abstract IReadOnlyList<ContractColumn> InferColumns(string path, string table, CancellationToken cancellationToken);

    /// <summary>Streams every row of the input into <paramref name="rows"/>.</summary>
    protected abstract void ParseRows(string path, ContractBatchBuilder rows, CancellationToken cancellationToken);

    private JobOutcome Run(JobContext job, CancellationToken cancellationToken)
    {
        var dispatch = job.Dispatch;
        var path = dispatch.InputPath;
        var table = dispatch.Outputs.Count > 0 ? dispatch.Outputs[0].Table : Path.GetFileNameWithoutExtension(path);
        try
        {
            var columns = Options.DeclaredColumns.TryGetValue(table, out var declared) ? declared : InferColumns(path, table, cancellationToken);
            var contract = new OutputContract(table, columns);
            var sourceHash = dispatch.SourceHash ?? HashFile(path);
            var lineage = new LineageValues(sourceHash, dispatch.FileVersionId, checked((long)job.JobId), dispatch.Plugin.ArtifactHash, DateTimeOffset.UtcNow);
            using var outputs = _outputs.Create(job);
            long good, quarantined;
            using (var output = new ContractedOutput(contract, lineage, outputs, Options.BatchRows))
            {
                // A rerun whose tables were all committed before (its receipt was lost) reads nothing; one with only
                // some committed parses again, and the committed tables ignore the rows.
                if (!output.AlreadyCommitted)
                {
                    ParseRows(path, output.Rows, cancellationToken);
                    output.Rows.Flush();
                }
                good = output.GoodRows;
                quarantined = output.QuarantinedRows;
            }
            cancellationToken.ThrowIfCancellationRequested();
            outputs.Complete();
            var receipts = dispatch.Outputs.Select((o, i) => new OutputReceipt
            {
                Name = o.Name,
                OutputTargetKey = o.OutputTargetKey,
                MaterializationKey = o.MaterializationKey,
                Rows = i == 0 ? good : 0,
                QuarantinedRows = i == 0 ? quarantined : 0,
            }).ToArray();
            return new JobOutcome(sourceHash, receipts);
        }
        catch (ContractViolationException e)
        {
            throw new JobFailedException(FailureKind.Permanent, e.Reason, e.Message, e);
        }
        catch (InputRecordTooLargeException e)
        {
            throw new JobFailedException(FailureKind.Permanent, "input.record_too_large", e.Message, e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new JobFailedException(FailureKind.Permanent, "input.missing", $"input '{path}' does not exist; rescan the source", e);
        }
        catch (IOException e)
        {
            throw new JobFailedException(FailureKind.Transient, "input.unreadable", $"input '{path}' could not be read ({e.Message}); the job will be retried", e);
        }
    }

    /// <summary>Opens the input for one sequential pass.</summary>
    protected static FileStream OpenInput(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    private static string HashFile(string path)
    {
        var hasher = Blake3Hasher.Create();
        Blake3Streams.HashFile(hasher, path, 1);
        return Convert.ToHexStringLower(hasher.Finalize());
    }
}
