"""Casparian's python_shim: runs a Python plugin and speaks the plugin protocol for it (DESIGN §6).

Invocation (by the worker): ``python3 -I -X utf8 casparian_shim.py BUNDLE/ENTRYPOINT INPUT_PATH`` with
``CASPARIAN_BUNDLE`` = the bundle folder. Standard library only (Python 3.11+), so any interpreter can run it.

The shim writes the ``hello`` frame, reads the bundle's ``casparian.toml`` and output schemas, loads the plugin
module from its file and calls ``parse(input_path, ctx)``. Each output becomes one Arrow IPC stream on stdout, framed
by ``output_begin``/``output_end`` on stderr; the plugin never touches stdout or stderr itself.

Plugin API
----------
``def parse(input_path: str, ctx) -> None`` in the entrypoint module, where ``ctx`` offers:

- ``ctx.output(name)`` -> an output declared in ``casparian.toml`` (its schema comes from the bundle).
  ``out.write(row)`` takes a dict (column -> value; a missing key is null) or a tuple/list in column order.
  Values: int64 ``int``; float64 ``float`` or ``int``; bool ``bool``; utf8 ``str``; binary ``bytes``;
  timestamp ``datetime.datetime`` (an aware one is converted to UTC, a naive one is taken as UTC; stored as
  microseconds); date ``datetime.date``; ``None`` is null. A value of the wrong type, or null in a non-nullable
  column, is not written: the shim reports a ``row_error`` (reason ``type.<type>`` or ``null.not_nullable``, the
  column and the value) so the row lands in the quarantine table instead of being lost.
  ``out.close()`` ends the output's stream early (optional: every output is closed when ``parse`` returns, and
  every declared output gets a stream, empty if nothing was written).
- ``ctx.row_error(output, reason, column=None, raw=None, line=None)``: an input row the plugin rejects.
- ``ctx.progress(rows, bytes)``: rows produced and input bytes consumed so far.
- ``ctx.warning(message)``: a message for the job's log. (``print`` also ends up there, as warnings.)
- ``ctx.input_path``, ``ctx.bundle_dir``, ``ctx.plugin``, ``ctx.version``.
- ``raise casparian_shim.PluginError(code, message)`` gives up: an ``error`` frame with that code, exit 1. Any
  other exception gives an ``error`` frame (code ``plugin.exception``, the traceback's last line), exit 1.

Streams are never interleaved: the first output written streams straight to stdout; an output written while
another is open is spooled to a temporary file (in TMPDIR) and streamed after the open one is closed.
"""

import datetime
import importlib.util
import io
import json
import os
import sys
import tempfile
import traceback
import unicodedata

PROTOCOL_VERSION = 1
BATCH_ROWS = 16384
# A batch is also cut when its utf8/binary values reach this size, to bound memory and stay within 32-bit offsets.
BATCH_BYTES = 64 * 1024 * 1024
MAX_FRAME_BYTES = 64 * 1024
MAX_COLUMNS = 4096
RESERVED_PREFIX = "_cf_"
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1

# The shim runs as __main__; plugins `import casparian_shim` for PluginError, which must be this very module.
sys.modules.setdefault("casparian_shim", sys.modules[__name__])
# -I leaves the script's folder off sys.path, so the sibling modules are found explicitly.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import casparian_arrow  # noqa: E402
from casparian_blake3 import blake3_hex  # noqa: E402


