"""Point in time: each clause's texts across editions, and the editions' timeline page (pure).

A clause's 沿革 lists its text in every edition where it changed, with the dates each text was in
force, and compares this edition's text with the one in force on the reference date, character
by character as the 对照表 does. The timeline page lists every edition with its dates and status
and answers "which edition applied on this day" in the browser, from data in the page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from ..diff import char_diff
from ..editions import Version, day_before
from ..labels import CHANGE_ZH, IN_FORCE, PENDING, STATUS_LABEL, SUPERSEDED


@dataclass(frozen=True)
class Period:
    """An edition in the timeline: its dates and its status on the reference date."""

    edition: str
    slug: str
    status: str
    approved: str
    issued: str
    effective: str
    until: str  # the last day in force, "" while in force or not yet in force
    kind: str
    approval_doc: str = ""


@dataclass
class Timeline:
    """What one edition's pages need to show clause histories and the timeline."""

    edition: str  # the edition being built
    periods: list[Period]
    versions: dict[str, list[Version]] = field(default_factory=dict)
    on: str = ""  # the reference date

    @property
    def in_force(self) -> Period | None:
        return next((p for p in self.periods if p.status == IN_FORCE), None)

    def period(self, edition: str) -> Period | None:
        return next((p for p in self.periods if p.edition == edition), None)

    def order(self, edition: str) -> int:
        return next((i for i, p in enumerate(self.periods) if p.edition == edition), -1)

    def text_in(self, cid: str, edition: str) -> Version | None:
        """The version of clause ``cid`` that edition ``edition`` carries (None: not in it)."""
        at = self.order(edition)
        found = None
        for v in self.versions.get(cid, []):
            if self.order(v.first) <= at:
                found = v
        return None if found is None or found.change == "removed" else found


def _in_force_when(tl: Timeline, v: Version) -> str:
    """When the text of ``v`` applies (or applied): over the editions it spans."""
    span = [p for p in tl.periods if tl.order(v.first) <= tl.order(p.edition) <= tl.order(v.last)]
    applied = [p for p in span if p.status in (IN_FORCE, SUPERSEDED)]
    if not applied:
        first = span[0] if span else None
        if first is None:
            return ""
        if first.status == PENDING:
            return f"已发布，自 {first.effective} 起施行"
        return "草案，尚未施行"
    start, end = applied[0], applied[-1]
    if end.status == IN_FORCE:
        return f"自 {start.effective} 起施行，现行有效"
    return f"{start.effective} 至 {end.until} 施行"


def _text(s: str) -> str:
    return html.escape(s, quote=True).replace("\n", "<br>")


def _marked(old: str, new: str) -> str:
    out = []
    for tag, piece in char_diff(old, new):
        if tag == "=":
            out.append(_text(piece))
        elif tag == "-":
            out.append(f"<del>{_text(piece)}</del>")
        else:
            out.append(f"<ins>{_text(piece)}</ins>")
    return "".join(out)


def clause_block(cid: str, tl: Timeline) -> str:
    """The clause's 沿革 as one HTML block ("" when there is nothing to tell): its versions up
    to this edition with their dates, and the comparison with the text in force."""
    mine = tl.order(tl.edition)
    versions = tl.versions.get(cid, [])
    here = tl.text_in(cid, tl.edition)
    now = tl.in_force
    compare = ""
    if now is not None and now.edition != tl.edition and here is not None:
        theirs = tl.text_in(cid, now.edition)
        if theirs is None:
            gone = next((v for v in tl.versions.get(cid, []) if v.change == "removed"
                         and tl.order(v.first) <= tl.order(now.edition)), None)
            compare = (f"本条已于 {gone.first} 版删除，现行 {now.edition} 版中没有本条。" if gone
                       else f"本条在现行 {now.edition} 版中尚不存在（本版新增）。")
            compare = f'<p class="tl-compare">{html.escape(compare)}</p>'
        elif theirs.text != here.text:
            later = mine > tl.order(now.edition)
            old, new = (theirs.text, here.text) if later else (here.text, theirs.text)
            caption = (f"与现行 {now.edition} 版比较（现行 → 本版）" if later
                       else f"与现行 {now.edition} 版比较（本版 → 现行）")
            compare = (f'<p class="tl-compare"><span class="tl-caption">{caption}：</span>'
                       f"{_marked(old, new)}</p>")
        elif theirs.first != here.first or theirs is not here:
            compare = f'<p class="tl-compare">与现行 {now.edition} 版相同。</p>'
    if len(versions) <= 1 and not compare:
        return ""
    items = []
    for v in versions:
        span = v.first if v.last == v.first else f"{v.first}—{v.last}"
        reason = f"（{_text(v.reason)}）" if v.reason else ""
        when = f"；{html.escape(_in_force_when(tl, v))}" if v.change != "removed" else ""
        body = f"：{_text(v.text)}" if v.text else ""
        this = here is not None and v is here
        cls = ' class="tl-this"' if this else ""
        mark = "（本版条文）" if this else ""
        items.append(f'<li{cls}><span class="tl-edition">{html.escape(span)} 版{mark}</span>'
                     f"{CHANGE_ZH.get(v.change, v.change)}{reason}{when}{body}</li>")
    summary = "；".join(f"{v.first} 版{CHANGE_ZH.get(v.change, v.change)}" for v in versions)
    return (f'<details class="clause-timeline" data-search-exclude>'
            f"<summary>本条沿革：{html.escape(summary)}</summary>"
            f"<ol>{''.join(items)}</ol>{compare}</details>")


