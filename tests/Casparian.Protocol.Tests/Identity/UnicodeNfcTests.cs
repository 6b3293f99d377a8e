using System.Text;
using System.Text.Json;
using Casparian.Protocol.Identity;

namespace Casparian.Protocol.Tests.Identity;

public sealed class UnicodeNfcTests
{
    [Theory]
    [InlineData("e\u0301", "\u00e9")]
    [InlineData("\u1100\u1161\u11a8", "\uac01")]
    [InlineData("a\u0323\u0302", "\u1ead")]
    [InlineData("a\u0302\u0323", "\u1ead")]
    [InlineData("\u212b", "\u00c5")]
    [InlineData("\u0958", "\u0915\u093c")]
    [InlineData("plain ascii", "plain ascii")]
    public void Known_cases_normalize_as_the_standard_says(string input, string expected) =>
        Assert.Equal(expected, UnicodeNfc.Normalize(input));

    [Fact]
    public void Random_strings_of_letters_and_combining_marks_match_python_unicodedata()
    {
        // Bases, combining marks of many classes, Hangul jamo and syllables, singletons, excluded composites.
        int[] alphabet =
        [
            'a', 'e', 'o', 'u', 'A', 'E', 'O', 'n', 's', 0x0300, 0x0301, 0x0302, 0x0303, 0x0308, 0x030A, 0x0323, 0x0327,
            0x0328, 0x0345, 0x05B0, 0x05BC, 0x0591, 0x093C, 0x0915, 0x0958, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01,
            0x212B, 0x2126, 0x00C5, 0x00E9, 0x1E9B, 0x0F73, 0x0F71, 0x0F72, 0x0B47, 0x0B3E, 0x0B57, 0x1F00, 0x0313,
            0x1D15E, 0x1D165, 0x1D16E, 0x3099, 0x304B, 0x309A, 0x0CC6, 0x0CC2, 0x0CD5,
        ];
        var random = new Random(15);
        var inputs = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 9);
            for (var j = 0; j < length; j++)
            {
                text.Append(char.ConvertFromUtf32(alphabet[random.Next(alphabet.Length)]));
            }
            inputs.Add(text.ToString());
        }

        var expected = JsonSerializer.Deserialize<List<string>>(PythonOracle.Run(
            "import json, sys, unicodedata; print(json.dumps([unicodedata.normalize('NFC', s) for s in json.load(sys.stdin)]))",
            JsonSerializer.Serialize(inputs)))!;

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.True(expected[i] == UnicodeNfc.Normalize(inputs[i]), $"NFC of {Escape(inputs[i])}: expected {Escape(expected[i])}, got {Escape(UnicodeNfc.Normalize(inputs[i]))}");
        }
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused_with_its_position()
    {
        var error = Assert.Throws<ArgumentException>(() => UnicodeNfc.Normalize("ab\ud800é"));
        Assert.Contains("index 2", error.Message, StringComparison.Ordinal);
    }

    private static string Escape(string text) => string.Concat(text.EnumerateRunes().Select(r => $"U+{r.Value:X4} "));
}
