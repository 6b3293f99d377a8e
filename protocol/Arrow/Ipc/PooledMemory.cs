using System.Buffers;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>Arrays rented from the shared pool on behalf of a batch or a reader, returned together on dispose.</summary>
internal sealed class PooledMemory : IDisposable
{
    private readonly List<byte[]> _rented = [];

    public bool IsEmpty => _rented.Count == 0;

    public byte[] Rent(int length)
    {
        var array = ArrayPool<byte>.Shared.Rent(length);
        _rented.Add(array);
        return array;
    }

    /// <summary>Takes over the arrays of <paramref name="other"/>, which is left empty.</summary>
    public void Adopt(PooledMemory other)
    {
        _rented.AddRange(other._rented);
        other._rented.Clear();
    }

    public void Dispose()
    {
        foreach (var array in _rented)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        _rented.Clear();
    }
}
