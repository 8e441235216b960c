"""规定目录

规范的章、节必须与 outline.yml 规定的目录一致：数量、顺序和标题一字不差。章号和节号按顺序
自动计算，不需要填写。

PASS（outline.yml 规定第二章第一节为“服务受理与预约”）:

    title: 服务流程与管理
    sections:
      - title: 服务受理与预约

FAIL:

    title: 服务流程与管理
    sections:
      - title: 服务受理和预约
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..context import Context
from ..model import Chapter, Src
from ..problem import Problem

ID = "outline"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    std = ctx.std
    for i, (title, sections) in enumerate(std.outline):
        if i >= len(std.chapters):
            yield ctx.problem(Src("outline.yml", ("chapters", i)), ID,
                              f"缺少规定的第 {i + 1} 章“{title}”",
                              f"请新建 chapters/{i + 1:02d}.yml，标题为“{title}”")
            continue
        ch = std.chapters[i]
        if ch.title != title:
            yield ctx.problem(ch.src, ID, f"第 {i + 1} 章标题应为“{title}”，实际是“{ch.title}”",
                              "章的标题和顺序须与 outline.yml 一致；章按文件名顺序排列",
                              at=("title",))
        yield from _sections(ctx, ch, sections)
    for ch in std.chapters[len(std.outline):]:
        yield ctx.problem(ch.src, ID, f"第 {ch.number} 章“{ch.title}”不在规定目录中",
                          "新增章须先修改 outline.yml 并经批准", at=("title",))


def _sections(ctx: Context, ch: Chapter, required: list[str]) -> Iterator[Problem]:
    actual = [s.title for s in ch.sections]
    matcher = difflib.SequenceMatcher(a=required, b=actual, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        want, got = required[a0:a1], ch.sections[b0:b1]
        for k in range(max(len(want), len(got))):
            w = want[k] if k < len(want) else None
            s = got[k] if k < len(got) else None
            if w is not None and s is not None:
                where = "位置不对" if s.title in required else "标题不一致"
                hint = (f"请把标题改为：title: {w}" if where == "标题不一致" else
                        f"节的顺序须与 outline.yml 一致：此处应为“{w}”，请调整各节的先后")
                yield ctx.problem(s.src, ID, f"第 {s.number} 节标题应为“{w}”，实际是“{s.title}”"
                                  f"（{where}）", hint, at=("title",))
            elif s is not None:
                yield ctx.problem(s.src, ID, f"第 {s.number} 节“{s.title}”不在规定目录中",
                                  "请删除该节，或把条款并入规定的节", at=("title",))
            elif w is not None:
                after = ch.sections[b0 - 1].number if b0 > 0 else None
                hint = f"请在第 {after} 节之后补上该节" if after else "请在本章开头补上该节"
                yield ctx.problem(ch.src, ID, f"第 {ch.number} 章缺少规定的节“{w}”", hint,
                                  at=("sections",), key=True)
