using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Arrays.Builders;

/// <summary>
/// What every column builder shares: the row count and a validity bitmap that is only materialized once the first
/// null arrives. <see cref="Build"/> returns a view over the builder's pooled memory, valid until the builder is
/// reset or disposed, so one set of builders can produce batch after batch without allocating.
/// </summary>
public abstract class ColumnBuilder : IDisposable
{
    private readonly PooledByteBuffer _validity = new(256);

    protected ColumnBuilder(ArrowType type) => Type = type;

    public ArrowType Type { get; }

    public int Length { get; private set; }

    public int NullCount { get; private set; }

    protected void AddValid()
    {
        if (NullCount > 0)
        {
            SetBit(Length);
        }
        Length++;
    }

    protected void AddNull()
    {
        if (NullCount == 0)
        {
            // First null: materialize the bitmap with every earlier row valid.
            for (var i = 0; i < Length; i++)
            {
                SetBit(i);
            }
        }
        EnsureBit(Length);
        NullCount++;
        Length++;
    }

    private void EnsureBit(int index)
    {
        var needed = (index >> 3) + 1;
        if (_validity.Length < needed)
        {
            _validity.Grow(needed - _validity.Length);
        }
    }

    private void SetBit(int index)
    {
        EnsureBit(index);
        var memory = _validity.Memory;
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory).Span[index >> 3] |= (byte)(1 << (index & 7));
    }

    protected ReadOnlyMemory<byte> Validity => NullCount == 0 ? default : _validity.Memory;

    /// <summary>The column built so far, as a view over this builder's memory.</summary>
    public abstract ArrowArray Build();

    /// <summary>Empties the builder, keeping its memory for the next batch.</summary>
    public virtual void Reset()
    {
        _validity.Reset();
        Length = 0;
        NullCount = 0;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _validity.Dispose();
        }
    }
}
