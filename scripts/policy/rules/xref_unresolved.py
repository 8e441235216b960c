"""交叉引用的条款存在

`[[C-xxxx]]` 和术语的主要条款（glossary.yml 的 `see`）必须指向本规范现有的条款。引用已删除的
条款、或标识写错，都会被报告，并给出最接近的现有标识。

PASS:

    text: 投诉处理期限按 [[C-5402]] 执行。

FAIL:

    text: 投诉处理期限按 [[C-5420]] 执行。   # 没有 C-5420

FAIL:

    - term: 首问负责制
      definition: 首先接触客户的员工负责受理，不得推诿。
      see: [C-2110]                           # glossary.yml：没有 C-2110
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..editions import latest_release
from ..model import CLAUSE_ID, Src, xrefs
from ..problem import Problem
from ._suggest import closest
from ._text import all_texts

ID = "xref-unresolved"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    ids = ctx.std.clause_by_id
    removed = {ch.id: rev.edition for rev in ctx.std.revisions for ch in rev.changes
               if ch.change == "removed"}
    base = latest_release(ctx.std)
    released = ctx.repo.frozen_standard(base.edition) if base else None
    found: list[tuple[Src, tuple[Any, ...], int | None, str, str]] = [
        (src, at, offset, target, "引用的条款") for src, at, text in all_texts(ctx.std)
        for offset, target, _ in xrefs(text)]
    found += [(t.src, ("see", i), None, target, f"术语“{t.term}”的主要条款")
              for t in ctx.std.glossary for i, target in enumerate(t.see)]
    for src, at, offset, target, what in found:
        if not CLAUSE_ID.match(target) or target in ids:
            continue
        was = released.clause_by_id.get(target) if released else None
        if target in removed:
            msg = f"{what} {target} 已在 {removed[target]} 版删除"
            hint = "请改为引用现行条款，或删除该引用"
        elif was is not None and base is not None:
            msg = f"{what} {target}（{base.edition} 版第 {was.number} 条）已从草案中删除"
            hint = ("请改为引用仍然有效的条款，或删除该引用；确需删除该条的，还须在修订记录中"
                    "登记其删除（change: removed）")
        else:
            msg = f"{what} {target} 不存在"
            close = closest(target, ids)
            hint = ("是否指 " + "或 ".join(f"{c}（第 {ids[c].number} 条）" for c in close) + "？"
                    if close else "请核对条款标识；标识见网站各条款的链接或 policy export 的输出")
        yield ctx.problem(src, ID, msg, hint, at=at, offset=offset)