def timeline_page(tl: Timeline, title: str) -> str:
    """The 施行时间表: every edition with its dates and status, and an as-at lookup."""
    rows = ["| 版本 | 类型 | 批准日期 | 发布日期 | 施行日期 | 施行期间 | 状态 |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for p in tl.periods:
        here = "（本版）" if p.edition == tl.edition else ""
        if p.status == IN_FORCE:
            period = f"{p.effective} 起至今"
        elif p.until:
            period = f"{p.effective} 至 {p.until}"
        else:
            period = "—"  # not in force yet
        # raw HTML: another edition is another site, which the engine does not know
        rows.append(f'| <a href="../../{p.slug}/">{p.edition} 版</a>{here} | {p.kind} | '
                    f"{p.approved or '—'} "
                    f"| {p.issued or '—'} | {p.effective or '—'} | {period} | "
                    f"{STATUS_LABEL.get(p.status, p.status)} |")
    released = [p for p in tl.periods if p.status != "草案"]
    # the last day of each edition, whether that day has come or not
    ends = {p.edition: day_before(n.effective) for p, n in zip(released, released[1:],
                                                               strict=False)}
    data = [{"edition": p.edition, "slug": p.slug, "effective": p.effective,
             "until": ends.get(p.edition, ""), "released": True} for p in released]
    island = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return "\n".join([
        "# 施行时间表", "",
        f"《{html.escape(title)}》各版本的批准、发布和施行日期。各版本的状态按 {tl.on} 的日期确定："
        "已发布而施行日期未到的为“已发布、待施行”，施行日期已到的最新版本为“现行有效”，"
        "被后一版本替代的为“已失效”。", "",
        *rows, "",
        "## 查询某日施行的版本", "",
        '<form class="as-at" role="search" aria-label="查询某日施行的版本">'
        '<label for="as-at-date">日期</label> <input type="date" id="as-at-date" required> '
        '<button type="submit" class="md-button">查询</button></form>',
        '<p class="as-at-answer" aria-live="polite"></p>',
        f'<script type="application/json" id="edition-timeline">{island}</script>', "",
        "命令行中可用 `policy as-at YYYY-MM-DD [条款标识]` 查询同样的信息，并显示该条款当日的条文。",
        "",
    ])


def removed_here(tl: Timeline, number_prefix: str) -> list[tuple[str, Version]]:
    """(clause id, its removal) for clauses that stood in the section ``number_prefix`` ("5.4")
    and were removed in this edition or before it: their anchors must not land nowhere."""
    mine = tl.order(tl.edition)
    out = []
    for cid, versions in tl.versions.items():
        last = versions[-1]
        if last.change == "removed" and tl.order(last.first) <= mine and \
                last.number.rsplit(".", 1)[0] == number_prefix:
            out.append((cid, last))
    return sorted(out, key=lambda cv: [int(x) for x in cv[1].number.split(".")])


def removed_stub(cid: str, gone: Version, tl: Timeline, depth: int) -> str:
    """Where a removed clause stood: its id as an anchor, and where it went."""
    period = tl.period(gone.first)
    slug = period.slug if period else gone.first
    href = "../" * depth + f"{slug}/changes/#{cid}"
    reason = f"（{html.escape(gone.reason)}）" if gone.reason else ""
    return (f'<p id="{cid}" class="clause-removed" data-search-exclude>原第 {gone.number} 条'
            f"（{cid}）已于 {html.escape(gone.first)} 版删除{reason}。"
            f'<a href="{html.escape(href)}">查看 {html.escape(gone.first)} 版的新旧条文对照表</a></p>')
