using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Json;

/// <summary>The content of an Arrow integration JSON file: schema, dictionaries by id, and record batches.</summary>
public sealed record ArrowJsonFile(ArrowSchema Schema, IReadOnlyDictionary<long, ArrowArray> Dictionaries, IReadOnlyList<RecordBatch> Batches);
