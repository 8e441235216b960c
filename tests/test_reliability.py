"""Nothing lost, nothing injected, nothing half-built."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, ROOT, SITE_TODAY, TODAY, build_site
from policy.checker import check
from policy.diff import normalise
from policy.editions import editions, view
from policy.export import plain
from policy.loader import load
from policy.render.markdown import chapter_label
from policy.render.text import item_label
from policy.repository import Repository

# What an editor might type, and what must never come out of it.
HOSTILE = {
    "raw-html": "<b onmouseover=\"alert(1)\">粗体</b>",
    "script": "<script>alert('x')</script>",
    "javascript-link": "[点我](javascript:alert(1))",
    "attr-list": "提示 {: onclick=\"alert(1)\" }",
    "md-in-html": "<div markdown=\"1\">**内嵌**</div>",
    "snippet": "--8<-- \"/etc/passwd\"",
    "emphasis": "**加粗** 与 # 井号 与 `代码`",
}
# checked against the markup (tags) of the built page: escaped text is harmless
FORBIDDEN = [re.compile(p) for p in (r"<script", r"\bon(?:mouseover|click)=", r"href=\"javascript:",
                                     r"<b onmouseover", r"<strong>加粗", r"<div markdown")]


def hostile_copy(tmp_path: Path) -> Path:
    data = tmp_path / "hostile"
    shutil.copytree(MINIMAL, data)
    ch = data / "chapters" / "02.yml"
    text = ch.read_text("utf-8")
    for i, (name, payload) in enumerate(HOSTILE.items()):
        text += f"      - id: C-21{i + 10}\n        text: {json.dumps(name + '：' + payload, ensure_ascii=False)}\n"
    ch.write_text(text, "utf-8")
    return data


def test_every_markup_construct_is_rejected_with_its_location(tmp_path: Path) -> None:
    data = hostile_copy(tmp_path)
    _, problems = check(data, today=TODAY)
    hits = {(p.line, p.message.split("：")[0]) for p in problems if p.rule == "no-markup"}
    lines = {line for line, _ in hits}
    # every payload but the plain Markdown symbols is refused, on its own line (each appended
    # clause is two lines: its id, then its text)
    start = len((MINIMAL / "chapters" / "02.yml").read_text("utf-8").splitlines()) + 2
    for i, name in enumerate(HOSTILE):
        line = start + 2 * i
        assert (line in lines) == (name != "emphasis"), (name, sorted(hits))


def test_markup_renders_inert_in_html_and_pdf_even_if_the_rule_is_off(tmp_path: Path) -> None:
    data = hostile_copy(tmp_path)
    site = tmp_path / "site"
    build_site(data, site, "--rule", "no-markup=warning")
    out = site / "draft"
    full = (out / "chapters" / "02" / "index.html").read_text("utf-8")
    page = full[full.index("<article"):full.index("</article>")]  # the content, not the theme
    tags = "\n".join(re.findall(r"<[^>]+>", page))  # markup only: escaped text is harmless
    for rx in FORBIDDEN:
        assert not rx.search(tags), rx.pattern
    assert "root:x:0:0" not in page
    import html as html_mod

    for name, payload in HOSTILE.items():
        shown = html_mod.unescape(re.sub(r"<[^>]+>", "", page))
        assert name + "：" + payload in shown, name

    from policy.pdf import build_pdf, render_html

    std = load(data).standard
    assert std is not None
    doc = render_html(std)
    for payload in HOSTILE.values():
        if "<" in payload:
            assert payload not in doc
            assert html_mod.escape(payload, quote=False) in doc.replace("&#34;", '"').replace(
                "&#39;", "'")
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(build_pdf(std))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=600).stdout
    flat = "".join(text.split())
    for name, payload in HOSTILE.items():
        assert "".join((name + "：" + payload).split()) in flat, name


@pytest.mark.parametrize("cached", [False, True])
def test_kill_midway_keeps_the_previous_site_and_the_next_run_succeeds(
        tmp_path: Path, cached: bool) -> None:
    out = tmp_path / "site"
    cache = tmp_path / "cache"
    build_site(MINIMAL, out, "--no-cache")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # an edit, so that the cached run has something to build
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    ch = data / "chapters" / "02.yml"
    ch.write_text(ch.read_text("utf-8").replace("15日", "10日"), "utf-8")  # text, limit
    args = ["--cache", str(cache)] if cached else ["--no-cache"]
    proc = subprocess.Popen([sys.executable, "-m", "policy.cli", "build-site", "--data",
                             str(data), "--out", str(out), "--today", SITE_TODAY, *args],
                            cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    # wait until the engine is writing pages (into the cache or the work folder), then kill
    # the whole process group, engine included
    deadline = time.monotonic() + 600
    try:
        while not any(any(p.rglob("*.html")) for p in
                      (cache.glob(".tmp-*") if cached else tmp_path.glob(".site-work-*"))):
            assert proc.poll() is None, "the build ended before it could be interrupted"
            assert time.monotonic() < deadline, "the build never started writing pages"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    build_site(data, out, *args)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith((".site.", ".site-work"))]
    assert leftovers == []
    if cached:
        assert not list(cache.glob(".tmp-*"))
    assert "10日内答复投诉" in (out / "draft" / "chapters" / "02" / "index.html").read_text("utf-8")


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """No file of the site carries a build date: the whole tree, PDFs included, is identical."""
    again = tmp_path / "again"
    build_site(DATA, again)
    a = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    b = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert a.keys() == b.keys()
    differing = sorted(str(k) for k in a if a[k] != b[k])
    assert differing == []


def _page_text(path: Path) -> str:
    import html as html_mod

    text = re.sub(r"<[^>]+>", "", path.read_text("utf-8"))
    return normalise(html_mod.unescape(text))


def test_every_clause_of_every_edition_is_in_its_html_and_its_pdf(built_site: Path) -> None:
    repo = Repository(DATA)
    std = repo.std
    assert std is not None
    on = dt.date.fromisoformat(SITE_TODAY)
    eds = editions(std, on)
    assert len(eds) >= 2
    for e in eds:
        v = view(repo, e.slug, on)
        site = built_site / e.slug
        pdfs = list((site / "downloads").glob("*.pdf"))
        assert [p.name for p in pdfs] == [v.pdf_name]
        pdf_text = normalise(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdfs[0]), "-"],
                                            capture_output=True, text=True, check=True, timeout=600).stdout)
        # a clause that runs over a page break has the page's footer and running head inside it
        heads = "|".join(re.escape(normalise(f"{chapter_label(ch.number)} {ch.title}"))
                         for ch in v.std.chapters)
        pdf_text = re.sub(r"第\d+页/共\d+页" + re.escape(normalise(v.std.meta.title))
                          + f".{{0,20}}?(?:{heads})", "", pdf_text)
        home = (site / "index.html").read_text("utf-8")
        assert f'href="downloads/{v.pdf_name}"' in home
        for ch in v.std.chapters:
            page_file = site / "chapters" / f"{ch.number:02d}" / "index.html"
            raw = page_file.read_text("utf-8")
            text = _page_text(page_file)
            for s in ch.sections:
                for c in s.clauses:
                    assert f'id="{c.id}"' in raw, (e.slug, c.id)
                    assert normalise(f"第 {c.number} 条") in text, (e.slug, c.number)
                    body = [plain(v.std, c.text)] + [item_label(i) + plain(v.std, t)
                                                     for i, t in enumerate(c.items)]
                    for piece in body:
                        # the site shows closing citations on their own 依据 line: compare
                        # the body up to the first citation
                        head = normalise(piece.split("《")[0])
                        assert head in text, (e.slug, c.id, head[:30])
                        assert normalise(piece) in pdf_text or head in pdf_text, (e.slug, c.id)
                    assert normalise(c.number) in pdf_text


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    data = tmp_path / "d"
    shutil.copytree(MINIMAL, data)
    (data / "glossary.yml").write_bytes(b"- term: x\n  definition: " + b"y" * (3 * 1024 * 1024)
                                        + b"\n")
    _, problems = check(data, today=TODAY)
    assert [(p.path.endswith("glossary.yml"), p.line, p.rule) for p in problems] == [
        (True, 1, "file-too-large")]


def test_very_long_lines_and_mixed_width_punctuation(tmp_path: Path) -> None:
    data = tmp_path / "d"
    shutil.copytree(MINIMAL, data)
    ch = data / "chapters" / "02.yml"
    ch.write_text(ch.read_text("utf-8").replace("每季度分析投诉原因。", "每季度分析投诉原因" + "，并记录" * 20000
                                                + "。").replace("15日内答复投诉。", "15日内答复投诉,并告知客户(含代理人)。"),
                  "utf-8")
    _, problems = check(data, today=TODAY)
    lines = ch.read_text("utf-8").splitlines()
    short = next(i for i, ln in enumerate(lines, 1) if "15日内答复投诉," in ln)
    long_ = next(i for i, ln in enumerate(lines, 1) if "每季度分析投诉原因，并记录" in ln)
    col = lines[long_ - 1].index("text:") + len("text: ") + 1  # where the value starts
    assert {(p.line, p.col, p.rule) for p in problems} == {
        (short, 29, "punctuation"), (short, 35, "punctuation"), (short, 40, "punctuation"),
        (long_, col, "clause-length")}  # 80,000 characters in one clause: a paste accident


def test_the_lock_file_pins_every_package_with_hashes_and_setup_verifies_them() -> None:
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    reqs = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+) \\$", lock, re.M)
    assert len(reqs) > 30
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", lock, flags=re.M)[1:]
    assert all("--hash=sha256:" in b for b in blocks)
    assert "--require-hashes -r requirements.lock" in (ROOT / "Makefile").read_text("utf-8")


def test_the_build_needs_no_network(tmp_path: Path) -> None:
    """``policy build-site`` in a network namespace with no network at all."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], timeout=600).returncode:
        pytest.skip("this machine cannot create a network namespace")
    r = subprocess.run(["unshare", "-n", sys.executable, "-m", "policy.cli", "build-site",
                        "--data", str(MINIMAL), "--out", str(tmp_path / "site"), "--no-cache",
                        "--today", SITE_TODAY], cwd=ROOT, capture_output=True, text=True,
                       timeout=1800)
    assert r.returncode == 0, r.stdout + r.stderr
