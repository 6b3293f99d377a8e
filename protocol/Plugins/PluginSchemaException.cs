namespace Casparian.Protocol.Plugins;

/// <summary>An output schema is not valid; the message names the column or key and how to fix it.</summary>
public sealed class PluginSchemaException : Exception
{
    /// <summary>The reason of a schema that uses the reserved <c>_cf_</c> lineage namespace.</summary>
    public const string ReservedColumn = "contract.reserved_column";

    /// <summary>The reason of a column type outputs cannot declare.</summary>
    public const string UnsupportedType = "schema.unsupported_type";

    /// <summary>The reason of any other malformed schema.</summary>
    public const string Invalid = "schema.invalid";

    public PluginSchemaException(string reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    public PluginSchemaException()
        : this(Invalid, "the output schema is not valid")
    {
    }

    public PluginSchemaException(string message)
        : this(Invalid, message)
    {
    }

    public PluginSchemaException(string message, Exception innerException)
        : this(Invalid, message, innerException)
    {
    }

    /// <summary>A stable reason code: <see cref="ReservedColumn"/>, <see cref="UnsupportedType"/> or <see cref="Invalid"/>.</summary>
    public string Reason { get; }
}
