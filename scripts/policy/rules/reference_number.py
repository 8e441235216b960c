"""待核实的依据不填文号

外部依据的文号只有在对照官方文本或可靠来源核实后才能填写（第 8.3.3 条）。核实状态为
`unconfirmed`（待核实）的依据却填了文号，读者会把一个未经核实的编号当作事实引用。请删去文号，
把它写入 `note`（“据二手来源为……，待核实”），核实后再填回并调整 `status`。

PASS:

    - id: R-CDD
      status: unconfirmed
      note: 文号据二手来源为〔2025〕第11号，待核实。

FAIL:

    - id: R-CDD
      status: unconfirmed
      number: 〔2025〕第11号
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "reference-number"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    for r in ctx.std.references:
        if r.status == "unconfirmed" and r.number:
            yield ctx.problem(r.src, ID, f"待核实的依据 {r.id} 填了文号“{r.number}”",
                              f"请删去 number，改在 note 中写明：文号据二手来源为{r.number}，待核实",
                              at=("number",))
