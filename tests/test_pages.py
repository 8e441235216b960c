"""Every page is right where a person lands: no markup remnants, tables readable on a laptop and
a phone, a removed clause's old link explains itself, and the 对照表 links its clauses."""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL, _Quiet, _Server, build_site, drop_clause
from playwright.sync_api import Browser
from policy.release import new_edition, release
from test_browser import ARTIFACTS

# what readers must never see in the text of a page: attribute lists, stray braces, unresolved
# cross-references (the same scan the project's pre-stop hook runs)
REMNANT = re.compile(r"\{:|\[\[[CR]-|(^|[^{])\}(?![}])")
CODE = re.compile(r"<(code|pre|script|style)\b.*?</\1>", re.S)


def remnants(page: str) -> list[str]:
    text = re.sub(r"<[^>]+>", "", CODE.sub("", page))
    return [text[max(0, m.start() - 20):m.end() + 20] for m in REMNANT.finditer(text)]


def test_the_scan_finds_a_stray_brace() -> None:
    assert remnants("<p>下载本版 PDF }</p>") and remnants("<p>按 [[C-5402]] 执行</p>")
    assert not remnants("<p>正文</p><code>{: .x }</code>")


def test_no_built_page_shows_markup_remnants(built_site: Path) -> None:
    bad = {str(p.relative_to(built_site)): r for p in built_site.rglob("*.html")
           if (r := remnants(p.read_text("utf-8")))}
    assert bad == {}


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """1.0, and 1.1 that removes C-2102 (and adds C-2105 so that the section keeps four)."""
    data = tmp_path_factory.mktemp("two") / "data"
    shutil.copytree(MINIMAL, data)
    release(data, "1.0", {})
    new_edition(data, "1.1", "修正", summary="删除 2.1.2 条，新增按月分析。")
    ch = data / "chapters" / "02.yml"
    drop_clause(ch, "C-2102")
    ch.write_text(ch.read_text("utf-8") + "      - id: C-2105\n        text: 每月分析投诉原因"
                  "（[[R-COMPLAINT]]）。\n", "utf-8")
    rev = data / "revisions.yml"
    head, _, tail = rev.read_text("utf-8").rpartition("  changes: []\n")
    rev.write_text(head + """  changes:
    - id: C-2102
      change: removed
      reason: 延长期限的规定并入[[C-2101]]。
      substantive: true
    - id: C-2105
      change: added
      reason: 按月分析投诉。
      substantive: true
""" + tail, "utf-8")
    ch1 = data / "chapters" / "01.yml"
    ch1.write_text(ch1.read_text("utf-8").replace("[[C-2102]]", "[[C-2101]]"), "utf-8")
    release(data, "1.1", {"approved": "2026-03-01", "issued": "2026-03-05",
                          "effective": "2026-04-01", "approval_doc": "董事会决议"})
    out = data.parent / "site"
    build_site(data, out)
    srv = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield out, f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()



def test_a_link_to_a_removed_clause_says_where_it_went(two_editions: tuple[Path, str],
                                                       browser: Browser) -> None:
    _, url = two_editions
    page = browser.new_page(locale="zh-CN")
    try:
        page.goto(f"{url}/1.1/chapters/02/#C-2102")
        stub = page.locator("#C-2102")
        assert stub.is_visible()
        text = stub.inner_text()
        assert text.startswith("原第 2.1.2 条（C-2102）已于 1.1 版删除（延长期限的规定并入第 2.1.1 条。）")
        stub.locator("a").click()
        page.wait_for_url(f"{url}/1.1/changes/#C-2102")
        row = page.locator("tr", has=page.locator("#C-2102"))
        assert "2.1.2（删除）" in row.inner_text()
        # every number in the 对照表 is a link: the removed one into the edition that had it
        link = row.locator("a").first
        assert link.get_attribute("href") == "../../1.0/chapters/02/#C-2102"
        added = page.locator("tr", has=page.locator("#C-2105")).locator("a").first
        assert added.get_attribute("href") == "../chapters/02/#C-2105"
    finally:
        page.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_revisions_page_is_readable_on_a_laptop_and_a_phone(
        two_editions: tuple[Path, str], browser: Browser, width: int) -> None:
    _, url = two_editions
    page = browser.new_page(locale="zh-CN", viewport={"width": width, "height": 900})
    try:
        page.goto(f"{url}/1.1/revisions/")
        summary = page.locator(".revision-summary").first.bounding_box()
        assert summary is not None and summary["width"] > min(600, width - 80), summary
        reason = page.locator(".revision-changes td:nth-child(4)").first.bounding_box()
        assert reason is not None and reason["width"] >= 200, reason
        rows = page.eval_on_selector_all(".revision-changes tr",
                                         "rs => rs.map(r => r.getBoundingClientRect().height)")
        assert max(rows) < 200, rows  # no row squeezed into a tall thin column
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, overflow  # the page itself never scrolls sideways
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"revisions-{width}.png"))
    finally:
        page.close()


def test_the_comparison_reads_as_cards_on_a_phone(two_editions: tuple[Path, str],
                                                  browser: Browser) -> None:
    _, url = two_editions
    page = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{url}/1.1/changes/")
        cells = page.eval_on_selector_all(
            ".comparison-table tbody tr:first-child td",
            "ds => ds.map(d => [d.getBoundingClientRect().width, getComputedStyle(d, '::before')"
            ".content])")
        assert len(cells) == 4, cells
        assert all(w > 300 for w, _ in cells), cells  # each column the phone's width, not 4 chars
        assert [c for _, c in cells[1:]] == ['"原条文"', '"修订后条文"', '"修订说明"'], cells
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, overflow
        # and the header shows the edition, not a standard's name cut to its first character
        name = page.locator(".md-header__topic:first-child > .md-ellipsis")
        assert not name.is_visible()
        assert "1.1" in page.locator(".md-header__topic:first-child").inner_text()
        page.screenshot(path=str(ARTIFACTS / "changes-390.png"))
    finally:
        page.close()
