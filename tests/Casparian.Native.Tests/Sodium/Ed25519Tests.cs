using Casparian.Native.Sodium;

namespace Casparian.Native.Tests.Sodium;

public sealed class Ed25519Tests
{
    // RFC 8032 §7.1, TEST 1 (empty message).
    private static readonly byte[] Rfc8032SecretKey = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static readonly byte[] Rfc8032PublicKey = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly byte[] Rfc8032Signature = Convert.FromHexString(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    [Fact]
    public void Rfc8032_test_1_matches_byte_for_byte()
    {
        using var keyPair = Ed25519.FromSeed(Rfc8032SecretKey);

        Assert.Equal(Rfc8032PublicKey, keyPair.PublicKey.ToArray());
        Assert.Equal([.. Rfc8032SecretKey, .. Rfc8032PublicKey], keyPair.SecretKeyForTests.ToArray());
        Assert.Equal(Rfc8032Signature, keyPair.Sign(ReadOnlySpan<byte>.Empty));
        Assert.True(Ed25519.Verify(Rfc8032PublicKey, ReadOnlySpan<byte>.Empty, Rfc8032Signature));
        var seed = new byte[Ed25519.SeedSize];
        keyPair.ExportSeed(seed);
        Assert.Equal(Rfc8032SecretKey, seed);
    }

    [Fact]
    public void A_tampered_message_or_signature_does_not_verify()
    {
        using var keyPair = Ed25519.FromSeed(Rfc8032SecretKey);
        var message = "artifact sha256 0123456789abcdef"u8.ToArray();
        var signature = keyPair.Sign(message);
        Assert.True(Ed25519.Verify(keyPair.PublicKey, message, signature));

        var tamperedMessage = (byte[])message.Clone();
        tamperedMessage[^1] ^= 0x01;
        Assert.False(Ed25519.Verify(keyPair.PublicKey, tamperedMessage, signature));

        for (var i = 0; i < Ed25519.SignatureSize; i += 7)
        {
            var tamperedSignature = (byte[])signature.Clone();
            tamperedSignature[i] ^= 0x80;
            Assert.False(Ed25519.Verify(keyPair.PublicKey, message, tamperedSignature), $"flipped bit in signature byte {i}");
        }

        using var otherKey = Ed25519.Generate();
        Assert.False(Ed25519.Verify(otherKey.PublicKey, message, signature));
    }

    [Fact]
    public void Wrong_lengths_are_refused_with_the_expected_size()
    {
        var seedError = Assert.Throws<ArgumentException>(() => Ed25519.FromSeed(new byte[31]));
        Assert.Contains("32 bytes", seedError.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Ed25519.Verify(new byte[33], [], new byte[64]));
        var signatureError = Assert.Throws<ArgumentException>(() => Ed25519.Verify(Rfc8032PublicKey, [], new byte[63]));
        Assert.Contains("64 bytes", signatureError.Message, StringComparison.Ordinal);
        using var keyPair = Ed25519.FromSeed(Rfc8032SecretKey);
        Assert.Throws<ArgumentException>(() => keyPair.Sign([1, 2, 3], new byte[63]));
    }

    [Fact]
    public void Dispose_zeroes_the_secret_key_and_stops_signing()
    {
        var keyPair = Ed25519.FromSeed(Rfc8032SecretKey);
        var secret = keyPair.SecretKeyForTests;

        keyPair.Dispose();

        Assert.All(secret.ToArray(), b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => keyPair.Sign([1]));
    }

    [Fact]
    public void Generated_key_pairs_differ_and_sign_verifiably()
    {
        using var first = Ed25519.Generate();
        using var second = Ed25519.Generate();

        Assert.NotEqual(first.PublicKey.ToArray(), second.PublicKey.ToArray());
        Assert.True(Ed25519.Verify(second.PublicKey, [42], second.Sign([42])));
    }
}
