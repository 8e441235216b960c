"""Shared fixtures: the repository, copies of data sets, golden-file comparison."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import http.server
import os
import shutil
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "policy_data"
EXAMPLES = Path(__file__).resolve().parent / "examples"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
MINIMAL = EXAMPLES / "valid" / "minimal"
TODAY = dt.date(2026, 1, 1)
# The reference date of every site build in the tests: outcomes never depend on the calendar.
SITE_TODAY = "2026-12-01"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def problem_lines(problems, root: Path, hints: bool = False) -> list[str]:
    """Problems as the text reporter prints them (with ``hints``, the hint lines too), with
    paths relative to ``root``."""
    out = []
    for p in problems:
        path = Path(p.path)
        rel = path.resolve().relative_to(root.resolve()) if path.is_absolute() or \
            (Path.cwd() / path).exists() else path
        out.append(f"{Path(rel).as_posix()}:{p.line}:{p.col}: [{p.level}] {p.message} ({p.rule})")
        if hints and p.hint:
            first, *rest = p.hint.split("\n")
            out += [f"    提示：{first}", *rest]
    return out


def compare_golden(actual: str, golden: Path) -> None:
    """Compare with a golden file; UPDATE_GOLDEN=1 rewrites it. Failures print a unified diff."""
    if UPDATE or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, "utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {golden} did not exist; written, check it and re-run")
        return
    expected = golden.read_text("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(golden), "actual"))
        pytest.fail("output differs from golden file (UPDATE_GOLDEN=1 to accept):\n" + diff)


def overlay(base: Path, example: Path, dest: Path) -> Path:
    """A copy of ``base`` with the example's files laid over it (``delete.txt`` removes files)."""
    shutil.copytree(base, dest)
    for p in example.rglob("*"):
        rel = p.relative_to(example)
        if p.is_file() and rel.name not in ("expected.txt", "delete.txt"):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest / rel)
    deletions = example / "delete.txt"
    if deletions.exists():
        for rel in deletions.read_text("utf-8").split():
            (dest / rel).unlink()
    return dest


@pytest.fixture
def data_copy(tmp_path: Path):
    """A fresh copy of the repository's policy_data to edit."""
    dest = tmp_path / "policy_data"
    shutil.copytree(DATA, dest)
    return dest


def build_site(data: Path, out: Path, *args: str, today: str = SITE_TODAY,
               cache: Path | None = None) -> str:
    """The real build: ``policy build-site`` (strict MkDocs, PDF) into ``out``; its output.

    Without ``cache`` the build uses a cache of its own beside ``out``, so that tests never share
    built editions with each other or with the repository's build/cache."""
    import subprocess
    import sys

    cache = cache or out.parent / f".{out.name}-cache"
    r = subprocess.run([sys.executable, "-m", "policy.cli", "build-site", "--data", str(data),
                        "--out", str(out), "--today", today, "--cache", str(cache), *args],
                       cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(DATA, out)
    return out


def current_slug(site: Path) -> str:
    """The path of the edition in force, from the site's versions.json."""
    import json

    versions = json.loads((site / "versions.json").read_text("utf-8"))
    return next(v["version"] for v in versions if "latest" in v["aliases"])


@pytest.fixture(scope="session")
def edition_site(built_site: Path) -> Path:
    """The folder of the edition in force inside the built site."""
    return built_site / current_slug(built_site)


# -- the built site in a real Chromium ---------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--disable-dev-shm-usage"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The whole versioned site, served on loopback."""
    srv = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def base_url(site_url: str, built_site: Path) -> str:
    """The edition in force."""
    return f"{site_url}/{current_slug(built_site)}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    yield pg
    ctx.close()




def search(page: Page, base_url: str, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the header's search box and read the results as shown: each a
    clause (id, number, where it stands, the snippet's HTML, the link)."""
    page.goto(base_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("End")  # typing Chinese with a real keyboard ends in a keyup
    page.wait_for_function("q => document.querySelector('.md-search-result__list')"
                           ".dataset.query === q", arg=query, timeout=30_000)
    return page.eval_on_selector_all(".md-search-result__item a", """links => links.map(a => ({
        id: a.dataset.clause, number: a.querySelector('h1').textContent,
        where: a.querySelector('.policy-search__where').textContent,
        snippet: a.querySelector('article p:last-child').innerHTML, href: a.href}))""")


def clause_block(text: str, cid: str) -> tuple[int, int]:
    """Where clause ``cid``'s YAML stands in a chapter file's text: from its ``- id:`` line to
    the next clause, section or the end (its limits included)."""
    start = text.index(f"      - id: {cid}\n")
    ends = [i for i in (text.find("\n      - id: ", start + 1), text.find("\n  - title: ", start + 1))
            if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def drop_clause(path: Path, cid: str) -> None:
    """Remove a clause, its limits with it."""
    text = path.read_text("utf-8")
    a, b = clause_block(text, cid)
    path.write_text(text[:a] + text[b:], "utf-8")


def edit_clause(path: Path, cid: str, old: str, new: str) -> None:
    """Replace ``old`` with ``new`` everywhere in one clause: its text and its limits."""
    text = path.read_text("utf-8")
    a, b = clause_block(text, cid)
    assert old in text[a:b], (cid, old)
    path.write_text(text[:a] + text[a:b].replace(old, new) + text[b:], "utf-8")
