"""Arrow IPC stream writer in pure Python (standard library only) for the types plugin outputs declare:
int64, float64, bool, utf8, binary, timestamp (microseconds, UTC) and date (date32 days), all nullable.

The Arrow format is https://arrow.apache.org/docs/format/Columnar.html; its metadata are FlatBuffers described by
Schema.fbs and Message.fbs. Only what this writer emits is encoded here, by a small forward-writing FlatBuffer
serialiser: every table is written before the objects it points to, so every offset is a positive distance.

    writer = StreamWriter(binary_file, columns)   # columns: [(name, type, nullable), ...]
    writer.write_batch(column_values)             # one list of Python values (None = null) per column
    writer.close()                                # the end-of-stream marker
"""

import datetime
import struct

TYPES = ("int64", "float64", "bool", "utf8", "binary", "timestamp", "date")

_CONTINUATION = b"\xff\xff\xff\xff"
_METADATA_V5 = 4
_HEADER_SCHEMA = 1
_HEADER_RECORD_BATCH = 3
# Arrow's Type union: the member index of each type table, and that table's fields.
_TYPE_INT, _TYPE_FLOAT, _TYPE_BINARY, _TYPE_UTF8, _TYPE_BOOL, _TYPE_DATE, _TYPE_TIMESTAMP = 2, 3, 4, 5, 6, 8, 10
_PRECISION_DOUBLE = 2
_DATE_UNIT_DAY = 0
_TIME_UNIT_MICROSECOND = 2
# Offsets of utf8/binary columns are 32-bit, so one batch column holds at most this many value bytes.
MAX_VARIABLE_BYTES = 2**31 - 1

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EPOCH_DATE = datetime.date(1970, 1, 1)
_MICROSECOND = datetime.timedelta(microseconds=1)


class _Table:
    """A FlatBuffer table to serialise: (slot, kind, value) fields, kind one of u8, i16, i32, i64, bool, ref.

    A ref value is another object to serialise after this table: a _Table, _String, _TableVector or _StructVector.
    """

    def __init__(self, *fields):
        self.fields = [f for f in fields if f is not None]


class _String:
    def __init__(self, text):
        self.data = text.encode("utf-8")


class _TableVector:
    def __init__(self, tables):
        self.tables = list(tables)


class _StructVector:
    """A vector of structs made of int64 pairs (Arrow's FieldNode and Buffer are both two longs)."""

    def __init__(self, pairs):
        self.pairs = list(pairs)


_SCALARS = {"u8": ("<B", 1), "bool": ("<B", 1), "i16": ("<h", 2), "i32": ("<i", 4), "i64": ("<q", 8), "ref": ("<I", 4)}


class _FlatBufferWriter:
    def __init__(self):
        self.buf = bytearray(4)  # the root offset, patched once the root table is placed

    def _align(self, alignment, before=0):
        """Pads so that the position after ``before`` more bytes is a multiple of ``alignment``."""
        while (len(self.buf) + before) % alignment:
            self.buf.append(0)

    def finish(self, root):
        position = self._write(root)
        struct.pack_into("<I", self.buf, 0, position)
        self._align(8)
        return bytes(self.buf)

    def _write(self, obj):
        if isinstance(obj, _Table):
            return self._write_table(obj)
        if isinstance(obj, _String):
            self._align(4)
            position = len(self.buf)
            self.buf += struct.pack("<I", len(obj.data)) + obj.data + b"\0"
            return position
        if isinstance(obj, _StructVector):
            self._align(8, before=4)
            position = len(self.buf)
            self.buf += struct.pack("<I", len(obj.pairs))
            for a, b in obj.pairs:
                self.buf += struct.pack("<qq", a, b)
            return position
        if isinstance(obj, _TableVector):
            self._align(4)
            position = len(self.buf)
            self.buf += struct.pack("<I", len(obj.tables))
            slots = len(self.buf)
            self.buf += bytes(4 * len(obj.tables))
            for i, table in enumerate(obj.tables):
                target = self._write(table)
                slot = slots + 4 * i
                struct.pack_into("<I", self.buf, slot, target - slot)
            return position
        raise TypeError(f"cannot serialise {type(obj).__name__}")

    def _write_table(self, table):
        # Lay the fields out after the 4-byte vtable offset, largest first, each aligned to its size.
        layout, size = [], 4
        for slot, kind, value in sorted(table.fields, key=lambda f: -_SCALARS[f[1]][1]):
            width = _SCALARS[kind][1]
            size += (-size) % width
            layout.append((slot, kind, value, size))
            size += width
        slot_count = 1 + max((f[0] for f in table.fields), default=-1)
        vtable = [0] * slot_count
        for slot, _, _, offset in layout:
            vtable[slot] = offset
        # The vtable goes first; the table follows, 8-aligned so that every field offset is aligned in the buffer.
        self._align(2)
        vtable_position = len(self.buf)
        self.buf += struct.pack(f"<HH{slot_count}H", 4 + 2 * slot_count, size, *vtable)
        self._align(8)
        position = len(self.buf)
        self.buf += bytes(size)
        struct.pack_into("<i", self.buf, position, position - vtable_position)
        refs = []
        for slot, kind, value, offset in layout:
            if kind == "ref":
                refs.append((position + offset, value))
            else:
                struct.pack_into(_SCALARS[kind][0], self.buf, position + offset, int(value))
        for field_position, value in refs:
            target = self._write(value)
            struct.pack_into("<I", self.buf, field_position, target - field_position)
        return position