class PluginError(Exception):
    """Raised by a plugin that gives up: the job fails with this code and message."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = str(code)
        self.message = str(message)


class _Frames:
    """NDJSON control frames on the real stderr, one line each, at most 64 KiB."""

    def __init__(self, sink):
        self.sink = sink

    def send(self, frame):
        line = self._encode(frame)
        if len(line) + 1 > MAX_FRAME_BYTES:
            line = self._shortened(frame)
        self.sink.write(line + b"\n")
        self.sink.flush()

    @staticmethod
    def _encode(frame):
        return json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")

    @classmethod
    def _shortened(cls, frame):
        """The frame with its longest text fields cut (at a character boundary, marked) so the line fits the limit."""
        frame = dict(frame)
        marker = "…[truncated]"
        for key in sorted((k for k, v in frame.items() if isinstance(v, str)), key=lambda k: -len(frame[k])):
            original = frame[key].encode("utf-8", "replace")
            budget = len(original)
            while True:
                excess = len(cls._encode(frame)) + 1 - MAX_FRAME_BYTES
                if excess <= 0:
                    return cls._encode(frame)
                if budget <= 0:
                    break
                # JSON escaping can make a byte longer, so cut by the excess and a margin, then measure again.
                budget = max(0, budget - excess - 64)
                frame[key] = original[:budget].decode("utf-8", "ignore") + marker
        return cls._encode(frame)


class _WarningText(io.TextIOBase):
    """Stands in for sys.stdout/sys.stderr while the plugin runs: its text becomes warning frames, line by line,
    so a stray print() can neither corrupt the Arrow streams nor break the frame protocol."""

    def __init__(self, frames):
        self.frames = frames
        self.pending = ""

    def writable(self):
        return True

    def write(self, text):
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            self.frames.send({"type": "warning", "message": line})
        return len(text)

    def flush(self):
        if self.pending:
            self.frames.send({"type": "warning", "message": self.pending})
            self.pending = ""


class BundleError(Exception):
    """The bundle's manifest or a schema is unusable; the message names the file and the fix."""


def _nfc(value):
    return unicodedata.normalize("NFC", value)


def load_schema(path):
    """The columns [(name, type, nullable)] of a schema file and its schema_hash, by the rules of the plugin spec."""
    try:
        with open(path, "rb") as f:
            document = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        raise BundleError(f"schema {path} cannot be read as JSON ({e}); write {{\"columns\":[...]}}") from e
    if not isinstance(document, dict) or list(document) != ["columns"] or not isinstance(document["columns"], list):
        raise BundleError(f"schema {path} must be an object with exactly one key, \"columns\", holding an array")
    columns, seen = [], set()
    if not 1 <= len(document["columns"]) <= MAX_COLUMNS:
        raise BundleError(f"schema {path} declares {len(document['columns'])} columns; declare between 1 and {MAX_COLUMNS}")
    for index, column in enumerate(document["columns"]):
        if (not isinstance(column, dict) or sorted(column) != ["name", "nullable", "type"]
                or not isinstance(column["name"], str) or not isinstance(column["type"], str)
                or not isinstance(column["nullable"], bool)):
            raise BundleError(f"schema {path}: columns[{index}] must have exactly \"name\" (string), \"type\" (string) and \"nullable\" (true or false)")
        name = _nfc(column["name"])
        if not name or "\0" in name:
            raise BundleError(f"schema {path}: columns[{index}] has an empty name; name every column")
        if name.lower().startswith(RESERVED_PREFIX):
            raise BundleError(f"schema {path}: column '{name}' uses the reserved '{RESERVED_PREFIX}' prefix; rename it")
        if name in seen:
            raise BundleError(f"schema {path}: column '{name}' is declared twice; rename one of them")
        if column["type"] not in casparian_arrow.TYPES:
            raise BundleError(f"schema {path}: column '{name}' has type '{column['type']}'; use one of {', '.join(casparian_arrow.TYPES)}")
        seen.add(name)
        columns.append((name, column["type"], column["nullable"]))
    return columns, schema_hash(columns)


