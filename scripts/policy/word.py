"""Word documents for the approval meeting: the edition, and the 新旧条文对照表 (python-docx).

Laid out in the conventions of Chinese official documents (GB/T 9704): A4, margins 37/35/28/26
mm, the title in 黑体 二号 (the usual 小标宋 is not on every Windows machine, 黑体 is), body
仿宋 三号 at a fixed 28-point line pitch, chapter headings in 黑体 and section headings in 楷体,
page numbers “— 1 —” at the foot. Every style names its East Asian font (``w:eastAsia``):
python-docx sets only the western font, and Word would otherwise show its default CJK font.

The bytes are the same for the same input: the dates in the document properties come from the
edition, and the package's zip entries carry a fixed time.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .diff import Comparison, char_diff
from .export import plain
from .labels import CHANGE_ZH, REFERENCE_STATUS_ZH
from .model import Standard
from .render.comparison import number_cell, reason_text
from .render.markdown import chapter_label
from .render.text import item_label

# Fonts every Windows Office installation has (SimHei, FangSong, KaiTi, SimSun), by the names
# Word shows; the western text of the same runs uses Times New Roman.
HEITI, FANGSONG, KAITI, SONGTI = "黑体", "仿宋", "楷体", "宋体"
LATIN = "Times New Roman"
SIZE = {"二号": 22, "三号": 16, "四号": 14, "小四": 12, "五号": 10.5}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry: no build date


def _fonts(element: Any, east_asia: str, latin: str = LATIN) -> None:
    """Name both the western and the East Asian font of a style's or run's properties, and
    mark East Asian text as Simplified Chinese (so that a font substituted for a missing one is
    a Chinese one, not the Japanese forms of the same characters)."""
    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin),
                        ("w:eastAsia", east_asia)):
        fonts.set(qn(attr), value)


def _style(doc: Any, name: str, font: str, size: float, bold: bool = False,
           align: Any = None, indent: bool = False, before: float = 0, after: float = 0) -> Any:
    style = doc.styles[name]
    _fonts(style.element, font)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    if align is not None:
        pf.alignment = align
    return style


def _page_number(section: Any) -> None:
    """“— 1 —” centred at the foot of every page (a PAGE field)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)

    def text(t: str) -> None:
        run = p.add_run(t)
        _fonts(run._element, SONGTI)
        run.font.size = Pt(SIZE["四号"])

    text("— ")
    run = p.add_run()
    _fonts(run._element, SONGTI)
    run.font.size = Pt(SIZE["四号"])
    for kind, value in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = value
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)
    text(" —")


def _defaults(doc: Any) -> None:
    """The document's defaults: explicit fonts instead of the template's theme fonts (which Word
    prefers over a style's font names), and Simplified Chinese as the East Asian language."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:cs", LATIN),
                        ("w:eastAsia", FANGSONG)):
        fonts.set(qn(attr), value)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _new(landscape: bool = False) -> Any:
    doc = Document()
    _defaults(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(20)
    else:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    _style(doc, "Normal", FANGSONG, SIZE["三号"], indent=True)
    _style(doc, "Title", HEITI, SIZE["二号"], align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _style(doc, "Subtitle", KAITI, SIZE["三号"], align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _style(doc, "Heading 1", HEITI, SIZE["三号"], align=WD_ALIGN_PARAGRAPH.CENTER, before=14,
           after=6)
    _style(doc, "Heading 2", KAITI, SIZE["三号"], before=6)
    _style(doc, "Heading 3", HEITI, SIZE["四号"], before=6)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        style.font.italic = False
        style.paragraph_format.keep_with_next = True
        # Word draws the Title style with a border and the headings in theme colours
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    _page_number(section)
    return doc


def _properties(doc: Any, title: str, subject: str, author: str, date: str) -> None:
    props = doc.core_properties
    props.title, props.subject, props.author = title, subject, author
    props.last_modified_by, props.revision = author, 1
    when = datetime.fromisoformat(date) if date else datetime(2000, 1, 1)
    props.created = props.modified = when
    props.last_printed = when
    props.keywords = subject
    props.comments = ""


def _bytes(doc: Any) -> bytes:
    """The package with fixed zip times, entries in the order python-docx wrote them."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _para(doc: Any, text: str, style: str = "Normal", lead: str = "") -> Any:
    p = doc.add_paragraph(style=style)
    if lead:
        run = p.add_run(lead)
        _fonts(run._element, HEITI)
        run.bold = False
    p.add_run(text)
    return p


