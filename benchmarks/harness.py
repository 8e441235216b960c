"""Timing and memory of one step: as a process (its own rusage) or in process (median of runs)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Step:
    """One measured step at one size: wall times of its runs and its peak memory."""

    size: str
    step: str
    how: str  # "process" or "in process"
    times: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def policy_cmd() -> list[str]:
    """The ``policy`` command of this environment (the console script when there is one)."""
    script = Path(sys.executable).with_name("policy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policy.cli"]


def bench_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)


def run_process(cmd: list[str], env: dict[str, str] | None = None,
                timeout: float | None = None) -> tuple[float, float, int, str]:
    """Run ``cmd``; (wall seconds, peak resident MB of that process, exit code, output tail)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env or bench_env(), cwd=REPO)
        timer = None
        if timeout:
            import threading

            timer = threading.Timer(timeout, proc.kill)
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        finally:
            if timer:
                timer.cancel()
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        tail = out.read()[-3000:].decode("utf-8", "replace")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, tail


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def traced_peak_mb(fn: Callable[[], Any]) -> float:
    """Peak Python memory (tracemalloc) while ``fn`` runs; a separate run, as tracing is slow."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure_apart(what: str, data: Path, runs: int) -> dict[str, Any]:
    """Run one in-process measurement (``benchmarks.probes.measure``) in a fresh interpreter, so
    that no earlier step's memory or caches weigh on it."""
    cmd = [sys.executable, "-m", "benchmarks", "--measure", what, str(data), str(runs)]
    proc = subprocess.run(cmd, cwd=REPO, env=bench_env(), capture_output=True,
                          text=True, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"测量 {what} 失败：\n{proc.stdout}{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def as_process(size: str, name: str, cmd: list[str], runs: int, env: dict[str, str] | None = None,
               timeout: float | None = None, after: Callable[[Step], None] | None = None) -> Step:
    step = Step(size, name, "process")
    peaks = []
    for _ in range(runs):
        elapsed, peak, code, tail = run_process(cmd, env, timeout)
        if code != 0:
            last = tail.strip().splitlines()[-1][:120] if tail.strip() else ""
            late = "，超时" if timeout and elapsed >= timeout else ""
            step.note = f"失败（退出码 {code}{late}）：{last}"
            break
        step.times.append(elapsed)
        peaks.append(peak)
        if after:
            after(step)
    step.peak_mb = max(peaks) if peaks else None
    return step


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
