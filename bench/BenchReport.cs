using System.Globalization;

namespace Casparian.Bench;

/// <summary>Prints the one closing line every scenario ends with.</summary>
internal static class BenchReport
{
    /// <summary>
    /// Writes <c>NAME: ours=V UNIT; reference=V UNIT (TOOL); ratio=R; goal=G</c>, where the ratio is ours/reference
    /// for rates (higher is better).
    /// </summary>
    public static void Line(string name, double ours, double reference, string unit, string tool, double goal)
    {
        var ratio = reference > 0 ? ours / reference : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: ours={ours:0.###} {unit}; reference={reference:0.###} {unit} ({tool}); ratio={ratio:0.###}; goal={goal:0.###}"));
    }
}
