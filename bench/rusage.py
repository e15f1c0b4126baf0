#!/usr/bin/env python3
"""Runs a command RUNS times (after one warm-up) and prints, per run, the CPU
time (user+sys, its children included, from getrusage: microseconds, unlike
GNU time's 10 ms) and wall time in ms; then the peak RSS (KiB) of the largest
process of the command's tree.

The peak RSS comes from one more run under GNU time (/usr/bin/time -f %M), not
from this process's RUSAGE_CHILDREN: Python starts children with vfork, and the
kernel then records Python's own RSS (~14 MiB) as the child's high-water mark at
exec, so every command would seem to need at least that much (even /bin/true).
GNU time forks from a ~1 MiB process.
Usage: rusage.py RUNS CMD [ARGS...]"""
import resource
import subprocess
import sys
import tempfile
import time

runs = int(sys.argv[1])
cmd = sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        sys.exit(f"{cmd[0]} exited {rc}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"cpu {cpu * 1000:.3f} wall {wall * 1000:.3f}")
with tempfile.NamedTemporaryFile("r") as out:
    rc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *cmd],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if rc != 0:
        sys.exit(f"{cmd[0]} exited {rc} under /usr/bin/time")
    print(f"maxrss {int(out.read().split()[-1])}")
