using System.Diagnostics.Metrics;

namespace Casparian.Broker.Scout;

/// <summary>
/// The scout's instruments (meter <c>Casparian.Scout</c>): files and bytes hashed, exported by whatever listens
/// (the control API's /metrics, a benchmark's MeterListener).
/// </summary>
public static class ScoutMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Casparian.Scout";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Bytes read and hashed by scans.</summary>
    public static Counter<long> BytesHashed { get; } = Meter.CreateCounter<long>("casparian.scan.bytes_hashed", unit: "By",
        description: "bytes of source files hashed by scans");

    /// <summary>Files hashed by scans.</summary>
    public static Counter<long> FilesHashed { get; } = Meter.CreateCounter<long>("casparian.scan.files", unit: "{file}",
        description: "source files hashed by scans");
}
