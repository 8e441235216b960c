"""The repository's data: the working draft and its released editions, each read at most once.

``policy_data/`` is the working draft. Each released edition is a frozen copy of the data in
``policy_data/editions/<edition>/``, made by ``policy release``; the sha256 over the whole folder is
recorded in the draft's ``revisions.yml`` entry for that edition, and ``editions/<edition>.sha256``
(the format of ``sha256sum``) records each file's. A path enters here, at the edge; everything
else takes the ``Repository`` and asks it for what it needs, so that a command reads each file
once however many rules, pages and documents use it.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .fs import Folder, UnsafePath
from .loader import CHAPTER_DIR, FIXED_FILES, DataFolder, Loaded, display_path
from .model import Revision, Standard

EDITIONS_DIR = "editions"
SUMS_SUFFIX = ".sha256"


def _sort_key(rel: str) -> list[str]:
    return rel.split("/")


def folder_sums(folder: Folder, read: Callable[[str], bytes] | None = None
                ) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """sha256 of every plain file below ``folder`` (relative path -> hex), and the entries that
    are not plain files or folders (path, kind), which are never read."""
    read = read or folder.read
    sums: dict[str, str] = {}
    unsafe: list[tuple[str, str]] = []
    for rel, e in folder.walk():
        if e.unsafe:
            unsafe.append((rel, e.unsafe))
        elif e.is_file:
            sums[rel] = hashlib.sha256(read(rel)).hexdigest()
    return sums, unsafe


def checksum_of(folder: Folder, read: Callable[[str], bytes] | None = None) -> str:
    """The whole-folder checksum: sha256 over every file's path and bytes, in path order.
    ``read`` reads a file (default: from ``folder``)."""
    read = read or folder.read
    h = hashlib.sha256()
    for p, e in sorted(folder.walk(), key=lambda pe: _sort_key(pe[0])):
        if e.unsafe:
            raise UnsafePath(p, e.unsafe)
        if e.is_file:
            h.update(p.encode("utf-8") + b"\0" + read(p) + b"\0")
    return "sha256:" + h.hexdigest()


def sums_text(sums: dict[str, str]) -> str:
    """``sha256sum`` format, so that anyone can verify a frozen edition with standard tools:
    ``cd policy_data/editions/1.1 && sha256sum -c ../1.1.sha256``."""
    return "".join(f"{sums[rel]}  {rel}\n" for rel in sorted(sums, key=_sort_key))


def parse_sums(text: str) -> dict[str, str] | None:
    out: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64 or not rel:
            return None
        out[rel] = digest
    return out


def snapshot_files(data: DataFolder) -> list[str]:
    """The data files an edition consists of, relative to its folder, in a fixed order."""
    names = [n for n in FIXED_FILES if (e := data.folder.entry(n)) and e.is_file]
    names += [f"{CHAPTER_DIR}/{e.name}" for e in data.folder.entries(CHAPTER_DIR)
              if e.is_file and e.name.endswith(".yml")]
    return names


@dataclass(frozen=True)
class FileChange:
    """A file of a frozen edition that is not as released."""

    path: str  # relative to the edition folder
    change: str  # "modified", "added" or "removed"
    line: int = 0  # for a modified file: the first line that differs, when history tells


class Repository:
    """The draft at ``root`` and its released editions, loaded lazily and each at most once."""

    def __init__(self, root: Path | str, data: DataFolder | None = None) -> None:
        self.root = Path(root)
        self.data = data or DataFolder(self.root)
        self._frozen: dict[str, DataFolder | None] = {}
        self._checksums: dict[str, str | UnsafePath] = {}
        self._sums: dict[str, dict[str, str] | None] = {}

    # -- the draft ---------------------------------------------------------------------------
    @property
    def loaded(self) -> Loaded:
        return self.data.load()

    @property
    def std(self) -> Standard | None:
        return self.loaded.standard

    def shown(self, rel: str) -> str:
        """A path inside the data folder as the editor would type it."""
        return display_path(self.root, rel)

    # -- released editions -------------------------------------------------------------------
    @cached_property
    def edition_folders(self) -> list[str]:
        """The names of the folders in editions/ (links and other files are not folders)."""
        return [e.name for e in self.data.folder.entries(EDITIONS_DIR) if e.is_dir and not e.unsafe]

    @cached_property
    def unsafe_edition_entries(self) -> list[tuple[str, str]]:
        return [(e.name, e.unsafe) for e in self.data.folder.entries(EDITIONS_DIR) if e.unsafe]

    def frozen(self, edition: str) -> DataFolder | None:
        """The frozen copy of ``edition``, or None when there is no such plain folder."""
        if edition not in self._frozen:
            rel = f"{EDITIONS_DIR}/{edition}"
            ok = edition in self.edition_folders
            self._frozen[edition] = DataFolder(self.root / rel, self.root / rel) if ok else None
        return self._frozen[edition]

    def frozen_standard(self, edition: str) -> Standard | None:
        data = self.frozen(edition)
        return data.load().standard if data is not None else None

    def frozen_revisions(self, edition: str) -> list[Revision] | None:
        data = self.frozen(edition)
        return data.revisions() if data is not None else None

    def checksum(self, edition: str) -> str:
        """The whole-folder checksum of a frozen edition (raises UnsafePath)."""
        if edition not in self._checksums:
            data = self.frozen(edition)
            if data is None:
                raise FileNotFoundError(f"{EDITIONS_DIR}/{edition}")
            try:
                self._checksums[edition] = checksum_of(data.folder, data.raw)
            except UnsafePath as exc:
                self._checksums[edition] = exc
        got = self._checksums[edition]
        if isinstance(got, UnsafePath):
            raise got
        return got

    def recorded_sums(self, edition: str) -> dict[str, str] | None:
        """The per-file checksums written at release (editions/<edition>.sha256)."""
        if edition not in self._sums:
            try:
                text = self.data.folder.read(f"{EDITIONS_DIR}/{edition}{SUMS_SUFFIX}").decode()
                self._sums[edition] = parse_sums(text)
            except (OSError, UnsafePath, UnicodeDecodeError):
                self._sums[edition] = None
        return self._sums[edition]

    def changed_files(self, edition: str) -> list[FileChange]:
        """Which files of a frozen edition differ from what was released, and where."""
        data = self.frozen(edition)
        recorded = self.recorded_sums(edition)
        if data is None or recorded is None:
            return []
        actual, _ = folder_sums(data.folder, data.raw)
        out = []
        for rel in sorted(set(recorded) | set(actual), key=_sort_key):
            if rel not in actual:
                out.append(FileChange(rel, "removed"))
            elif rel not in recorded:
                out.append(FileChange(rel, "added"))
            elif actual[rel] != recorded[rel]:
                out.append(FileChange(rel, "modified",
                                      self._first_changed_line(edition, rel, recorded[rel])))
        return out

    def _first_changed_line(self, edition: str, rel: str, digest: str) -> int:
        """The first line where a frozen file differs from its released bytes, found in git
        history (the newest committed version whose sha256 is the recorded one); 0 if unknown."""
        data = self.frozen(edition)
        assert data is not None
        path = data.root / rel
        try:
            now = data.folder.read(rel)
            top = subprocess.run(["git", "-C", str(data.root), "rev-parse", "--show-toplevel"],
                                 capture_output=True, text=True, timeout=10, check=True)
            repo = Path(top.stdout.strip())
            inside = path.resolve().relative_to(repo.resolve()).as_posix()
            log = subprocess.run(["git", "-C", str(repo), "log", "--format=%H", "-n", "50",
                                  "--", inside], capture_output=True, text=True, timeout=10,
                                 check=True)
            for commit in log.stdout.split():
                blob = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{inside}"],
                                      capture_output=True, timeout=10)
                if blob.returncode == 0 and hashlib.sha256(blob.stdout).hexdigest() == digest:
                    return _first_difference(blob.stdout, now)
        except (OSError, ValueError, UnsafePath, subprocess.SubprocessError):
            return 0
        return 0


def _first_difference(old: bytes, new: bytes) -> int:
    a, b = old.splitlines(), new.splitlines()
    for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return i
    return min(len(a), len(b)) + 1
