"""条款不宜过长

一条条款（含各项）超过 2000 个字符，多半是粘贴时带进了整段文件、重复粘贴了两次，或把应分成
几条的内容写成了一条。条款越长，员工越难找到其中的义务，对照表也越难读。请检查是否粘贴有误，
或按“一条一事”拆分为几条。

PASS:

    text: 承办部门应自收到投诉之日起15日内作出处理决定。

FAIL:

    text: （从其他文件整段粘贴的三千字内容……）
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "clause-length"
LEVEL = "warning"
LIMIT = 2000


def check(ctx: Context) -> Iterator[Problem]:
    for c in ctx.std.clauses():
        size = len(c.text) + sum(len(t) for t in c.items)
        if size > LIMIT:
            yield ctx.problem(c.src, ID, f"条款 {c.id}（第 {c.number} 条）长 {size} 个字符，超过 "
                              f"{LIMIT} 个字符", "请检查是否误粘贴了整段文字或重复粘贴；内容确实"
                              "较多的，请按一条一事拆分为几条", at=("text",))
