"""The site in a real Chromium (Debian's, driven by Playwright): search, links, privacy, a11y."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, current_slug, search
from playwright.sync_api import Page

ARTIFACTS = ROOT / "test-artifacts" / "site"


def test_following_a_cross_reference_lands_on_the_target_clause(page: Page,
                                                                 base_url: str) -> None:
    page.goto(base_url + "/chapters/02/")
    link = page.locator("a.xref[title='C-5401']").first
    label = link.inner_text()
    link.click()
    page.wait_for_url("**/chapters/05/#C-5401")
    target = page.locator("#C-5401")
    assert target.is_visible()
    assert label.replace(" ", "") in target.inner_text().replace(" ", "")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_no_request_leaves_the_sites_origin(page: Page, base_url: str) -> None:
    origins: set[str] = set()
    missing: list[str] = []  # and none asks for what the site does not have
    page.on("request", lambda r: origins.add(urlsplit(r.url).netloc)
            if not r.url.startswith(("data:", "blob:")) else None)
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.goto(base_url + "/chapters/05/")
    page.wait_for_load_state("networkidle")
    search(page, base_url, "适当性")
    page.wait_for_load_state("networkidle")
    page.goto(base_url + "/departments/operations/")  # with its own feed
    page.wait_for_load_state("networkidle")
    assert origins == {urlsplit(base_url).netloc}
    assert missing == []


def test_copy_link_button_uses_the_stable_id(page: Page, base_url: str) -> None:
    page.goto(base_url + "/chapters/05/")
    button = page.locator("#C-5402 .clause-copy")
    assert button.get_attribute("aria-label") == "复制第 5.4.2 条的链接"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button.click()
    page.wait_for_function("() => document.querySelector('#C-5402 .clause-copy')"
                           ".textContent === '已复制'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert urlsplit(copied).path.endswith("/chapters/05/")
    assert urlsplit(copied).fragment == "C-5402"


def _axe_serious(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} x{len(v['nodes'])}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", ["/", "/chapters/05/"])
def test_no_serious_accessibility_violations(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert _axe_serious(page) == []


def test_screenshots_of_home_and_chapter(page: Page, base_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", "/"), ("chapter-05", "/chapters/05/#C-5402")):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        out = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(out))
        assert out.stat().st_size > 10_000


def test_the_site_root_opens_the_edition_in_force(page: Page, site_url: str,
                                                  base_url: str) -> None:
    page.goto(site_url + "/")
    page.wait_for_url(base_url + "/")
    assert "现行有效" in page.locator(".edition-banner").inner_text()


def test_version_selector_lists_every_edition_and_keeps_the_chapter(
        page: Page, site_url: str, built_site: Path) -> None:
    import json

    versions = json.loads((built_site / "versions.json").read_text("utf-8"))
    assert len(versions) >= 2
    old = versions[-1]["version"]
    page.goto(f"{site_url}/{old}/chapters/02/")
    page.wait_for_selector(".md-version__link", state="attached")
    labels = page.eval_on_selector_all(".md-version__link", "l => l.map(a => a.textContent)")
    assert labels == [v["title"] for v in versions]
    assert page.locator(".md-version__current").inner_text() == versions[-1]["title"]
    target = versions[0]
    page.locator(".md-version__current").focus()  # opens the menu, as hovering does
    page.locator(".md-version__link", has_text=target["title"]).click()
    page.wait_for_url(f"{site_url}/{target['version']}/chapters/02/")
    assert page.locator("h1").first.inner_text().startswith("第二章")


def test_each_edition_carries_its_banner(page: Page, site_url: str, built_site: Path) -> None:
    import json

    for v in json.loads((built_site / "versions.json").read_text("utf-8")):
        status = v["title"].split("（")[1].rstrip("）")
        for path in ("", "chapters/05/", "guide/"):
            page.goto(f"{site_url}/{v['version']}/{path}")
            banner = page.locator(".edition-banner")
            assert banner.count() == 1
            assert banner.inner_text().startswith(status), (v, path)
            if status == "已失效":
                link = banner.locator("a")
                assert "查看现行有效的" in link.inner_text()
                link.click()  # Material keeps the reader on the same page of that edition
                page.wait_for_url(f"{site_url}/{current_slug(built_site)}/{path}")


def test_printing_a_chapter_gives_clean_a4_without_navigation(page: Page, base_url: str,
                                                              tmp_path: Path) -> None:
    import subprocess

    from pypdf import PdfReader

    page.goto(base_url + "/chapters/05/")
    page.wait_for_load_state("networkidle")
    out = tmp_path / "print.pdf"
    page.pdf(path=str(out), prefer_css_page_size=True)
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210,
                                                                                          297)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                          text=True, check=True, timeout=600).stdout
    flat = "".join(text.split())
    assert "第5.4.2条" in flat and "服务投诉处理机制" in flat
    for chrome in ("编辑指南", "检查规则", "复制链接", "搜索"):
        assert chrome not in flat, chrome
