"""Run one command; write its wall time and peak RSS as JSON: ``measure.py RESULT CMD...``.

Linux carries a forked parent's RSS high-water mark over exec into the child's ru_maxrss, so
a process spawned straight from the (large) benchmark would report the benchmark's memory.
Spawned from this small script and reaped with ``os.wait4``, it reports its own. A watchdog
kills it past ``TIMEOUT`` seconds or ``RSS_CAP_MIB`` of memory, to spare a shared machine.
The command's stdout and stderr pass through.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMEOUT = 120.0  # seconds: four times the 100k target
RSS_CAP_MIB = 4096  # four times the 100k target


def _rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    kib = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")), 0)
    return int(kib) / 1024


def _watchdog(pid: int, pidfd: int, done: threading.Event, why: list[str]) -> None:
    """Kill the process (through a pidfd, so never a reused pid) past the time or memory cap."""
    t0 = time.perf_counter()
    while not done.wait(0.05):
        elapsed = time.perf_counter() - t0
        if elapsed > TIMEOUT:
            why.append(f"killed after {TIMEOUT:g} s")
        elif _rss_mib(pid) > RSS_CAP_MIB:
            why.append(f"killed over {RSS_CAP_MIB} MiB RSS after {elapsed:.0f} s")
        else:
            continue
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        return


def main() -> None:
    result, cmd = Path(sys.argv[1]), sys.argv[2:]
    done, why = threading.Event(), []
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    pidfd = os.pidfd_open(proc.pid)  # before the process is reaped: its pid is still ours
    watchdog = threading.Thread(target=_watchdog, args=(proc.pid, pidfd, done, why))
    watchdog.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    done.set()
    watchdog.join()
    os.close(pidfd)
    proc.returncode = os.waitstatus_to_exitcode(status)
    report = {"seconds": seconds, "peak_kib": usage.ru_maxrss, "exit": proc.returncode}
    result.write_text(json.dumps({**report, "killed": "".join(why)}), encoding="utf-8")


if __name__ == "__main__":
    main()
