"""外部链接安全

外部依据的 url 必须是 https 链接，且只能是网址：`http:`、`javascript:`、`data:`、`file:`
等一律拒绝。网站和 PDF 中的外部链接都以 `rel="noopener noreferrer"` 打开。

PASS:

    url: https://www.gov.cn/

FAIL:

    url: javascript:alert(1)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "reference-url"
LEVEL = "error"

_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s\"'<>`]*)?$")


def check(ctx: Context) -> Iterator[Problem]:
    for r in ctx.std.references:
        if r.url and not _HTTPS.match(r.url):
            yield ctx.problem(r.src, ID, f"链接“{r.url}”不是安全的 https 网址",
                              "只允许 https:// 开头、不含空格和引号的网址", at=("url",))
