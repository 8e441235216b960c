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


@dataclass
class EditionView:
    """One edition as published: its text, its status and what changed since the previous one."""

    edition: Edition
    std: Standard
    all: list[Edition]
    previous: Standard | None = None
    previous_label: str = ""

    @property
    def pdf_name(self) -> str:
        return f"{self.std.meta.code}-{self.edition.edition}.pdf"

    def history(self) -> dict[str, list[tuple[str, str, str]]]:
        """Clause id -> (edition, change, reason) for every revision up to this edition."""
        out: dict[str, list[tuple[str, str, str]]] = {}
        for r in self.std.revisions:
            for ch in r.changes:
                out.setdefault(ch.id, []).append((r.edition, ch.change, ch.reason))
        return out


class EditionError(Exception):
    pass


def view(root: Path, slug: str) -> EditionView:
    """The edition published at ``slug`` (an edition number, or ``draft`` for the working data)."""
    from dataclasses import replace

    draft = load(root).standard
    if draft is None:
        raise EditionError("数据目录未通过检查")
    eds = editions(draft, root)
    if slug == DRAFT and not is_pending(draft) and any(e.released for e in eds):
        slug = [e for e in eds if e.released][-1].edition  # nothing pending: the draft is it
    if slug == DRAFT:
        current = next((e for e in eds if not e.released), None) or Edition(
            draft.meta.edition, draft.revisions[-1], root, False, draft.meta.status)
        std = draft
    else:
        current = next((e for e in eds if e.released and e.edition == slug), None)
        if current is None:
            raise EditionError(f"没有已发布的 {slug} 版")
        frozen = load(current.folder).standard
        if frozen is None:
            raise EditionError(f"{EDITIONS_DIR}/{slug}/ 无法读取")
        # the frozen copy's revision list ends with its own entry; the checksums live in the draft
        names = [r.edition for r in draft.revisions]
        upto = draft.revisions[: names.index(slug) + 1]
        std = replace(frozen, revisions=upto)
    std = replace(std, meta=replace(std.meta, status=current.status))
    released_before = [e for e in eds if e.released and e is not current and
                       (not current.released or eds.index(e) < eds.index(current))]
    out = EditionView(current, std, eds)
    if released_before:
        prev = released_before[-1]
        out.previous = load(prev.folder).standard
        out.previous_label = f"{prev.edition} 版"
    return out
