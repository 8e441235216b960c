"""The print-grade PDF of one edition: our own HTML and print stylesheet, laid out by WeasyPrint.

``render_html`` is pure (it reads only the package's template and stylesheet); ``build_pdf`` lays
that HTML out without touching the network and gives the same bytes for the same input: every date
in the file comes from the edition, none from the clock.
"""

from __future__ import annotations

import os
import re
import warnings
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .diff import Comparison, char_diff
from .labels import CHANGE_ZH, IN_FORCE, REFERENCE_MARK, STATUS_LABEL
from .labels import REFERENCE_STATUS_ZH as STATUS_ZH
from .model import Clause, Revision, Standard
from .render.comparison import reason_text
from .render.limits import table as limit_table
from .render.markdown import chapter_label
from .render.text import Citation, ClauseRef, Plain, TermUse, item_label, segments

PDF_VARIANT = "pdf/a-3b"
GENERATOR = "policy-standard"
# Clauses longer than this (characters, items included) may break across pages; shorter ones
# are kept whole. Either way the number stays on the line that starts the clause text.
KEEP_WHOLE_MAX = 600

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _flat(text: str) -> str:
    # Same as the site: a line break typed in the YAML is a space, not a paragraph.
    return re.sub(r"\s*\n\s*", " ", text)


def inline(std: Standard, text: str) -> Markup:
    """Clause text as HTML: cross-references become internal links, everything else is escaped."""
    out = []
    for s in segments(std, _flat(text)):
        if isinstance(s, Plain | TermUse):
            out.append(escape(s.text))
        elif isinstance(s, ClauseRef):
            if s.clause is None:
                out.append(escape(s.target))
            else:
                out.append(Markup('<a class="xref" href="#{}">第 {} 条</a>').format(
                    s.clause.id, s.clause.number))
        elif isinstance(s, Citation):
            if s.ref is None:
                out.append(escape(s.target))
            else:
                out.append(Markup('<a class="cite" href="#{}">《{}》</a>{}').format(
                    s.ref.id, s.ref.title, s.note))
                if s.ref.status in REFERENCE_MARK:  # not checked against the official text
                    out.append(Markup('<span class="ref-mark ref-mark--{}">{}</span>').format(
                        s.ref.status, REFERENCE_MARK[s.ref.status]))
    return Markup("").join(out)


def section_anchor(number: str) -> str:
    return "sec-" + number.replace(".", "-")


def _keep_whole(c: Clause) -> bool:
    return len(c.text) + sum(len(t) for t in c.items) <= KEEP_WHOLE_MAX


def _w3c(date: str) -> str:
    """An issue date as a W3C datetime at midnight Beijing time, or '' when there is none."""
    return f"{date}T00:00:00+08:00" if _DATE.match(date) else ""


def _marked(old: str, new: str) -> tuple[Markup, Markup]:
    """Old and new text with the changed runs marked (the same diff as every 对照表)."""
    o, n = [], []
    for tag, text in char_diff(old, new):
        if tag == "=":
            o.append(escape(text))
            n.append(escape(text))
        elif tag == "-":
            o.append(Markup('<del class="chg">{}</del>').format(text))
        else:
            n.append(Markup('<ins class="chg">{}</ins>').format(text))
    return Markup("").join(o), Markup("").join(n)


def _comparison_rows(cmp: Comparison) -> list[dict[str, Any]]:
    out = []
    for c in cmp.changes:
        old, new = _flat(c.old_text), _flat(c.new_text)
        if old and new:
            marked_old, marked_new = _marked(old, new)
        else:
            marked_old, marked_new = escape(old), escape(new)
        if c.old_number and c.new_number and c.old_number != c.new_number:
            number = f"{c.old_number} → {c.new_number}"
        else:
            number = c.new_number or c.old_number
        out.append({"id": c.id, "number": number, "kind": "、".join(CHANGE_ZH[k] for k in c.kinds),
                    "old": marked_old, "new": marked_new,
                    "reason": _flat("；".join(reason_text(c, cmp.reasons)))})
    return out


