"""Reading files inside one folder, and only there.

A pull request can replace a data file with a symbolic link to any file on the machine that runs
the check, or put a FIFO or a device where a file should be. Every file the tools read goes through
``Folder``: each path component is opened relative to its parent without following links
(``O_NOFOLLOW``), a FIFO is opened without blocking and refused, and nothing but a regular file or
folder is ever read. What is refused is reported as an ``UnsafePath``; nothing of a link's target
is read, not even whether it exists.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)

# Set by tests and benchmarks (POLICY_TRACE_READS=FILE) to count what a command reads.
_TRACE = os.environ.get("POLICY_TRACE_READS")

KIND_ZH = {
    "link": "符号链接",
    "fifo": "命名管道（FIFO）",
    "device": "设备文件",
    "socket": "套接字文件",
    "outside": "指向所在目录之外的路径",
    "other": "特殊文件",
}


class UnsafePath(Exception):
    """A path that is not a plain file or folder inside the folder (``kind`` in KIND_ZH)."""

    def __init__(self, rel: str, kind: str) -> None:
        super().__init__(f"{rel}: {kind}")
        self.rel = rel
        self.kind = kind

    @property
    def message(self) -> str:
        return f"{self.rel} 是{KIND_ZH[self.kind]}，出于安全原因不予读取"

    @property
    def hint(self) -> str:
        if self.kind == "outside":
            return "路径不得包含“..”或以“/”开头；数据只能来自本目录中的普通文件"
        return ("数据目录中只能有普通文件和文件夹：请删除它，换成文件本身"
                "（git rm 该路径后提交真实文件）")


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


@dataclass(frozen=True)
class Entry:
    name: str
    is_dir: bool
    is_file: bool
    unsafe: str | None  # a KIND_ZH key when it is neither a plain file nor a folder


class Folder:
    """A folder whose plain files may be read; ``rel`` paths use ``/`` and stay inside it."""

    def __init__(self, root: Path | str) -> None:
        # The folder itself is named by the person running the command: it is resolved once,
        # here at the edge; below it nothing is followed.
        self.root = Path(root).resolve()

    def __repr__(self) -> str:
        return f"Folder({str(self.root)!r})"

    def exists(self) -> bool:
        return self.root.is_dir()

    def sub(self, rel: str) -> Folder:
        """A folder inside this one (checked: no links on the way)."""
        parts = self._parts(rel)
        fd = self._open_dir(parts, rel)
        os.close(fd)
        out = Folder.__new__(Folder)
        out.root = self.root.joinpath(*parts)
        return out

    @staticmethod
    def _parts(rel: str) -> list[str]:
        p = PurePosixPath(rel)
        if p.is_absolute() or any(x in ("..", "") for x in p.parts) or "\\" in rel:
            raise UnsafePath(rel, "outside")
        return [x for x in p.parts if x != "."]

    def _open_dir(self, parts: list[str], rel: str) -> int:
        fd = os.open(self.root, _DIR_FLAGS)
        try:
            for i, name in enumerate(parts):
                st = os.lstat(name, dir_fd=fd)  # FileNotFoundError when missing
                kind = _kind(st.st_mode)
                if kind is not None:
                    raise UnsafePath("/".join(parts[: i + 1]), kind)
                if not stat.S_ISDIR(st.st_mode):
                    raise NotADirectoryError("/".join(parts[: i + 1]))
                nxt = os.open(name, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = nxt
            return fd
        except BaseException:
            os.close(fd)
            raise

    def entry(self, rel: str) -> Entry | None:
        """What ``rel`` is, without following it; None when it does not exist."""
        parts = self._parts(rel)
        try:
            fd = self._open_dir(parts[:-1], rel)
        except FileNotFoundError:
            return None
        try:
            st = os.lstat(parts[-1], dir_fd=fd)
        except FileNotFoundError:
            return None
        finally:
            os.close(fd)
        kind = _kind(st.st_mode)
        return Entry(parts[-1], stat.S_ISDIR(st.st_mode), stat.S_ISREG(st.st_mode), kind)

    def entries(self, rel: str = "") -> list[Entry]:
        """The entries of a folder inside this one, sorted by name; [] when it does not exist."""
        parts = self._parts(rel) if rel else []
        try:
            fd = self._open_dir(parts, rel)
        except FileNotFoundError:
            return []
        try:
            out = []
            for name in sorted(os.listdir(fd)):
                st = os.lstat(name, dir_fd=fd)
                out.append(Entry(name, stat.S_ISDIR(st.st_mode), stat.S_ISREG(st.st_mode),
                                 _kind(st.st_mode)))
            return out
        finally:
            os.close(fd)

    def read(self, rel: str, limit: int | None = None) -> bytes:
        """The bytes of a plain file; raises UnsafePath for anything else, FileNotFoundError when
        it is missing. With ``limit``, reads at most ``limit + 1`` bytes."""
        parts = self._parts(rel)
        if not parts:
            raise UnsafePath(rel, "other")
        fd = self._open_dir(parts[:-1], rel)
        try:
            # look before opening: a device is never opened, a link never followed
            before = os.lstat(parts[-1], dir_fd=fd)
            kind = _kind(before.st_mode)
            if kind is not None:
                raise UnsafePath(rel, kind)
            if stat.S_ISDIR(before.st_mode):
                raise IsADirectoryError(rel)
            try:
                f = os.open(parts[-1], _FILE_FLAGS, dir_fd=fd)
            except OSError as exc:
                if isinstance(exc, FileNotFoundError):
                    raise
                raise UnsafePath(rel, "other") from None  # swapped for a link since lstat
        finally:
            os.close(fd)
        try:
            st = os.fstat(f)
            if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (before.st_dev,
                                                                          before.st_ino):
                raise UnsafePath(rel, _kind(st.st_mode) or "other")
            chunks = []
            left = (limit + 1) if limit is not None else -1
            while left != 0:
                chunk = os.read(f, 1 << 20 if left < 0 else min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                if left > 0:
                    left -= len(chunk)
        finally:
            os.close(f)
        if _TRACE:
            with open(_TRACE, "a", encoding="utf-8") as fh:
                fh.write(f"{self.root.joinpath(*parts)}\n")
        return b"".join(chunks)

    def walk(self, rel: str = "") -> list[tuple[str, Entry]]:
        """Every entry below ``rel`` (relative paths, folders first visited), not following
        anything: unsafe entries are listed, never entered."""
        out: list[tuple[str, Entry]] = []
        for e in self.entries(rel):
            path = f"{rel}/{e.name}" if rel else e.name
            out.append((path, e))
            if e.is_dir and e.unsafe is None:
                out.extend(self.walk(path))
        return out
