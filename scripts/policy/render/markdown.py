"""Pure renderers from the model to the site's Markdown pages.

Every function here is deterministic and does no I/O. Text from the data is escaped character by
character (``pymdownx.escapeall`` makes a backslash escape any character), so what an editor types
is shown as typed and never becomes markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..diff import Change, Comparison
from ..labels import CHANGE_ZH, REFERENCE_MARK, STATUS_LABEL
from ..labels import REFERENCE_STATUS_ZH as STATUS_ZH
from ..model import Chapter, Clause, Section, Standard
from ..reviews import review_due
from .comparison import to_markdown
from .departments import department_page, departments_index, duties, page_path
from .limits import limits_page
from .text import (
    Citation,
    ClauseRef,
    Plain,
    Segment,
    TermMatcher,
    TermUse,
    backlinks,
    item_label,
    segments,
    split_basis,
)
from .timeline import Timeline, clause_block, removed_here, removed_stub, timeline_page

CHAPTER_ZH = "一二三四五六七八九十"


class RuleDoc(Protocol):
    """What the rules page shows of a rule (``policy.rules.Rule`` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def doc(self) -> str: ...


@dataclass(frozen=True)
class BannerLink:
    slug: str  # another edition's path in the site, e.g. "1.1"
    page: str | None  # a page inside it, e.g. "changes/"; None: the page being read, there
    text: str


def page_url(page: str) -> str:
    """A docs path's URL below its site (use_directory_urls): chapters/05.md is chapters/05/."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@dataclass
class Banner:
    """The notice at the top of every page of an edition: its status, and where to go instead."""

    kind: str  # css modifier: current / superseded / draft / pending
    text: str
    links: list[BannerLink] = field(default_factory=list)


@dataclass
class EditionInfo:
    """What the site shows about the edition being built (all optional)."""

    label: str = ""  # "1.1 版"
    status: str = ""  # 现行有效 / 已失效 / 待施行 / 草案
    effective_to: str = ""
    pdf_name: str | None = None
    docx_name: str | None = None
    changes_docx_name: str | None = None
    timeline: Timeline | None = None  # the editions' dates and each clause's versions
    comparison: Comparison | None = None  # the 对照表 against the previous edition
    previous_label: str = ""
    banner: Banner | None = None

_ASCII_PUNCT = set("\\`*_{}[]()#+-.!|~^=:;,\"'/?$%@")


def chapter_label(n: int) -> str:
    if n <= 10:
        return f"第{CHAPTER_ZH[n - 1]}章"
    tens, ones = divmod(n, 10)
    return f"第{'' if tens == 1 else CHAPTER_ZH[tens - 1]}十{CHAPTER_ZH[ones - 1] if ones else ''}章"


_ESC = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;",
                      **{ch: "\\" + ch for ch in _ASCII_PUNCT}})
_LINE_BREAK = re.compile(r"\s*\n\s*")


def esc(text: str) -> str:
    """Escape data text for Markdown: shown literally, never interpreted."""
    # one C-level pass (str.translate), not a Python loop over every character
    return _LINE_BREAK.sub(" ", text).translate(_ESC)


def attr(text: str) -> str:
    """Escape text for an HTML attribute value."""
    return html.escape(re.sub(r"\s+", " ", text), quote=True)


def chapter_file(n: int) -> str:
    return f"chapters/{n:02d}.md"


def term_anchor(term: str) -> str:
    return "term-" + "".join(f"{ord(c):x}" if not c.isascii() else c for c in term)


class Links:
    """Relative links from one page to clauses, references and glossary terms."""

    def __init__(self, from_page: str) -> None:
        self.depth = from_page.count("/")
        self.from_page = from_page

    def page(self, target: str) -> str:
        if target == self.from_page:
            return ""
        return "../" * self.depth + target

    def clause(self, c: Clause) -> str:
        return f"{self.page(chapter_file(c.chapter))}#{c.id}"

    def ref(self, rid: str) -> str:
        return f"{self.page('references.md')}#{rid}"

    def term(self, term: str) -> str:
        return f"{self.page('glossary.md')}#{term_anchor(term)}"


def inline(std: Standard, segs: list[Segment], links: Links) -> str:
    out = []
    for s in segs:
        if isinstance(s, Plain):
            out.append(esc(s.text))
        elif isinstance(s, ClauseRef):
            if s.clause is None:
                out.append(esc(s.target))
            else:
                out.append(f"[第 {s.clause.number} 条]({links.clause(s.clause)})"
                           f"{{: .xref title=\"{s.clause.id}\" }}")
        elif isinstance(s, Citation):
            if s.ref is None:
                out.append(esc(s.target))
            else:
                out.append(f"[《{esc(s.ref.title)}》]({links.ref(s.ref.id)}){{: .cite }}"
                           + esc(s.note))
                if s.ref.status in REFERENCE_MARK:  # not checked against the official text
                    out.append(f'<span class="ref-mark ref-mark--{s.ref.status}" title="'
                               f'{STATUS_ZH[s.ref.status]}">'
                               f"{REFERENCE_MARK[s.ref.status]}</span>")
        elif isinstance(s, TermUse):
            out.append(f"[<abbr title=\"{attr(s.term.definition)}\">{esc(s.text)}</abbr>]"
                       f"({links.term(s.term.term)}){{: .term }}")
    return "".join(out)


def render_clause(std: Standard, c: Clause, links: Links, terms: TermMatcher, seen: set[str],
                  cited_by: list[Clause], tl: Timeline | None = None) -> str:
    body, basis = split_basis(segments(std, c.text, terms, seen))
    lines = [
        f"### 第 {c.number} 条 <span class=\"clause-id\">{c.id}</span> "
        f"{{: #{c.id} .clause-heading data-clause=\"{c.id}\" data-number=\"{c.number}\" }}",
        "",
        inline(std, body, links),
        "{: .clause-text }",
        "",
    ]
    for i, item in enumerate(c.items):
        item_body, item_basis = split_basis(segments(std, item, terms, seen))
        basis += item_basis
        lines += [item_label(i) + inline(std, item_body, links), "{: .clause-item }", ""]
    if basis:
        lines += ["依据：" + "；".join(inline(std, [b], links) for b in basis),
                  "{: .clause-basis }", ""]
    if cited_by:
        refs = "、".join(f"[第 {b.number} 条]({links.clause(b)})" for b in cited_by)
        lines += [f"被引用：{refs}", "{: .cited-by }", ""]
    block = clause_block(c.id, tl) if tl is not None else ""
    if block:
        lines += [block, ""]
    return "\n".join(lines)


def render_section(std: Standard, s: Section, links: Links, terms: TermMatcher,
                   cited: dict[str, list[Clause]], tl: Timeline | None = None) -> str:
    dept = std.dept_by_id.get(s.owner)
    owner = (f"[{esc(dept.name)}]({links.page(page_path(dept.id))})" if dept else esc(s.owner))
    due = review_due(std, tl.on) if tl is not None and tl.on else {}
    meta = [f"**负责部门**：{owner}",
            f"**复核日期**：{esc(s.review_due)}"]
    for ref, a in due.get(s.number, []):
        meta.append(f'<span class="review-pending">待复核</span>《{esc(ref.title)}》已于 '
                    f"{esc(a.date)} {esc(a.change)}，本节尚未对照新的文本复核")
    if s.references:
        refs = "、".join(
            f"[《{esc(std.ref_by_id[r].title)}》]({links.ref(r)})" if r in std.ref_by_id
            else esc(r) for r in s.references)
        meta.append(f"**相关依据**：{refs}")
    seen: set[str] = set()
    parts = [
        f"## {s.number} {esc(s.title)} {{: #sec-{s.number.replace('.', '-')} }}",
        "",
        " · ".join(meta),
        "{: .section-meta }",
        "",
        inline(std, segments(std, s.purpose, terms, seen), links),
        "{: .section-purpose }",
        "",
    ]
    for c in s.clauses:
        parts.append(render_clause(std, c, links, terms, seen, cited.get(c.id, []), tl))
    if tl is not None:
        # from chapters/05/ of this edition up to the site's root: ../../../
        parts += [removed_stub(cid, gone, tl, links.depth + 2) + "\n"
                  for cid, gone in removed_here(tl, s.number)]
    return "\n".join(parts)


def render_chapter(std: Standard, ch: Chapter, cited: dict[str, list[Clause]] | None = None,
                   terms: TermMatcher | None = None, tl: Timeline | None = None) -> str:
    links = Links(chapter_file(ch.number))
    terms = terms or TermMatcher(std.glossary)
    cited = cited if cited is not None else backlinks(std)
    head = f"# {chapter_label(ch.number)} {esc(ch.title)}\n"
    return head + "\n" + "\n".join(render_section(std, s, links, terms, cited, tl)
                                   for s in ch.sections)


def render_home(std: Standard, info: EditionInfo | None = None) -> str:
    info = info or EditionInfo()
    pdf_name = info.pdf_name
    m = std.meta
    status = info.status or m.status
    last = std.revisions[-1] if std.revisions else None
    lines = [
        f"# {esc(m.title)}",
        "",
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 文件编号 | {esc(m.code)} |",
        f"| 版本 | {esc(m.edition)} |",
        f"| 状态 | <span class=\"status\">{esc(STATUS_LABEL.get(status, status))}</span> |",
        f"| 发布单位 | {esc(m.issuer)} |",
        f"| 发布日期 | {esc(m.issued) or '（待定）'} |",
        f"| 施行日期 | {esc(m.effective) or '（待定）'} |",
    ]
    if info.effective_to:
        lines.append(f"| 停止施行 | {esc(info.effective_to)}（被新版本替代） |")
    dept = std.dept_by_id.get(m.interpreter)
    lines.append(f"| 解释部门 | {esc(dept.name if dept else m.interpreter)} |")
    lines.append("")
    buttons = []
    if pdf_name:
        buttons.append(f"[下载本版 PDF](downloads/{pdf_name}){{: .md-button .md-button--primary "
                       "download }")
    if info.docx_name:
        buttons.append(f"[下载本版 Word](downloads/{info.docx_name}){{: .md-button download }}")
    if info.changes_docx_name:
        buttons.append(f"[下载对照表 Word](downloads/{info.changes_docx_name}){{: .md-button "
                       "download }")
    if buttons:
        lines += [" ".join(buttons), ""]
    if last is not None:
        lines += ["## 本版变化", "", inline(std, segments(std, last.summary), Links("index.md")),
                  ""]
        for ch in last.changes:
            c = std.clause_by_id.get(ch.id)
            where = (f"[第 {c.number} 条](chapters/{c.chapter:02d}.md#{c.id})" if c
                     else f"{ch.id}（已删除）")
            lines.append(f"- {where}：{CHANGE_ZH[ch.change]}。"
                         + inline(std, segments(std, ch.reason), Links("index.md")))
        lines += ["", "[查看全部修订记录](revisions.md)", ""]
        if info.comparison is not None:
            lines[-1:] = [f"[查看与{esc(info.previous_label)}的新旧条文对照表](changes.md)", ""]
        if info.timeline is not None:
            lines += ["[查看各版本的施行时间表](timeline.md)", ""]
    lines += ["## 章节", "", '<div class="grid cards" markdown>', ""]
    for chap in std.chapters:
        n = sum(len(s.clauses) for s in chap.sections)
        lines.append(f"-   **[{chapter_label(chap.number)} {esc(chap.title)}]"
                     f"({chapter_file(chap.number)})**")
        lines.append("")
        lines.append(f"    {len(chap.sections)} 节，{n} 条：" + "、".join(
            esc(s.title) for s in chap.sections))
        lines.append("")
    lines += ["</div>", ""]
    return "\n".join(lines)


def render_glossary(std: Standard) -> str:
    links = Links("glossary.md")
    lines = ["# 术语表", "", "本规范使用的术语及其定义。条文中的术语可悬停查看定义，点击跳转到此处。", ""]
    for t in std.glossary:
        lines += [f"## {esc(t.term)} {{: #{term_anchor(t.term)} }}", "",
                  inline(std, segments(std, t.definition), links), ""]
        if t.aliases:
            lines += ["同义写法：" + "、".join(esc(a) for a in t.aliases), "{: .term-aliases }",
                      ""]
        see = [std.clause_by_id[c] for c in t.see if c in std.clause_by_id]
        if see:
            lines += ["主要条款：" + "、".join(
                f"[第 {c.number} 条]({links.clause(c)})" for c in see), "{: .term-see }", ""]
        if t.colloquial:
            lines += ["俗称、口语、旧称（搜索这些说法也能找到本术语的条款）：" +
                      "、".join(esc(a) for a in t.colloquial), "{: .term-colloquial }", ""]
        if t.references:
            lines += ["依据：" + "、".join(
                f"[《{esc(std.ref_by_id[r].title)}》]({links.ref(r)})" for r in t.references
                if r in std.ref_by_id), "{: .term-refs }", ""]
    return "\n".join(lines)


def render_references(std: Standard) -> str:
    lines = [
        "# 外部依据", "",
        "本规范引用的法律、法规、规章、规范性文件和标准。**核实状态**说明该条目是否已对照官方文本核对："
        "“待核实”的条目在使用前须由法律合规部核对官方文本。", "",
    ]
    for r in std.references:
        lines += [f"## {esc(r.title)} {{: #{r.id} }}", "",
                  f"<span class=\"ref-status ref-status--{r.status}\">{STATUS_ZH[r.status]}</span>",
                  "", "| 项目 | 内容 |", "| --- | --- |",
                  f"| 标识 | `{r.id}` |", f"| 发布机关 | {esc(r.issuer)} |",
                  f"| 文号 | {esc(r.number) if r.number else '（待核实，未填写）'} |"]
        if r.issued:
            lines.append(f"| 发布（修订）日期 | {esc(r.issued)} |")
        if r.effective:
            lines.append(f"| 施行日期 | {esc(r.effective)} |")
        if r.url:
            lines.append(f"| 链接 | <a href=\"{attr(r.url)}\" rel=\"noopener noreferrer\">"
                         f"{esc(r.url)}</a> |")
        if r.note:
            lines.append(f"| 备注 | {esc(r.note)} |")
        for a in r.amended:
            lines.append(f"| {esc(a.change)} | {esc(a.date)}{('：' + esc(a.note)) if a.note else ''} |")
        lines.append("")
    return "\n".join(lines)


def render_revisions(std: Standard, tl: Timeline | None = None) -> str:
    """The revision history: a short overview, then each edition with its approval, dates,
    summary and changed clauses, newest first (long texts get the page's full width)."""
    status = {p.edition: STATUS_LABEL.get(p.status, p.status) for p in (tl.periods if tl else [])}
    links = Links("revisions.md")
    lines = ["# 修订记录", "", "| 版本 | 类型 | 施行日期 | 状态 | 变更条款 |", "| --- | --- | --- | --- | --- |"]
    for r in reversed(std.revisions):
        lines.append(f"| [{esc(r.edition)} 版](#rev-{r.edition.replace('.', '-')}) | {esc(r.kind)} | "
                     f"{esc(r.effective) or '（待定）'} | {status.get(r.edition, '')} | "
                     f"{len(r.changes) or '全部新增'} |")
    lines.append("")
    for r in reversed(std.revisions):
        approval = "，".join(esc(x) for x in (r.approved_by, r.approval_doc, r.approved) if x)
        lines += [f"## {esc(r.edition)} 版（{esc(r.kind)}） {{: #rev-{r.edition.replace('.', '-')} }}",
                  "", "| 项目 | 内容 |", "| --- | --- |",
                  f"| 批准 | {approval or '（尚未批准）'} |",
                  f"| 发布日期 | {esc(r.issued) or '（待定）'} |",
                  f"| 施行日期 | {esc(r.effective) or '（待定）'} |"]
        if r.edition in status:
            lines.append(f"| 状态 | {status[r.edition]} |")
        lines += ["", "**概要**：" + inline(std, segments(std, r.summary), links),
                  "{: .revision-summary }", ""]
        if not r.changes:
            continue
        clauses = len({ch.id for ch in r.changes})
        count = f"{clauses} 条" + (f"，{len(r.changes)} 项变更" if clauses != len(r.changes) else "")
        lines += [f"### 变更条款（{count}）", "", '<div class="revision-changes" markdown>',
                  "", "| 条款 | 变更 | 实质性 | 修订说明 |", "| --- | --- | --- | --- |"]
        for ch in r.changes:
            c = std.clause_by_id.get(ch.id)
            where = f"[第 {c.number} 条](chapters/{c.chapter:02d}.md#{c.id})" if c else ch.id
            lines.append(f"| {where} | {CHANGE_ZH[ch.change]} | {'是' if ch.substantive else '否'}"
                         f" | {inline(std, segments(std, ch.reason), links)} |")
        lines += ["", "</div>", ""]
    return "\n".join(lines)


def render_rules(registry: Iterable[RuleDoc]) -> str:
    """The validator's rules page, from the rules' own documentation (trusted Markdown)."""
    lines = ["# 检查规则", "",
             "`policy check` 执行以下规则。每条问题的末尾括号中是规则标识，例如 `(xref-unresolved)`。"
             "级别为“错误”的问题会使检查失败；“警告”在 `--strict` 下也会使检查失败。", "",
             "| 规则 | 默认级别 | 说明 |", "| --- | --- | --- |"]
    rule_list = list(registry)
    for r in rule_list:
        lines.append(f"| [`{r.id}`](#{r.id}) | {'错误' if r.level == 'error' else '警告'} | "
                     f"{r.title} |")
    lines.append("")
    for r in rule_list:
        lines += [f"## {r.id} {{: #{r.id} }}", "", f"**{r.title}**（默认级别：{r.level}）", "",
                  r.doc, ""]
    return "\n".join(lines)


def render_changes(std: Standard, info: EditionInfo) -> str:
    previous = info.timeline.periods[info.timeline.order(info.timeline.edition) - 1].slug \
        if info.timeline and info.timeline.order(info.timeline.edition) > 0 else ""

    def link(c: Change, number: str) -> str:
        clause = std.clause_by_id.get(c.id)
        if clause is not None:
            return f"[{number}]({chapter_file(clause.chapter)}#{c.id})"
        if previous and c.old_number:  # removed: it is in the previous edition
            chapter = int(c.old_number.split(".")[0])
            return f'<a href="../../{previous}/chapters/{chapter:02d}/#{c.id}">{number}</a>'
        return number

    table = to_markdown(info.comparison, escape=esc, heading="##", link=link) \
        if info.comparison else ""
    button = (f"[下载对照表 Word](downloads/{info.changes_docx_name}){{: .md-button download }}\n\n"
              if info.changes_docx_name else "")
    return (f"# 新旧条文对照表\n\n本页列出 {esc(info.label)}相对 {esc(info.previous_label)}变化的全部条款，"
            "按条款标识对应，重新编号的条款不视为删除和新增。\n\n" + button + table)


def render_banner(banner: Banner | None, page: str) -> str:
    """The edition's banner as it opens the Markdown of ``page`` (a path in the docs folder)."""
    if banner is None:
        return ""
    # the page's URL is a folder (use_directory_urls): chapters/05.md is chapters/05/
    depth = page.count("/") + (0 if page.rsplit("/", 1)[-1] == "index.md" else 1)
    # the 对照表 of the first edition does not exist: that link goes to the edition's home page
    same = "" if page == "changes.md" else page_url(page)
    hrefs = ["../" * (depth + 1) + x.slug + "/" + (same if x.page is None else x.page)
             for x in banner.links]
    # a link to the same page elsewhere keeps the clause the reader landed on (standard.js)
    links = "".join(f' <a href="{html.escape(h)}"'
                    + (" data-same-page" if x.page is None and same else "")
                    + f">{html.escape(x.text)}</a>"
                    for h, x in zip(hrefs, banner.links, strict=True))
    return (f'<div class="edition-banner edition-banner--{banner.kind}" role="note">'
            f"{html.escape(banner.text)}{links}</div>\n\n")


_CLAUSE_LINK = re.compile(r"\[第 ?[\d.]+ ?条\]\(chapters/\d+\.md#(C-\d{4,6})\)")


def link_clauses(markdown: str, std: Standard) -> str:
    """In a hand-written page, point clause links at the clause's place and number in this
    edition; a clause the edition does not have is named by its id, unlinked."""

    def sub(m: re.Match[str]) -> str:
        c = std.clause_by_id.get(m.group(1))
        if c is None:
            return f"条款 {m.group(1)}"
        return f"[第 {c.number} 条](chapters/{c.chapter:02d}.md#{c.id})"

    return _CLAUSE_LINK.sub(sub, markdown)


def pages(std: Standard, registry: Iterable[RuleDoc],
          info: EditionInfo | None = None) -> dict[str, str]:
    """Every generated page: path inside the docs folder -> Markdown, banner included."""
    info = info or EditionInfo()
    cited = backlinks(std)
    terms = TermMatcher(std.glossary)
    out = {"index.md": render_home(std, info)}
    for ch in std.chapters:
        out[chapter_file(ch.number)] = render_chapter(std, ch, cited, terms, info.timeline)
    if info.comparison is not None:
        out["changes.md"] = render_changes(std, info)
    if info.timeline is not None:
        out["timeline.md"] = timeline_page(info.timeline, std.meta.title)
    gone = {cid: vs[-1].number for cid, vs in info.timeline.versions.items()
            if vs and vs[-1].change == "removed"} if info.timeline else {}
    ds = duties(std, gone)
    out["departments/index.md"] = departments_index(ds)
    for d in ds:
        out[page_path(d.dept.id)] = department_page(std, d, std.meta.edition)
    out["limits.md"] = limits_page(std)
    out["glossary.md"] = render_glossary(std)
    out["references.md"] = render_references(std)
    out["revisions.md"] = render_revisions(std, info.timeline)
    out["rules.md"] = render_rules(registry)
    return {path: with_banner(text, render_banner(info.banner, path)) for path, text in out.items()}


def with_banner(text: str, banner: str) -> str:
    """The banner at the top of a page, after its front matter (which must come first)."""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        return text[:end] + "\n" + banner + text[end:].lstrip("\n")
    return banner + text


def nav(std: Standard, with_changes: bool = False, guide: bool = True,
        timeline: bool = False) -> list[dict[str, Any]]:
    """The site navigation, chapters in order."""
    chapters: list[dict[str, str]] = [
        {f"{chapter_label(ch.number)} {ch.title}": chapter_file(ch.number)} for ch in std.chapters
    ]
    return [
        {"首页": "index.md"},
        {"条文": chapters},
        {"时限一览": "limits.md"},
        {"术语表": "glossary.md"},
        {"外部依据": "references.md"},
        {"部门职责": ["departments/index.md",
                  *({d.name: page_path(d.id)} for d in std.departments)]},
        {"修订记录": "revisions.md"},
        *([{"新旧条文对照表": "changes.md"}] if with_changes else []),
        *([{"施行时间表": "timeline.md"}] if timeline else []),
        *([{"编辑指南": "guide.md"}] if guide else []),
        {"检查规则": "rules.md"},
    ]

