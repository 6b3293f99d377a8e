using System.Runtime.CompilerServices;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Arrays.Builders;

/// <summary>Builds a fixed-width column (integers, floats, dates, times, timestamps, durations) value by value.</summary>
public sealed class PrimitiveColumnBuilder<T> : ColumnBuilder where T : unmanaged
{
    private readonly PooledByteBuffer _values;

    public PrimitiveColumnBuilder(ArrowType type, int initialCapacity = 1024) : base(type)
    {
        if (type.Layout != ArrowLayout.FixedWidth || type.Id == ArrowTypeId.Bool || type.FixedBitWidth != Unsafe.SizeOf<T>() * 8)
        {
            throw new ArgumentException($"{typeof(T).Name} values cannot build a column of type {type}", nameof(type));
        }
        _values = new PooledByteBuffer(initialCapacity * Unsafe.SizeOf<T>());
    }

    public void Append(T value)
    {
        _values.Append(value);
        AddValid();
    }

    public void AppendNull()
    {
        _values.Grow(Unsafe.SizeOf<T>());
        AddNull();
    }

    public override ArrowArray Build() => new(Type, Length, NullCount, Validity, default, _values.Memory, []);

    public override void Reset()
    {
        base.Reset();
        _values.Reset();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _values.Dispose();
        }
        base.Dispose(disposing);
    }
}
