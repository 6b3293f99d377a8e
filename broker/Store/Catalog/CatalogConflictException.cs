namespace Casparian.Broker.Store.Catalog;

/// <summary>A catalog entry that must be immutable was registered again with different content.</summary>
public sealed class CatalogConflictException : InvalidOperationException
{
    public CatalogConflictException()
    {
    }

    public CatalogConflictException(string message) : base(message)
    {
    }

    public CatalogConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
