using System.Text;
using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Tests.Hashing;

public sealed class Blake3VectorTests
{
    private const int ExtendedLength = 131;

    /// <summary>Every backend this CPU can run (scalar always), each forced in turn.</summary>
    public static TheoryData<string> Backends()
    {
        var data = new TheoryData<string>();
        foreach (var backend in Enum.GetValues<Blake3Backend>().Where(Blake3Backends.IsSupported))
        {
            data.Add(backend.ToString());
        }
        return data;
    }

    [Fact]
    public void The_fixture_holds_all_35_official_cases()
    {
        Assert.Equal(35, Blake3TestVectors.Cases.Count);
        Assert.Contains(Blake3TestVectors.Cases, c => c.InputLength == 102400);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Hash_matches_every_official_vector_with_131_bytes_of_output(string backendName)
    {
        var backend = Enum.Parse<Blake3Backend>(backendName);
        foreach (var vector in Blake3TestVectors.Cases)
        {
            var hasher = new Blake3Hasher(Blake3Words.Iv(), 0, backend);
            AssertOutputs(hasher, vector.InputLength, vector.Hash);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Keyed_hash_matches_every_official_vector_with_131_bytes_of_output(string backendName)
    {
        var backend = Enum.Parse<Blake3Backend>(backendName);
        var key = Encoding.ASCII.GetBytes(Blake3TestVectors.Key);
        foreach (var vector in Blake3TestVectors.Cases)
        {
            AssertOutputs(Blake3Hasher.CreateKeyed(key, backend), vector.InputLength, vector.KeyedHash);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Derive_key_matches_every_official_vector_with_131_bytes_of_output(string backendName)
    {
        var backend = Enum.Parse<Blake3Backend>(backendName);
        foreach (var vector in Blake3TestVectors.Cases)
        {
            AssertOutputs(Blake3Hasher.CreateDeriveKey(Blake3TestVectors.ContextString, backend), vector.InputLength, vector.DeriveKey);
        }
    }

    [Fact]
    public void One_shot_helpers_match_the_vectors_on_the_default_backend()
    {
        var key = Encoding.ASCII.GetBytes(Blake3TestVectors.Key);
        foreach (var vector in Blake3TestVectors.Cases)
        {
            var input = Blake3TestVectors.Input(vector.InputLength);
            Assert.Equal(vector.Hash[..64], Convert.ToHexStringLower(Blake3.Hash(input)));
            Assert.Equal(vector.KeyedHash[..64], Convert.ToHexStringLower(Blake3.KeyedHash(key, input)));
            var derived = new byte[ExtendedLength];
            Blake3.DeriveKey(Blake3TestVectors.ContextString, input, derived);
            Assert.Equal(vector.DeriveKey, Convert.ToHexStringLower(derived));
        }
    }

    [Fact]
    public void Extended_output_reader_returns_the_same_bytes_from_any_position()
    {
        var vector = Blake3TestVectors.Cases.Single(c => c.InputLength == 1025);
        var hasher = Blake3Hasher.Create();
        hasher.Update(Blake3TestVectors.Input(vector.InputLength));
        var reader = hasher.FinalizeXof();
        var expected = Convert.FromHexString(vector.Hash);

        reader.Position = 70;
        var middle = new byte[40];
        reader.Read(middle);
        var rest = new byte[ExtendedLength - 110];
        reader.Read(rest);

        Assert.Equal(expected[70..110], middle);
        Assert.Equal(expected[110..], rest);
    }

    [Fact]
    public void A_key_of_the_wrong_length_is_refused_with_its_length()
    {
        var error = Assert.Throws<ArgumentException>(() => Blake3Hasher.CreateKeyed(new byte[31]));
        Assert.Contains("31", error.Message, StringComparison.Ordinal);
    }

    // Full extended output and the default 32 bytes, after one-shot and after byte-at-a-time updates, and twice
    // in a row to show finalizing does not consume the hasher.
    private static void AssertOutputs(Blake3Hasher hasher, int inputLength, string expectedHex)
    {
        var input = Blake3TestVectors.Input(inputLength);
        hasher.Update(input);
        var extended = new byte[ExtendedLength];
        hasher.Finalize(extended);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(extended));
        Assert.Equal(expectedHex[..64], Convert.ToHexStringLower(hasher.Finalize()));

        hasher.Reset();
        foreach (var b in input)
        {
            hasher.Update([b]);
        }
        hasher.Finalize(extended);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(extended));
    }
}
