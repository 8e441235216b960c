"""Department views, their reading lists and the change feeds, reached from the site."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from conftest import DATA, current_slug
from playwright.sync_api import Page
from policy.export import plain
from policy.repository import Repository

ATOM = "{http://www.w3.org/2005/Atom}"
STD = Repository(DATA).std
assert STD is not None


def test_every_department_has_a_page_that_matches_the_data(edition_site: Path) -> None:
    frozen = Repository(DATA).frozen_standard(edition_site.name) or STD
    for d in frozen.departments:
        page = (edition_site / "departments" / d.id / "index.html").read_text("utf-8")
        assert "<h1" in page and d.name in page
        owned = [s for s in frozen.sections() if s.owner == d.id]
        for s in owned:
            assert f"#sec-{s.number.replace('.', '-')}" in page, (d.id, s.number)
        # every clause whose text names the department, found by scanning the text
        named = [c for c in frozen.clauses()
                 if d.name in "\n".join([c.text, *c.items, *(x.who for x in c.limits)])]
        assert f"点名{d.name}的条款（{len(named)} 条）" in page
        for c in named:
            assert f'#{c.id}"' in page, (d.id, c.id)
        rows = list(csv.reader(io.StringIO((edition_site / "downloads" / "departments" /
                                            f"{d.id}.csv").read_bytes().decode("utf-8-sig"))))
        assert rows[0][:4] == ["部门", "版本", "条款编号", "条款标识"]
        ids = {r[3] for r in rows[1:]}
        assert {c.id for c in named} <= ids
        assert {c.id for s in owned for c in s.clauses} <= ids
        texts = {r[3]: r[7] for r in rows[1:]}
        for c in named:
            assert texts[c.id].startswith(plain(frozen, c.text))


def test_a_department_is_reached_from_a_section_panel_with_its_list_and_feed(
        page: Page, base_url: str, site_url: str, built_site: Path) -> None:
    s = STD.chapters[4].sections[3]
    dept = STD.dept_by_id[s.owner]
    page.goto(f"{base_url}/chapters/05/#sec-{s.number.replace('.', '-')}")
    page.locator(f"#sec-{s.number.replace('.', '-')} ~ p.section-meta a", has_text=dept.name
                 ).first.click()
    page.wait_for_url(f"{base_url}/departments/{s.owner}/")
    assert page.locator("h1").inner_text() == dept.name
    csv_link = page.locator("a", has_text="学习确认清单")
    r = page.request.get(urljoin(page.url, csv_link.get_attribute("href") or ""))
    assert r.ok and r.body().decode("utf-8-sig").startswith("部门,版本,条款编号")
    feeds = page.eval_on_selector_all('link[rel~="alternate"][type="application/atom+xml"]',
                                      "ls => ls.map(l => l.href)")
    assert len(feeds) == 2  # the standard's, and this department's
    for href in feeds:
        r = page.request.get(href)
        assert r.ok
        feed = ET.fromstring(r.body())
        assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}id", "").startswith("tag:")
        for entry in feed.findall(f"{ATOM}entry"):
            for field in ("id", "title", "updated", "summary"):
                assert entry.findtext(f"{ATOM}{field}"), field
            link = entry.find(f"{ATOM}link")
            assert link is not None
            target = urljoin(href, link.get("href", ""))
            assert target.startswith(site_url + "/")  # relative: no other origin
            assert page.request.get(target).ok, target
    whole = ET.fromstring(page.request.get(feeds[0]).body())
    released = [r for r in STD.revisions if r.checksum]
    assert len(whole.findall(f"{ATOM}entry")) == len(released)


def test_no_feed_names_another_origin(built_site: Path) -> None:
    for feed in [built_site / "feed.xml", *sorted((built_site / "feeds").glob("*.xml"))]:
        text = feed.read_text("utf-8")
        assert not re.search(r"(href|src)=\"(https?:)?//", text), feed
        ET.fromstring(text)  # well-formed


def test_word_files_are_offered_on_the_home_page(page: Page, base_url: str,
                                                 built_site: Path) -> None:
    page.goto(base_url + "/")
    links = page.locator("a.md-button[download]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    slug = current_slug(built_site)
    assert f"downloads/{STD.meta.code}-{slug}.docx" in hrefs, hrefs
    for href in hrefs:
        assert page.request.get(urljoin(page.url, href or "")).ok, href
