using Casparian.Worker.Parsers.Csv;
using Casparian.Worker.Parsers.Jsonl;
using Casparian.Worker.Runtimes.Builtin;

namespace Casparian.Worker.Parsers;

/// <summary>The builtin table parsers (<c>builtin:csv</c>, <c>builtin:jsonl</c>), ready to hand to the builtin runtime.</summary>
public static class TableParsers
{
    public static IReadOnlyList<IBuiltinParser> Create(IJobOutputsFactory outputs, BuiltinParserOptions? options = null) =>
        [new CsvParser(outputs, options), new JsonlParser(outputs, options)];
}
