"""修改或废止的依据待复核

外部依据被修改或废止后（references.yml 中该依据的 `amended` 记录了日期），引用它的每一节都要
对照新的文本复核：本版施行在修改之前、之后也没有哪一版记录过复核的，这些节标为“待复核”（网站
的节信息栏中也显示）。复核完成后，在下一版的修订记录中写 `reviewed: [R-xxx]`；复核结论需要修改
条文的，一并修改。

PASS:

    # R-CPL 于 2027-03-01 修订；2.1 版的修订记录写了 reviewed: [R-CPL]

FAIL:

    # R-CPL 于 2027-03-01 修订；之后没有哪一版记录过对它的复核
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Section
from ..problem import Problem
from ..reviews import citing, pending

ID = "reference-review"
LEVEL = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    on = ctx.today.isoformat()
    for ref in ctx.std.references:
        a = pending(ctx.std, ref, on)
        if a is None:
            continue
        for s in citing(ctx.std, ref.id):
            yield ctx.problem(s.src, ID, f"第 {s.number} 节引用的《{ref.title}》已于 {a.date} {a.change}，"
                              "本节尚未对照新的文本复核", f"请{_owner(ctx, s)}复核本节；复核后在下一版的修订"
                              f"记录中写 reviewed: [{ref.id}]，需要修改条文的一并修改", at=("title",))


def _owner(ctx: Context, s: Section) -> str:
    d = ctx.std.dept_by_id.get(s.owner)
    return d.name if d else "负责部门"
