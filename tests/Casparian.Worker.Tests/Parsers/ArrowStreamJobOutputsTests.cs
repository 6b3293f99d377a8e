using Casparian.Testing;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;
using Casparian.Worker.Parsers.Csv;

namespace Casparian.Worker.Tests.Parsers;

public sealed class ArrowStreamJobOutputsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-outputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Factory(ArrowStreamJobOutputs outputs) : IJobOutputsFactory
    {
        public IJobOutputs Create(JobContext job) => outputs;
    }

    [Fact]
    public async Task A_completed_job_leaves_one_readable_stream_per_table()
    {
        var outputs = new ArrowStreamJobOutputs(Path.Combine(_dir, "out"));

        await new CsvParser(new Factory(outputs)).RunAsync(ParserJobs.For(RepoPaths.Fixture("demo", "csv", "logins-day1.csv"), "logins", "builtin:csv"), CancellationToken.None);

        Assert.Equal(["logins.arrows", "logins__quarantine.arrows"], Directory.GetFiles(Path.Combine(_dir, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var good = new ArrowStreamReader(await File.ReadAllBytesAsync(outputs.PathOf("logins")));
        Assert.Equal(197, good.ReadAll().Sum(b => b.Length));
        using var bad = new ArrowStreamReader(await File.ReadAllBytesAsync(outputs.PathOf("logins__quarantine")));
        Assert.Equal(3, bad.ReadAll().Sum(b => b.Length));
    }

    [Fact]
    public async Task A_failed_job_leaves_no_file()
    {
        var path = Path.Combine(_dir, "in.csv");
        await File.WriteAllTextAsync(path, "id\n1\n2,\"" + new string('z', 4000));
        var outputs = new ArrowStreamJobOutputs(Path.Combine(_dir, "out"));

        await Assert.ThrowsAsync<JobFailedException>(() =>
            new CsvParser(new Factory(outputs), new() { MaxRecordBytes = 1024 }).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "out")));
    }
}
