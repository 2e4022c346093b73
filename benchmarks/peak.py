#!/usr/bin/env python3
"""Runs a command and prints its wall seconds and peak resident memory (MiB).

usage: benchmarks/peak.py OUTPUT COMMAND [ARG…]   (the command's standard output goes to OUTPUT)

A separate small process on purpose: a child's peak RSS (wait4's ru_maxrss) includes the
memory of the process it was forked from, so run.py, which holds the generated data, must not
fork the measured command itself.
"""
import os, subprocess, sys, time

with open(sys.argv[1], "wb") as out:
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    error = proc.stderr.read().decode(errors="replace")
code = os.waitstatus_to_exitcode(status)
if code != 0:
    sys.stderr.write(error[-2000:])
    sys.exit(code if code > 0 else 1)
print(f"{elapsed} {usage.ru_maxrss / 1024}")
