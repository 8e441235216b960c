"""术语只定义一次

同一术语（含 aliases 中的写法和 colloquial 中的俗称）在术语表中只能出现一次：一个说法只能指向
一个术语，搜索才知道把它引向哪里。

PASS:

    - term: 双录
      aliases: [同步录音录像]

FAIL:

    - term: 双录
    - term: 同步录音录像
      aliases: [双录]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "glossary-duplicate"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for t in ctx.std.glossary:
        words = [(("term",), t.term), *((("aliases", i), w) for i, w in enumerate(t.aliases)),
                 *((("colloquial", i), w) for i, w in enumerate(t.colloquial))]
        for at, word in words:
            if word in seen:
                yield ctx.problem(t.src, ID, f"术语“{word}”重复定义（已见于“{seen[word]}”）",
                                  "请合并为一条，其他写法放入 aliases", at=at)
            else:
                seen[word] = t.term
