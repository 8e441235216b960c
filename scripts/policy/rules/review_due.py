"""复核到期

每节都有下次复核截止日期（review_due）。过了该日期仍未复核的节会被提示；复核后请更新日期。
`policy check --today YYYY-MM-DD` 可指定检查所用的日期。

PASS（今天是 2026-11-27）:

    review_due: 2027-06-30

FAIL:

    review_due: 2026-06-30
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "review-due"
LEVEL = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    for s in ctx.std.sections():
        if dt.date.fromisoformat(s.review_due) < ctx.today:
            owner = ctx.std.dept_by_id.get(s.owner)
            yield ctx.problem(s.src, ID, f"第 {s.number} 节“{s.title}”的复核日期 {s.review_due} 已过",
                              f"请{owner.name if owner else '负责部门'}复核本节并更新 review_due",
                              at=("review_due",))
