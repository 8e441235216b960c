"""What ``policy diff`` compares: a released edition, the draft, a folder or a git ref."""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from . import report
from .checker import check
from .editions import DRAFT, EDITIONS_DIR
from .model import Revision, Standard


class SideError(Exception):
    """The spec names nothing usable (exit 2) ..."""


class SideInvalid(Exception):
    """... or names data that does not pass its checks (exit 1)."""


@dataclass
class Side:
    std: Standard
    label: str
    revision: Revision | None


def _load(folder: Path, label: str) -> Side:
    loaded, problems = check(folder)
    errors = [p for p in problems if p.level == "error" and p.rule not in _HISTORY_RULES]
    if errors or loaded.standard is None:
        raise SideInvalid(f"{label} 未通过检查：\n" + report.text(errors))
    std = loaded.standard
    return Side(std, label, std.revisions[-1] if std.revisions else None)


# A side is compared as text; whether its own release history is intact is not this command's
# business (``policy check`` on the repository reports it).
_HISTORY_RULES = {"edition-frozen", "revision-changes", "clause-id-reused"}


def _from_git(spec: str, data: Path, tmp: Path) -> Path:
    try:
        top = subprocess.run(["git", "-C", str(data), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
        rel = data.resolve().relative_to(Path(top).resolve()).as_posix()
        proc = subprocess.run(["git", "-C", top, "archive", "--format=tar", spec, "--", rel],
                              capture_output=True, check=True)
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        raise SideError(f"找不到版本、目录或 git 引用“{spec}”") from exc
    dest = tmp / "".join(c if c.isalnum() else "_" for c in spec)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest / rel


def resolve(spec: str, data: Path, tmp: Path) -> Side:
    """``spec`` is an edition number, ``latest`` (the newest released edition), ``draft``, a
    folder, or a git ref (the draft at that ref)."""
    if spec == "latest":
        std = check(data)[0].standard
        released = [r.edition for r in std.revisions if r.checksum] if std else []
        if not released:
            raise SideError("还没有已发布的版本")
        spec = released[-1]
    if spec == DRAFT:
        side = _load(data, "草案")
        side.label = f"{side.std.meta.edition} 版（草案）"
        return side
    if (data / EDITIONS_DIR / spec).is_dir():
        return _load(data / EDITIONS_DIR / spec, f"{spec} 版")
    if Path(spec).is_dir():
        side = _load(Path(spec), spec)
        side.label = f"{spec}（{side.std.meta.edition} 版）"
        return side
    folder = _from_git(spec, data, tmp)
    if not folder.is_dir():
        raise SideError(f"git 引用“{spec}”中没有数据目录")
    side = _load(folder, spec)
    side.label = f"{spec}（{side.std.meta.edition} 版）"
    return side
