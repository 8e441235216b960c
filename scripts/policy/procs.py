"""Stopping a child process within a bounded time, whatever it does with signals.

A server asked to stop with SIGINT (as Ctrl+C would) may not exit: on a loaded machine
``mkdocs serve`` once ignored it for minutes. ``stop`` asks politely, then firmly, then kills, and
waits a bounded time at each step; it never waits forever.
"""

from __future__ import annotations

import os
import signal
import subprocess

GRACE = 10.0  # seconds allowed after SIGINT, and again after SIGTERM


def _signal(proc: subprocess.Popen[bytes] | subprocess.Popen[str], sig: int,
            group: bool) -> None:
    try:
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str], grace: float = GRACE,
         group: bool | None = None) -> list[str]:
    """Stop ``proc`` (and its process group when it leads one): SIGINT, then SIGTERM, then
    SIGKILL, each followed by a bounded wait. Returns the signals it took, e.g. ["SIGINT"]."""
    if group is None:
        try:
            group = os.getpgid(proc.pid) == proc.pid
        except ProcessLookupError:
            group = False
    used: list[str] = []
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            break
        _signal(proc, sig, group)
        used.append(signal.Signals(sig).name)
        try:
            proc.wait(timeout=grace if sig != signal.SIGKILL else 60)
        except subprocess.TimeoutExpired:
            continue
    if group:  # whatever the leader left behind in its group
        _signal(proc, signal.SIGKILL, True)
    return used
