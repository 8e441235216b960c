"""The one writer of generated output: everything lands whole or not at all.

A folder is written beside its destination and swapped in with renames, so an interrupted run
leaves the previous output as it was, and the next run cleans up what the interrupted one left.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path


def write_file(dest: Path, data: bytes | str) -> None:
    """Write one file atomically (temporary file in the same folder, then rename)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; published files are for everyone
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_dir(dest: Path, fill: Callable[[Path], None]) -> None:
    """Build a folder with ``fill(tmpdir)`` and swap it in for ``dest`` only when complete."""
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    for stale in dest.parent.glob(f".{dest.name}.*"):  # left by an interrupted run
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
        if dest.exists():
            old = dest.parent / f".{dest.name}.old-{os.getpid()}"
            os.replace(dest, old)
            os.replace(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_tree(dest: Path, files: Mapping[str, str | bytes]) -> None:
    """Replace ``dest`` with exactly ``files`` (relative path -> content)."""

    def fill(tmp: Path) -> None:
        for rel, content in files.items():
            p = tmp / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    replace_dir(dest, fill)


def work_dir(beside: Path) -> Path:
    """A private working folder next to ``beside`` (same file system, so renames are cheap);
    ones left by a process that is gone are removed first."""
    beside = beside.resolve()
    beside.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{beside.name}-work-"
    for stale in beside.parent.glob(prefix + "*"):
        pid = stale.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=beside.parent))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
