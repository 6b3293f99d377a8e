namespace Casparian.Worker.Sinks;

/// <summary>What a sink does when its target table or folder already holds data.</summary>
public enum SinkMode
{
    /// <summary>Add the job's rows (or file) next to what is there.</summary>
    Append,

    /// <summary>The committed output replaces everything the target held.</summary>
    Replace,

    /// <summary>Refuse to write when the target already has data.</summary>
    Error,
}
