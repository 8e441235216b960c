"""The built site: strict build, every clause anchored, Chinese search, inert text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA, MINIMAL, ROOT, SITE_TODAY, build_site, current_slug
from policy import rules
from policy.loader import load
from policy.render.markdown import esc, pages, term_anchor
from policy.repository import Repository

STD = load(DATA).standard


def test_every_clause_has_its_stable_anchor_and_number(edition_site: Path) -> None:
    std = Repository(DATA).frozen_standard(edition_site.name) or STD
    assert std is not None
    for ch in std.chapters:
        page = (edition_site / "chapters" / f"{ch.number:02d}" / "index.html").read_text("utf-8")
        for s in ch.sections:
            for c in s.clauses:
                m = re.search(rf'<h3 [^>]*id="{c.id}"[^>]*>(.*?)</h3>', page, re.S)
                assert m, f"no anchor for {c.id}"
                assert f"第 {c.number} 条" in m.group(1)


def test_cross_references_link_to_the_target_anchor(edition_site: Path) -> None:
    page = (edition_site / "chapters" / "02" / "index.html").read_text("utf-8")
    std = Repository(DATA).frozen_standard(edition_site.name) or STD
    target = std.clause_by_id["C-5401"]
    assert 'href="../05/#C-5401"' in page
    assert f"第 {target.number} 条" in page


def test_the_search_index_holds_every_clause_and_the_staff_vocabulary(
        edition_site: Path) -> None:
    index = json.loads((edition_site / "policy-search" / "index.json").read_text("utf-8"))
    frozen = Repository(DATA).frozen_standard(edition_site.name) or STD
    docs = {d["id"]: d for d in index["docs"]}
    assert list(docs) == [c.id for c in frozen.clauses()]
    d = docs["C-5402"]
    assert (d["n"], d["u"]) == (frozen.clause_by_id["C-5402"].number, "chapters/05/#C-5402")
    assert d["s"].startswith("5.4 ") and "[[" not in d["t"]
    # what staff call a term (the draft's glossary) leads to it in every edition's search
    assert index["vocab"]["销售录像"] == "双录" and index["vocab"]["消保委"] == "消费者权益保护委员会"
    # the words the browser cuts a question into: the text's words, not the pairs between them
    words = set(index["w"])
    assert {"热线", "手机银行", "归口管理", "销售录像"} <= words and "线和" not in words
    assert not (edition_site / "search").exists()  # Material's index is not published
    # the clauses that set a term's main rule, in every edition that has them
    assert "重大服务事件" in docs["C-5301"]["h"] and docs["C-5402"]["h"] == []
    # a released edition registers no limits: the draft's, where its text states the same
    # period, tell the search what a clause's periods are (保存多久 → a retention period)
    assert "保存期限" in docs["C-2501"]["l"] and "客户身份资料保存" in docs["C-2501"]["k"]


def test_the_glossary_links_each_term_to_its_main_clauses(edition_site: Path) -> None:
    page = (edition_site / "glossary" / "index.html").read_text("utf-8")
    frozen = Repository(DATA).frozen_standard(edition_site.name) or STD
    term = next(t for t in STD.glossary if t.term == "重大服务事件")
    at = page.index(f'id="{term_anchor(term.term)}"')
    block = page[at:page.index("<h2", at)]
    for cid in term.see:
        assert f'href="../chapters/05/#{cid}"' in block
        assert f"第 {frozen.clause_by_id[cid].number} 条" in block
    assert "主要条款" in block


def test_generated_pages_are_deterministic_and_text_is_escaped() -> None:
    assert STD is not None
    a, b = pages(STD, rules.REGISTRY.values()), pages(STD, rules.REGISTRY.values())
    assert a == b
    assert esc("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;\\/script&gt;"
    assert esc("--8<-- \"/etc/passwd\"") == '\\-\\-8&lt;\\-\\- \\"\\/etc\\/passwd\\"'


def test_another_data_folder_builds_its_own_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(MINIMAL, out)
    ed = out / current_slug(out)
    home = (ed / "index.html").read_text("utf-8")
    assert "示例规范" in home and "DEMO-001" in home
    assert (ed / "chapters" / "02" / "index.html").exists()
    assert not (ed / "chapters" / "03").exists()


def test_strict_build_fails_on_a_broken_anchor(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    guide = docs / "guide.md"
    guide.write_text(guide.read_text("utf-8") + "\n[坏链接](chapters/05.md#C-9999)\n", "utf-8")
    r = subprocess.run([sys.executable, "-m", "policy.cli", "build-site", "--data", str(DATA),
                        "--docs", str(docs), "--out", str(tmp_path / "out"), "--no-cache",
                        "--today", SITE_TODAY], cwd=ROOT, capture_output=True, text=True,
                       timeout=1800)
    assert r.returncode == 1
    assert "C-9999" in r.stdout + r.stderr
    assert not (tmp_path / "out").exists()


def test_broken_data_fails_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(MINIMAL, out)
    before = (out / "index.html").read_bytes()
    data = tmp_path / "broken"
    shutil.copytree(MINIMAL, data)
    (data / "chapters" / "02.yml").write_text("title: [\n", "utf-8")
    r = subprocess.run([sys.executable, "-m", "policy.cli", "build-site", "--data", str(data),
                        "--out", str(out), "--today", SITE_TODAY], cwd=ROOT,
                       capture_output=True, text=True, timeout=1800)
    assert r.returncode == 1
    assert "chapters/02.yml:" in r.stderr
    assert (out / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".site.*"))


def test_no_page_refers_to_another_origin(built_site: Path) -> None:
    bad = []
    for page in built_site.rglob("*.html"):
        for m in re.finditer(r'(?:src|href)="(https?:)?//([^"/]+)', page.read_text("utf-8")):
            bad.append((page.relative_to(built_site), m.group(2)))
    assert bad == []


def test_each_edition_has_its_comparison_page_and_clause_history(built_site: Path) -> None:
    import json as _json

    versions = _json.loads((built_site / "versions.json").read_text("utf-8"))
    slugs = [v["version"] for v in versions]
    released = [s for s in slugs if s != "draft"]
    assert released.index("1.1") < released.index("1.0") == len(released) - 1  # newest first
    page = (built_site / "1.1" / "changes" / "index.html").read_text("utf-8")
    assert "新旧条文对照表：1.0 版 → 1.1 版" in page and "C-2302" in page
    assert not (built_site / "1.0" / "changes").exists()  # the first edition has none
    ch2 = (built_site / "1.1" / "chapters" / "02" / "index.html").read_text("utf-8")
    m = re.search(r'id="C-2302".*?<details class="clause-timeline"[^>]*><summary>(.*?)</summary>',
                  ch2, re.S)
    assert m and m.group(1).startswith("本条沿革：1.0 版新增；1.1 版修改")
    old = (built_site / "1.0" / "chapters" / "02" / "index.html").read_text("utf-8")
    assert 'id="C-2308"' not in old and 'id="C-2308"' in ch2
