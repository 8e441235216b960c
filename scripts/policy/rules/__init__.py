"""The rules, one module each (after yamllint's ``rules/``).

A rule module has ``ID`` (kebab-case), ``LEVEL`` ("error" or "warning"), a docstring whose first
line is its title and whose rest is user documentation with a PASS and a FAIL example, and either
``check(ctx)`` yielding problems or ``STAGE = "load"`` when the loader itself reports it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..context import Context
from ..problem import Problem


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    title: str
    doc: str
    check: Callable[[Context], Iterable[Problem]] | None


def _discover() -> dict[str, Rule]:
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        title, _, body = (mod.__doc__ or "").strip().partition("\n")
        if hasattr(mod, "RULES"):  # several rules reported by the loader itself
            for rid, level, rtitle, rdoc in mod.RULES:
                found[rid] = Rule(rid, level, rtitle, rdoc.strip(), None)
        else:
            found[mod.ID] = Rule(mod.ID, mod.LEVEL, title.strip(), body.strip(), mod.check)
    return found


REGISTRY: dict[str, Rule] = _discover()
