"""不要手写条款编号和依据名称

条款编号随位置变化，手写的“第5.4.2条”在插入条款后会指错；外部依据的名称也应通过依据清单
引用，才能显示核实状态并保持一致。请改用交叉引用。

PASS:

    text: 处理期限按 [[C-5402]] 执行，并遵守 [[R-COMPLAINT]]。

FAIL:

    text: 处理期限按本规范第5.4.2条执行，并遵守《银行业保险业消费投诉处理管理办法》。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..problem import Problem
from ._text import clause_texts

ID = "typed-xref"
LEVEL = "warning"

_NUMBER = re.compile(r"(?:本规范)?第\s*(\d+(?:\.\d+){0,2})\s*[条节章]")
_TITLE = re.compile(r"《([^》]+)》")


def check(ctx: Context) -> Iterator[Problem]:
    by_number = {c.number: c.id for c in ctx.std.clauses()}
    by_title = {r.title: r.id for r in ctx.std.references}
    for src, at, text in clause_texts(ctx.std):
        for m in _NUMBER.finditer(text):
            target = by_number.get(m.group(1))
            hint = (f"第 {m.group(1)} 条现在的标识是 {target}，请写 [[{target}]]" if target else
                    "请改用交叉引用 [[C-xxxx]]，编号会随条款位置自动更新")
            yield ctx.problem(src, ID, f"条文中手写了编号“{m.group()}”", hint, at=at,
                              offset=m.start())
        for m in _TITLE.finditer(text):
            rid = by_title.get(m.group(1))
            hint = (f"请写 [[{rid}]]" if rid else
                    "请先在 references.yml 中登记该依据，再用 [[R-xxx]] 引用")
            yield ctx.problem(src, ID, f"条文中手写了依据名称“{m.group()}”", hint, at=at,
                              offset=m.start())
