"""What ``policy diff`` compares: a released edition, the draft, a folder or a git ref."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from .editions import DRAFT, released
from .errors import DataError, UsageError
from .model import Revision, Standard
from .repository import Repository


@dataclass
class Side:
    std: Standard
    label: str
    revision: Revision | None
    draft: bool = False  # a working draft (no approved edition): its 对照表 says so


def _checked(repo: Repository, label: str) -> Side:
    """A side is compared as text: it must read (every file parses and fits its schema), but the
    rules are ``policy check``'s business: a draft with findings still has a 对照表 (the pull
    request's summary shows it next to the findings), and a frozen edition was checked by the
    rules of its day."""
    std = repo.std
    if std is None:
        errors = [p for p in repo.loaded.problems if p.level == "error"]
        raise DataError(f"{label} 无法读取：", errors)
    return Side(std, label, std.revisions[-1] if std.revisions else None)


def _from_git(spec: str, data: Path, tmp: Path) -> Path:
    try:
        top = subprocess.run(["git", "-C", str(data), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True, timeout=30).stdout.strip()
        rel = data.resolve().relative_to(Path(top).resolve()).as_posix()
        proc = subprocess.run(["git", "-C", top, "archive", "--format=tar", spec, "--", rel],
                              capture_output=True, check=True, timeout=60)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        raise UsageError(f"找不到版本、目录或 git 引用“{spec}”") from exc
    dest = tmp / "".join(c if c.isalnum() else "_" for c in spec)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        for member in tar.getmembers():
            if member.issym():
                # recreated as the link it is, never followed: the loader then refuses it
                path = dest / member.name
                if not path.resolve().is_relative_to(dest.resolve()):
                    raise UsageError(f"git 引用“{spec}”中有指向目录之外的路径：{member.name}")
                path.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(member.linkname, path)
            elif member.isfile() or member.isdir():
                try:
                    tar.extract(member, dest, filter="data")
                except tarfile.FilterError as exc:  # e.g. a file below a linked folder
                    raise UsageError(f"git 引用“{spec}”中的 {member.name} 位于链接之后，"
                                     "出于安全原因不予读取") from exc
    return dest / rel


def resolve(spec: str, repo: Repository, tmp: Path) -> Side:
    """``spec`` is an edition number, ``latest`` (the newest released edition), ``draft``, a
    folder, or a git ref (the draft at that ref)."""
    std = repo.std
    if spec == "latest":
        rs = released(std) if std else []
        if not rs:
            raise UsageError("还没有已发布的版本")
        spec = rs[-1].edition
    if spec == DRAFT:
        side = _checked(repo, "草案")
        side.label = f"{side.std.meta.edition} 版（草案）"
        side.draft = side.revision is not None and not side.revision.checksum
        return side
    if spec in repo.edition_folders:
        frozen = repo.frozen(spec)
        assert frozen is not None
        # the same loaded folder the draft's rules read: nothing is read twice
        return _checked(Repository(frozen.root, frozen), f"{spec} 版")
    if Path(spec).is_dir():
        side = _checked(Repository(spec), spec)
        side.label = f"{spec}（{side.std.meta.edition} 版）"
        return side
    folder = _from_git(spec, repo.root, tmp)
    if not folder.is_dir():
        raise UsageError(f"git 引用“{spec}”中没有数据目录")
    side = _checked(Repository(folder), spec)
    side.label = f"{spec}（{side.std.meta.edition} 版）"
    side.draft = side.revision is not None and not side.revision.checksum  # that ref's draft
    return side
