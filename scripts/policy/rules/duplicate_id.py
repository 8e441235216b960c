"""标识唯一

外部依据、部门的标识各自不得重复。

PASS:

    - id: R-PIPL
    - id: R-DSL

FAIL:

    - id: R-PIPL
    - id: R-PIPL
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "duplicate-id"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    for kind, items in (("外部依据", ctx.std.references), ("部门", ctx.std.departments)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                yield ctx.problem(item.src, ID, f"{kind}标识 {item.id} 重复",
                                  "请删除重复的一条，或改用新的标识", at=("id",))
            seen.add(item.id)