@cache
def _asset(name: str) -> str:
    return resources.files("policy").joinpath("templates", name).read_text("utf-8")


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("policy", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(inline=inline, item_label=item_label, section_anchor=section_anchor,
                       chapter_label=chapter_label, keep_whole=_keep_whole)
    return env


def context(std: Standard, comparison: Comparison | None = None,
            gone: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the template needs, computed once."""
    m = std.meta
    last = std.revisions[-1] if std.revisions else None
    issued = m.issued or (last.issued if last else "")

    def dept(i: str) -> str:
        d = std.dept_by_id.get(i)
        return d.name if d else i

    # a removed clause is named by the number it had: from the 对照表, or the caller's record
    numbers = dict(gone or {})
    if comparison is not None:
        numbers.update({c.id: c.old_number for c in comparison.changes if "removed" in c.kinds})

    def changes(r: Revision) -> str:
        """'修改第 5.4.2、5.4.5 条；新增第 8.3.9 条' — the clauses an edition changed, by number,
        one list per kind of change (in the order the kinds first appear)."""
        groups: dict[str, list[str]] = {}
        for ch in r.changes:
            c = std.clause_by_id.get(ch.id)
            if c is not None and ch.change != "removed":
                key, what = "", c.number
            elif ch.id in numbers:
                key, what = "原", numbers[ch.id]
            else:
                key, what = "原条款", ch.id
            groups.setdefault(f"{CHANGE_ZH.get(ch.change, ch.change)}\0{key}", []).append(what)
        out = []
        for k, nums in groups.items():
            kind, key = k.split("\0")
            out.append(f"{kind}{key} {'、'.join(nums)}" if key == "原条款" else
                       f"{kind}{key}第 {'、'.join(nums)} 条")
        return "；".join(out)

    status_count = {k: sum(1 for r in std.references if r.status == k) for k in STATUS_ZH}
    limit_rows = limit_table(std)
    keywords = [m.code, f"{m.edition} 版", m.status, "客户服务", "金融消费者权益保护",
                *(ch.title for ch in std.chapters)]
    return {
        "std": std, "m": m, "last": last, "dept": dept, "changes": changes,
        "css": Markup(_asset("pdf.css")),  # our own stylesheet, trusted
        "created": _w3c(issued),
        "subject": f"{m.title}（" + "，".join(x for x in (
            m.code, f"{m.edition} 版", STATUS_LABEL.get(m.status, m.status)) if x) + "）",
        "keywords": ", ".join(k.replace(",", " ") for k in keywords if k),
        "generator": GENERATOR,
        "watermark": "" if m.status == IN_FORCE else m.status,
        "status_label": STATUS_LABEL.get(m.status, m.status),
        "watermark_svg": watermark_svg,
        "status_zh": STATUS_ZH, "status_count": status_count,
        "comparison": _comparison_rows(comparison) if comparison else None,
        "limits": limit_rows,
        # A and B are the glossary and the references; the others follow in order
        "appendix_limits": "附录C" if limit_rows else "",
        "appendix_comparison": "附录D" if limit_rows else "附录C",
    }


@cache
def watermark_svg(text: str) -> str:
    """The watermark as an SVG of glyph outlines (a data: URL).

    Drawn as shapes, not text, so that copying or extracting the page text never picks up the
    watermark's characters in the middle of a clause.
    """
    import base64
    import subprocess

    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.ttLib import TTCollection, TTFont

    found = subprocess.run(["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC:bold"],
                           capture_output=True, text=True, check=True).stdout
    path, _, index = found.rpartition(":")
    font = TTCollection(path).fonts[int(index)] if path.endswith(".ttc") else TTFont(path)
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    ascent, descent = font["OS/2"].sTypoAscender, font["OS/2"].sTypoDescender
    x, parts = 0, []
    for ch in text:
        name = cmap[ord(ch)]
        pen = SVGPathPen(glyphs)
        glyphs[name].draw(pen)
        parts.append(f'<path transform="translate({x} 0)" d="{pen.getCommands()}"/>')
        x += font["hmtx"][name][0]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} {ascent - descent}">'
           f'<g fill="#e4e4e4" transform="matrix(1 0 0 -1 0 {ascent})">{"".join(parts)}</g></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_html(std: Standard, comparison: Comparison | None = None,
                gone: dict[str, str] | None = None) -> str:
    """The whole edition as one HTML document for print (pure; same input, same string).
    ``gone`` maps removed clauses' ids to the numbers they last had."""
    return _env().get_template("pdf.html.j2").render(context(std, comparison, gone))


def local_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that never reaches the network."""
    from weasyprint.urls import URLFetcher

    templates = resources.files("policy").joinpath("templates")
    local = str(templates).rstrip("/") + "/"

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        """Fetches data: URLs and the package's own files; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                from urllib.request import url2pathname

                path = os.path.normpath(url2pathname(url.removeprefix("file://").split("?")[0]))
                if path.startswith(local):
                    return super().fetch(url, headers)
            raise ValueError(f"PDF 构建不访问外部资源：{url}")

    return LocalOnly(timeout=1, allowed_protocols=("data", "file"))


def build_pdf(std: Standard, comparison: Comparison | None = None) -> bytes:
    """The edition as PDF/A-3b bytes; deterministic, no network, no clock."""
    return html_to_pdf(render_html(std, comparison))


def html_to_pdf(html: str) -> bytes:
    """Lay out ``render_html``'s document (the part of the build that takes time)."""
    from weasyprint import HTML

    templates = resources.files("policy").joinpath("templates")
    base = f"file://{templates}/"
    doc = HTML(string=html, base_url=base, url_fetcher=local_url_fetcher())
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its bundled sRGB profile for PDF/A and never closes the file.
        warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
        pdf: bytes = doc.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
