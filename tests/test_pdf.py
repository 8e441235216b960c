"""The print-grade PDF: real WeasyPrint, real poppler (pdftotext, pdffonts, pdftoppm), real pypdf.

The PDF is built once per module (a few seconds); the draft copy, which also carries a 对照表,
once more. PNG renders go to test-artifacts/pdf/ for a person to look at.
"""

from __future__ import annotations

import copy
import re
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT
from policy.diff import Change, Comparison, Reason
from policy.labels import REFERENCE_MARK
from policy.loader import load
from policy.model import Standard
from policy.pdf import build_pdf, local_url_fetcher, render_html
from policy.render.limits import table as limit_table
from policy.render.markdown import chapter_label
from policy.render.text import Citation, ClauseRef, Plain, TermUse, item_label, segments
from pypdf import PdfReader

ARTIFACTS = ROOT / "test-artifacts" / "pdf"
FOOTER = re.compile(r"^第 (\d+) 页 / 共 (\d+) 页$")
# "5.4 服务投诉处理机制 . . . . . 26" as pdftotext gives a TOC line
TOC_LINE = re.compile(r"^(\S+) (.+?)\s*(?:\.\s*){3,}(\d+)$")
APPENDICES = ["附录A 术语表", "附录B 外部依据", "附录C 时限与期限一览表"]
COMPARISON = Comparison("1.1 版", "1.2 版", [
    Change("C-5402", ("modified",), "5.4.2", "5.4.2",
           "承办部门应在受理投诉之日起15日内作出处理决定。",
           "承办部门应在受理投诉之日起10日内作出处理决定并告知客户。"),
    Change("C-9901", ("added",), "", "8.3.9", "", "本规范附录与正文具有同等效力。"),
    Change("C-9902", ("removed",), "7.1.8", "", "原第七章的过渡安排自动失效。", ""),
], reasons={
    "C-5402": [Reason("modified", "缩短办理时限，与监管要求一致。", True)],
    "C-9901": [Reason("added", "明确附录效力。", True)],
    "C-9902": [Reason("removed", "过渡期已结束。", False)],
})


def norm(text: str) -> str:
    """Text with every kind of white space removed: line breaks and layout spaces vanish."""
    return re.sub(r"\s+", "", text)


def printed(std: Standard, text: str) -> str:
    """The clause text as the PDF prints it, built from the shared segments."""
    out = []
    for s in segments(std, text):
        if isinstance(s, Plain | TermUse):
            out.append(s.text)
        elif isinstance(s, ClauseRef):
            out.append(f"第 {s.clause.number} 条" if s.clause else s.target)
        elif isinstance(s, Citation):
            out.append(f"《{s.ref.title}》{s.note}{REFERENCE_MARK.get(s.ref.status, '')}"
                       if s.ref else s.target)
    return "".join(out)


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600).stdout


