"""删除的条款标识不得复用

条款删除后，其标识永久作废：以后的版本中不得再出现。否则旧文件、旧链接和审计记录中引用的
标识会指向内容完全不同的条款。

PASS:

    # 1.0 版删除了 C-2107；1.1 版新增的条款使用 C-2108

FAIL:

    # 1.0 版删除了 C-2107；1.1 版新增的条款又叫 C-2107

已发布版本删除了哪些条款，以其修订记录为准：发布时的检查保证每一处删除都已登记，校验值保证登记
此后未被改动。
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "clause-id-reused"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    std = ctx.std
    retired: dict[str, str] = {}
    for r in std.revisions:
        for ch in r.changes:
            if ch.change == "removed" and (r.checksum or r is not std.revisions[-1]):
                retired.setdefault(ch.id, r.edition)
    for c in std.clauses():
        if c.id in retired:
            yield ctx.problem(c.src, ID, f"条款标识 {c.id} 已在 {retired[c.id]} 版删除，不得复用",
                              "请为该条款另取从未使用过的标识", at=("id",))
