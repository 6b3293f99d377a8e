namespace Casparian.Protocol.Identity;

/// <summary>What a sink does when its table already holds data (DESIGN.md section 7); part of the output target key.</summary>
public enum SinkMode
{
    /// <summary>Add rows to the existing table.</summary>
    Append,

    /// <summary>Replace the table's contents.</summary>
    Replace,

    /// <summary>Fail if the table exists.</summary>
    Error,
}
