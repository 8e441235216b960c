"""术语只定义一次

同一术语（含 aliases 中的写法）在术语表中只能出现一次。

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
        for k, word in enumerate([t.term, *t.aliases]):
            at = ("term",) if k == 0 else ("aliases", k - 1)
            if word in seen:
                yield ctx.problem(t.src, ID, f"术语“{word}”重复定义（已见于“{seen[word]}”）",
                                  "请合并为一条，其他写法放入 aliases", at=at)
            else:
                seen[word] = t.term
