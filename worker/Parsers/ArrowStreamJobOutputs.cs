using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Parsers;

/// <summary>
/// Job outputs as Arrow IPC stream files, <c>&lt;table&gt;.arrows</c> in a directory: written under a staging name and
/// renamed into place only on <see cref="Complete"/>, so a failed job leaves no output file behind.
/// </summary>
public sealed class ArrowStreamJobOutputs : IJobOutputs
{
    private const string StagingSuffix = ".staging";
    private readonly string _directory;
    private readonly Dictionary<string, TableFile> _tables = new(StringComparer.Ordinal);
    private bool _completed;

    public ArrowStreamJobOutputs(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        _directory = directory;
    }

    /// <summary>The final path of a table's stream.</summary>
    public string PathOf(string table) => Path.Combine(_directory, table + ".arrows");

    public ITableWriter Open(string table, ArrowSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (table.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || table is "." or "..")
        {
            throw new ArgumentException($"table name '{table}' cannot be a file name; use letters, digits and underscores", nameof(table));
        }
        if (_tables.ContainsKey(table))
        {
            throw new InvalidOperationException($"table '{table}' is already open in this job; open each table once");
        }
        var file = new TableFile(PathOf(table) + StagingSuffix, schema);
        _tables.Add(table, file);
        return file;
    }

    public void Complete()
    {
        foreach (var (table, file) in _tables)
        {
            file.Finish();
            File.Move(file.StagingPath, PathOf(table), overwrite: true);
        }
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed)
        {
            return;
        }
        foreach (var file in _tables.Values)
        {
            file.Finish();
            File.Delete(file.StagingPath);
        }
        _tables.Clear();
    }

    private sealed class TableFile : ITableWriter
    {
        private readonly FileStream _stream;
        private readonly ArrowStreamWriter _writer;
        private bool _finished;

        public TableFile(string stagingPath, ArrowSchema schema)
        {
            StagingPath = stagingPath;
            _stream = new FileStream(stagingPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _writer = new ArrowStreamWriter(_stream, schema);
        }

        public string StagingPath { get; }

        public void Write(RecordBatch batch) => _writer.Write(batch);

        public void Finish()
        {
            if (_finished)
            {
                return;
            }
            _finished = true;
            _writer.Finish();
            _stream.Dispose();
        }
    }
}