def edition_docx(std: Standard, status: str, gone: dict[str, str] | None = None) -> bytes:
    """The whole edition: title, its particulars, every chapter, section and clause with its
    number, then the glossary and the references with their verification status."""
    m = std.meta
    last = std.revisions[-1] if std.revisions else None
    doc = _new()
    doc.add_paragraph(m.title, style="Title")
    doc.add_paragraph(f"（{m.code}　{m.edition} 版　{status}）", style="Subtitle")
    facts = [("发布单位", m.issuer), ("发布日期", m.issued or (last.issued if last else "")),
             ("施行日期", m.effective or (last.effective if last else ""))]
    if last is not None:
        approval = "，".join(x for x in (last.approved_by, last.approval_doc, last.approved) if x)
        facts.append(("批准", approval or "尚未批准"))
    for label, value in facts:
        p = _para(doc, value or "（待定）", lead=f"{label}：")
        p.paragraph_format.first_line_indent = Pt(0)
    for ch in std.chapters:
        doc.add_paragraph(f"{chapter_label(ch.number)}　{ch.title}", style="Heading 1")
        for s in ch.sections:
            dept = std.dept_by_id.get(s.owner)
            doc.add_paragraph(f"{s.number}　{s.title}", style="Heading 2")
            note = _para(doc, f"负责部门：{dept.name if dept else s.owner}。{plain(std, s.purpose, marks=True)}")
            note.runs[0].font.size = Pt(SIZE["四号"])
            for c in s.clauses:
                _para(doc, plain(std, c.text, marks=True), lead=f"第 {c.number} 条　")
                for i, item in enumerate(c.items):
                    _para(doc, item_label(i) + plain(std, item, marks=True))
    doc.add_paragraph("附录A　术语", style="Heading 1")
    for t in std.glossary:
        also = f"（又称{'、'.join(t.aliases)}）" if t.aliases else ""
        _para(doc, plain(std, t.definition), lead=f"{t.term}{also}：")
    doc.add_paragraph("附录B　外部依据", style="Heading 1")
    for r in std.references:
        bits = [x for x in (r.issuer, r.number, r.issued and f"{r.issued} 发布",
                            r.effective and f"{r.effective} 施行") if x]
        _para(doc, "，".join(bits) + f"。核实状态：{REFERENCE_STATUS_ZH[r.status]}。"
              + (r.note if r.note else ""), lead=f"《{r.title}》")
    if last is not None and last.changes:
        doc.add_paragraph(f"附录C　{m.edition} 版变更条款", style="Heading 1")
        for chg in last.changes:
            now = std.clause_by_id.get(chg.id)
            where = (f"第 {now.number} 条" if now and chg.change != "removed"
                     else f"原第 {(gone or {}).get(chg.id, chg.id)} 条")
            _para(doc, plain(std, chg.reason), lead=f"{where}（{CHANGE_ZH[chg.change]}）：")
    issued = m.issued or (last.issued if last else "")
    _properties(doc, m.title, f"{m.code} {m.edition} 版（{status}）", m.issuer, issued)
    return _bytes(doc)


def _marked(cell: Any, pieces: list[tuple[str, str]], show: str) -> None:
    """Text in a table cell with the deletions (``show`` "-") or insertions ("+") marked:
    deleted text struck through in red, inserted text underlined in blue."""
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Pt(0)
    for tag, text in pieces:
        if tag not in ("=", show):
            continue
        run = p.add_run(text)
        run.font.size = Pt(SIZE["小四"])
        if tag == "-":
            run.font.strike = True
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
        elif tag == "+":
            run.font.underline = True
            run.font.color.rgb = RGBColor(0x00, 0x3C, 0xA0)


def _cell(cell: Any, text: str, bold: bool = False, size: float = SIZE["小四"]) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Pt(0)
    for n, line in enumerate(text.split("\n")):
        if n:
            p = cell.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(0)
        run = p.add_run(line)
        run.font.size = Pt(size)
        run.bold = bold
        if bold:
            _fonts(run._element, HEITI)


def comparison_docx(cmp: Comparison, title: str, author: str = "", date: str = "") -> bytes:
    """The 新旧条文对照表 as a Word table: 条款 / 原条文 / 修改后条文 / 修改说明 (A4 landscape)."""
    doc = _new(landscape=True)
    doc.add_paragraph(f"{title}新旧条文对照表", style="Title")
    doc.add_paragraph(f"（{cmp.old_label} → {cmp.new_label}）", style="Subtitle")
    if cmp.draft:
        p = _para(doc, "草案：修改后条文尚未经批准，不具效力。")
        p.runs[0].bold = True
    lead = (f"共 {len(cmp.changes)} 条条款有变化。原条文中删除的文字标为删除线，修改后条文中新增的"
            "文字标为下划线。" if cmp.changes else "两个版本的条文没有差异。")
    _para(doc, lead)
    if cmp.changes:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = [Mm(32), Mm(83), Mm(83), Mm(59)]
        for cell, head in zip(table.rows[0].cells, ("条款", "原条文", "修改后条文", "修改说明"),
                              strict=True):
            _cell(cell, head, bold=True)
        header = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header.append(repeat)  # the header row repeats on every page
        for c in cmp.changes:
            row = table.add_row().cells
            _cell(row[0], f"{number_cell(c)}\n{c.id}")
            pieces = char_diff(c.old_text, c.new_text) if c.old_text and c.new_text else \
                [("-", c.old_text), ("+", c.new_text)]
            if c.old_text:
                _marked(row[1], pieces, "-")
            else:
                _cell(row[1], "—")
            if c.new_text:
                _marked(row[2], pieces, "+")
            else:
                _cell(row[2], "—")
            notes = reason_text(c, cmp.reasons)
            if c.cited_by:
                notes.append("引用本条的条款（请核对是否仍然成立）：" + "、".join(
                    f"第 {n} 条" for n in c.cited_by))
            _cell(row[3], "\n".join(notes))
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    if cmp.renumbered:
        _para(doc, "因条款增删而顺延编号、条文未变的条款：" + "、".join(
            f"{r.old_number} → {r.new_number}（{r.id}）" for r in cmp.renumbered))
    _properties(doc, f"{title}新旧条文对照表", f"{cmp.old_label} → {cmp.new_label}", author, date)
    return _bytes(doc)
