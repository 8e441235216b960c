"""术语被使用

术语表中的每个术语（或其 aliases 中的写法）都应至少在一条条文中出现。未被使用的术语说明
条文用了别的说法，应统一用语或删除该术语。

PASS:

    - term: 首问负责制
    # 某条文：本机构实行首问负责制。

FAIL:

    - term: 首问负责制
    # 条文中只写了“首问责任制”
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem
from ..words import words_in
from ._text import clause_texts

ID = "glossary-unused"
LEVEL = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    corpus = "\n".join(t for _, _, t in clause_texts(ctx.std))
    corpus += "\n".join(s.purpose for s in ctx.std.sections())
    # one pass over the text for all the words, not one pass per word
    present = words_in((w for t in ctx.std.glossary for w in [t.term, *t.aliases]), corpus)
    for t in ctx.std.glossary:
        if not any(w in present for w in [t.term, *t.aliases]):
            yield ctx.problem(t.src, ID, f"术语“{t.term}”没有在任何条文中使用",
                              "请在条文中统一使用该术语，或从术语表中删除", at=("term",))
