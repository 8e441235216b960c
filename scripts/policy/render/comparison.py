"""The 新旧条文对照表 as Markdown, HTML and JSON (pure functions)."""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from ..diff import Change, Comparison, Reason, char_diff
from ..labels import CHANGE_ZH


def number_cell(c: Change) -> str:
    if "added" in c.kinds:
        return f"{c.new_number}（新增）"
    if "removed" in c.kinds:
        return f"{c.old_number}（删除）"
    if "moved" in c.kinds:
        return f"{c.old_number} → {c.new_number}（移动）"
    if c.renumbered:
        return f"{c.old_number} → {c.new_number}"
    return c.new_number


def _marks(c: Change, wrap_del: tuple[str, str], wrap_ins: tuple[str, str],
           escape: Callable[[str], str]) -> tuple[str, str]:
    """Old and new text with deletions marked in the old and insertions in the new."""
    if not c.old_text or not c.new_text:
        return escape(c.old_text), escape(c.new_text)
    old, new = [], []
    for tag, text in char_diff(c.old_text, c.new_text):
        if tag == "=":
            old.append(escape(text))
            new.append(escape(text))
        elif tag == "-":
            old.append(wrap_del[0] + escape(text) + wrap_del[1])
        else:
            new.append(wrap_ins[0] + escape(text) + wrap_ins[1])
    return "".join(old), "".join(new)


def reason_text(c: Change, reasons: dict[str, list[Reason]]) -> list[str]:
    """The 修订说明 column: each recorded reason with its kind, or a note that none was."""
    out = []
    for r in reasons.get(c.id, []):
        label = CHANGE_ZH[r.kind] + ("，实质性" if r.substantive else "，非实质性")
        out.append(f"{r.reason}（{label}）")
    if not out:
        out.append("（未登记修订说明）")
    if c.editorial:
        out.append("仅标点或空格调整")
    return out


def draft_note(cmp: Comparison) -> str:
    return "草案：修订后条文尚未经批准，不具效力。" if cmp.draft else ""


def to_markdown(cmp: Comparison, escape: Callable[[str], str] | None = None,
                heading: str = "##", link: Callable[[Change, str], str] | None = None) -> str:
    """A Markdown table (GitHub job summary and the site). ``escape`` escapes data text;
    ``link(change, number)`` makes a row's number a link to its clause (the site's)."""

    def default_escape(s: str) -> str:
        return html.escape(s, quote=False).replace("|", "&#124;").replace("\n", "<br>")

    esc = escape or default_escape

    def cell(s: str) -> str:
        return esc(s).replace("\n", "<br>")

    lines = [f"{heading} 新旧条文对照表：{cmp.old_label} → {cmp.new_label}", ""]
    if cmp.draft:
        lines += [f"**{draft_note(cmp)}**", ""]
    if not cmp.changes:
        lines += ["两个版本的条文没有差异。", ""]
    else:
        lines += [f"共 {len(cmp.changes)} 条条款有变化。删除的文字标为 <del>删除线</del>，新增的文字标为 "
                  "<ins>下划线</ins>。", ""]
        if link is not None:  # on the site: the rows become cards on a phone (standard.css)
            lines += ['<div class="comparison-table" markdown>', ""]
        lines += ["| 条款编号 | 原条文 | 修订后条文 | 修订说明 |", "| --- | --- | --- | --- |"]
        for c in cmp.changes:
            old, new = _marks(c, ("<del>", "</del>"), ("<ins>", "</ins>"), cell)
            notes = [cell(r) for r in reason_text(c, cmp.reasons)]
            if c.cited_by:
                notes.append("引用本条的条款（请核对是否仍然成立）：" + "、".join(c.cited_by))
            number = number_cell(c)
            if link is not None:
                # the row's anchor, for links from the clause's history and removed clauses
                number = f'<span id="{c.id}"></span>{link(c, number)}'
            lines.append(f"| {number}<br>`{c.id}` | {old or '—'} | {new or '—'} | "
                         + "<br>".join(notes) + " |")
        lines.append("")
        if link is not None:
            lines += ["</div>", ""]
    if cmp.renumbered:
        lines += ["因条款增删而顺延编号、条文未变的条款：" + "、".join(
            f"{r.old_number} → {r.new_number}（`{r.id}`）" for r in cmp.renumbered), ""]
    return "\n".join(lines)


_CSS = """
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.4em 0.6em; vertical-align: top; text-align: left; }
th { background: #eef; }
del { background: #fdd; color: #900; }
ins { background: #dfd; color: #060; text-decoration: underline; }
code { font-size: 0.85em; color: #555; }
.draft { font-weight: 700; color: #7a1200; border: 2px solid #c62828; padding: 0.4em 0.8em; }
.cited { font-size: 0.85em; color: #555; }
"""


def to_html(cmp: Comparison) -> str:
    def esc(s: str) -> str:
        return html.escape(s, quote=True).replace("\n", "<br>")

    title = f"新旧条文对照表：{esc(cmp.old_label)} → {esc(cmp.new_label)}"
    rows = []
    for c in cmp.changes:
        old, new = _marks(c, ("<del>", "</del>"), ("<ins>", "</ins>"), esc)
        notes = "<br>".join(esc(r) for r in reason_text(c, cmp.reasons))
        if c.cited_by:
            notes += ('<div class="cited">引用本条的条款（请核对是否仍然成立）：'
                      + esc("、".join(c.cited_by)) + "</div>")
        rows.append(f"<tr><td>{esc(number_cell(c))}<br><code>{esc(c.id)}</code></td>"
                    f"<td>{old or '—'}</td><td>{new or '—'}</td><td>{notes}</td></tr>")
    summary = (f"<p>共 {len(cmp.changes)} 条条款有变化。删除的文字标为<del>删除线</del>，新增的文字标为"
               "<ins>下划线</ins>。</p>")
    body = (summary + "<table><thead><tr><th>条款编号</th><th>原条文</th><th>修订后条文</th>"
            "<th>修订说明</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>") \
        if rows else "<p>两个版本的条文没有差异。</p>"
    if cmp.draft:
        body = f'<p class="draft">{esc(draft_note(cmp))}</p>' + body
    if cmp.renumbered:
        body += "<p>因条款增删而顺延编号、条文未变的条款：" + esc("、".join(
            f"{r.old_number} → {r.new_number}（{r.id}）" for r in cmp.renumbered)) + "</p>"
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}'
            f"</title><style>{_CSS}</style></head><body><h1>{title}</h1>{body}</body></html>\n")


def to_json(cmp: Comparison) -> str:
    rows = []
    for c in cmp.changes:
        rows.append({
            "id": c.id, "kinds": list(c.kinds), "old_number": c.old_number,
            "new_number": c.new_number, "renumbered": c.renumbered, "old_text": c.old_text,
            "new_text": c.new_text, "editorial": c.editorial,
            "reasons": [{"change": r.kind, "reason": r.reason, "substantive": r.substantive}
                        for r in cmp.reasons.get(c.id, [])],
            "cited_by": list(c.cited_by),
            "diff": [[t, s] for t, s in char_diff(c.old_text, c.new_text)]
            if c.old_text and c.new_text else [],
        })
    return json.dumps({"old": cmp.old_label, "new": cmp.new_label, "changes": rows,
                       "renumbered": [{"id": r.id, "old_number": r.old_number,
                                       "new_number": r.new_number} for r in cmp.renumbered]},
                      ensure_ascii=False, indent=2) + "\n"
