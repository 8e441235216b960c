"""外部依据被引用

references.yml 中的每条外部依据都应被至少一处引用：条文中的 `[[R-xxx]]`、某节的
`references` 或某个术语的 `references`。无人引用的依据多半是遗漏或过时。

PASS:

    # references.yml 定义 R-PIPL，某条文写了 [[R-PIPL|第十四条]]

FAIL:

    # references.yml 定义 R-PIPL，但没有任何地方引用它
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import xrefs
from ..problem import Problem
from ._text import all_texts

ID = "reference-unused"
LEVEL = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    cited = {t for _, _, text in all_texts(ctx.std) for _, t, _ in xrefs(text)}
    cited |= {r for s in ctx.std.sections() for r in s.references}
    cited |= {r for t in ctx.std.glossary for r in t.references}
    for r in ctx.std.references:
        if r.id not in cited:
            yield ctx.problem(r.src, ID, f"外部依据 {r.id}（{r.title}）没有被任何条文或节引用",
                              "请在相关条文中写 [[" + r.id + "]]，或删除该依据", at=("id",))
