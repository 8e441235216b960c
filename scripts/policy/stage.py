"""Everything one edition's site is built from, computed from the loaded repository.

A ``Stage`` is what the site engine and the PDF need for one edition: every page as Markdown (the
generated ones and the hand-written ones from docs/, each opening with the edition's banner), the
site's own assets, the navigation, the words search must keep whole, and the PDF's HTML. Making it
is pure and quick; laying it out (the engine, WeasyPrint) is the slow part and happens elsewhere,
in parallel, from the staged files alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .editions import EditionView, current, day_before, upcoming
from .fs import Folder, UnsafePath
from .labels import DRAFT_STATUS, IN_FORCE, PENDING, STATUS_LABEL, SUPERSEDED
from .output import write_file
from .pdf import render_html
from .render.departments import csv_path, duties, reading_list
from .render.markdown import (
    Banner,
    BannerLink,
    EditionInfo,
    RuleDoc,
    link_clauses,
    nav,
    pages,
    render_banner,
    with_banner,
)
from .render.search import INDEX as SEARCH_INDEX
from .render.search import index_json
from .render.timeline import Period, Timeline

BANNER_KIND = {IN_FORCE: "current", SUPERSEDED: "superseded", DRAFT_STATUS: "draft",
               PENDING: "pending"}
# A word's weight in the search segmenter's user dictionary: high enough that a glossary term is
# never split, as jieba's own dictionary would otherwise do for compounds it does not know.
WORD_FREQ = 200000


@dataclass
class Stage:
    slug: str
    site_name: str
    nav: list[Any]
    docs: dict[str, bytes]  # path inside the docs folder -> content
    words: list[str]  # glossary terms and aliases, kept whole by search
    pdf_name: str = ""
    pdf_html: str = ""  # empty: no PDF (``make serve``)
    extra: dict[str, Any] = field(default_factory=dict)


class DocsError(Exception):
    """docs/ holds something that may not be published (reported by the caller)."""


def read_docs(folder: Folder) -> dict[str, bytes]:
    """The hand-written pages and assets in docs/, read once per build; links and other special
    files are refused, never followed."""
    out: dict[str, bytes] = {}
    if not folder.exists():
        return out
    for rel, e in folder.walk():
        if e.unsafe:
            err = UnsafePath(f"docs/{rel}", e.unsafe)
            raise DocsError(f"{err.message}。{err.hint}")
        if e.is_file:
            out[rel] = folder.read(rel)
    return out


def banner(v: EditionView) -> Banner:
    """What the top of every page says about this edition on the reference date: whether it
    applies, since and until when, and where the rules that do apply are."""
    e = v.edition
    now = current(v.all)
    coming = upcoming(v.all)
    links: list[BannerLink] = []
    if e.status == DRAFT_STATUS:
        text = f"草案：{e.edition} 版尚未批准发布，不具效力。"
    elif e.status == SUPERSEDED:
        text = (f"已失效：{e.edition} 版施行期间为 {e.revision.effective} 至 "
                f"{day_before(e.effective_to)}，自 {e.effective_to} 起由 {e.replaced_by} 版替代。")
    elif e.status == PENDING:
        text = f"已发布、待施行：本版自 {e.revision.effective} 起施行"
        text += f"；现行有效的是 {now.edition} 版。" if now else "；此前本规范尚未施行。"
    else:
        text = f"现行有效：{e.edition} 版，自 {e.revision.effective} 起施行。"
        for nxt in coming:
            text += f"{nxt.edition} 版已发布，将自 {nxt.revision.effective} 起施行。"
            links.append(BannerLink(nxt.slug, "changes/", f"查看 {nxt.edition} 版的新旧条文对照表"))
    if now is not None and now is not e:
        links.insert(0, BannerLink(now.slug, None, f"查看现行有效的 {now.edition} 版的本页"))
    return Banner(BANNER_KIND[e.status], text, links)


def timeline(v: EditionView) -> Timeline:
    periods = [Period(e.edition, e.slug, e.status, e.revision.approved, e.revision.issued,
                      e.revision.effective,
                      day_before(e.effective_to) if e.status == SUPERSEDED else "",
                      e.revision.kind, e.revision.approval_doc) for e in v.all]
    return Timeline(v.edition.edition, periods, v.versions, v.on.isoformat())


def edition_info(v: EditionView, with_pdf: bool) -> EditionInfo:
    return EditionInfo(label=v.label, status=v.edition.status,
                       effective_to=v.edition.effective_to,
                       pdf_name=v.pdf_name if with_pdf else None,
                       docx_name=v.docx_name if with_pdf else None,
                       changes_docx_name=v.changes_docx_name
                       if with_pdf and v.comparison is not None else None,
                       timeline=timeline(v), comparison=v.comparison,
                       previous_label=v.previous_label, banner=banner(v))


def downloads(v: EditionView) -> dict[str, bytes]:
    """The Word files of an edition: its text, and its 对照表 against the previous edition."""
    from .word import comparison_docx, edition_docx

    label = STATUS_LABEL[v.edition.status]
    out = {f"downloads/{v.docx_name}": edition_docx(v.std, label, v.gone())}
    if v.comparison is not None:
        out[f"downloads/{v.changes_docx_name}"] = comparison_docx(
            v.comparison, f"《{v.std.meta.title}》", v.std.meta.issuer,
            v.edition.revision.issued)
    return out


def stage(v: EditionView, docs: Mapping[str, bytes], rule_docs: Iterable[RuleDoc],
          with_pdf: bool = True, search: str = "policy") -> Stage:
    """The edition's stage: its pages (generated, and docs/ with the banner), nav and PDF."""
    info = edition_info(v, with_pdf)
    generated = pages(v.std, rule_docs, info)
    files: dict[str, bytes] = {}
    for rel, raw in docs.items():
        if rel in generated:
            raise DocsError(f"docs/{rel} 与生成的页面同名；生成的页面不得手工编写，请删除或改名")
        if rel.endswith(".md"):
            text = raw.decode("utf-8")
            raw = with_banner(link_clauses(text, v.std), render_banner(info.banner, rel)).encode()
        files[rel] = raw
    files.update((rel, text.encode("utf-8")) for rel, text in generated.items())
    if with_pdf:
        files.update(downloads(v))
    for d in duties(v.std, v.gone()):
        files[csv_path(d.dept.id)] = reading_list(v.std, d, v.edition.edition)
    if search == "policy":
        files[SEARCH_INDEX] = index_json(v.std, v.hints).encode("utf-8")
    words = sorted({w for t in v.std.glossary for w in [t.term, *t.aliases]})
    return Stage(
        slug=v.edition.slug, site_name=v.std.meta.title,
        nav=nav(v.std, with_changes=v.comparison is not None, guide="guide.md" in docs,
                timeline=True),
        docs=files, words=words, pdf_name=v.pdf_name,
        pdf_html=render_html(v.std, v.comparison, v.gone()) if with_pdf else "",
        extra={"search": search})


def write_stage(s: Stage, folder: Path) -> None:
    """The stage as files: docs/, pdf.html, words.txt and job.json (what the worker reads)."""
    for rel, raw in s.docs.items():
        dest = folder / "docs" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(raw)
    if s.pdf_html:
        write_file(folder / "pdf.html", s.pdf_html)
    write_file(folder / "words.txt", "".join(f"{w} {WORD_FREQ}\n" for w in s.words))
    job = {"slug": s.slug, "site_name": s.site_name, "nav": s.nav,
           "pdf": f"downloads/{s.pdf_name}" if s.pdf_html else "", **s.extra}
    write_file(folder / "job.json", json.dumps(job, ensure_ascii=False, indent=1))
