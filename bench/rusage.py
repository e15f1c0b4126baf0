#!/usr/bin/env python3
"""Runs a command RUNS times (after one warm-up) and prints, per run, the CPU
time (user+sys, its children included, from getrusage: microseconds, unlike
GNU time's 10 ms) and wall time in ms; then the largest child's peak RSS (KiB).
Usage: rusage.py RUNS CMD [ARGS...]"""
import resource
import subprocess
import sys
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
print(f"maxrss {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
