"""The one problem type every stage reports (after yamllint's ``LintProblem``)."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("error", "warning")


@dataclass(frozen=True, order=True)
class Problem:
    """A located finding. ``line`` and ``col`` are 1-based; 0 means "the whole file"."""

    path: str
    line: int
    col: int
    level: str = field(compare=False)
    rule: str
    message: str
    hint: str = field(default="", compare=False)

    def with_level(self, level: str) -> Problem:
        return Problem(self.path, self.line, self.col, level, self.rule, self.message, self.hint)


class ProblemSink:
    """Collects problems for one source file; rules call ``add`` with a node position."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def add(
        self, line: int, col: int, rule: str, message: str, hint: str = "", level: str = "error"
    ) -> None:
        self.items.append(Problem(self.path, line, col, level, rule, message, hint))
