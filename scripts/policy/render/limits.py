"""The 时限与期限一览表: every deadline and period the clauses declare, by kind (pure).

Rows come from the clauses' ``limits``; each names its clause, so the page links every row to
its clause and the PDF to the clause's page. A period is declared once, on the clause that sets
it (the rules limit-text and limit-conflict keep the table and the text in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Clause, Limit, Standard

KINDS = ("时限", "保存期限", "提前期", "周期", "有效期", "统计期")
KIND_NOTE = {
    "时限": "应在多长时间内完成",
    "保存期限": "资料和记录至少保存多久",
    "提前期": "应至少提前多久告知或办理",
    "周期": "至少每隔多久做一次",
    "有效期": "结果、资格或期间持续多久",
    "统计期": "判断预警或认定条件时所看的期间",
}


@dataclass(frozen=True)
class Row:
    limit: Limit
    clause: Clause


def table(std: Standard) -> list[tuple[str, list[Row]]]:
    """(kind, rows in document order) for every kind that has rows."""
    rows = [Row(x, c) for c in std.clauses() for x in c.limits]
    return [(k, [r for r in rows if r.limit.kind == k]) for k in KINDS
            if any(r.limit.kind == k for r in rows)]


def limits_page(std: Standard) -> str:
    from .markdown import chapter_file, esc

    groups = table(std)
    total = sum(len(rows) for _, rows in groups)
    lines = ["# 时限与期限一览表", "",
             f"本表汇总本规范各条款规定的全部时限和期限，共 {total} 项，每一项对应一条条款，点击条款编号"
             "查看原文。期限的计算方法（是否含本数、节假日是否顺延）按本规范附则的规定。", ""]
    for kind, rows in groups:
        lines += [f"## {kind}（{len(rows)} 项） {{: #limits-{KINDS.index(kind) + 1} }}", "",
                  f"{KIND_NOTE[kind]}。", "", "| 事项 | 期限 | 起算 | 负责 | 条款 |",
                  "| --- | --- | --- | --- | --- |"]
        for r in rows:
            x, c = r.limit, r.clause
            lines.append(f"| {esc(x.topic)} | {esc(x.period)} | {esc(x.start)} | {esc(x.who)} | "
                         f"[第 {c.number} 条]({chapter_file(c.chapter)}#{c.id}) |")
        lines.append("")
    if not groups:
        lines += ["本版条款没有登记时限和期限。", ""]
    return "\n".join(lines)
