"""修订记录一致

revisions.yml 须满足：版本号严格递增；批准日期不晚于发布日期，施行日期不早于发布日期；各版本
的发布日期依次不早于上一版；版本号与类型相符（修订使整数部分加 1、小数部分归 0，如 1.1 → 2.0；
修正使小数部分加 1，如 1.0 → 1.1）；最后一条的版本号、发布日期和施行日期与 document.yml 一致；每个
变更条款的标识在现行规范中存在，或曾经存在（被删除的条款）。

PASS:

    - edition: "1.0"
      kind: 制定
      issued: 2025-06-20
      effective: 2025-07-01

FAIL:

    - edition: "1.0"
      kind: 制定
      issued: 2025-07-20
      effective: 2025-07-01     # 施行早于发布
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Src
from ..problem import Problem

ID = "revision-history"
LEVEL = "error"


def edition_key(edition: str) -> tuple[int, ...]:
    return tuple(int(p) for p in edition.split("."))


def check(ctx: Context) -> Iterator[Problem]:
    std = ctx.std
    revs = std.revisions
    current = {c.id for c in std.clauses()}
    removed: set[str] = set()
    prev = None
    for r in revs:
        if prev is not None:
            if edition_key(r.edition) <= edition_key(prev.edition):
                yield ctx.problem(r.src, ID, f"版本号 {r.edition} 不大于上一条的 {prev.edition}",
                                  "修订记录须按版本号从小到大排列，版本号不得重复", at=("edition",))
            if r.issued and prev.issued and r.issued < prev.issued:
                yield ctx.problem(r.src, ID, f"{r.edition} 版发布日期 {r.issued} 早于上一版的 "
                                  f"{prev.issued}", "请核对日期", at=("issued",))
        if r.approved and r.issued and r.approved > r.issued:
            yield ctx.problem(r.src, ID, f"批准日期 {r.approved} 晚于发布日期 {r.issued}",
                              "须先批准后发布", at=("approved",))
        if r.issued and r.effective and r.effective < r.issued:
            yield ctx.problem(r.src, ID, f"施行日期 {r.effective} 早于发布日期 {r.issued}",
                              "施行日期不得早于发布日期", at=("effective",))
        if prev is not None and r.kind in ("修订", "修正"):
            major, minor = edition_key(prev.edition)[:2]
            want = f"{major + 1}.0" if r.kind == "修订" else f"{major}.{minor + 1}"
            if r.edition != want:
                yield ctx.problem(r.src, ID, f"{r.kind}后的版本号应为 {want}，实际是 {r.edition}",
                                  "修订（较大范围修改）整数部分加 1；修正（个别条文修改）小数部分加 1；"
                                  "请核对版本号或类型", at=("edition",))
        if r.kind == "制定" and prev is not None:
            yield ctx.problem(r.src, ID, f"{r.edition} 版的类型为“制定”，但它不是第一版",
                              "后续版本的类型应为“修订”或“修正”", at=("kind",))
        for ch in r.changes:
            if ch.change == "removed":
                removed.add(ch.id)
                if ch.id in current and r.checksum:  # a pending one: revision-changes says how
                    yield ctx.problem(ch.src, ID, f"条款 {ch.id} 记为已删除，但仍在规范中",
                                      "已删除条款的标识不得再使用", at=("id",))
            elif ch.id not in current and ch.id not in removed:
                yield ctx.problem(ch.src, ID, f"变更记录中的条款 {ch.id} 不存在",
                                  "请核对条款标识", at=("id",))
        prev = r
    if not revs:
        return
    last, meta = revs[-1], std.meta
    for key, label in (("edition", "版本号"), ("issued", "发布日期"), ("effective", "施行日期")):
        got, want = getattr(meta, key), getattr(last, key)
        if want and got != want:
            yield ctx.problem(Src("document.yml"), ID,
                              f"document.yml 的{label} {got} 与修订记录最后一条的 {want} 不一致",
                              "现行版本的信息须与最新一条修订记录相同", at=(key,))
