using System.Runtime.InteropServices;
using System.Text;

namespace Casparian.Native.ZeroMq;

/// <summary>A CURVE long-term key pair as Z85 text (40 characters each), from zmq_curve_keypair.</summary>
public sealed record ZmqCurveKeyPair(string PublicKey, string SecretKey)
{
    /// <summary>Length of a CURVE key in Z85 text.</summary>
    public const int Z85KeyLength = 40;

    /// <summary>Generates a fresh key pair; fails if this libzmq was built without CURVE.</summary>
    public static unsafe ZmqCurveKeyPair Generate()
    {
        // zmq_curve_keypair writes 40 characters and a terminating NUL into each buffer.
        var publicKey = stackalloc byte[Z85KeyLength + 1];
        var secretKey = stackalloc byte[Z85KeyLength + 1];
        if (ZmqNative.CurveKeypair(publicKey, secretKey) != 0)
        {
            throw new ZmqException("zmq_curve_keypair (is libzmq built with CURVE? zmq_has(\"curve\") says " + (ZmqNative.Has("curve") != 0) + ")",
                Marshal.GetLastPInvokeError());
        }
        return new ZmqCurveKeyPair(
            Encoding.ASCII.GetString(publicKey, Z85KeyLength),
            Encoding.ASCII.GetString(secretKey, Z85KeyLength));
    }

    /// <summary>Keeps the secret key out of logs.</summary>
    public override string ToString() => $"ZmqCurveKeyPair {{ PublicKey = {PublicKey} }}";
}
