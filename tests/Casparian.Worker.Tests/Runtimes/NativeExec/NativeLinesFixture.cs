using System.Text;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Plugins;
using Casparian.Testing;
using Casparian.Worker.Execution;

namespace Casparian.Worker.Tests.Runtimes.NativeExec;

/// <summary>
/// The native-lines fixture plugin (fixtures/plugins/native-lines, built into its bin/ by the test build) and the jobs
/// that run it: inputs are written into a fresh directory, optionally with a misbehaviour directive on the first line.
/// </summary>
internal sealed class NativeLinesFixture : IDisposable
{
    public const string SourceHash = "source-hash-of-the-input";
    public const long FileVersionId = 77;

    public static string BundlePath { get; } = RepoPaths.Fixture("plugins", "native-lines");

    public static PluginBundle Bundle { get; } = PluginBundle.Load(BundlePath);

    public static string LinesSchemaHash => Bundle.Outputs.Single(o => o.Name == "lines").Schema.Hash;

    public string InputDirectory { get; } = Directory.CreateTempSubdirectory("cf-native-in-").FullName;

    /// <summary>Writes an input file: the directive line (when given) and then <paramref name="body"/>.</summary>
    public string Input(string? directive, byte[] body)
    {
        var path = Path.Combine(InputDirectory, $"{directive ?? "plain"}-{Guid.NewGuid():N}.txt");
        using var file = File.Create(path);
        if (directive is not null)
        {
            file.Write(Encoding.UTF8.GetBytes($"#casparian-fixture: {directive}\n"));
        }
        file.Write(body);
        return path;
    }

    public string Input(string? directive, int lines) => Input(directive, ManyLines(lines));

    /// <summary><paramref name="count"/> lines "line 1" … "line N".</summary>
    public static byte[] ManyLines(int count)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append("line ").Append(i).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A job running native-lines on <paramref name="input"/>, expecting output <c>lines</c> (and any <paramref name="moreOutputs"/>).</summary>
    public static JobContext Job(string input, ulong jobId = 4242, JobLimits? limits = null, IProgress<ProgressMessage>? progress = null, params string[] moreOutputs) =>
        new(jobId, new DispatchMessage
        {
            Attempt = 1,
            InputPath = input,
            SourceHash = SourceHash,
            FileVersionId = FileVersionId,
            Plugin = new PluginRef
            {
                Name = Bundle.Name, Version = Bundle.Version, ArtifactHash = Bundle.ArtifactHash, RuntimeKind = "native_exec",
                BundlePath = BundlePath, Entrypoint = Bundle.Entrypoint,
            },
            Outputs = [.. new[] { "lines" }.Concat(moreOutputs).Select(name => new ExpectedOutput
            {
                Name = name, Table = name == "lines" ? "native_lines" : $"native_{name}", SinkUri = "arrow:///test", SchemaHash = LinesSchemaHash,
                OutputTargetKey = $"otk-{name}", MaterializationKey = $"mk-{name}",
            })],
            Limits = limits ?? new JobLimits(),
        }, progress);

    /// <summary>Pids of live processes whose command line mentions <paramref name="input"/> (the plugin and its children).</summary>
    public static List<int> ProcessesReading(string input)
    {
        var live = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(input, StringComparison.Ordinal) && stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X'))
                {
                    live.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked: it is not live.
            }
        }
        return live;
    }

    public void Dispose() => Directory.Delete(InputDirectory, recursive: true);
}
