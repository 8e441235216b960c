"""外部依据存在

条文中的 `[[R-xxx]]`、各节的 `references` 和术语的 `references` 都必须指向 references.yml
中定义的外部依据。

PASS:

    references: [R-PIPL]
    clauses:
      - id: C-5101
        text: 处理个人信息应符合 [[R-PIPL|第十四条]] 的要求。

FAIL:

    references: [R-PIPA]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..context import Context
from ..model import REF_ID, xrefs
from ..problem import Problem
from ._text import all_texts

ID = "reference-unresolved"
LEVEL = "error"


def _hint(ctx: Context, target: str) -> str:
    close = difflib.get_close_matches(target, list(ctx.std.ref_by_id), n=1, cutoff=0.6)
    return (f"是否指 {close[0]}（{ctx.std.ref_by_id[close[0]].title}）？" if close
            else "外部依据须先在 references.yml 中定义")


def check(ctx: Context) -> Iterator[Problem]:
    refs = ctx.std.ref_by_id
    for src, at, text in all_texts(ctx.std):
        for offset, target, _ in xrefs(text):
            if REF_ID.match(target) and target not in refs:
                yield ctx.problem(src, ID, f"引用的外部依据 {target} 未定义", _hint(ctx, target),
                                  at=at, offset=offset)
    holders = [(s.src, s.references) for s in ctx.std.sections()]
    holders += [(t.src, t.references) for t in ctx.std.glossary]
    for src, ids in holders:
        for i, target in enumerate(ids):
            if target not in refs:
                yield ctx.problem(src, ID, f"引用的外部依据 {target} 未定义", _hint(ctx, target),
                                  at=("references", i))
