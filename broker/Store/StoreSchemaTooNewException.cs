namespace Casparian.Broker.Store;

/// <summary>The database was written by a newer Casparian; it is left untouched.</summary>
public sealed class StoreSchemaTooNewException : InvalidOperationException
{
    public StoreSchemaTooNewException(string database, int found, int known)
        : base($"the state store {database} has schema version {found}, but this Casparian knows versions up to {known}; " +
               "upgrade Casparian to open it (the database was left untouched)")
    {
        Database = database;
        Found = found;
        Known = known;
    }

    public StoreSchemaTooNewException() => Database = "";

    public StoreSchemaTooNewException(string message) : base(message) => Database = "";

    public StoreSchemaTooNewException(string message, Exception innerException) : base(message, innerException) => Database = "";

    /// <summary>Which database (file path or host/database name).</summary>
    public string Database { get; }

    /// <summary>The schema version found in it.</summary>
    public int Found { get; }

    /// <summary>The newest version this build knows.</summary>
    public int Known { get; }
}
