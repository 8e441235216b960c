"""同一事项只有一个期限

《时限与期限一览表》中，同一事项（`topic`）只能有一个期限。两条条款为同一事项规定了不同的期限
（一处“当日”、一处“1个工作日”；一处“5年”、一处“10年”），员工无从执行，审计也无从检查。
请把这一事项的规定只写在一条条款里，其他条款引用它（`[[C-xxxx]]`）。

PASS:

    # C-5401 登记 topic: 投诉登记，period: 1个工作日；C-2106 写“按 [[C-5401]] 登记”

FAIL:

    # C-5401 登记 topic: 投诉登记，period: 1个工作日
    # C-2106 登记 topic: 投诉登记，period: 1日
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Clause, Limit
from ..problem import Problem

ID = "limit-conflict"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    by_topic: dict[str, list[tuple[Clause, Limit]]] = {}
    for c in ctx.std.clauses():
        for x in c.limits:
            by_topic.setdefault(x.topic, []).append((c, x))
    for topic, uses in by_topic.items():
        if len({x.period for _, x in uses}) < 2:
            continue
        for c, x in uses:
            others = "；".join(f"第 {o.number} 条为 {y.period}" for o, y in uses if y is not x)
            yield ctx.problem(x.src, ID, f"事项“{topic}”有不同的期限：第 {c.number} 条为 {x.period}，"
                              f"{others}", "同一事项只在一条条款中规定期限，其他条款用 [[C-xxxx]] 引用它",
                              at=("topic",))
