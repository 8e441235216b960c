"""外部依据被引用

references.yml 中的每条外部依据都应被至少一条条文引用（`[[R-xxx]]`）：依据清单是条文的依据，
只列在某节的 `references` 或术语的 `references` 中、没有一条条文据以规定任何事的依据，多半是
遗漏（应在依据它的条文中引用）或过时（应删去）。

PASS:

    # references.yml 定义 R-PIPL，某条文写了 [[R-PIPL|第十四条]]

FAIL:

    # references.yml 定义 R-GBT-32320，只列在第 4.3 节的 references 中，没有条文引用它
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import xrefs
from ..problem import Problem
from ._text import clause_texts

ID = "reference-unused"
LEVEL = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    cited = {t for _, _, text in clause_texts(ctx.std) for _, t, _ in xrefs(text)}
    listed = {r for s in ctx.std.sections() for r in s.references}
    for r in ctx.std.references:
        if r.id not in cited:
            where = "只列在节的相关依据中，" if r.id in listed else ""
            yield ctx.problem(r.src, ID, f"外部依据 {r.id}（{r.title}）{where}没有被任何条文引用",
                              "请在依据它作出规定的条文中写 [[" + r.id + "]]，或删除该依据",
                              at=("id",))