def schema_hash(columns):
    """BLAKE3 hex of the canonical schema JSON: sorted keys, no whitespace, NFC strings, column order kept."""
    canonical = {"columns": [{"name": _nfc(n), "type": _nfc(t), "nullable": nullable} for n, t, nullable in columns]}
    return blake3_hex(json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def load_manifest(bundle_dir):
    """(plugin name, version, {output name: schema path}) from casparian.toml; the schemas are read later, after
    the hello frame, so that a large schema never delays hello past the host's timeout."""
    import tomllib

    path = os.path.join(bundle_dir, "casparian.toml")
    try:
        with open(path, "rb") as f:
            manifest = tomllib.load(f)
    except (OSError, ValueError) as e:
        raise BundleError(f"{path} cannot be read ({e}); every bundle has a casparian.toml") from e
    name, version = manifest.get("name"), manifest.get("version")
    if not isinstance(name, str) or not isinstance(version, str):
        raise BundleError(f"{path} needs string keys 'name' and 'version'")
    outputs = {}
    for entry in manifest.get("outputs", []):
        output, schema = entry.get("name"), entry.get("schema")
        if not isinstance(output, str) or not isinstance(schema, str):
            raise BundleError(f"{path}: every [[outputs]] needs string keys 'name' and 'schema'")
        if os.path.isabs(schema) or ".." in schema.replace("\\", "/").split("/"):
            raise BundleError(f"{path}: output '{output}' has schema '{schema}' outside the bundle; use a relative path inside it")
        outputs[output] = os.path.join(bundle_dir, schema)
    if not outputs:
        raise BundleError(f"{path} declares no [[outputs]]; declare at least one with name, table and schema")
    return name, version, outputs


# Converters to the storage form of each column type; each raises TypeError/ValueError/OverflowError for a value
# that does not fit. The exact-type test comes first because it is the common case and the cheapest.
def _to_int64(value):
    if value.__class__ is not int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        value = int(value)
    if _INT64_MIN <= value <= _INT64_MAX:
        return value
    raise OverflowError


def _to_float64(value):
    if value.__class__ is float:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError
    return float(value)


def _to_bool(value):
    if value.__class__ is not bool:
        raise TypeError
    return value


def _to_utf8(value):
    if not isinstance(value, str):
        raise TypeError
    return value.encode("utf-8")  # lone surrogates raise UnicodeEncodeError, a ValueError


def _to_binary(value):
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError
    return bytes(value)


def _to_timestamp(value):
    if not isinstance(value, datetime.datetime):
        raise TypeError
    return casparian_arrow.timestamp_micros(value)


def _to_date(value):
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError
    return casparian_arrow.date_days(value)


_CONVERTERS = {"int64": _to_int64, "float64": _to_float64, "bool": _to_bool, "utf8": _to_utf8,
               "binary": _to_binary, "timestamp": _to_timestamp, "date": _to_date}


def _raw(value):
    return value.decode("utf-8", "replace") if isinstance(value, (bytes, bytearray)) else str(value)


class Output:
    """One declared output: rows are buffered into column batches and written as one Arrow IPC stream."""

    def __init__(self, runner, name, columns, hash_):
        self._runner = runner
        self.name = name
        self.columns = columns
        self.schema_hash = hash_
        self._index = {column[0]: i for i, column in enumerate(columns)}
        self._converters = [_CONVERTERS[type_name] for _, type_name, _ in columns]
        self._required = [i for i, (_, _, nullable) in enumerate(columns) if not nullable]
        self._variable = [i for i, (_, type_name, _) in enumerate(columns) if type_name in ("utf8", "binary")]
        self._pending = [[] for _ in columns]
        self._pending_rows = 0
        self._pending_bytes = 0
        self.rows = 0
        self.closed = False
        self._writer = None
        self._spool = None

    def write(self, row):
        """Adds one row (dict or tuple/list in column order); a non-conforming row becomes a row_error."""
        if self.closed:
            raise PluginError("plugin.output_closed", f"output '{self.name}' was written after it was closed")
        values = self._values(row)
        converted = []
        append = converted.append
        try:
            for value, convert in zip(values, self._converters):
                append(None if value is None else convert(value))
        except (TypeError, ValueError, OverflowError):
            column, type_name, _ = self.columns[len(converted)]
            self._runner.row_error(self.name, f"type.{type_name}", column, _raw(values[len(converted)]))
            return
        for i in self._required:
            if converted[i] is None:
                self._runner.row_error(self.name, "null.not_nullable", self.columns[i][0], None)
                return
        if self._writer is None:
            # The first accepted row decides: stream now if stdout is free, else spool until it is.
            self._runner.open_stream(self)
        for pending, value in zip(self._pending, converted):
            pending.append(value)
        for i in self._variable:
            if converted[i] is not None:
                self._pending_bytes += len(converted[i])
        self._pending_rows += 1
        if self._pending_rows >= BATCH_ROWS or self._pending_bytes >= BATCH_BYTES:
            self._flush()

    def close(self):
        """Ends this output's stream (every output is closed anyway when parse returns)."""
        self._runner.close_output(self)

    def _values(self, row):
        if isinstance(row, dict):
            if not row.keys() <= self._index.keys():
                unknown = [key for key in row if key not in self._index]
                raise PluginError("plugin.unknown_column", f"output '{self.name}' has no column {unknown[0]!r}; its columns are {', '.join(self._index)}")
            return list(map(row.get, self._index))
        if isinstance(row, (tuple, list)):
            if len(row) != len(self.columns):
                raise PluginError("plugin.row_width", f"a row of output '{self.name}' has {len(row)} values; its schema has {len(self.columns)} columns")
            return row
        raise PluginError("plugin.row_type", f"output '{self.name}' takes a dict or a tuple per row, not {type(row).__name__}")

    def _flush(self):
        if self._writer is None:
            self._runner.open_stream(self)
        if self._pending_rows:
            self._writer.write_batch(self._pending)
            self.rows += self._pending_rows
            self._pending = [[] for _ in self.columns]
            self._pending_rows = 0
            self._pending_bytes = 0

    # Called by the runner.
    def start(self, sink, spooled):
        self._writer = casparian_arrow.StreamWriter(sink, self.columns)
        self._spool = sink if spooled else None

    def unspool(self, sink):
        """Redirects the rest of the stream to ``sink``; returns the spool file holding its beginning."""
        spool, self._spool = self._spool, None
        self._writer.sink = sink
        return spool

    def finish(self):
        """Flushes the last batch and writes the end-of-stream marker; returns the spool file, if any."""
        self._flush()
        self._writer.close()
        self.closed = True
        return self._spool


class Context:
    """What parse(input_path, ctx) receives; see the module docstring."""

    def __init__(self, runner, input_path, bundle_dir, plugin, version):
        self._runner = runner
        self.input_path = input_path
        self.bundle_dir = bundle_dir
        self.plugin = plugin
        self.version = version

    def output(self, name):
        return self._runner.output(name)

    def row_error(self, output, reason, column=None, raw=None, line=None):
        self._runner.output(output)  # an unknown output name is a plugin bug, reported as such
        self._runner.row_error(output, reason, column, raw, line)

    def progress(self, rows, bytes):  # noqa: A002 (the protocol's field name)
        self._runner.frames.send({"type": "progress", "rows": int(rows), "bytes": int(bytes)})

    def warning(self, message):
        self._runner.frames.send({"type": "warning", "message": str(message)})


class Runner:
    """Owns stdout: decides which output streams now and which are spooled, and frames every stream."""

    def __init__(self, frames, stdout, declared):
        self.frames = frames
        self.stdout = stdout
        self.declared = declared
        self.outputs = {}
        self.streaming = None
        self.spooled = []

    def output(self, name):
        if name not in self.outputs:
            if name not in self.declared:
                raise PluginError("plugin.unknown_output", f"output '{name}' is not declared in casparian.toml; declared: {', '.join(self.declared)}")
            columns, hash_ = self.declared[name]
            self.outputs[name] = Output(self, name, columns, hash_)
        return self.outputs[name]

    def row_error(self, output, reason, column=None, raw=None, line=None):
        frame = {"type": "row_error", "output": output, "reason": str(reason),
                 "column": None if column is None else str(column), "raw": None if raw is None else _raw(raw)}
        if line is not None:
            frame["line"] = int(line)
        self.frames.send(frame)

    def open_stream(self, output):
        if self.streaming is None:
            self._begin(output)
            output.start(self.stdout, spooled=False)
            self.streaming = output
        else:
            output.start(tempfile.TemporaryFile(prefix=f"casparian-spool-{output.name}-"), spooled=True)
            self.spooled.append(output)

    def close_output(self, output):
        if output.closed:
            return
        if output._writer is None:
            self.open_stream(output)
        spool = output.finish()
        if spool is None:
            self._end(output)
            self.streaming = None
            self._drain_spools()

    def _drain_spools(self):
        """Streams spooled outputs that are complete, in the order they were first written; then a spooled output
        still open becomes the streaming one (its spool goes out now, the rest of its rows follow live)."""
        while self.streaming is None and self.spooled:
            output = self.spooled.pop(0)
            self._begin(output)
            spool = output.unspool(self.stdout)
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                self.stdout.write(chunk)
            spool.close()
            if output.closed:
                self._end(output)
            else:
                self.streaming = output

    def _begin(self, output):
        self.frames.send({"type": "output_begin", "output": output.name, "schema_hash": output.schema_hash})

    def _end(self, output):
        self.stdout.flush()
        self.frames.send({"type": "output_end", "output": output.name, "rows": output.rows})

    def close_all(self):
        """At the return of parse: every declared output is closed, and one never written gets an empty stream."""
        for name in self.declared:
            self.output(name)
        while True:
            pending = [o for o in self.outputs.values() if not o.closed]
            if not pending:
                break
            # The streaming output first, so spools can follow it; then spooled ones in order; then the rest.
            first = self.streaming or (self.spooled[0] if self.spooled else pending[0])
            self.close_output(first)


def _load_plugin(entrypoint):
    directory = os.path.dirname(os.path.abspath(entrypoint))
    # Plugins may import helper modules that sit next to them in the bundle.
    sys.path.insert(1, directory)
    module_name = "casparian_plugin_" + os.path.splitext(os.path.basename(entrypoint))[0]
    spec = importlib.util.spec_from_file_location(module_name, entrypoint)
    if spec is None or spec.loader is None:
        raise PluginError("plugin.entrypoint", f"{entrypoint} cannot be loaded as a Python module; point entrypoint at a .py file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    parse = getattr(module, "parse", None)
    if not callable(parse):
        raise PluginError("plugin.no_parse", f"{entrypoint} defines no parse(input_path, ctx) function; add one")
    return parse


def main(argv):
    real_stdout = sys.stdout.buffer
    frames = _Frames(sys.stderr.buffer)
    if len(argv) != 3:
        frames.send({"type": "hello", "protocol_version": PROTOCOL_VERSION, "plugin": "", "version": ""})
        frames.send({"type": "error", "code": "shim.usage", "message": "usage: casparian_shim.py ENTRYPOINT INPUT_PATH"})
        return 2
    entrypoint, input_path = argv[1], argv[2]
    bundle_dir = os.environ.get("CASPARIAN_BUNDLE") or os.path.dirname(os.path.abspath(entrypoint))
    try:
        plugin, version, schema_paths = load_manifest(bundle_dir)
    except (BundleError, ImportError) as e:
        frames.send({"type": "hello", "protocol_version": PROTOCOL_VERSION, "plugin": os.path.basename(bundle_dir), "version": ""})
        frames.send({"type": "error", "code": "shim.bundle", "message": str(e)})
        return 1
    frames.send({"type": "hello", "protocol_version": PROTOCOL_VERSION, "plugin": plugin, "version": version})
    try:
        declared = {output: load_schema(path) for output, path in schema_paths.items()}
    except BundleError as e:
        frames.send({"type": "error", "code": "shim.bundle", "message": str(e)})
        return 1

    sys.stdout = _WarningText(frames)
    sys.stderr = _WarningText(frames)
    try:
        runner = Runner(frames, real_stdout, declared)
        parse = _load_plugin(entrypoint)
        parse(input_path, Context(runner, input_path, bundle_dir, plugin, version))
        sys.stdout.flush()
        sys.stderr.flush()
        runner.close_all()
        real_stdout.flush()
        return 0
    except PluginError as e:
        _flush_quietly()
        frames.send({"type": "error", "code": e.code, "message": e.message})
        return 1
    except BrokenPipeError:
        # The host stopped reading (it has already failed the job); there is no one left to tell.
        return 1
    except BaseException as e:  # noqa: BLE001 - every failure of the plugin must become an error frame
        _flush_quietly()
        for line in traceback.format_exception(e):
            for part in line.rstrip("\n").split("\n"):
                frames.send({"type": "warning", "message": part})
        last = traceback.format_exception_only(e)[-1].strip()
        frames.send({"type": "error", "code": "plugin.exception", "message": last})
        return 1


def _flush_quietly():
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, _WarningText):
            stream.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
