"""Run the rules over a repository and apply the configured levels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import rules
from .context import Context
from .editions import today_in_china
from .loader import Loaded
from .problem import Problem
from .repository import Repository


def run(repo: Repository, levels: Mapping[str, str] | None = None,
        today: dt.date | None = None) -> list[Problem]:
    """Every problem of the draft (loading stage and rules), sorted, at the configured levels."""
    loaded = repo.loaded
    found: list[Problem] = list(loaded.problems)
    if loaded.standard is not None:
        ctx = Context(loaded.standard, loaded.sources, repo, today or today_in_china())
        for rule in rules.REGISTRY.values():
            if rule.check is not None:
                found.extend(rule.check(ctx))
    return apply_levels(found, levels or {})


def check(root: Path | str | Repository, levels: Mapping[str, str] | None = None,
          today: dt.date | None = None) -> tuple[Loaded, list[Problem]]:
    """Load ``root`` (a folder or an open repository) and run every rule.

    ``levels`` maps rule ids to "error", "warning" or "off" and overrides the defaults.
    """
    repo = root if isinstance(root, Repository) else Repository(root)
    return repo.loaded, run(repo, levels, today)


def apply_levels(found: Iterable[Problem], levels: Mapping[str, str]) -> list[Problem]:
    out = []
    for p in found:
        rule = rules.REGISTRY.get(p.rule)
        level = levels.get(p.rule) or (rule.level if rule else p.level)
        if level == "off":
            continue
        out.append(p.with_level(level))
    return sorted(set(out), key=lambda p: (p.path, p.line, p.col, p.rule, p.message))
