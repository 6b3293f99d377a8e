using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;

namespace Casparian.Worker.Tests.Runtimes.NativeExec;

/// <summary>
/// Job outputs as Arrow stream files in a fresh directory (<see cref="ArrowStreamJobOutputs"/>: staged, renamed into
/// place only on Complete), watched: whether the runtime created, completed and disposed them. After a run the
/// tables can be read back from the files, as a consumer of the output would.
/// </summary>
internal sealed class WatchedOutputs : IJobOutputsFactory, IDisposable
{
    public WatchedOutputs() => Directory = System.IO.Directory.CreateTempSubdirectory("cf-native-out-").FullName;

    public string Directory { get; }

    public int Created { get; private set; }

    public bool Completed { get; private set; }

    public bool Disposed { get; private set; }

    public IJobOutputs Create(JobContext job)
    {
        Created++;
        return new Watched(this, new ArrowStreamJobOutputs(Directory));
    }

    /// <summary>Every file in the output directory (final or staging).</summary>
    public string[] Files() => [.. System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>Nothing of the job is visible: the outputs were never completed and no file (not even staging) is left.</summary>
    public void AssertNothingVisible()
    {
        Assert.False(Completed, "the outputs of a failed job were completed");
        Assert.True(Created == 0 || Disposed, "the outputs of a failed job were not disposed");
        Assert.Empty(Files());
    }

    /// <summary>The rows of <paramref name="table"/> as read back from its completed stream file.</summary>
    public TableRows Read(string table)
    {
        using var reader = new ArrowStreamReader(File.ReadAllBytes(Path.Combine(Directory, table + ".arrows")));
        return new TableRows(reader.Schema, [.. reader.ReadAll()]);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private sealed class Watched(WatchedOutputs owner, ArrowStreamJobOutputs inner) : IJobOutputs
    {
        public ITableWriter Open(string table, ArrowSchema schema) => inner.Open(table, schema);

        public void Complete()
        {
            inner.Complete();
            owner.Completed = true;
        }

        public void Dispose()
        {
            inner.Dispose();
            owner.Disposed = true;
        }
    }
}

/// <summary>A table read back: its schema and values by column name, as text (null for nulls).</summary>
internal sealed record TableRows(ArrowSchema Schema, IReadOnlyList<RecordBatch> Batches)
{
    public int Count => Batches.Sum(b => b.Length);

    public IReadOnlyList<string> ColumnNames => [.. Schema.Fields.Select(f => f.Name)];

    public List<string?> Column(string name)
    {
        var index = Schema.Fields.ToList().FindIndex(f => f.Name == name);
        Assert.True(index >= 0, $"no column {name} in {string.Join(", ", ColumnNames)}");
        var values = new List<string?>();
        foreach (var batch in Batches)
        {
            var array = batch.Columns[index];
            for (var i = 0; i < batch.Length; i++)
            {
                values.Add(!array.IsValid(i) ? null : array.Type.Id switch
                {
                    ArrowTypeId.Utf8 => System.Text.Encoding.UTF8.GetString(array.Bytes(i)),
                    _ => array.Int(i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
        return values;
    }
}
