using System.Runtime.Intrinsics.X86;
using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Tests.Hashing;

public sealed class Blake3BackendTests
{
    [Fact]
    public void The_default_backend_is_the_widest_the_cpu_supports()
    {
        var expected = Avx512F.IsSupported ? Blake3Backend.Vector512
            : Avx2.IsSupported ? Blake3Backend.Vector256
            : Ssse3.IsSupported ? Blake3Backend.Vector128
            : Blake3Backend.Scalar;
        Assert.Equal(expected, Blake3Backends.Best);
    }

    [Fact]
    public void Forcing_a_backend_the_cpu_lacks_fails_naming_the_backend_and_the_alternative()
    {
        foreach (var backend in Enum.GetValues<Blake3Backend>())
        {
            if (Blake3Backends.IsSupported(backend))
            {
                Assert.Equal(backend, new Blake3Hasher(Blake3Words.Iv(), 0, backend).Backend);
            }
            else
            {
                var error = Assert.Throws<PlatformNotSupportedException>(() => new Blake3Hasher(Blake3Words.Iv(), 0, backend));
                Assert.Contains(backend.ToString(), error.Message, StringComparison.Ordinal);
            }
        }
    }
}
