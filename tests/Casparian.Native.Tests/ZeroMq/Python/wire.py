"""The framed wire exchange of the interop tests, done independently with python3-zmq and struct.

Every message is [header: struct '!BBHIQ' = version 1, opcode, flags 0, meta_len, job_id][meta: UTF-8 JSON].
A DEALER sends HEARTBEAT for jobs 1..COUNT, the ROUTER answers each with ACCEPT for the same job, then the DEALER
sends BYE and the ROUTER echoes it, so both sides know every message arrived before they close.
"""
import json
import struct

HEADER = struct.Struct("!BBHIQ")
VERSION = 1
HEARTBEAT, ACCEPT, BYE = 4, 7, 9
TIMEOUT_MS = 20000


def frames(opcode, job_id, meta):
    body = json.dumps(meta, separators=(",", ":")).encode("utf-8")
    return [HEADER.pack(VERSION, opcode, 0, len(body), job_id), body]


def expect(parts, opcode, job_id):
    """Checks [header, meta] and returns the decoded meta."""
    if len(parts) != 2:
        raise AssertionError(f"expected 2 frames, got {len(parts)}")
    if len(parts[0]) != HEADER.size:
        raise AssertionError(f"header has {len(parts[0])} bytes, expected {HEADER.size}")
    version, op, flags, meta_len, jid = HEADER.unpack(parts[0])
    if (version, op, flags, jid) != (VERSION, opcode, 0, job_id):
        raise AssertionError(f"expected v1 opcode {opcode} job {job_id}, got v{version} opcode {op} flags {flags} job {jid}")
    if meta_len != len(parts[1]):
        raise AssertionError(f"meta_len {meta_len} but meta frame has {len(parts[1])} bytes")
    return json.loads(parts[1].decode("utf-8"))


def heartbeat(job_id):
    return frames(HEARTBEAT, job_id, {"running_jobs": [job_id], "free_slots": 1, "sent_at_unix_ms": 0})


def accept(job_id):
    return frames(ACCEPT, job_id, {"attempt": 1})


def bye():
    return frames(BYE, 0, {"reason": "done"})
