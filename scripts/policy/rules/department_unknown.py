"""部门存在

各节的负责部门（owner）和规范的解释部门（interpreter）必须是 departments.yml 中的部门标识。

PASS:

    owner: consumer-protection

FAIL:

    owner: consumer-protect
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..context import Context
from ..model import Src
from ..problem import Problem

ID = "department-unknown"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    known = ctx.std.dept_by_id
    uses = [(s.src, ("owner",), s.owner) for s in ctx.std.sections()]
    uses.append((Src("document.yml"), ("interpreter",), ctx.std.meta.interpreter))
    for src, at, dept in uses:
        if dept in known:
            continue
        close = difflib.get_close_matches(dept, list(known), n=1, cutoff=0.6)
        hint = (f"是否指 {close[0]}（{known[close[0]].name}）？" if close else
                "可用部门：" + "、".join(f"{d.id}（{d.name}）" for d in ctx.std.departments))
        yield ctx.problem(src, ID, f"部门 {dept} 未在 departments.yml 中定义", hint, at=at)
