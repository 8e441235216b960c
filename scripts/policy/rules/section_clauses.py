"""每节至少四条

每节应至少有四条条款，把本节的要求写具体：谁、做什么、何时完成、留什么记录。

PASS: 一节下有四条或更多条款。

FAIL: 一节下只有一两条笼统的条款。
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "section-clauses"
LEVEL = "warning"
MINIMUM = 4


def check(ctx: Context) -> Iterator[Problem]:
    for s in ctx.std.sections():
        if len(s.clauses) < MINIMUM:
            yield ctx.problem(s.src, ID, f"第 {s.number} 节只有 {len(s.clauses)} 条条款",
                              f"每节应至少 {MINIMUM} 条，写明责任人、时限和记录", at=("clauses",),
                              key=True)
