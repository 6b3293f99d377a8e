using Casparian.Testing;

namespace Casparian.Cli.Tests.Cluster;

/// <summary>Starts real <c>casparian sentinel</c> and <c>casparian worker</c> processes for the cluster tests.</summary>
internal static class Cluster
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private static string Casparian => Path.Combine(AppContext.BaseDirectory, "casparian.dll");

    /// <summary>Starts a Sentinel on a free port and returns it with the endpoint it bound.</summary>
    public static async Task<(ServiceProcess Sentinel, string Endpoint)> StartSentinelAsync(string store, string bind = "tcp://127.0.0.1:*", params string[] extra)
    {
        var sentinel = ServiceProcess.Start("sentinel", "dotnet", [Casparian, "sentinel", "--store", store, "--bind", bind, .. extra]);
        var match = await sentinel.WaitForLineAsync(@"Sentinel listening on (tcp://\S+)", StartTimeout);
        return (sentinel, match.Groups[1].Value);
    }

    /// <summary>Starts a worker with a fixed id and waits until the Sentinel knows it.</summary>
    public static async Task<ServiceProcess> StartWorkerAsync(ServiceProcess sentinel, string endpoint, string id, int capacity, params string[] extra)
    {
        var worker = ServiceProcess.Start(id, "dotnet", [Casparian, "worker", "--connect", endpoint, "--id", id, "--capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]);
        await sentinel.WaitForLineAsync($"Worker {id} (joined|re-identified)", StartTimeout);
        return worker;
    }
}
