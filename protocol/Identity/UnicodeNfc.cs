using System.Text;

namespace Casparian.Protocol.Identity;

/// <summary>
/// Unicode Normalization Form C (UAX #15) from our own pinned tables (<see cref="UnicodeNfcTables"/>), so identity
/// keys do not depend on the runtime's globalization mode or the operating system's ICU version.
/// </summary>
internal static class UnicodeNfc
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount, HangulSCount = HangulLCount * HangulNCount;

    /// <summary>Returns <paramref name="text"/> in NFC.</summary>
    /// <exception cref="ArgumentException">The text contains an unpaired surrogate, which is not Unicode text.</exception>
    public static string Normalize(string text)
    {
        if (IsAscii(text))
        {
            return text;
        }
        var codePoints = new List<int>(text.Length + 8);
        foreach (var rune in Enumerate(text))
        {
            Decompose(rune, codePoints);
        }
        ReorderCombiningMarks(codePoints);
        Compose(codePoints);
        var result = new StringBuilder(codePoints.Count);
        foreach (var codePoint in codePoints)
        {
            result.Append(new Rune(codePoint).ToString());
        }
        return result.ToString();
    }

    private static bool IsAscii(string text) => Ascii.IsValid(text);

    private static IEnumerable<int> Enumerate(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new ArgumentException($"The text has an unpaired UTF-16 surrogate at index {i}; only valid Unicode can be normalized.", nameof(text));
            }
            yield return rune.Value;
            i += consumed;
        }
    }

    private static void Decompose(int codePoint, List<int> output)
    {
        var sIndex = codePoint - HangulSBase;
        if (sIndex is >= 0 and < HangulSCount)
        {
            output.Add(HangulLBase + (sIndex / HangulNCount));
            output.Add(HangulVBase + (sIndex % HangulNCount / HangulTCount));
            if (sIndex % HangulTCount != 0)
            {
                output.Add(HangulTBase + (sIndex % HangulTCount));
            }
            return;
        }
        var index = UnicodeNfcTables.DecomposedCodePoints.BinarySearch((uint)codePoint);
        if (index < 0)
        {
            output.Add(codePoint);
            return;
        }
        var slice = UnicodeNfcTables.DecompositionSlices[index];
        foreach (var part in UnicodeNfcTables.Decompositions.Slice((int)(slice >> 3), (int)(slice & 7)))
        {
            output.Add((int)part);
        }
    }

    // Canonical ordering: a stable sort of each run of non-starters by combining class.
    private static void ReorderCombiningMarks(List<int> codePoints)
    {
        for (var i = 1; i < codePoints.Count; i++)
        {
            var current = codePoints[i];
            var currentClass = CombiningClass(current);
            if (currentClass == 0)
            {
                continue;
            }
            var j = i;
            while (j > 0 && CombiningClass(codePoints[j - 1]) > currentClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }
            codePoints[j] = current;
        }
    }

    // Canonical composition: each character joins the last starter unless a character in between blocks it.
    private static void Compose(List<int> codePoints)
    {
        if (codePoints.Count == 0)
        {
            return;
        }
        var starterIndex = CombiningClass(codePoints[0]) == 0 ? 0 : -1;
        var lastClass = starterIndex == 0 ? 0 : 256;
        var write = 1;
        for (var read = 1; read < codePoints.Count; read++)
        {
            var current = codePoints[read];
            var currentClass = CombiningClass(current);
            var blocked = starterIndex < 0 || (write - 1 != starterIndex && (lastClass == 0 || lastClass >= currentClass));
            if (!blocked && TryCompose(codePoints[starterIndex], current, out var composite))
            {
                codePoints[starterIndex] = composite;
                continue;
            }
            if (currentClass == 0)
            {
                starterIndex = write;
            }
            lastClass = currentClass;
            codePoints[write++] = current;
        }
        codePoints.RemoveRange(write, codePoints.Count - write);
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        var lIndex = first - HangulLBase;
        var vIndex = second - HangulVBase;
        if (lIndex is >= 0 and < HangulLCount && vIndex is >= 0 and < HangulVCount)
        {
            composite = HangulSBase + (((lIndex * HangulVCount) + vIndex) * HangulTCount);
            return true;
        }
        var sIndex = first - HangulSBase;
        var tIndex = second - HangulTBase;
        if (sIndex is >= 0 and < HangulSCount && sIndex % HangulTCount == 0 && tIndex is > 0 and < HangulTCount)
        {
            composite = first + tIndex;
            return true;
        }
        var index = UnicodeNfcTables.CompositePairs.BinarySearch(((ulong)first << 21) | (uint)second);
        composite = index >= 0 ? (int)UnicodeNfcTables.Composites[index] : 0;
        return index >= 0;
    }

    private static int CombiningClass(int codePoint)
    {
        var table = UnicodeNfcTables.CombiningClasses;
        int low = 0, high = table.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var entryCodePoint = (int)(table[middle] >> 8);
            if (entryCodePoint == codePoint)
            {
                return (int)(table[middle] & 0xFF);
            }
            if (entryCodePoint < codePoint)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return 0;
    }
}
