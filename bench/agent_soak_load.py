#!/usr/bin/env python3
"""Load for bench/agent_soak.sh, on 127.0.0.1 only and bounded in count and time.

Against the agent's health server at PORT for SECONDS: SLOW connections that each
send one byte a second (reopened when the server closes them), garbage requests
(GARBAGE a second: bad request lines, binary, oversized headers, wrong methods), and
a normal probe (GET /health) every 0.5 s with a 2 s timeout. Prints one line of
key=value results; a probe counts as answered when it got a status line within 1 s.
"""
import os
import random
import select
import socket
import sys
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
slow_count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
garbage_rate = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
HOST = "127.0.0.1"
REQ = b"GET /health HTTP/1.1\r\nHost: soak\r\nUser-Agent: slowloris\r\nX-Pad: " + b"a" * 64


def connect():
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect((HOST, port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        return None
    return s


GARBAGE = [
    lambda: os.urandom(random.randint(1, 512)),
    lambda: b"\r\n\r\n",
    lambda: b"GET\r\n\r\n",
    lambda: b"GET /health\r\n\r\n",
    lambda: b"POST /health HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
    lambda: b"GET /" + b"x" * 100000 + b" HTTP/1.1\r\n\r\n",
    lambda: b"GET /health HTTP/1.1\r\n" + b"X: y\r\n" * 5000 + b"\r\n",
    lambda: b"DELETE /metrics HTTP/1.1\r\n\r\n",
    lambda: b"GET /health HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
]


def garbage_once():
    try:
        s = socket.create_connection((HOST, port), timeout=2)
        s.sendall(random.choice(GARBAGE)())
        s.settimeout(2)
        s.recv(4096)
        s.close()
    except OSError:
        pass


def probe():
    t0 = time.monotonic()
    try:
        s = socket.create_connection((HOST, port), timeout=2)
        s.settimeout(2)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: soak\r\n\r\n")
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        took = time.monotonic() - t0
        return took, data.startswith(b"HTTP/1.1 200") or data.startswith(b"HTTP/1.1 503")
    except OSError:
        return time.monotonic() - t0, False


slow = {}  # socket -> bytes sent
end = time.monotonic() + seconds
next_tick = next_probe = next_garbage = time.monotonic()
lat, answered, total, garbage_sent, slow_opened = [], 0, 0, 0, 0
while time.monotonic() < end:
    now = time.monotonic()
    if now >= next_tick:  # one byte per slow connection per second; reopen closed ones
        next_tick += 1.0
        for s in list(slow):
            try:
                s.send(REQ[slow[s] % len(REQ):slow[s] % len(REQ) + 1])
                slow[s] += 1
            except OSError:
                s.close()
                del slow[s]
        r, _, _ = select.select(list(slow), [], [], 0)
        for s in r:  # closed by the server (deadline) or answered: reopen
            try:
                if s.recv(4096) == b"":
                    raise OSError
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                pass
            s.close()
            del slow[s]
        while len(slow) < slow_count:
            s = connect()
            if s is None:
                break
            slow[s] = 0
            slow_opened += 1
    if now >= next_garbage:
        next_garbage += 1.0 / garbage_rate
        garbage_once()
        garbage_sent += 1
    if now >= next_probe:
        next_probe += 0.5
        took, ok = probe()
        total += 1
        lat.append(took)
        if ok and took < 1.0:
            answered += 1
    time.sleep(0.01)
for s in slow:
    s.close()
lat.sort()
p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0
print(f"probes_answered={answered} probes_total={total} max_ms={lat[-1]*1000 if lat else 0:.1f} "
      f"p99_ms={p99*1000:.1f} garbage={garbage_sent} slow_opened={slow_opened}")
