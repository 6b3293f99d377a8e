namespace Casparian.Protocol.Identity;

/// <summary>A document that cannot be put in canonical JSON form (not JSON, duplicate keys, non-finite numbers...).</summary>
public sealed class CanonicalJsonException : Exception
{
    public CanonicalJsonException()
    {
    }

    public CanonicalJsonException(string message)
        : base(message)
    {
    }

    public CanonicalJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
