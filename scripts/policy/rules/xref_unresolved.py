"""交叉引用的条款存在

`[[C-xxxx]]` 必须指向本规范现有的条款。引用已删除的条款、或标识写错，都会被报告，并给出
最接近的现有标识。

PASS:

    text: 投诉处理期限按 [[C-5402]] 执行。

FAIL:

    text: 投诉处理期限按 [[C-5420]] 执行。   # 没有 C-5420
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..context import Context
from ..model import CLAUSE_ID, xrefs
from ..problem import Problem
from ._text import all_texts

ID = "xref-unresolved"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    ids = ctx.std.clause_by_id
    removed = {ch.id: rev.edition for rev in ctx.std.revisions for ch in rev.changes
               if ch.change == "removed"}
    for src, at, text in all_texts(ctx.std):
        for offset, target, _ in xrefs(text):
            if not CLAUSE_ID.match(target) or target in ids:
                continue
            if target in removed:
                msg = f"引用的条款 {target} 已在 {removed[target]} 版删除"
                hint = "请改为引用现行条款，或删除该引用"
            else:
                msg = f"引用的条款 {target} 不存在"
                close = difflib.get_close_matches(target, list(ids), n=1, cutoff=0.7)
                hint = f"是否指 {close[0]}（第 {ids[close[0]].number} 条）？" if close else \
                    "请核对条款标识；标识见网站各条款的链接或 policy export 的输出"
            yield ctx.problem(src, ID, msg, hint, at=at, offset=offset)
