"""Point in time: built on the day before and on the day an edition takes effect, the site's
root, banners, version selector and PDF say which edition applies; ``policy as-at`` answers
for any day."""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, ROOT, _Quiet, _Server, build_site
from playwright.sync_api import Browser
from policy.repository import Repository

STD = Repository(DATA).std
assert STD is not None
RELEASED = [r for r in STD.revisions if r.checksum]
NEWEST, PREVIOUS = RELEASED[-1], RELEASED[-2]
EFFECTIVE = dt.date.fromisoformat(NEWEST.effective)
DAYS = {"before": (EFFECTIVE - dt.timedelta(days=1)).isoformat(), "on": EFFECTIVE.isoformat()}


@pytest.fixture(scope="module", params=["before", "on"])
def dated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[str, Path, str]]:
    """(which day, the site built on it, its URL)."""
    out = tmp_path_factory.mktemp(f"site-{request.param}") / "site"
    build_site(DATA, out, today=DAYS[request.param])
    srv = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield request.param, out, f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()



def test_root_banners_selector_and_pdf_follow_the_date(dated: tuple[str, Path, str],
                                                      browser: Browser) -> None:
    day, site, url = dated
    new, old = NEWEST.edition, PREVIOUS.edition
    in_force = old if day == "before" else new
    page = browser.new_page(locale="zh-CN")
    try:
        page.goto(url + "/")
        page.wait_for_url(f"{url}/{in_force}/")  # the root sends readers to the rules that apply

        page.goto(f"{url}/{new}/chapters/05/")
        banner = page.locator(".edition-banner").inner_text()
        if day == "before":
            assert banner.startswith(f"已发布、待施行：本版自 {NEWEST.effective} 起施行；现行有效的是 "
                                     f"{old} 版。"), banner
            assert page.locator(".edition-banner a").first.get_attribute("href") == \
                f"../../../{old}/chapters/05/"
        else:
            assert banner.startswith(f"现行有效：{new} 版，自 {NEWEST.effective} 起施行。"), banner

        page.goto(f"{url}/{old}/")
        banner = page.locator(".edition-banner").inner_text()
        if day == "before":
            assert banner.startswith(f"现行有效：{old} 版") and \
                f"{new} 版已发布，将自 {NEWEST.effective} 起施行" in banner, banner
            link = page.locator(".edition-banner a", has_text="新旧条文对照表")
            assert link.get_attribute("href") == f"../{new}/changes/"
        else:
            assert banner.startswith(f"已失效：{old} 版施行期间为 {PREVIOUS.effective} 至 "
                                     f"{DAYS['before']}，自 {NEWEST.effective} 起由 {new} 版替代。")

        page.wait_for_selector(".md-version__link", state="attached")
        labels = page.eval_on_selector_all(".md-version__link", "l => l.map(a => a.textContent)")
        want_new = "已发布、待施行" if day == "before" else "现行有效"
        want_old = "现行有效" if day == "before" else "已失效"
        assert f"{new}（{want_new}）" in labels and f"{old}（{want_old}）" in labels, labels
    finally:
        page.close()

    pdf = next((site / new / "downloads").glob("*.pdf"))
    text = subprocess.run(["pdftotext", "-l", "1", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=600).stdout
    assert ("已发布、待施行" if day == "before" else "现行有效") in text


def test_a_deep_link_into_an_old_edition_keeps_its_status_in_view(
        dated: tuple[str, Path, str], browser: Browser) -> None:
    day, _, url = dated
    old = PREVIOUS.edition if day == "on" else NEWEST.edition  # not in force on that day
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 800})
    try:
        frozen = Repository(DATA).frozen_standard(old)
        assert frozen is not None
        clause = frozen.chapters[4].sections[3].clauses[-1]  # far down the page
        page.goto(f"{url}/{old}/chapters/05/#{clause.id}")
        page.wait_for_load_state("networkidle")
        box = page.locator(".edition-banner").bounding_box()
        assert box is not None and 0 <= box["y"] < 200, box  # in view, under the header
        # and the clause landed on is below the banner, not hidden under it
        head = page.locator(f"#{clause.id}").bounding_box()
        assert head is not None and head["y"] >= box["y"] + box["height"], (head, box)
        # the banner's way to the edition in force keeps the clause landed on
        same = page.locator(".edition-banner a[data-same-page]").get_attribute("href") or ""
        assert same.endswith(f"/chapters/05/#{clause.id}"), same
        for width, height in ((390, 844),):  # at phone width too
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{url}/{old}/glossary/")
            page.goto(f"{url}/{old}/chapters/05/#{clause.id}")
            page.wait_for_load_state("networkidle")
            box = page.locator(".edition-banner").bounding_box()
            head = page.locator(f"#{clause.id}").bounding_box()
            assert box is not None and head is not None
            assert head["y"] >= box["y"] + box["height"], (width, head, box)
    finally:
        page.close()


def test_the_timeline_page_answers_which_edition_applied_on_a_day(
        dated: tuple[str, Path, str], browser: Browser) -> None:
    _, _, url = dated
    page = browser.new_page(locale="zh-CN")
    try:
        page.goto(f"{url}/{NEWEST.edition}/timeline/")
        rows = page.locator("table tbody tr")
        assert rows.count() == len(STD.revisions)
        page.fill("#as-at-date", DAYS["before"])
        page.click("form.as-at button")
        answer = page.locator(".as-at-answer").inner_text()
        assert answer.startswith(f"{DAYS['before']} 施行的是 {PREVIOUS.edition} 版"), answer
        page.fill("#as-at-date", "2000-01-01")
        page.click("form.as-at button")
        assert "本规范尚未施行" in page.locator(".as-at-answer").inner_text()
    finally:
        page.close()


def policy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policy.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_as_at_before_between_and_after_editions() -> None:
    first = RELEASED[0]
    before = (dt.date.fromisoformat(first.effective) - dt.timedelta(days=1)).isoformat()
    r = policy("as-at", before)
    assert r.returncode == 1
    assert r.stdout.strip() == (f"{before}：本规范尚未施行。最早的 {first.edition} 版自 "
                                f"{first.effective} 起施行。")
    r = policy("as-at", DAYS["before"], "C-5402")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"{DAYS['before']} 施行的是 {PREVIOUS.edition} 版：")
    assert f"此后由 {NEWEST.edition} 版替代" in r.stdout
    old = Repository(DATA).frozen_standard(PREVIOUS.edition)
    assert old is not None
    assert f"第 {old.clause_by_id['C-5402'].number} 条（C-5402）当日的条文：" in r.stdout
    r = policy("as-at", "2099-01-01", "C-5402")
    assert r.returncode == 0 and r.stdout.startswith(f"2099-01-01 施行的是 {NEWEST.edition} 版")
    added = next(ch.id for r in RELEASED[1:] for ch in r.changes if ch.change == "added")
    r = policy("as-at", RELEASED[0].effective, added)
    assert r.returncode == 1 and f"{RELEASED[0].edition} 版中没有条款 {added}" in r.stdout
    assert policy("as-at", "2026/01/01").returncode == 2
