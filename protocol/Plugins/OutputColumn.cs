namespace Casparian.Protocol.Plugins;

/// <summary>One declared column of an output: name, type, and whether it may be null.</summary>
public sealed record OutputColumn(string Name, OutputColumnType Type, bool Nullable);
