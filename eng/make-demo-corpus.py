#!/usr/bin/env python3
"""Writes the demo corpus in fixtures/demo/ deterministically (fixed seed): CSV, JSONL and syslog files,
each with a few known bad rows so quarantine has something to show. Run it again and the bytes are identical."""
import json
import os
import random

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "demo")
rng = random.Random(20261122)
users = ["alice", "bob", "carol", "dave", "erin", "mallory", "svc_backup", "administrator"]
hosts = ["WS-0142", "WS-0177", "DC-01", "FS-02", "LAPTOP-9Q"]
procs = ["cmd.exe", "powershell.exe", "rundll32.exe", "svchost.exe", "explorer.exe", "certutil.exe"]

def ts(i):
    return f"2026-03-{1 + i // 1440 % 28:02d}T{i // 60 % 24:02d}:{i % 60:02d}:{rng.randrange(60):02d}Z"

os.makedirs(os.path.join(out, "csv"), exist_ok=True)
os.makedirs(os.path.join(out, "jsonl"), exist_ok=True)
os.makedirs(os.path.join(out, "syslog"), exist_ok=True)

for day in (1, 2):
    with open(os.path.join(out, "csv", f"logins-day{day}.csv"), "w", newline="\n") as f:
        f.write("timestamp,user,host,logon_type,success,bytes_sent\n")
        for i in range(200):
            row = [ts(day * 1440 + i * 7), rng.choice(users), rng.choice(hosts), str(rng.choice([2, 3, 10])),
                   rng.choice(["true", "false"]), str(rng.randrange(0, 10**6))]
            if i in (17, 123):
                row[5] = "n/a"            # bad: not an integer
            if i == 150:
                row[0] = "yesterday"      # bad: not a timestamp
            f.write(",".join(row) + "\n")

with open(os.path.join(out, "jsonl", "process-events.jsonl"), "w", newline="\n") as f:
    for i in range(300):
        event = {"ts": ts(3 * 1440 + i * 3), "host": rng.choice(hosts), "pid": rng.randrange(100, 65535),
                 "image": rng.choice(procs), "user": rng.choice(users), "parent_pid": rng.randrange(4, 65535)}
        if i == 42:
            f.write('{"ts": "2026-03-04T00:00:00Z", "host": "WS-0142", "pid": \n')  # bad: truncated JSON
            continue
        if i == 200:
            event["pid"] = "four"                                                    # bad: wrong type
        f.write(json.dumps(event, separators=(",", ":")) + "\n")

with open(os.path.join(out, "syslog", "auth.log"), "w", newline="\n") as f:
    # RFC 3164 timestamps carry no year; the syslog plugin takes it from this header, so rows never depend on the clock.
    f.write("# year=2026\n")
    for i in range(250):
        user, host = rng.choice(users), rng.choice(["bastion", "web-1", "db-1"])
        minute = i * 2
        stamp = f"Mar  5 {minute // 60 % 24:02d}:{minute % 60:02d}:{rng.randrange(60):02d}"
        if i in (60, 199):
            f.write("-- MARK -- garbled line without a header\n")                  # bad: not syslog
            continue
        pid = rng.randrange(1000, 40000)
        outcome = rng.choice(["Accepted publickey", "Failed password", "Accepted password"])
        f.write(f"{stamp} {host} sshd[{pid}]: {outcome} for {user} from 10.0.{rng.randrange(256)}.{rng.randrange(256)} port {rng.randrange(1024, 65535)} ssh2\n")
