"""Released editions and the working draft.

``policy_data/`` is the working draft. Each released edition is a frozen copy of the data in
``policy_data/editions/<edition>/``, made by ``policy release``; its checksum is recorded in the
draft's ``revisions.yml`` entry for that edition. Nothing lives only in tags or other branches.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .loader import CHAPTER_DIR, FIXED_FILES, load
from .model import Revision, Standard

EDITIONS_DIR = "editions"
DRAFT = "draft"


def snapshot_files(root: Path) -> list[str]:
    """The data files an edition consists of, relative to ``root``, in a fixed order."""
    names = [n for n in FIXED_FILES if (root / n).is_file()]
    chapters = root / CHAPTER_DIR
    if chapters.is_dir():
        names += sorted(f"{CHAPTER_DIR}/{p.name}" for p in chapters.iterdir() if p.suffix == ".yml")
    return names


def checksum(folder: Path) -> str:
    """sha256 over every file of a released edition's folder (paths and bytes)."""
    h = hashlib.sha256()
    for p in sorted(q for q in folder.rglob("*") if q.is_file()):
        rel = p.relative_to(folder).as_posix()
        h.update(rel.encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return "sha256:" + h.hexdigest()


@dataclass
class Edition:
    """One edition as the site and the PDF show it."""

    edition: str
    revision: Revision
    folder: Path
    released: bool
    status: str  # 现行有效 / 已废止 / 草案
    effective_to: str = ""  # the day the next edition took effect

    @property
    def slug(self) -> str:
        """Its path in the versioned site."""
        return self.edition if self.released else DRAFT

    @property
    def label(self) -> str:
        return f"{self.edition}（{self.status}）"


def editions(std: Standard, root: Path) -> list[Edition]:
    """Every released edition in order, then the draft if the last revision is pending."""
    out: list[Edition] = []
    for r in std.revisions:
        if r.checksum:
            out.append(Edition(r.edition, r, root / EDITIONS_DIR / r.edition, True, "已废止"))
    released = [e for e in out if e.released]
    for prev, nxt in zip(released, released[1:], strict=False):
        prev.effective_to = nxt.revision.effective
    if released:
        released[-1].status = "现行有效"
    if std.revisions and not std.revisions[-1].checksum:
        out.append(Edition(std.revisions[-1].edition, std.revisions[-1], root, False, "草案"))
    return out


def is_pending(std: Standard) -> bool:
    return bool(std.revisions) and not std.revisions[-1].checksum


class EditionStore:
    """Loads released editions on demand, each once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, Standard | None] = {}

    def folder(self, edition: str) -> Path:
        return self.root / EDITIONS_DIR / edition

    def get(self, edition: str) -> Standard | None:
        """The frozen edition's standard, or None when its folder is missing or unusable."""
        if edition not in self._cache:
            folder = self.folder(edition)
            std = None
            if folder.is_dir():
                loaded = load(folder)
                std = loaded.standard
            self._cache[edition] = std
        return self._cache[edition]

    def folders(self) -> list[str]:
        base = self.root / EDITIONS_DIR
        return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def latest_release(std: Standard) -> Revision | None:
    released = [r for r in std.revisions if r.checksum]
    return released[-1] if released else None
