namespace Casparian.Native.DuckDb;

/// <summary>A result column: its name and logical type.</summary>
public readonly record struct DuckDbColumn(string Name, DuckDbColumnType Type);
