namespace Casparian.Worker.Contracts;

/// <summary>One column an output promises: its name, type and whether it may be null.</summary>
public sealed record ContractColumn(string Name, ColumnType Type, bool Nullable);
