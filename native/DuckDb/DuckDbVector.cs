using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// One column of a <see cref="DuckDbDataChunk"/>: typed, zero-copy views over DuckDB's vector memory and its validity
/// mask. A vector is only valid while its chunk is alive and not reset; spans and strings it returns must not be kept
/// past that. Row indexes are checked against <see cref="Count"/>.
/// </summary>
public readonly unsafe struct DuckDbVector
{
    private readonly nint vector;
    private readonly byte* data;
    private readonly ulong* validity;
    private readonly bool writable;
    private readonly DuckDbStringArena? arena;

    /// <summary>
    /// Wraps <paramref name="vector"/>; it is writable when it belongs to a created chunk, whose
    /// <paramref name="arena"/> then holds the long strings written into it.
    /// </summary>
    internal DuckDbVector(nint vector, DuckDbColumnType type, int count, DuckDbStringArena? arena)
    {
        this.vector = vector;
        Type = type;
        Count = count;
        this.arena = arena;
        writable = arena is not null;
        data = (byte*)DuckDbNative.VectorData(vector);
        if (writable)
        {
            // A fresh chunk may have no mask yet; allocating it once here lets SetNull be a plain bit operation.
            DuckDbNative.VectorEnsureValidityWritable(vector);
        }
        validity = DuckDbNative.VectorValidity(vector);
    }

    /// <summary>The column's logical type.</summary>
    public DuckDbColumnType Type { get; }

    /// <summary>Rows readable (a fetched chunk's size) or writable (a created chunk's capacity).</summary>
    public int Count { get; }

    /// <summary>True when the value at <paramref name="row"/> is NULL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row)
    {
        CheckRow(row);
        return validity != null && (validity[row >> 6] & (1UL << (row & 63))) == 0;
    }

    /// <summary>
    /// The validity mask (bit i of word i/64 set = row i is not NULL), or an empty span when every value is valid. For
    /// fast scans that test many rows at once.
    /// </summary>
    public ReadOnlySpan<ulong> ValidityMask => validity == null ? default : new ReadOnlySpan<ulong>(validity, (Count + 63) / 64);

    /// <summary>
    /// The values as a span of <typeparamref name="T"/> (e.g. <c>long</c> for BIGINT and TIMESTAMP, <c>int</c> for DATE);
    /// NULL rows hold unspecified values. <typeparamref name="T"/> must have the type's storage size.
    /// </summary>
    public ReadOnlySpan<T> GetValues<T>()
        where T : unmanaged
    {
        CheckValueSize(sizeof(T));
        return new ReadOnlySpan<T>(data, Count);
    }

    // ---- fixed-width readers (throw InvalidCastException when the column has another type) ----

    public bool GetBoolean(int row) => Read<byte>(row, DuckDbType.Boolean) != 0;

    public sbyte GetSByte(int row) => Read<sbyte>(row, DuckDbType.TinyInt);

    public short GetInt16(int row) => Read<short>(row, DuckDbType.SmallInt);

    public int GetInt32(int row) => Read<int>(row, DuckDbType.Integer);

    /// <summary>BIGINT, or the raw int64 of TIME and the TIMESTAMP family (micros; seconds for _S, millis for _MS, nanos for _NS).</summary>
    public long GetInt64(int row)
    {
        CheckRow(row);
        return Type.Id is DuckDbType.BigInt or DuckDbType.Time or DuckDbType.TimeNs or DuckDbType.Timestamp or DuckDbType.TimestampS
            or DuckDbType.TimestampMs or DuckDbType.TimestampNs or DuckDbType.TimestampTz or DuckDbType.TimestampTzNs
            ? ((long*)data)[row]
            : throw WrongType("GetInt64", "BIGINT, TIME or TIMESTAMP");
    }

    public byte GetByte(int row) => Read<byte>(row, DuckDbType.UTinyInt);

    public ushort GetUInt16(int row) => Read<ushort>(row, DuckDbType.USmallInt);

    public uint GetUInt32(int row) => Read<uint>(row, DuckDbType.UInteger);

    public ulong GetUInt64(int row) => Read<ulong>(row, DuckDbType.UBigInt);

    public Int128 GetInt128(int row)
    {
        var value = Read<DuckDbHugeIntStruct>(row, DuckDbType.HugeInt);
        return new Int128((ulong)value.Upper, value.Lower);
    }

    public UInt128 GetUInt128(int row)
    {
        var value = Read<DuckDbHugeIntStruct>(row, DuckDbType.UHugeInt);
        return new UInt128((ulong)value.Upper, value.Lower);
    }

    public float GetFloat(int row) => Read<float>(row, DuckDbType.Float);

    public double GetDouble(int row) => Read<double>(row, DuckDbType.Double);

    /// <summary>DATE as days since 1970-01-01 (DuckDB's storage; also holds ±infinity).</summary>
    public int GetDateDays(int row) => Read<int>(row, DuckDbType.Date);

    public DateOnly GetDate(int row) => DuckDbConvert.DateFromDays(GetDateDays(row));

    public TimeOnly GetTime(int row) => DuckDbConvert.TimeFromMicros(Read<long>(row, DuckDbType.Time));

    /// <summary>
    /// Any TIMESTAMP flavour (_S, _MS, plain, _NS, TZ) as a <see cref="DateTime"/>: <see cref="DateTimeKind.Utc"/> for
    /// TIMESTAMP WITH TIME ZONE (DuckDB stores UTC instants), <see cref="DateTimeKind.Unspecified"/> otherwise.
    /// Nanoseconds are truncated to .NET's 100 ns ticks.
    /// </summary>
    public DateTime GetTimestamp(int row)
    {
        var raw = GetInt64(row);
        return Type.Id switch
        {
            DuckDbType.TimestampS => DuckDbConvert.DateTimeFromEpochTicks((Int128)raw * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified, raw, "s"),
            DuckDbType.TimestampMs => DuckDbConvert.DateTimeFromEpochTicks((Int128)raw * TimeSpan.TicksPerMillisecond, DateTimeKind.Unspecified, raw, "ms"),
            DuckDbType.Timestamp => DuckDbConvert.DateTimeFromEpochTicks((Int128)raw * DuckDbConvert.TicksPerMicrosecond, DateTimeKind.Unspecified, raw, "µs"),
            DuckDbType.TimestampNs => DuckDbConvert.DateTimeFromEpochTicks(DuckDbConvert.FloorDiv(raw, 100), DateTimeKind.Unspecified, raw, "ns"),
            DuckDbType.TimestampTz => DuckDbConvert.DateTimeFromEpochTicks((Int128)raw * DuckDbConvert.TicksPerMicrosecond, DateTimeKind.Utc, raw, "µs"),
            DuckDbType.TimestampTzNs => DuckDbConvert.DateTimeFromEpochTicks(DuckDbConvert.FloorDiv(raw, 100), DateTimeKind.Utc, raw, "ns"),
            _ => throw WrongType("GetTimestamp", "TIMESTAMP"),
        };
    }

    public DuckDbInterval GetInterval(int row) => Read<DuckDbInterval>(row, DuckDbType.Interval);

    /// <summary>DECIMAL's unscaled integer (value = unscaled / 10^scale), read from whichever integer type stores it.</summary>
    public Int128 GetDecimalUnscaled(int row)
    {
        CheckRow(row);
        if (Type.Id != DuckDbType.Decimal)
        {
            throw WrongType("GetDecimalUnscaled", "DECIMAL");
        }
        return Type.DecimalStorage switch
        {
            DuckDbType.SmallInt => ((short*)data)[row],
            DuckDbType.Integer => ((int*)data)[row],
            DuckDbType.BigInt => ((long*)data)[row],
            DuckDbType.HugeInt => new Int128((ulong)((DuckDbHugeIntStruct*)data)[row].Upper, ((DuckDbHugeIntStruct*)data)[row].Lower),
            _ => throw new InvalidCastException($"DECIMAL column stored as {Type.DecimalStorage} is not supported by this binding."),
        };
    }

    /// <summary>DECIMAL as <see cref="decimal"/>; throws <see cref="OverflowException"/> beyond 96 bits (use <see cref="GetDecimalUnscaled"/>).</summary>
    public decimal GetDecimal(int row) => DuckDbConvert.DecimalFromUnscaled(GetDecimalUnscaled(row), Type.DecimalScale);

    /// <summary>UUID as a <see cref="Guid"/> (DuckDB stores it as a HUGEINT with the top bit flipped for ordering).</summary>
    public Guid GetGuid(int row)
    {
        var value = Read<DuckDbHugeIntStruct>(row, DuckDbType.Uuid);
        Span<byte> bigEndian = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bigEndian, (ulong)value.Upper ^ (1UL << 63));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bigEndian[8..], value.Lower);
        return new Guid(bigEndian, bigEndian: true);
    }

    // ---- variable-width readers ----

    /// <summary>
    /// The bytes of a VARCHAR (UTF-8) or BLOB value, straight from DuckDB's memory: no copy, valid while the chunk lives.
    /// </summary>
    public ReadOnlySpan<byte> GetBytes(int row)
    {
        CheckRow(row);
        if (Type.Id is not (DuckDbType.Varchar or DuckDbType.Blob))
        {
            throw WrongType("GetBytes", "VARCHAR or BLOB");
        }
        var entry = (DuckDbStringStruct*)data + row;
        var length = entry->Length;
        if (length > int.MaxValue)
        {
            throw new OverflowException($"The value at row {row} is {length} bytes, more than a .NET span can hold.");
        }
        // Short strings live inside the 16-byte entry right after the length; longer ones behind the pointer.
        var bytes = length <= DuckDbStringStruct.InlineLength ? (byte*)entry + sizeof(uint) : (byte*)entry->Pointer;
        return new ReadOnlySpan<byte>(bytes, (int)length);
    }

    public string GetString(int row) =>
        Type.Id == DuckDbType.Varchar ? Encoding.UTF8.GetString(GetBytes(row)) : throw WrongType("GetString", "VARCHAR");

    public byte[] GetBlob(int row) =>
        Type.Id == DuckDbType.Blob ? GetBytes(row).ToArray() : throw WrongType("GetBlob", "BLOB");

    /// <summary>
    /// The value as a boxed .NET object (null for NULL): bool, sbyte…long, byte…ulong, Int128, UInt128, float, double,
    /// string, byte[], DateOnly, TimeOnly, DateTime (TIMESTAMP), DateTimeOffset (TIMESTAMPTZ), DuckDbInterval, decimal,
    /// Guid. Convenient for small results; use the typed readers for scans.
    /// </summary>
    public object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }
        return Type.Id switch
        {
            DuckDbType.Boolean => GetBoolean(row),
            DuckDbType.TinyInt => GetSByte(row),
            DuckDbType.SmallInt => GetInt16(row),
            DuckDbType.Integer => GetInt32(row),
            DuckDbType.BigInt => GetInt64(row),
            DuckDbType.UTinyInt => GetByte(row),
            DuckDbType.USmallInt => GetUInt16(row),
            DuckDbType.UInteger => GetUInt32(row),
            DuckDbType.UBigInt => GetUInt64(row),
            DuckDbType.HugeInt => GetInt128(row),
            DuckDbType.UHugeInt => GetUInt128(row),
            DuckDbType.Float => GetFloat(row),
            DuckDbType.Double => GetDouble(row),
            DuckDbType.Varchar => GetString(row),
            DuckDbType.Blob => GetBlob(row),
            DuckDbType.Date => GetDate(row),
            DuckDbType.Time => GetTime(row),
            DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs or DuckDbType.TimestampNs => GetTimestamp(row),
            DuckDbType.TimestampTz or DuckDbType.TimestampTzNs => new DateTimeOffset(GetTimestamp(row)),
            DuckDbType.Interval => GetInterval(row),
            DuckDbType.Decimal => GetDecimal(row),
            DuckDbType.Uuid => GetGuid(row),
            _ => throw new NotSupportedException($"Reading {Type} values is not supported by this binding; cast the column in SQL (e.g. col::VARCHAR)."),
        };
    }

    // ---- writers (for chunks created with DuckDbDataChunk.Create) ----

    /// <summary>
    /// The vector's storage as a writable span of <typeparamref name="T"/> (e.g. <c>long</c> for BIGINT, TIMESTAMP micros).
    /// Only for chunks created for appending.
    /// </summary>
    public Span<T> GetWritableValues<T>()
        where T : unmanaged
    {
        CheckWritable();
        CheckValueSize(sizeof(T));
        return new Span<T>(data, Count);
    }

    /// <summary>Writes a TIMESTAMP (microsecond precision; the wall-clock reading is used whatever the Kind).</summary>
    public void SetTimestamp(int row, DateTime value)
    {
        CheckRow(row);
        CheckWritable();
        if (Type.Id != DuckDbType.Timestamp)
        {
            throw WrongType("SetTimestamp", "TIMESTAMP");
        }
        ((long*)data)[row] = DuckDbConvert.MicrosFromDateTime(value);
    }

    /// <summary>Marks <paramref name="row"/> NULL (chunks created for appending only).</summary>
    public void SetNull(int row)
    {
        CheckRow(row);
        CheckWritable();
        validity[row >> 6] &= ~(1UL << (row & 63));
    }

    /// <summary>Marks <paramref name="row"/> not NULL again (rows start valid; needed only to undo SetNull).</summary>
    public void SetValid(int row)
    {
        CheckRow(row);
        CheckWritable();
        validity[row >> 6] |= 1UL << (row & 63);
    }

    /// <summary>
    /// Writes a VARCHAR (UTF-8) or BLOB value. The <c>duckdb_string_t</c> entry is written in place: values of at most 12
    /// bytes inside it, longer ones as a prefix and a pointer into the chunk's arena (kept until the chunk is reset).
    /// DuckDB does not validate strings given this way, so VARCHAR values are checked here; invalid UTF-8 goes through
    /// DuckDB's own copy, which validates it and stores NULL, exactly as before this fast path existed.
    /// </summary>
    public void SetBytes(int row, ReadOnlySpan<byte> value)
    {
        CheckRow(row);
        CheckWritable();
        var id = Type.Id;
        if (id is not (DuckDbType.Varchar or DuckDbType.Blob))
        {
            throw WrongType("SetBytes", "VARCHAR or BLOB");
        }
        if (id == DuckDbType.Varchar && !Utf8.IsValid(value))
        {
            fixed (byte* bytes = value)
            {
                DuckDbNative.VectorAssignStringElementLength(vector, (ulong)row, bytes, (ulong)value.Length);
            }
            return;
        }
        var entry = (byte*)((DuckDbStringStruct*)data + row);
        // Unused inline bytes must be zero: DuckDB compares the length and prefix (and inlined strings) word by word.
        Unsafe.InitBlockUnaligned(entry, 0, (uint)sizeof(DuckDbStringStruct));
        *(uint*)entry = (uint)value.Length;
        if (value.Length <= DuckDbStringStruct.InlineLength)
        {
            value.CopyTo(new Span<byte>(entry + sizeof(uint), DuckDbStringStruct.InlineLength));
        }
        else
        {
            value[..DuckDbStringStruct.PrefixLength].CopyTo(new Span<byte>(entry + sizeof(uint), DuckDbStringStruct.PrefixLength));
            ((DuckDbStringStruct*)entry)->Pointer = (nint)arena!.Copy(value);
        }
    }

    /// <summary>
    /// Makes every row of this VARCHAR vector <paramref name="value"/>, stored once (a DuckDB constant vector): for
    /// columns that repeat one value, such as lineage, this spares DuckDB a copy per row. Returns false, leaving the
    /// vector as it was, when the bytes are not valid UTF-8. The vector must not be written again until its chunk is
    /// reset; fetch it again with <see cref="DuckDbDataChunk.GetVector"/> after the reset.
    /// </summary>
    public bool TrySetConstantString(ReadOnlySpan<byte> value)
    {
        CheckWritable();
        if (Type.Id != DuckDbType.Varchar)
        {
            throw WrongType("TrySetConstantString", "VARCHAR");
        }
        if (!Utf8.IsValid(value))
        {
            return false;
        }
        nint constant;
        fixed (byte* bytes = value)
        {
            constant = DuckDbNative.CreateVarcharLength(bytes, (ulong)value.Length);
        }
        if (constant == 0)
        {
            throw new DuckDbException($"creating a {value.Length}-byte VARCHAR value (out of memory?)", duckDbMessage: null);
        }
        try
        {
            DuckDbNative.VectorReferenceValue(vector, constant);
        }
        finally
        {
            DuckDbNative.DestroyValue(ref constant);
        }
        return true;
    }

    /// <summary>Encodes <paramref name="value"/> as UTF-8 into the VARCHAR vector.</summary>
    public void SetString(int row, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var utf8 = new PooledUtf8(value, stackalloc byte[256], "VARCHAR value");
        SetBytes(row, utf8.Bytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Read<T>(int row, DuckDbType expected)
        where T : unmanaged
    {
        CheckRow(row);
        return Type.Id == expected ? ((T*)data)[row] : throw WrongType(typeof(T).Name, expected.ToString().ToUpperInvariant());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be 0..{Count - 1} in this vector.");
        }
    }

    private void CheckValueSize(int size)
    {
        if (size != Type.ValueSize)
        {
            throw new InvalidCastException($"A {Type} vector holds {Type.ValueSize}-byte values, not {size}-byte ones.");
        }
    }

    private void CheckWritable()
    {
        if (!writable)
        {
            throw new InvalidOperationException("This vector belongs to a query result and is read-only; write to chunks made with DuckDbDataChunk.Create.");
        }
    }

    private InvalidCastException WrongType(string accessor, string wanted) =>
        new($"{accessor} reads {wanted} columns, but this column is {Type}; use the accessor for {Type} or GetValue.");
}
