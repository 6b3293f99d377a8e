using System.CommandLine;
using Casparian.Broker.Api;
using Casparian.Broker.Store.DuckDb;
using Casparian.Cli.Api;
using Casparian.Cli.Project;
using Casparian.Native.DuckDb;

namespace Casparian.Cli.Commands;

/// <summary><c>--sentinel URL</c> and <c>--token-file</c>, shared by the commands that are clients of the control API.</summary>
internal sealed class SentinelClientOptions
{
    public const string DefaultUrl = "http://" + ControlApiOptions.DefaultAddress;

    public Option<string> Sentinel { get; } = new("--sentinel")
    {
        Description = "the Sentinel's HTTP control API",
        DefaultValueFactory = _ => DefaultUrl,
        Recursive = true,
    };

    public Option<string> TokenFile { get; } = new("--token-file")
    {
        Description = "bearer token for cancel and retry",
        DefaultValueFactory = _ => ApiToken.DefaultPath,
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Sentinel);
        command.Options.Add(TokenFile);
    }

    /// <summary>A client for the parsed URL; with <paramref name="needsToken"/>, the token file must exist.</summary>
    /// <exception cref="FormatException">The URL is not http(s).</exception>
    /// <exception cref="ApiTokenException">The token file is missing or unusable.</exception>
    public SentinelClient CreateClient(ParseResult parse, bool needsToken)
    {
        var text = parse.GetValue(Sentinel)!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"--sentinel '{text}' is not an http(s) URL, e.g. {DefaultUrl}");
        }
        var token = needsToken ? ApiToken.Load(parse.GetValue(TokenFile)!).Value : null;
        return new SentinelClient(url, token);
    }

    /// <summary>
    /// The control plane to ask: the Sentinel at <c>--sentinel</c> when the option is given; otherwise, when this folder
    /// holds a unified-mode project (<c>.casparian/state.duckdb</c>, left by <c>casparian run</c>) that no process has
    /// open, its store directly (DuckDB admits one process per file, so no Sentinel owns it while we do); otherwise the
    /// Sentinel at the default address.
    /// </summary>
    public Task<IControlPlane> CreateControlPlaneAsync(ParseResult parse, bool needsToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var explicitSentinel = parse.GetResult(Sentinel) is { Implicit: false };
        var project = ProjectPaths.Current();
        if (!explicitSentinel && File.Exists(project.StatePath))
        {
            try
            {
                return Task.FromResult<IControlPlane>(new LocalControlPlane(DuckDbStateStore.Open(project.StatePath), project.StatePath));
            }
            catch (DuckDbException)
            {
                // Another process (a running `casparian run` or Sentinel) has the store open: ask the Sentinel.
            }
        }
        return Task.FromResult<IControlPlane>(CreateClient(parse, needsToken));
    }

    /// <summary>Runs a client action, turning the expected failures into one line on stderr and exit code 1 (2 for usage).</summary>
    public static async Task<int> RunAsync(string command, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SentinelApiException ex)
        {
            await Console.Error.WriteLineAsync($"casparian {command}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is FormatException or ApiTokenException)
        {
            await Console.Error.WriteLineAsync($"casparian {command}: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