def _type_table(type_name):
    if type_name == "int64":
        return _TYPE_INT, _Table((0, "i32", 64), (1, "bool", True))
    if type_name == "float64":
        return _TYPE_FLOAT, _Table((0, "i16", _PRECISION_DOUBLE))
    if type_name == "bool":
        return _TYPE_BOOL, _Table()
    if type_name == "utf8":
        return _TYPE_UTF8, _Table()
    if type_name == "binary":
        return _TYPE_BINARY, _Table()
    if type_name == "timestamp":
        return _TYPE_TIMESTAMP, _Table((0, "i16", _TIME_UNIT_MICROSECOND), (1, "ref", _String("UTC")))
    if type_name == "date":
        # DAY is 0, which is not the default (MILLISECOND), so the field is written explicitly.
        return _TYPE_DATE, _Table((0, "i16", _DATE_UNIT_DAY))
    raise ValueError(f"unknown column type '{type_name}'; use one of {', '.join(TYPES)}")


def _message(header_type, header, body_length):
    return _FlatBufferWriter().finish(_Table(
        (0, "i16", _METADATA_V5), (1, "u8", header_type), (2, "ref", header), (3, "i64", body_length)))


def schema_message(columns):
    """The encapsulated Schema message for [(name, type, nullable), ...]."""
    fields = []
    for name, type_name, nullable in columns:
        type_id, type_table = _type_table(type_name)
        fields.append(_Table((0, "ref", _String(name)), (1, "bool", nullable), (2, "u8", type_id),
                             (3, "ref", type_table), (5, "ref", _TableVector([]))))
    schema = _Table((0, "i16", 0), (1, "ref", _TableVector(fields)))
    return _encapsulate(_message(_HEADER_SCHEMA, schema, 0), b"")


def _encapsulate(metadata, body):
    # The metadata length counts the padding that keeps the body 8-byte aligned (metadata is already a multiple of 8).
    return _CONTINUATION + struct.pack("<i", len(metadata)) + metadata + body


def end_of_stream():
    return _CONTINUATION + b"\0\0\0\0"


def timestamp_micros(value):
    """Microseconds since the epoch, UTC; a naive datetime is taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return (value - _EPOCH) // _MICROSECOND


def date_days(value):
    return (value - _EPOCH_DATE).days


def _bitmap(flags):
    out = bytearray((len(flags) + 7) // 8)
    for i, flag in enumerate(flags):
        if flag:
            out[i >> 3] |= 1 << (i & 7)
    return bytes(out)


def _column_buffers(type_name, values):
    """The buffers (validity first) of one column, and its null count. Values are already checked and converted."""
    valid = [v is not None for v in values]
    null_count = valid.count(False)
    validity = _bitmap(valid) if null_count else b""
    if type_name == "bool":
        return [validity, _bitmap([bool(v) for v in values])], null_count
    if type_name == "float64":
        return [validity, struct.pack(f"<{len(values)}d", *(0.0 if v is None else v for v in values))], null_count
    if type_name == "date":
        return [validity, struct.pack(f"<{len(values)}i", *(0 if v is None else v for v in values))], null_count
    if type_name in ("int64", "timestamp"):
        return [validity, struct.pack(f"<{len(values)}q", *(0 if v is None else v for v in values))], null_count
    offsets, data, total = [0], [], 0
    for v in values:
        if v is not None:
            data.append(v)
            total += len(v)
        offsets.append(total)
    if total > MAX_VARIABLE_BYTES:
        raise OverflowError(f"a {type_name} column holds {total} bytes in one batch; at most {MAX_VARIABLE_BYTES} fit")
    return [validity, struct.pack(f"<{len(offsets)}i", *offsets), b"".join(data)], null_count


def record_batch_message(columns, column_values, length):
    """The encapsulated RecordBatch message: columns as in schema_message, values converted to their storage form
    (int for int64/timestamp/date, float, bool, bytes for utf8/binary, None for null)."""
    nodes, buffers, body = [], [], bytearray()
    for (_, type_name, _), values in zip(columns, column_values):
        column_buffers, null_count = _column_buffers(type_name, values)
        nodes.append((length, null_count))
        for buffer in column_buffers:
            buffers.append((len(body), len(buffer)))
            body += buffer
            body += bytes((-len(body)) % 8)
    batch = _Table((0, "i64", length), (1, "ref", _StructVector(nodes)), (2, "ref", _StructVector(buffers)))
    return _encapsulate(_message(_HEADER_RECORD_BATCH, batch, len(body)), bytes(body))


class StreamWriter:
    """Writes one Arrow IPC stream: the schema at once, then batches, then the end-of-stream marker."""

    def __init__(self, sink, columns):
        for name, type_name, _ in columns:
            _type_table(type_name)
        self.sink = sink
        self.columns = list(columns)
        self.sink.write(schema_message(self.columns))

    def write_batch(self, column_values):
        length = len(column_values[0]) if column_values else 0
        self.sink.write(record_batch_message(self.columns, column_values, length))

    def close(self):
        self.sink.write(end_of_stream())
