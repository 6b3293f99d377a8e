namespace Casparian.Native.Tests;

public class NativeLibrariesTests
{
    [Fact]
    public void A_missing_library_names_itself_and_the_command_that_installs_it()
    {
        var ex = Assert.Throws<NativeLibraryMissingException>(
            () => NativeLibraries.LoadFirst(["libcasparian-missing.so.9"], "apt-get install -y casparian-missing"));

        Assert.Equal("libcasparian-missing.so.9", ex.Library);
        Assert.Contains("libcasparian-missing.so.9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("install it with: apt-get install -y casparian-missing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NativeLib.ZeroMq)]
    [InlineData(NativeLib.DuckDb)]
    [InlineData(NativeLib.Sodium)]
    [InlineData(NativeLib.Lz4)]
    [InlineData(NativeLib.Zstd)]
    public void Every_library_the_set_up_installs_loads(NativeLib lib) =>
        Assert.NotEqual(0, NativeLibraries.Load(lib));
}
