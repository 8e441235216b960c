"""过期日期

条文中的日历日期（如“2025年12月31日前”）早于本版的施行日期，说明这一要求在本版施行时已经
过期：员工无法照做，审计也无从检查。请改为相对期限（如“本规范施行之日起3个月内”），或删去。
每年重复的日期（“每年1月31日前”）不受影响。

PASS（本版自 2027-01-01 起施行）:

    text: 各部门应在本规范施行之日起3个月内完成制度修订。

FAIL:

    text: 各部门应在2025年12月31日前完成制度修订。
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "date-past"
LEVEL = "warning"

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{2})-(\d{2})")


def effective(ctx: Context) -> dt.date | None:
    last = ctx.std.revisions[-1] if ctx.std.revisions else None
    value = (last.effective if last else "") or ctx.std.meta.effective
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def check(ctx: Context) -> Iterator[Problem]:
    start = effective(ctx)
    if start is None:
        return
    for c in ctx.std.clauses():
        for at, text in c.texts():
            for m in _DATE.finditer(text):
                y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
                try:
                    day = dt.date(y, mo, d)
                except ValueError:
                    continue
                if day < start:
                    yield ctx.problem(c.src, ID, f"条款 {c.id} 中的日期“{m.group()}”早于本版的施行日期 {start}",
                                      "这一要求在本版施行时已经过期：请改为相对期限，如“本规范施行之日起3个月内”，"
                                      "或删去", at=at[len(c.src.at):], offset=m.start())
