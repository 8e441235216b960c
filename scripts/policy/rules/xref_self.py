"""条款不引用自身

条款中的 `[[C-xxxx]]` 指向它自己，读者点开只回到原处；多半是复制条款时连同引用一起复制、忘了
改标识。请改为真正要引用的条款，或删除该引用。

PASS:

    - id: C-5402
      text: 处理期限届满前，按 [[C-5403]] 告知客户延期原因。

FAIL:

    - id: C-5402
      text: 处理期限届满前，按 [[C-5402]] 告知客户延期原因。
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import xrefs
from ..problem import Problem

ID = "xref-self"
LEVEL = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    for c in ctx.std.clauses():
        for at, text in c.texts():
            for offset, target, _ in xrefs(text):
                if target == c.id:
                    yield ctx.problem(c.src, ID, f"条款 {c.id} 引用了它自己",
                                      "请改为要引用的条款标识，或删除该引用",
                                      at=at[len(c.src.at):], offset=offset)
