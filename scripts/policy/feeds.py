"""Atom feeds of editions (feedgen): one for the standard, one per department.

Each released edition is an entry: when it was issued, when it takes effect, its summary, and a
link to its 对照表 (or, in a department's feed, to that department's page in the edition, with
the department's changed clauses). Links are relative to the feed, which lives at the site's
root; ids are ``tag:`` URIs, which name without pointing anywhere. The same data gives the
same bytes: every date comes from the editions.
"""

from __future__ import annotations

from feedgen.feed import FeedGenerator

from .editions import Edition
from .export import plain
from .labels import CHANGE_ZH, STATUS_LABEL
from .model import Standard
from .render.departments import Duties, feed_path

GENERATOR = "policy-standard"


def _when(date: str) -> str:
    return f"{date}T00:00:00+08:00"


def _tag(std: Standard, *parts: str) -> str:
    return f"tag:{std.meta.code.lower()}.policy,2025:" + "/".join(parts)


def _feed(std: Standard, title: str, subtitle: str, self_href: str, home: str,
          fid: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(fid)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": std.meta.issuer})
    fg.link(href=self_href, rel="self", type="application/atom+xml")
    fg.link(href=home, rel="alternate", type="text/html")
    fg.language("zh-CN")
    fg.generator(GENERATOR)
    return fg


def _done(fg: FeedGenerator, dates: list[str]) -> bytes:
    fg.updated(_when(max(dates)) if dates else _when("2000-01-01"))
    out: bytes = fg.atom_str(pretty=True)
    return out


def standard_feed(std: Standard, eds: list[Edition], landing: str) -> bytes:
    """Every released edition, newest first."""
    m = std.meta
    fg = _feed(std, f"《{m.title}》的版本", "每一版的发布、施行日期、概要和新旧条文对照表",
               "feed.xml", f"{landing}/", _tag(std, "editions"))
    released = [e for e in eds if e.released]
    for e in released:  # feedgen lists entries newest first
        r = e.revision
        fe = fg.add_entry()
        fe.id(_tag(std, "edition", e.edition))
        fe.title(f"{e.edition} 版（{r.kind}）：{r.issued} 发布，自 {r.effective} 起施行")
        fe.updated(_when(r.issued or r.effective))
        fe.published(_when(r.issued or r.effective))
        fe.summary(f"{plain(std, r.summary)}（{STATUS_LABEL[e.status]}；批准：{r.approved_by}"
                   f"{'，' + r.approval_doc if r.approval_doc else ''}。）")
        changes = e is not released[0]
        fe.link(href=f"{e.slug}/{'changes/' if changes else ''}", rel="alternate",
                type="text/html")
    return _done(fg, [e.revision.issued for e in released if e.revision.issued])


def department_feed(std: Standard, d: Duties, eds: list[Edition], landing: str) -> bytes:
    """The editions that changed something for ``d``, each with those clauses."""
    name = d.dept.name
    fg = _feed(std, f"《{std.meta.title}》：{name}的变化", f"涉及{name}的条款在各版本中的变化",
               f"{d.dept.id}.xml", f"../{landing}/departments/{d.dept.id}/",
               _tag(std, "department", d.dept.id))
    dates = []
    for e in (x for x in eds if x.released):
        mine = [c for c in d.changes if c[0] == e.edition]
        if not mine:
            continue
        r = e.revision
        dates.append(r.issued)
        fe = fg.add_entry()
        fe.id(_tag(std, "department", d.dept.id, e.edition))
        fe.title(f"{e.edition} 版涉及{name}的 {len(mine)} 处变化（自 {r.effective} 起施行）")
        fe.updated(_when(r.issued or r.effective))
        fe.summary("；".join(f"第 {number} 条{CHANGE_ZH[change]}：{reason}"
                            for _, _, number, change, reason in mine))
        fe.link(href=f"../{e.slug}/departments/{d.dept.id}/", rel="alternate", type="text/html")
    return _done(fg, dates)


def feeds(std: Standard, eds: list[Edition], ds: list[Duties], landing: str) -> dict[str, bytes]:
    """Path below the site's root -> feed."""
    out = {"feed.xml": standard_feed(std, eds, landing)}
    for d in ds:
        out[feed_path(d.dept.id)] = department_feed(std, d, eds, landing)
    return out
