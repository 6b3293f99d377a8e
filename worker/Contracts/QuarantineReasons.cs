namespace Casparian.Worker.Contracts;

/// <summary>The stable reason codes written to a quarantine table's <c>reason</c> column.</summary>
public static class QuarantineReasons
{
    /// <summary>The value is not a 64-bit integer.</summary>
    public const string TypeInt64 = "type.int64";

    /// <summary>The value is not a number.</summary>
    public const string TypeFloat64 = "type.float64";

    /// <summary>The value is not <c>true</c> or <c>false</c>.</summary>
    public const string TypeBool = "type.bool";

    /// <summary>The value is not an ISO 8601 timestamp.</summary>
    public const string TypeTimestamp = "type.timestamp";

    /// <summary>The value is not valid UTF-8.</summary>
    public const string TypeUtf8 = "type.utf8";

    /// <summary>The value is missing or null in a column declared not nullable.</summary>
    public const string NullNotNullable = "null.not_nullable";

    /// <summary>The row cannot be parsed at all (broken quoting, truncated JSON, not an object).</summary>
    public const string RowMalformed = "row.malformed";

    /// <summary>The row has a different number of fields than the header.</summary>
    public const string RowColumnCount = "row.column_count";
}
