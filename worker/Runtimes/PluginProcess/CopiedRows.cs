using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Plugins;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// A batch made of some rows of another batch, for the rare batch that mixes good rows with rows that must go to
/// quarantine (Arrow arrays cannot be sliced row by row without copying). The copy lives in pooled builders until
/// disposed. Only the output column types are supported; the caller has checked the schema.
/// </summary>
internal sealed class CopiedRows : IDisposable
{
    private readonly ColumnBuilder[] _builders;

    private CopiedRows(ColumnBuilder[] builders, RecordBatch batch)
    {
        _builders = builders;
        Batch = batch;
    }

    /// <summary>The copied rows, valid until <see cref="Dispose"/>.</summary>
    public RecordBatch Batch { get; }

    /// <summary>Copies the rows of <paramref name="source"/> whose <paramref name="keep"/> flag is set, in order.</summary>
    public static CopiedRows Take(RecordBatch source, ReadOnlySpan<bool> keep)
    {
        ArgumentNullException.ThrowIfNull(source);
        var builders = new ColumnBuilder[source.Columns.Count];
        var kept = 0;
        try
        {
            for (var c = 0; c < builders.Length; c++)
            {
                var field = source.Schema.Fields[c];
                if (!OutputColumnTypes.TryFromArrow(field.Type, out var type))
                {
                    throw new ArgumentException($"column '{field.Name}' has type {field.Type}, which outputs cannot declare", nameof(source));
                }
                builders[c] = Copy(source.Columns[c], type, keep);
            }
            kept = builders.Length > 0 ? builders[0].Length : 0;
        }
        catch
        {
            foreach (var builder in builders)
            {
                builder?.Dispose();
            }
            throw;
        }
        return new CopiedRows(builders, new RecordBatch(source.Schema, kept, [.. builders.Select(b => b.Build())]));
    }

    public void Dispose()
    {
        foreach (var builder in _builders)
        {
            builder.Dispose();
        }
    }

    private static ColumnBuilder Copy(ArrowArray array, OutputColumnType type, ReadOnlySpan<bool> keep)
    {
        switch (type)
        {
            case OutputColumnType.Int64 or OutputColumnType.Timestamp:
                {
                    var builder = new PrimitiveColumnBuilder<long>(array.Type, keep.Length);
                    for (var i = 0; i < keep.Length; i++)
                    {
                        if (keep[i])
                        {
                            if (array.IsValid(i)) { builder.Append(array.Int(i)); } else { builder.AppendNull(); }
                        }
                    }
                    return builder;
                }
            case OutputColumnType.Float64:
                {
                    var builder = new PrimitiveColumnBuilder<double>(array.Type, keep.Length);
                    for (var i = 0; i < keep.Length; i++)
                    {
                        if (keep[i])
                        {
                            if (array.IsValid(i)) { builder.Append(BinaryPrimitives.ReadDoubleLittleEndian(array.FixedBytes(i))); } else { builder.AppendNull(); }
                        }
                    }
                    return builder;
                }
            case OutputColumnType.Date:
                {
                    var builder = new PrimitiveColumnBuilder<int>(array.Type, keep.Length);
                    for (var i = 0; i < keep.Length; i++)
                    {
                        if (keep[i])
                        {
                            if (array.IsValid(i)) { builder.Append((int)array.Int(i)); } else { builder.AppendNull(); }
                        }
                    }
                    return builder;
                }
            case OutputColumnType.Bool:
                {
                    var builder = new BooleanColumnBuilder();
                    for (var i = 0; i < keep.Length; i++)
                    {
                        if (keep[i])
                        {
                            if (array.IsValid(i)) { builder.Append(array.Bool(i)); } else { builder.AppendNull(); }
                        }
                    }
                    return builder;
                }
            default:
                {
                    var builder = new BinaryColumnBuilder(array.Type, keep.Length);
                    for (var i = 0; i < keep.Length; i++)
                    {
                        if (keep[i])
                        {
                            if (array.IsValid(i)) { builder.Append(array.Bytes(i)); } else { builder.AppendNull(); }
                        }
                    }
                    return builder;
                }
        }
    }
}
