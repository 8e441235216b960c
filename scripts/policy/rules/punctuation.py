"""全角标点

中文条文使用全角标点。紧邻汉字的半角逗号、分号、冒号、问号、叹号和括号会被提示。

PASS:

    text: 本机构应在15日内作出答复，并告知客户（含代理人）。

FAIL:

    text: 本机构应在15日内作出答复,并告知客户(含代理人)。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..problem import Problem
from ._text import clause_texts

ID = "punctuation"
LEVEL = "warning"

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HAN = "\u4e00-\u9fff"
_MIXED = re.compile(rf"(?<=[{_HAN}])[,;:?!()]|[,;:?!()](?=[{_HAN}])")


def check(ctx: Context) -> Iterator[Problem]:
    texts = list(clause_texts(ctx.std))
    texts += [(s.src, ("purpose",), s.purpose) for s in ctx.std.sections()]
    for src, at, text in texts:
        for m in _MIXED.finditer(text):
            ch = m.group()
            yield ctx.problem(src, ID, f"汉字旁使用了半角标点“{ch}”",
                              f"请改为全角“{_FULL[ch]}”", at=at, offset=m.start())
