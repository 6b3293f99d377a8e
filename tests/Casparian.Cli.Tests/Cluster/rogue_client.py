"""A rogue peer for the cluster tests: for SECONDS seconds it sends random and malformed frames to a Sentinel's
ROUTER over a python3-zmq DEALER, then prints how many messages it sent. Bounded in time and count; loopback only."""
import os
import random
import struct
import sys
import time

import zmq

endpoint, seconds = sys.argv[1], float(sys.argv[2])
if not endpoint.startswith("tcp://127."):
    sys.exit("refusing a non-loopback endpoint")
rng = random.Random(1234)
ctx = zmq.Context()
sock = ctx.socket(zmq.DEALER)
sock.setsockopt(zmq.LINGER, 0)
sock.setsockopt(zmq.SNDHWM, 10000)
sock.setsockopt(zmq.IDENTITY, b"rogue-client")
sock.connect(endpoint)

def malformed():
    kind = rng.randrange(8)
    if kind == 0:
        return [os.urandom(rng.randrange(0, 64))]
    if kind == 1:
        return [struct.pack("!BBHIQ", 2, 4, 0, 2, 0), b"{}"]                      # bad version
    if kind == 2:
        return [struct.pack("!BBHIQ", 1, 99, 0, 2, 0), b"{}"]                     # unknown opcode
    if kind == 3:
        return [struct.pack("!BBHIQ", 1, 4, 0x8000, 2, 0), b"{}"]                 # reserved flags
    if kind == 4:
        return [struct.pack("!BBHIQ", 1, 4, 0, 50, 0), b"{}"]                     # meta_len disagrees
    if kind == 5:
        return [struct.pack("!BBHIQ", 1, 1, 0, 0xFFFFFFF0, 0), b"{}"]             # oversize meta
    if kind == 6:
        meta = b"{not json" + os.urandom(8)
        return [struct.pack("!BBHIQ", 1, 5, 0, len(meta), 7), meta]               # invalid JSON
    return [struct.pack("!BBHIQ", 1, 7, 0, 2, 0)]                                 # missing meta frame

sent = 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline and sent < 5_000_000:
    try:
        sock.send_multipart(malformed(), flags=zmq.NOBLOCK)
        sent += 1
    except zmq.Again:
        time.sleep(0.001)
    while sock.poll(0):
        sock.recv_multipart()  # the Sentinel's ERR answers
print(f"rogue sent {sent}", flush=True)
sock.close()
ctx.term()
