"""What a rule sees: the loaded draft, its parsed files, the repository and the date of the check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .loader import display_path
from .model import Src, Standard
from .problem import Problem
from .repository import Repository
from .yamlsrc import SourceDoc


@dataclass
class Context:
    std: Standard
    sources: dict[str, SourceDoc]
    repo: Repository
    today: dt.date

    def problem(self, src: Src, rule: str, message: str, hint: str = "",
                at: tuple[Any, ...] = (), offset: int | None = None, key: bool = False) -> Problem:
        """A problem located at ``src`` (plus the data path ``at``, or a character ``offset``
        into the text there, or the key rather than the value)."""
        doc = self.sources.get(src.file)
        path = src.at + at
        if doc is None:
            line, col = 1, 1
        elif offset is not None:
            line, col = doc.text_pos(path, offset)
        elif key:
            line, col = doc.key_pos(path)
        else:
            line, col = doc.pos(path)
        return Problem(display_path(self.repo.root, src.file), line, col, "error", rule, message,
                       hint)

    def file_problem(self, rel: str, rule: str, message: str, hint: str = "",
                     line: int = 1) -> Problem:
        """A problem about a file of the data folder that is not one of the parsed sources."""
        return Problem(display_path(self.repo.root, rel), line, 1, "error", rule, message, hint)
