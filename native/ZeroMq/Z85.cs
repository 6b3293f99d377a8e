using System.Text;

namespace Casparian.Native.ZeroMq;

/// <summary>Z85 (ZeroMQ RFC 32) text encoding of binary data, through libzmq's zmq_z85_encode / zmq_z85_decode.</summary>
public static class Z85
{
    /// <summary>Largest input accepted, so buffers are bounded (keys are 32 bytes).</summary>
    public const int MaxDataLength = 1 << 20;

    /// <summary>Encodes <paramref name="data"/>, whose length must be a multiple of 4, as 5 characters per 4 bytes.</summary>
    public static unsafe string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0 || data.Length > MaxDataLength)
        {
            throw new ArgumentException($"Z85 encodes a multiple of 4 bytes up to {MaxDataLength}; got {data.Length}.", nameof(data));
        }
        if (data.IsEmpty)
        {
            return "";
        }
        var text = new byte[data.Length / 4 * 5 + 1];
        fixed (byte* source = data)
        fixed (byte* destination = text)
        {
            if (ZmqNative.Z85Encode(destination, source, (nuint)data.Length) == 0)
            {
                throw new ArgumentException("zmq_z85_encode rejected the data.", nameof(data));
            }
        }
        return Encoding.ASCII.GetString(text, 0, text.Length - 1);
    }

    /// <summary>Decodes Z85 <paramref name="text"/>, whose length must be a multiple of 5, into 4 bytes per 5 characters.</summary>
    public static unsafe byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length % 5 != 0 || text.Length > MaxDataLength / 4 * 5)
        {
            throw new ArgumentException($"Z85 text must be a multiple of 5 characters up to {MaxDataLength / 4 * 5}; got {text.Length}.", nameof(text));
        }
        if (text.Length == 0)
        {
            return [];
        }
        // libzmq reads a NUL-terminated string; non-ASCII characters are rejected before they reach it.
        var source = new byte[text.Length + 1];
        if (!Ascii.IsValid(text) || Encoding.ASCII.GetBytes(text, source) != text.Length)
        {
            throw new FormatException("Z85 text must be ASCII.");
        }
        var data = new byte[text.Length / 5 * 4];
        fixed (byte* s = source)
        fixed (byte* d = data)
        {
            if (ZmqNative.Z85Decode(d, s) == 0)
            {
                throw new FormatException($"'{text}' is not valid Z85 text.");
            }
        }
        return data;
    }
}
