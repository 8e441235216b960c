"""Word documents for the approval meeting: read back with python-docx, laid out by LibreOffice,
and offered on every edition's pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SITE_TODAY, current_slug
from docx import Document
from docx.oxml.ns import qn
from policy.editions import clause_versions, editions, view
from policy.export import plain
from policy.render.text import item_label
from policy.repository import Repository
from policy.word import comparison_docx, edition_docx

ON = dt.date.fromisoformat(SITE_TODAY)
REPO = Repository(DATA)
assert REPO.std is not None
EDS = editions(REPO.std, ON)
VERSIONS = clause_versions(REPO, EDS)
LATEST = [e for e in EDS if e.released][-1]
VIEW = view(REPO, LATEST.slug, ON, VERSIONS)
ARTIFACTS = ROOT / "test-artifacts" / "word"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def edition_file() -> bytes:
    return edition_docx(VIEW.std, "现行有效", VIEW.gone())


@pytest.fixture(scope="module")
def comparison_file() -> bytes:
    assert VIEW.comparison is not None
    return comparison_docx(VIEW.comparison, f"《{VIEW.std.meta.title}》", "本机构", "2026-03-20")


def test_every_clause_is_in_the_edition_file_in_order(edition_file: bytes) -> None:
    doc = Document(BytesIO(edition_file))
    paragraphs = [p.text for p in doc.paragraphs]
    body = "\n".join(paragraphs)
    at = 0
    for c in VIEW.std.clauses():
        start = body.find(f"第 {c.number} 条　{plain(VIEW.std, c.text, marks=True)}", at)
        assert start >= at, c.id
        at = start
        for i, item in enumerate(c.items):
            assert item_label(i) + plain(VIEW.std, item, marks=True) in paragraphs, (c.id, i)
    assert paragraphs[0] == VIEW.std.meta.title
    for ch in VIEW.std.chapters:
        assert any(p.text.endswith(ch.title) and p.style.name == "Heading 1"
                   for p in doc.paragraphs), ch.title


def test_fonts_are_set_for_chinese_text_in_styles_and_defaults(edition_file: bytes) -> None:
    doc = Document(BytesIO(edition_file))

    def east_asia(style: str) -> str | None:
        fonts = doc.styles[style].element.rPr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "仿宋" and east_asia("Title") == "黑体"
    assert east_asia("Heading 1") == "黑体" and east_asia("Heading 2") == "楷体"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rfonts = defaults.find(".//" + qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋" and rfonts.get(qn("w:eastAsiaTheme")) is None
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert doc.styles["Normal"].font.size.pt == 16  # 三号
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer  # page numbers


def test_the_comparison_table_matches_the_diff(comparison_file: bytes) -> None:
    cmp = VIEW.comparison
    assert cmp is not None
    doc = Document(BytesIO(comparison_file))
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["条款", "原条文", "修改后条文", "修改说明"]
    assert len(table.rows) == len(cmp.changes) + 1
    from policy.diff import char_diff

    for row, c in zip(table.rows[1:], cmp.changes, strict=True):
        cells = row.cells
        assert c.id in cells[0].text
        struck = "".join(r.text for p in cells[1].paragraphs for r in p.runs if r.font.strike)
        underlined = "".join(r.text for p in cells[2].paragraphs for r in p.runs
                             if r.font.underline)
        if c.old_text and c.new_text:
            pieces = char_diff(c.old_text, c.new_text)
            assert struck == "".join(t for tag, t in pieces if tag == "-"), c.id
            assert underlined == "".join(t for tag, t in pieces if tag == "+"), c.id
        for n in c.cited_by:
            assert f"第 {n} 条" in cells[3].text
        for reason in cmp.reasons.get(c.id, []):
            assert reason.reason in cells[3].text


def test_the_same_input_gives_the_same_bytes(edition_file: bytes,
                                             comparison_file: bytes) -> None:
    assert edition_docx(VIEW.std, "现行有效", VIEW.gone()) == edition_file
    assert VIEW.comparison is not None
    assert comparison_docx(VIEW.comparison, f"《{VIEW.std.meta.title}》", "本机构",
                           "2026-03-20") == comparison_file


def test_libreoffice_lays_it_out_in_a_cjk_font_with_every_character(
        edition_file: bytes, comparison_file: bytes, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (libreoffice-writer-nogui) is installed by make test's set-up"
    (tmp_path / "edition.docx").write_bytes(edition_file)
    (tmp_path / "changes.docx").write_bytes(comparison_file)
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(tmp_path / "edition.docx"), str(tmp_path / "changes.docx")],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("edition", "changes"):
        pdf = tmp_path / f"{name}.pdf"
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True, timeout=600).stdout.splitlines()[2:]
        assert any("CJK" in f for f in fonts), fonts
        assert all(f.split()[-5] == "yes" for f in fonts), fonts  # every font embedded
        text = flat(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                   capture_output=True, text=True, check=True,
                                   timeout=600).stdout)
        text = re.sub(r"—\d+—", "", text)  # the page numbers at the foot of each page
        assert "\ufffd" not in text
        if name == "edition":
            for c in VIEW.std.clauses()[:40]:
                assert flat(plain(VIEW.std, c.text, marks=True)) in text, c.id  # no glyph missing
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf),
                        str(ARTIFACTS / name)], check=True, timeout=600)


def test_both_files_are_offered_on_each_editions_pages(built_site: Path) -> None:
    slug = current_slug(built_site)
    home = (built_site / slug / "index.html").read_text("utf-8")
    code = VIEW.std.meta.code
    for e in EDS:
        files = sorted(p.name for p in (built_site / e.slug / "downloads").glob("*.docx"))
        want = [f"{code}-{e.edition}.docx"]
        if (built_site / e.slug / "changes").exists():
            want.append(f"{code}-{e.edition}-changes.docx")
            page = (built_site / e.slug / "changes" / "index.html").read_text("utf-8")
            assert f'href="../downloads/{code}-{e.edition}-changes.docx"' in page
        assert files == sorted(want), e.slug
    assert f'href="downloads/{code}-{slug}.docx"' in home
    r = subprocess.run([sys.executable, "-m", "policy.cli", "diff", "latest", "draft", "--format",
                        "docx"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 2 and "--out" in r.stderr
