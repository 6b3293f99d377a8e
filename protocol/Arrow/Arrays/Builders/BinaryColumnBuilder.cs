using System.Text;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Arrays.Builders;

/// <summary>Builds a utf8 or binary column (32-bit offsets); strings are encoded straight into the data buffer.</summary>
public sealed class BinaryColumnBuilder : ColumnBuilder
{
    private readonly PooledByteBuffer _offsets;
    private readonly PooledByteBuffer _data;

    public BinaryColumnBuilder(ArrowType type, int initialCapacity = 1024, int initialDataBytes = 16384) : base(type)
    {
        if (type.Layout != ArrowLayout.VariableBinary)
        {
            throw new ArgumentException($"a binary column builder cannot build {type}; use utf8 or binary", nameof(type));
        }
        _offsets = new PooledByteBuffer((initialCapacity + 1) * 4);
        _data = new PooledByteBuffer(initialDataBytes);
        _offsets.Append(0);
    }

    public void Append(ReadOnlySpan<byte> value)
    {
        _data.Append(value);
        _offsets.Append(_data.Length);
        AddValid();
    }

    /// <summary>Appends a string as UTF-8, encoded in place.</summary>
    public void Append(ReadOnlySpan<char> value)
    {
        var room = _data.Grow(Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, room);
        _data.Shrink(room.Length - written);
        _offsets.Append(_data.Length);
        AddValid();
    }

    public void AppendNull()
    {
        _offsets.Append(_data.Length);
        AddNull();
    }

    public override ArrowArray Build() => new(Type, Length, NullCount, Validity, _offsets.Memory, _data.Memory, []);

    public override void Reset()
    {
        base.Reset();
        _offsets.Reset();
        _data.Reset();
        _offsets.Append(0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _offsets.Dispose();
            _data.Dispose();
        }
        base.Dispose(disposing);
    }
}
