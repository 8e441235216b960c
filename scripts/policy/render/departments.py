"""What each department owns and must do, and what changed for it (pure).

A department's page lists the sections it owns, every clause that names it (as the one who acts,
reports, approves or keeps the record: its name is in the clause's text, or a limit of the clause
is its), and, for every edition up to this one, the changes to those clauses. The same list is a
CSV that a training or OA system can import as a reading and acknowledgement list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..export import plain
from ..labels import CHANGE_ZH
from ..model import Clause, Department, Section, Standard
from .text import item_label


@dataclass
class Duties:
    """One department in one edition."""

    dept: Department
    sections: list[Section] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)  # owned or naming it, document order
    named: set[str] = field(default_factory=set)  # ids of clauses that name it
    # (edition, clause id, number, change, reason) for its clauses, oldest first
    changes: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def page_path(dept_id: str) -> str:
    return f"departments/{dept_id}.md"


def csv_path(dept_id: str) -> str:
    return f"downloads/departments/{dept_id}.csv"


def feed_path(dept_id: str) -> str:
    """Relative to the site's root, outside every edition."""
    return f"feeds/{dept_id}.xml"


def duties(std: Standard, numbers: dict[str, str] | None = None) -> list[Duties]:
    """Every department's duties in ``std``; ``numbers`` names removed clauses."""
    out = {d.id: Duties(d) for d in std.departments}
    for s in std.sections():
        if s.owner in out:
            out[s.owner].sections.append(s)
    for clause in std.clauses():
        text = "\n".join([clause.text, *clause.items, *(x.who for x in clause.limits)])
        owner = std.section_of(clause).owner
        for dept in std.departments:
            if dept.name in text:
                out[dept.id].named.add(clause.id)
            if dept.name in text or dept.id == owner:
                out[dept.id].clauses.append(clause)
    for r in std.revisions:
        for ch in r.changes:
            c = std.clause_by_id.get(ch.id)
            number = c.number if c else (numbers or {}).get(ch.id, ch.id)
            for d in out.values():
                if c is not None and c in d.clauses:
                    d.changes.append((r.edition, ch.id, number, ch.change, plain(std, ch.reason)))
                elif c is None and any(s.number == number.rsplit(".", 1)[0]
                                       for s in d.sections):  # removed from its section
                    d.changes.append((r.edition, ch.id, number, ch.change, plain(std, ch.reason)))
    return list(out.values())


def _esc(text: str) -> str:
    from .markdown import esc

    return esc(text)


def department_page(std: Standard, d: Duties, edition: str) -> str:
    """The department's page (Markdown, its feed named in the front matter)."""
    from .markdown import chapter_file

    name = _esc(d.dept.name)
    lines = ["---", f"feed: ../{feed_path(d.dept.id)}", f"feed_title: {d.dept.name}：本规范的变化",
             "---", "", f"# {name}", "",
             f"本页列出 {_esc(edition)} 版中由{name}负责的节，以及点名{name}的全部条款，可作为本部门的"
             "学习和确认清单。", "",
             f"[下载本部门的学习确认清单（CSV）](../{csv_path(d.dept.id)}){{: .md-button download }}"
             f' <a class="md-button" href="../../../{feed_path(d.dept.id)}">订阅本部门的变化'
             "（Atom）</a>", ""]
    lines += ["## 负责的节", ""]
    if d.sections:
        lines += [f"- [{s.number} {_esc(s.title)}](../{chapter_file(int(s.number.split('.')[0]))}"
                  f"#sec-{s.number.replace('.', '-')})（复核日期 {_esc(s.review_due)}）"
                  for s in d.sections]
    else:
        lines.append("（无）")
    lines += ["", f"## 点名{name}的条款（{len(d.named)} 条）", ""]
    named = [c for c in d.clauses if c.id in d.named]
    if named:
        lines += ["| 条款 | 所在节 | 条文 |", "| --- | --- | --- |"]
        for c in named:
            s = std.section_of(c)
            text = plain(std, c.text) + "".join(
                item_label(i) + plain(std, t) for i, t in enumerate(c.items))
            lines.append(f"| [第 {c.number} 条](../{chapter_file(c.chapter)}#{c.id}) | "
                         f"{s.number} {_esc(s.title)} | {_esc(text)} |")
    else:
        lines.append("（无）")
    lines += ["", "## 各版本中的变化", ""]
    if d.changes:
        lines += ["| 版本 | 条款 | 变更 | 修订说明 |", "| --- | --- | --- | --- |"]
        for ed, cid, number, change, reason in reversed(d.changes):
            now = std.clause_by_id.get(cid)
            where = (f"[第 {number} 条](../{chapter_file(now.chapter)}#{cid})"
                     if now is not None and change != "removed" else f"原第 {number} 条")
            lines.append(f"| {_esc(ed)} 版 | {where} | {CHANGE_ZH[change]} | {_esc(reason)} |")
    else:
        lines.append("本部门的条款在各版本中没有变化（首次制定的版本中全部为新增）。")
    lines.append("")
    return "\n".join(lines)


def departments_index(ds: list[Duties]) -> str:
    lines = ["# 各部门的职责", "", "每个部门负责的节、点名该部门的条款和各版本中与它有关的变化。", "",
             "| 部门 | 负责的节 | 点名的条款 | 历次变化 |", "| --- | --- | --- | --- |"]
    for d in ds:
        lines.append(f"| [{_esc(d.dept.name)}]({d.dept.id}.md) | {len(d.sections)} | "
                     f"{len(d.named)} | {len(d.changes)} |")
    lines.append("")
    return "\n".join(lines)


def reading_list(std: Standard, d: Duties, edition: str) -> bytes:
    """The department's clauses as CSV (UTF-8 with BOM, which Excel needs to read Chinese):
    one row per clause that names the department or stands in a section it owns."""
    changed = {cid for ed, cid, *_ in d.changes if ed == edition}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["部门", "版本", "条款编号", "条款标识", "所在节", "点名本部门", "本版变更", "条文",
                "网页"])
    for c in d.clauses:
        s = std.section_of(c)
        text = plain(std, c.text) + "".join(
            item_label(i) + plain(std, t) for i, t in enumerate(c.items))
        w.writerow([d.dept.name, edition, c.number, c.id, f"{s.number} {s.title}",
                    "是" if c.id in d.named else "否", "是" if c.id in changed else "否", text,
                    f"chapters/{c.chapter:02d}/#{c.id}"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
