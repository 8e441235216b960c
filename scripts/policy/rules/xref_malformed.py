"""交叉引用格式

交叉引用写作 `[[C-1234]]`（引用本规范条款）、`[[R-PIPL]]` 或 `[[R-PIPL|第二十八条]]`（引用
外部依据）。方括号不成对、标识格式不对的写法都会被报告。

PASS:

    text: 投诉处理期限按 [[C-5402]] 执行，并遵守 [[R-COMPLAINT]]。

FAIL:

    text: 投诉处理期限按 [[C5402]] 执行，并遵守 [R-COMPLAINT]]。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..model import CLAUSE_ID, REF_ID, XREF
from ..problem import Problem
from ._text import all_texts

ID = "xref-malformed"
LEVEL = "error"

_BRACKETS = re.compile(r"\[\[|\]\]")


def check(ctx: Context) -> Iterator[Problem]:
    for src, at, text in all_texts(ctx.std):
        spans = []
        for m in XREF.finditer(text):
            spans.append((m.start(), m.end()))
            target = m.group(1).strip()
            if not (CLAUSE_ID.match(target) or REF_ID.match(target)):
                yield ctx.problem(src, ID, f"交叉引用 {m.group()} 的标识格式不正确",
                                  "条款写作 [[C-1234]]，外部依据写作 [[R-PIPL]] 或 [[R-PIPL|第二十八条]]",
                                  at=at, offset=m.start())
        # the text with each well-formed reference blanked out, built in one pass
        pieces, prev = [], 0
        for a, b in spans:
            pieces += [text[prev:a], " " * (b - a)]
            prev = b
        rest = "".join(pieces) + text[prev:]
        for m in _BRACKETS.finditer(rest):
            yield ctx.problem(src, ID, f"方括号“{m.group()}”不成对",
                              "交叉引用须写成 [[标识]]，两侧各两个方括号", at=at, offset=m.start())
        for m in re.finditer(r"(?<!\[)\[(C-\d{4,6}|R-[A-Z0-9-]+)\](?!\])", rest):
            yield ctx.problem(src, ID, f"“{m.group()}”只有一对方括号，不会生成链接",
                              f"请写成 [[{m.group(1)}]]", at=at, offset=m.start())