class Built:
    """One built PDF on disk with its text per page, twice: in reading order (``pages``, whose
    lines keep a TOC entry whole) and in drawing order (``raw``, which keeps a table cell
    together and starts with the watermark, drawn first, behind everything)."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        self.pages = run("pdftotext", "-enc", "UTF-8", str(path), "-").split("\f")[:-1]
        self.raw = run("pdftotext", "-raw", "-enc", "UTF-8", str(path), "-").split("\f")[:-1]
        self.lines = [[ln.strip() for ln in p.splitlines() if ln.strip()] for p in self.pages]
        assert len(self.raw) == len(self.pages)

    def page_of_line(self, line: str, after: int = 0) -> int:
        """1-based number of the first page after ``after`` with a line equal to ``line``."""
        for i in range(after, len(self.lines)):
            if line in self.lines[i]:
                return i + 1
        raise AssertionError(f"no page has the line {line!r}")

    def png(self, page: int, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        root = ARTIFACTS / name
        run("pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page),
            str(self.path), str(root))
        return root.with_suffix(".png")


def _standard() -> Standard:
    loaded = load(DATA)
    assert loaded.standard is not None, "policy_data 无法加载：\n" + "\n".join(
        str(p) for p in loaded.problems)
    return loaded.standard


@pytest.fixture(scope="module")
def std() -> Standard:
    return _standard()


@pytest.fixture(scope="module")
def pdf(std: Standard, tmp_path_factory: pytest.TempPathFactory) -> Built:
    data = build_pdf(std)
    path = tmp_path_factory.mktemp("pdf") / "standard.pdf"
    path.write_bytes(data)
    return Built(path, data)


@pytest.fixture(scope="module")
def draft(std: Standard, tmp_path_factory: pytest.TempPathFactory) -> Built:
    copy_ = copy.deepcopy(std)
    copy_.meta.status = "草案"
    data = build_pdf(copy_, COMPARISON)
    path = tmp_path_factory.mktemp("pdf") / "draft.pdf"
    path.write_bytes(data)
    return Built(path, data)


def body_text(std: Standard, built: Built) -> str:
    """All pages without the running header and footer, whitespace removed."""
    furniture = {norm(std.meta.title), norm(f"{std.meta.edition} 版")}
    header = norm(f"{std.meta.title} {std.meta.edition} 版")  # then the chapter or appendix
    kept = []
    for page in built.raw:
        kept += [ln for ln in page.splitlines()
                 if not FOOTER.match(ln.strip()) and norm(ln) not in furniture
                 and not norm(ln).startswith(header)]
    return norm("".join(kept))


def toc(built: Built) -> dict[str, tuple[str, int]]:
    """Number (5.4, 第五章, 附录A) -> (title, printed page), from the contents pages."""
    out: dict[str, tuple[str, int]] = {}
    for lines in built.lines:
        found = [m for m in map(TOC_LINE.match, lines) if m]
        if out and not found:
            break  # the pages after the contents
        for m in found:
            out[m.group(1)] = (m.group(2), int(m.group(3)))
    return out


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark, depth first."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it, level + 1)
            else:
                out.append((level, it.title, reader.get_destination_page_number(it) + 1))

    walk(reader.outline, 1)
    return out


# -- text ------------------------------------------------------------------------------------


def test_every_clause_number_and_text_is_in_the_extracted_text(std: Standard, pdf: Built) -> None:
    text = body_text(std, pdf)
    missing = []
    for c in std.clauses():
        if norm(c.number + printed(std, c.text)) not in text:
            missing.append(f"{c.number} {c.id}")
        for i, item in enumerate(c.items):
            if norm(item_label(i) + printed(std, item)) not in text:
                missing.append(f"{c.number}{item_label(i)}")
    assert not missing, f"{len(missing)} 条文本未在 PDF 中找到：{missing[:10]}"
    assert len(std.clauses()) > 100


def test_cross_references_print_the_target_number_and_link_to_it(std: Standard,
                                                                pdf: Built) -> None:
    reader = PdfReader(pdf.path)
    dests = set()
    for page in reader.pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a:
                dests.add(str(a["/Dest"]))
    wanted = {s.clause.id for c in std.clauses() for t in [c.text, *c.items]
              for s in segments(std, t) if isinstance(s, ClauseRef) and s.clause}
    assert wanted, "the data has no cross-references to test"
    assert wanted <= dests
    assert set(reader.named_destinations) >= wanted


def test_every_page_carries_the_running_header_and_its_page_number(std: Standard,
                                                                   pdf: Built) -> None:
    total = len(pdf.pages)
    for i, lines in enumerate(pdf.lines[1:], start=2):
        assert f"第 {i} 页 / 共 {total} 页" in lines, f"page {i}"
        assert norm(std.meta.title) in norm("".join(lines[:3])), f"page {i}"
    assert not any(FOOTER.match(ln) for ln in pdf.lines[0]), "the cover has no footer"


# -- fonts -----------------------------------------------------------------------------------


def test_every_font_is_embedded_and_is_noto_cjk_sc(pdf: Built) -> None:
    rows = run("pdffonts", str(pdf.path)).splitlines()[2:]
    assert rows
    names = set()
    for row in rows:
        cols = row.split()
        emb, sub = cols[-5], cols[-4]
        assert emb == "yes" and sub == "yes", row
        names.add(cols[0].split("+", 1)[-1])
    assert all(re.fullmatch(r"Noto-(Sans|Serif)-CJK-SC(-Bold)?", n) for n in names), names
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"} <= names


# -- structure -------------------------------------------------------------------------------


def test_bookmarks_are_the_chapters_and_sections_in_order(std: Standard, pdf: Built) -> None:
    got = [(level, title) for level, title, _ in outline(PdfReader(pdf.path))]
    want: list[tuple[int, str]] = []
    for ch in std.chapters:
        want.append((1, f"{chapter_label(ch.number)} {ch.title}"))
        want += [(2, f"{s.number} {s.title}") for s in ch.sections]
    for a in APPENDICES:
        want.append((1, a))
        if a.endswith("时限与期限一览表"):  # one bookmark per kind of period
            want += [(2, f"{kind}（{len(rows)} 项）") for kind, rows in limit_table(std)]
    assert got == want


def test_bookmarks_point_at_the_page_of_their_heading(std: Standard, pdf: Built) -> None:
    first_body = pdf.page_of_line(f"{chapter_label(1)} {std.chapters[0].title}", after=2)
    for _, title, page in outline(PdfReader(pdf.path)):
        assert pdf.page_of_line(title, after=first_body - 1) == page, title


def test_toc_page_numbers_match_the_pages_of_the_headings(std: Standard, pdf: Built) -> None:
    entries = toc(pdf)
    first_body = pdf.page_of_line(f"{chapter_label(1)} {std.chapters[0].title}", after=2)
    checked = 0
    for s in std.sections():
        assert s.number in entries, f"section {s.number} missing from the contents"
        title, printed_page = entries[s.number]
        assert title == s.title
        actual = pdf.page_of_line(f"{s.number} {s.title}", after=first_body - 1)
        assert printed_page == actual, f"{s.number}: contents say {printed_page}, is {actual}"
        checked += 1
    for ch in std.chapters:
        label = chapter_label(ch.number)
        assert entries[label] == (ch.title, pdf.page_of_line(f"{label} {ch.title}", 2))
    assert checked == len(std.sections()) > 5


def test_chapters_start_on_a_new_page(std: Standard, pdf: Built) -> None:
    for ch in std.chapters:
        heading = f"{chapter_label(ch.number)} {ch.title}"
        page = pdf.page_of_line(heading, after=4)
        furniture = {std.meta.title, f"{std.meta.edition} 版"}
        body = [ln for ln in pdf.lines[page - 1] if not FOOTER.match(ln) and ln not in furniture]
        body.remove(heading)  # the running header names the chapter too
        first = ch.sections[0]
        assert body[:2] == [heading, f"{first.number} {first.title}"], ch.title


def test_cover_carries_title_code_edition_status_and_approval(std: Standard, pdf: Built) -> None:
    cover = norm(pdf.pages[0])
    m = std.meta
    for value in (m.title, m.code, m.edition, m.status, m.issuer, m.issued, m.effective,
                  std.revisions[-1].approved_by):
        assert norm(value) in cover, value
    assert norm(f"{m.edition} 版") in cover


def test_revision_history_and_appendices_are_present(std: Standard, pdf: Built) -> None:
    text = body_text(std, pdf)
    for r in std.revisions:
        assert norm(printed(std, r.summary)) in text
    for t in std.glossary:
        assert norm(t.term + t.definition) in text
    for r in std.references:
        assert norm(f"《{r.title}》") in text
    assert "待核实" in text and norm("附录C 时限与期限一览表") in text
    assert "附录D" not in text  # the 对照表 only in the draft's copy


def test_metadata_comes_from_the_edition(std: Standard, tmp_path: Path) -> None:
    std = copy.deepcopy(std)
    std.meta.issued, std.meta.status = "2026-12-08", "待施行"
    path = tmp_path / "issued.pdf"
    path.write_bytes(build_pdf(std))
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta is not None
    assert meta["/Title"] == std.meta.title
    assert meta["/Author"] == std.meta.issuer
    assert std.meta.code in meta["/Subject"] and std.meta.code in meta["/Keywords"]
    date = "D:" + std.meta.issued.replace("-", "") + "000000+08'00"
    assert meta["/CreationDate"] == date and meta["/ModDate"] == date
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert all([round(float(x)) for x in p.mediabox[2:]] == [595, 842] for p in reader.pages)


def test_two_builds_are_byte_identical(std: Standard, pdf: Built) -> None:
    assert build_pdf(std) == pdf.data


# -- watermark and 对照表 --------------------------------------------------------------------


def watermark_share(built: Built, page: int) -> float:
    """Share of a page's pixels in the watermark's light grey (rendered by poppler)."""
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "page"
        run("pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(page), "-l", str(page),
            str(built.path), str(root))
        img = Image.open(root.with_suffix(".png")).convert("RGB")
        img.load()
    grey = sum(1 for r, g, b in img.get_flattened_data() if r == g == b and 205 <= r <= 240)
    return grey / (img.width * img.height)


def test_draft_has_the_watermark_on_every_page_and_current_has_none(pdf: Built,
                                                                    draft: Built) -> None:
    for page in range(1, len(draft.pages) + 1):
        assert watermark_share(draft, page) > 0.01, page
    for page in (1, 3, len(pdf.pages) // 2):  # the same pages without the watermark
        assert watermark_share(pdf, page) < watermark_share(draft, page) - 0.008, page
    # drawn as shapes: the watermark never gets into the text a reader copies
    assert not any(norm(page).startswith("草案") for page in draft.raw)


def test_comparison_appendix_is_a_four_column_table(draft: Built) -> None:
    text = norm("".join(draft.raw))
    assert norm("附录D 新旧条文对照表") in text
    assert norm("条款编号 原条文 修订后条文 修订说明") in text
    for c in COMPARISON.changes:
        for piece in (c.old_text, c.new_text, COMPARISON.reasons[c.id][0].reason):
            assert norm(piece) in text, piece
    assert (1, "附录D 新旧条文对照表") in [(lv, t) for lv, t, _ in
                                          outline(PdfReader(draft.path))]


@pytest.mark.parametrize("status", ["已失效", "待施行", "草案"])
def test_an_edition_not_in_force_gets_its_watermark_in_the_html(std: Standard,
                                                                status: str) -> None:
    copy_ = copy.deepcopy(std)
    copy_.meta.status = status
    assert (f'<div class="watermark" aria-hidden="true" data-text="{status}"><img '
            'src="data:image/svg+xml;base64,') in render_html(copy_)
    current = copy.deepcopy(std)
    current.meta.status = "现行有效"
    assert 'class="watermark"' not in render_html(current)


# -- HTML ------------------------------------------------------------------------------------


def test_html_is_pure_chinese_and_escapes_editor_text(std: Standard) -> None:
    assert render_html(std) == render_html(std)
    copy_ = copy.deepcopy(std)
    c = copy_.clauses()[0]
    target = copy_.clauses()[5]
    c.text = f'<script>alert("x")</script> & 见[[{target.id}]]'
    html = render_html(copy_)
    assert '<html lang="zh-CN">' in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; 见" in html
    assert f'<a class="xref" href="#{target.id}">第 {target.number} 条</a>' in html


def policy_templates() -> Path:
    return Path(str(resources.files("policy").joinpath("templates")))


def test_the_fetcher_refuses_the_network() -> None:
    fetcher = local_url_fetcher()
    for url in ("https://fonts.googleapis.com/css", "http://example.com/x.png",
                "file:///etc/passwd", "file://" + str(policy_templates()) + "/../../../setup.py"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
    css = fetcher.fetch((policy_templates() / "pdf.css").as_uri())
    assert b"@page" in css.read()
    css.close()


# -- renders for a person to look at ---------------------------------------------------------


def test_png_renders_of_cover_contents_and_a_chapter(std: Standard, pdf: Built,
                                                     draft: Built) -> None:
    contents = next(i for i, lines in enumerate(pdf.lines, start=1)
                    if any(TOC_LINE.match(ln) for ln in lines))
    chapter = std.chapters[min(4, len(std.chapters) - 1)]
    chapter_page = pdf.page_of_line(f"{chapter_label(chapter.number)} {chapter.title}", 4)
    appendix_d = draft.page_of_line("附录D 新旧条文对照表", 4)
    renders = [pdf.png(1, "cover"), pdf.png(contents, "contents"),
               pdf.png(chapter_page, "chapter"), pdf.png(chapter_page + 1, "chapter-next"),
               draft.png(1, "draft-cover"), draft.png(chapter_page, "draft-chapter"),
               draft.png(appendix_d, "draft-comparison")]
    for png in renders:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
