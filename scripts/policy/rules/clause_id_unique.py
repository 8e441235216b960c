"""条款标识唯一

每个条款的标识（如 C-2101）在整部规范中只能出现一次。标识与条款位置无关：插入、移动条款时
标识不变，编号（如 2.1.3）自动重算。条款删除后，其标识也不得再分配给其他条款。

PASS:

    - id: C-2101
      text: 本机构实行首问负责制。
    - id: C-2102
      text: 网点应当场登记客户诉求。

FAIL:

    - id: C-2101
      text: 本机构实行首问负责制。
    - id: C-2101
      text: 网点应当场登记客户诉求。
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ..context import Context
from ..model import Clause
from ..problem import Problem
from ._suggest import free_id

ID = "clause-id-unique"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    first: dict[str, Clause] = {}
    used = {c.id for c in ctx.std.clauses()}
    used |= {ch.id for rev in ctx.std.revisions for ch in rev.changes}

    @cache
    def top() -> int:  # computed once, and only when a hint needs it
        return max((int(i[2:]) for i in used if i[2:].isdigit()), default=0)

    for c in ctx.std.clauses():
        if c.id in first:
            other = first[c.id]
            hint = f"请为其中一条另取未用过的标识，例如 {free_id(c, used, top)}"
            yield ctx.problem(c.src, ID, f"条款标识 {c.id} 重复：第 {other.number} 条已使用该标识",
                              hint, at=("id",))
        else:
            first[c.id] = c
