namespace Casparian.Native.Sodium;

/// <summary>libsodium refused an operation; the message names it and says what to check.</summary>
public sealed class SodiumException : Exception
{
    public SodiumException()
    {
    }

    public SodiumException(string message)
        : base(message)
    {
    }

    public SodiumException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
