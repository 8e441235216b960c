"""No test can hang CI: every wait on a process in the tests (and the benchmarks) is bounded."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# calls that wait for a child process and take a ``timeout``
WAITING = {"run", "check_output", "check_call", "call", "wait", "communicate"}


def unbounded_waits(source: str) -> list[int]:
    """Lines of calls such as ``subprocess.run(...)`` or ``proc.wait()`` without ``timeout``."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        if name not in WAITING:
            continue
        owner = node.func.value
        is_subprocess = isinstance(owner, ast.Name) and owner.id == "subprocess"
        if name in ("run", "check_output", "check_call", "call") and not is_subprocess:
            continue  # not a process (e.g. a server's ``run``)
        if not any(k.arg == "timeout" for k in node.keywords) and not (
                name == "wait" and node.args):  # proc.wait(60)
            out.append(node.lineno)
    return out


def test_the_scanner_finds_an_unbounded_wait() -> None:
    assert unbounded_waits("import subprocess\nsubprocess.run(['x'])\np.wait()\n") == [2, 3]
    assert unbounded_waits("subprocess.run(['x'], timeout=5)\np.wait(timeout=1)\n") == []


def test_every_wait_on_a_process_is_bounded() -> None:
    found = []
    for folder in ("tests", "benchmarks"):
        for path in sorted((ROOT / folder).glob("*.py")):
            for line in unbounded_waits(path.read_text("utf-8")):
                found.append(f"{Path(folder) / path.name}:{line}")
    assert found == [], "waits without a timeout: " + ", ".join(found)
