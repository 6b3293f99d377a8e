namespace Casparian.Native.DuckDb;

/// <summary>
/// A DuckDB INTERVAL: months, days and microseconds kept apart (a month is not a fixed number of days), as DuckDB stores it.
/// </summary>
public readonly record struct DuckDbInterval(int Months, int Days, long Micros);
