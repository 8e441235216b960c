"""Run the rules over a loaded folder and apply the configured levels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import rules
from .editions import EditionStore
from .loader import Loaded, display_path, load
from .model import Src, Standard
from .problem import Problem
from .yamlsrc import SourceDoc


@dataclass
class Context:
    """What a rule sees: the model, the parsed files (for positions) and the date of the check."""

    std: Standard
    sources: dict[str, SourceDoc]
    root: Path
    today: dt.date
    store: EditionStore

    def problem(self, src: Src, rule: str, message: str, hint: str = "",
                at: tuple[Any, ...] = (), offset: int | None = None, key: bool = False) -> Problem:
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
        return Problem(display_path(self.root, src.file), line, col, "error", rule, message, hint)


def check(root: Path | str, levels: Mapping[str, str] | None = None,
          today: dt.date | None = None) -> tuple[Loaded, list[Problem]]:
    """Load ``root`` and run every rule. Returns the load result and the problems, sorted.

    ``levels`` maps rule ids to "error", "warning" or "off" and overrides the defaults.
    """
    loaded = load(root)
    found: list[Problem] = list(loaded.problems)
    if loaded.standard is not None:
        ctx = Context(loaded.standard, loaded.sources, Path(root), today or dt.date.today(),
                      EditionStore(Path(root)))
        for rule in rules.REGISTRY.values():
            if rule.check is not None:
                found.extend(rule.check(ctx))
    return loaded, apply_levels(found, levels or {})


def apply_levels(found: Iterable[Problem], levels: Mapping[str, str]) -> list[Problem]:
    out = []
    for p in found:
        rule = rules.REGISTRY.get(p.rule)
        level = levels.get(p.rule) or (rule.level if rule else p.level)
        if level == "off":
            continue
        out.append(p.with_level(level))
    return sorted(set(out), key=lambda p: (p.path, p.line, p.col, p.rule, p.message))
