"""不得含有标记语言

文本就是文本。条文、术语、依据等任何文本中不得出现可被网站当作代码或标记执行的写法：
HTML 标签和字符实体、`javascript:`、Markdown 链接和图片、属性列表 `{: …}`、以及会把构建机器
上的文件插入网站的片段语法 `--8<--`。其他 Markdown 符号（如 `**`、`#`）不会生效，会按原样显示。

PASS:

    text: 网点应在醒目位置公示营业时间。

FAIL:

    text: 网点应公示营业时间<script>alert(1)</script>。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..problem import Problem
from ._text import all_texts

ID = "no-markup"
LEVEL = "error"

PATTERNS = [
    (re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?"), "HTML 标签"),
    (re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);"), "HTML 字符实体"),
    (re.compile(r"-{1,2}8<-{1,2}"), "片段插入语法 --8<--"),
    (re.compile(r"(?i)(?<![a-z])(?:javascript|vbscript|data)\s*:"), "脚本链接"),
    (re.compile(r"!?\[[^\[\]]*\]\([^)]*\)?"), "Markdown 链接或图片"),
    (re.compile(r"\{\s*[:#.][^}]*\}?"), "属性列表"),
]


def check(ctx: Context) -> Iterator[Problem]:
    for src, at, text in all_texts(ctx.std):
        for rx, what in PATTERNS:
            for m in rx.finditer(text):
                yield ctx.problem(src, ID, f"文本中含有{what}：“{m.group()[:40]}”",
                                  "文本不支持标记语言；引用条款请写 [[C-xxxx]]，引用外部依据请写 "
                                  "[[R-xxx]]，其余请用纯文字表述", at=at, offset=m.start())
