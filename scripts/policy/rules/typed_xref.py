"""不要手写条款编号、条款标识和依据名称

条款编号随位置变化，手写的“第5.4.2条”在插入条款后会指错；手写的标识“C-5402”读者看不懂，
也不会链接到该条；外部依据的名称也应通过依据清单引用，才能显示核实状态并保持一致。请改用
交叉引用。修订记录的概要和修订说明同样适用。

PASS:

    text: 处理期限按 [[C-5402]] 执行，并遵守 [[R-COMPLAINT]]。

FAIL:

    text: 处理期限按本规范第5.4.2条执行，并遵守《银行业保险业消费投诉处理管理办法》。

FAIL:

    summary: 按 C-8203 认定为修订。

FAIL:

    reason: 处理期限改为按第5.4.2条计算。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..model import Src
from ..problem import Problem
from ._text import clause_texts

ID = "typed-xref"
LEVEL = "warning"

_NUMBER = re.compile(r"(?:本规范)?第\s*(\d+(?:\.\d+){0,2})\s*[条节章]")
_TITLE = re.compile(r"《([^》]+)》")
_BARE_ID = re.compile(r"(?<![A-Za-z0-9_\[-])C-\d{4,6}(?![0-9\]])")
_XREF = re.compile(r"\[\[[^\]]*\]\]")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇]+条(?:[、和至]第[一二三四五六七八九十百零〇]+条)*")


def check(ctx: Context) -> Iterator[Problem]:
    by_number = {c.number: c.id for c in ctx.std.clauses()}
    by_title = {r.title: r.id for r in ctx.std.references}
    texts = [("条文中", *t) for t in clause_texts(ctx.std)] + [
        ("修订记录中", *t) for t in _history(ctx)]
    for where, src, at, text in texts:
        for m in _NUMBER.finditer(text):
            if where == "修订记录中" and not m.group().endswith("条"):
                continue  # a section or chapter has no cross-reference: naming it is fine
            target = by_number.get(m.group(1))
            hint = (f"第 {m.group(1)} 条现在的标识是 {target}，请写 [[{target}]]" if target else
                    "请改用交叉引用 [[C-xxxx]]，编号会随条款位置自动更新")
            yield ctx.problem(src, ID, f"{where}手写了编号“{m.group()}”", hint, at=at,
                              offset=m.start())
        for m in _TITLE.finditer(text):
            rid = by_title.get(m.group(1))
            article = _ARTICLE.match(text, m.end())  # 《…》第二十条: the article goes inside
            hint = (f"请把“{m.group()}{article.group()}”整体替换为 [[{rid}|{article.group()}]]"
                    if rid and article else f"请写 [[{rid}]]" if rid else
                    "请先在 references.yml 中登记该依据，再用 [[R-xxx]] 引用")
            yield ctx.problem(src, ID, f"{where}手写了依据名称“{m.group()}”", hint, at=at,
                              offset=m.start())
    for _, src, at, text in texts:
        hidden = _XREF.sub(lambda m: " " * len(m.group()), text)  # written as they should be
        for m in _BARE_ID.finditer(hidden):
            if m.group() not in ctx.std.clause_by_id:
                continue  # a removed clause: its identifier is all that is left of it
            hint = f"请写 [[{m.group()}]]，显示为该条现在的编号并链接到该条"
            yield ctx.problem(src, ID, f"手写了条款标识“{m.group()}”", hint, at=at,
                              offset=m.start())


def _history(ctx: Context) -> Iterator[tuple[Src, tuple[Any, ...], str]]:
    """The revision record's summaries and reasons: read at the approval meeting (those of the
    released editions are frozen with them and stay as they were approved)."""
    released = set(ctx.repo.edition_folders)
    for rev in ctx.std.revisions:
        if rev.edition in released:
            continue
        yield rev.src, ("summary",), rev.summary
        for ch in rev.changes:
            yield ch.src, ("reason",), ch.reason
