"""A content-addressed cache of built editions (pages and PDF).

A released edition never changes, so its built pages and PDF are reused as long as nothing they
are made from has changed. The key covers all of it: the edition's checksum and that of the
edition it is compared with, its status and what its banner says (the dates and statuses of every
edition), the tool (every file of the ``policy`` package), the site's configuration (mkdocs.yml
and docs/), every installed package's version, the Python version and the fonts. Any change of
any of these is a different key, so a stale entry is never used; entries are complete folders
renamed into place, and each keeps a list of its files' checksums that is verified on reuse.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from .output import alive

# bump when the layout of an entry changes
LAYOUT = "1"
MANIFEST = ".manifest.json"
SPARE = 24  # entries kept beyond the ones a build used


def _h(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "big") + b)
    return h.hexdigest()


@cache
def _package_digest() -> str:
    return package_digest(Path(str(resources.files("policy"))))


def package_digest(root: Path) -> str:
    """Every file of the ``policy`` package at ``root`` (code, schemas, templates)."""
    return _h(*(_h(p.relative_to(root).as_posix(), p.read_bytes())
                for p in sorted(root.rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts))


@cache
def _environment_digest() -> str:
    """Python, every installed distribution's version, and the fonts the PDF and pages use."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    fonts = []
    for family in ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans CJK SC:bold"):
        try:
            path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True,
                                  text=True, timeout=30).stdout
            st = os.stat(path)
            fonts.append(f"{path}:{st.st_size}:{int(st.st_mtime)}")
        except (OSError, subprocess.SubprocessError):
            fonts.append(f"{family}:none")
    return _h(sys.version, *dists, *fonts)


def fingerprint(engine: str, config: bytes, docs: Mapping[str, bytes]) -> str:
    """What every edition's build shares: tool, engine, configuration, docs/, environment."""
    return _h(LAYOUT, _package_digest(), _environment_digest(), engine, config,
              *(_h(rel, raw) for rel, raw in sorted(docs.items())))


def key(shared: str, parts: Iterable[str]) -> str:
    return _h(shared, *parts)


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def _manifest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files(folder)}


class Cache:
    """Built editions by key under ``root`` (``build/cache`` by default)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, k: str) -> Path | None:
        """The entry for ``k`` if present and intact (a damaged entry is removed)."""
        entry = self.root / k
        if not entry.is_dir():
            return None
        try:
            recorded = json.loads((entry / MANIFEST).read_text("utf-8"))
            ok = recorded == _manifest(entry)
        except (OSError, ValueError):
            ok = False
        if not ok:
            shutil.rmtree(entry, ignore_errors=True)
            return None
        self.used.add(k)
        os.utime(entry)  # for pruning: recently used entries stay
        return entry

    def put(self, k: str, build: Callable[[Path], None]) -> Path:
        """Build an entry with ``build(folder)`` and add it whole, or not at all."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".tmp-{k[:16]}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            build(tmp)
            (tmp / MANIFEST).write_text(json.dumps(_manifest(tmp), indent=0), "utf-8")
            entry = self.root / k
            try:
                os.replace(tmp, entry)
            except OSError:  # another build added the same entry meanwhile
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.used.add(k)
        return entry

    def sweep(self) -> None:
        """Remove what interrupted builds left (their process is gone)."""
        if not self.root.is_dir():
            return
        for p in self.root.glob(".tmp-*"):
            pid = p.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not alive(int(pid)):
                shutil.rmtree(p, ignore_errors=True)

    def prune(self) -> None:
        """Keep the entries this build used and the most recently used others."""
        if not self.root.is_dir():
            return
        others = sorted((p for p in self.root.iterdir()
                         if p.is_dir() and not p.name.startswith(".") and p.name not in self.used),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for p in others[SPARE:]:
            shutil.rmtree(p, ignore_errors=True)


def link_tree(src: Path, dest: Path) -> None:
    """Put a copy of ``src`` at ``dest``: hard links where the file system allows, else copies.
    The cache's own manifest is not part of the copy."""
    for p in files(src):
        target = dest / p.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(p, target)
        except OSError:
            shutil.copyfile(p, target)
