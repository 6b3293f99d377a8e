using System.Runtime.InteropServices;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Arrays.Builders;

/// <summary>Builds a bool column (bit-packed values).</summary>
public sealed class BooleanColumnBuilder : ColumnBuilder
{
    private readonly PooledByteBuffer _values = new(256);

    public BooleanColumnBuilder() : base(ArrowType.Bool)
    {
    }

    public void Append(bool value)
    {
        var index = Length;
        if ((index & 7) == 0)
        {
            _values.Grow(1);
        }
        if (value)
        {
            MemoryMarshal.AsMemory(_values.Memory).Span[index >> 3] |= (byte)(1 << (index & 7));
        }
        AddValid();
    }

    public void AppendNull()
    {
        if ((Length & 7) == 0)
        {
            _values.Grow(1);
        }
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
