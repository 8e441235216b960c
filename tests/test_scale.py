"""Scale: on the ×10 synthetic corpus, the indexed implementations give exactly what simple
nested scans give (cross-references, backlinks, glossary use, duplicate ids, the 对照表).

These tests compare results, never times; ``make bench`` measures the times.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import TODAY
from policy import rules
from policy.checker import check
from policy.diff import citing, compare, renumbered, source_of
from policy.loader import load
from policy.model import CLAUSE_ID, XREF, Clause, Standard
from policy.render import markdown, text
from policy.render.text import backlinks, segments
from policy.words import words_in

from benchmarks.corpus import generate

SCALE = 10


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("scale") / "data", SCALE, seed=7)


@pytest.fixture(scope="module")
def std(corpus: Path) -> Standard:
    s = load(corpus).standard
    assert s is not None
    return s


def texts_of(c: Clause) -> list[str]:
    return [c.text, *c.items]


def targets(t: str) -> list[str]:
    """Clause ids cited in ``t``, in order (the regular expression, no index)."""
    return [m.group(1).strip() for m in XREF.finditer(t) if CLAUSE_ID.match(m.group(1).strip())]


def copy_with(corpus: Path, dest: Path, change: Any) -> Path:
    """A copy of the corpus whose chapter, glossary and reference data ``change`` edits."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    files = {p.relative_to(corpus).as_posix(): yaml.load(p.read_text("utf-8"), Loader=loader)
             for p in corpus.rglob("*.yml")}
    change(files)
    for rel, data in files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True,
                                          sort_keys=False, width=10**6), "utf-8")
    return dest


def chapter_clauses(files: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for name in sorted(files) if name.startswith("chapters/")
            for s in files[name]["sections"] for c in s["clauses"]]


def test_corpus_is_large_clean_and_uses_long_ids(corpus: Path, std: Standard) -> None:
    _, problems = check(corpus, today=TODAY)
    assert [p for p in problems if p.level == "error"] == []
    assert len(std.clauses()) > 2000
    assert all(re.fullmatch(r"C-\d{6}", c.id) for c in std.clauses())
    assert len(std.glossary) >= 300
    cited = sum(len(targets(t)) for c in std.clauses() for t in texts_of(c))
    assert cited > 500  # cross-references at the real standard's density


def test_generator_is_deterministic(tmp_path: Path) -> None:
    a, b = generate(tmp_path / "a", 1, seed=3), generate(tmp_path / "b", 1, seed=3)
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*.yml"))
    assert names == sorted(p.relative_to(b).as_posix() for p in b.rglob("*.yml"))
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def test_xref_resolution_equals_a_scan(std: Standard) -> None:
    clauses = std.clauses()
    for c in clauses:
        for t in texts_of(c):
            indexed = [s.clause for s in segments(std, t) if isinstance(s, text.ClauseRef)]
            scanned = [next((d for d in clauses if d.id == target), None)
                       for target in targets(t)]
            assert [x.id if x else None for x in indexed] == \
                [x.id if x else None for x in scanned]


def test_backlinks_and_citing_equal_a_scan(std: Standard) -> None:
    clauses = std.clauses()
    cites = {c.id: set(t for x in texts_of(c) for t in targets(x)) for c in clauses}
    expected: dict[str, list[str]] = {}
    for target in clauses:
        for c in clauses:  # every pair: the nested scan the index replaces
            if c.id != target.id and target.id in cites[c.id]:
                expected.setdefault(target.id, []).append(c.id)
    got = {k: [c.id for c in v] for k, v in backlinks(std).items()}
    assert got == expected
    by_citing = {k: [c.id for c in v] for k, v in citing(std).items() if CLAUSE_ID.match(k)}
    assert by_citing == expected


def test_glossary_use_equals_substring_search(std: Standard) -> None:
    corpus = "\n".join(t for c in std.clauses() for t in texts_of(c))
    corpus += "\n".join(s.purpose for s in std.sections())
    words = [w for t in std.glossary for w in [t.term, *t.aliases]]
    assert words_in(words, corpus) == {w for w in words if w in corpus}
    # the corpus uses every entry (its term or one of its aliases)
    assert all(any(w in corpus for w in [t.term, *t.aliases]) for t in std.glossary)


def test_glossary_unused_rule_equals_substring_search(corpus: Path, tmp_path: Path) -> None:
    def add_terms(files: dict[str, Any]) -> None:
        files["glossary.yml"] += [{"term": "从未使用的术语甲", "definition": "测试。"},
                                  {"term": "服务", "definition": "测试：作为其他词的一部分出现。"},
                                  {"term": "柜面服务与", "definition": "测试。",
                                   "aliases": ["从未使用的写法乙"]}]

    data = copy_with(corpus, tmp_path / "data", add_terms)
    s = load(data).standard
    assert s is not None
    text_all = "\n".join(t for c in s.clauses() for t in texts_of(c))
    text_all += "\n".join(x.purpose for x in s.sections())
    expected = {t.term for t in s.glossary
                if not any(w in text_all for w in [t.term, *t.aliases])}
    _, problems = check(data, today=TODAY)
    flagged = {re.search(r"术语“(.+)”", p.message).group(1)  # type: ignore[union-attr]
               for p in problems if p.rule == "glossary-unused"}
    assert flagged == expected
    assert "从未使用的术语甲" in flagged and "服务" not in flagged


def test_rendered_pages_equal_the_simple_renderers(std: Standard,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fast = markdown.pages(std, rules.REGISTRY.values())

    def slow_esc(s: str) -> str:  # one character at a time
        s = re.sub(r"\s*\n\s*", " ", s)
        out = []
        for ch in s:
            out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(ch) or
                       ("\\" + ch if ch in markdown._ASCII_PUNCT else ch))
        return "".join(out)

    class AlternationMatcher(text.TermMatcher):  # every word tried at every position
        def __init__(self, glossary: list[Any]) -> None:
            super().__init__(glossary)
            words = sorted(self.by_word, key=len, reverse=True)
            self.rx = re.compile("|".join(map(re.escape, words))) if words else None

    monkeypatch.setattr(markdown, "esc", slow_esc)
    monkeypatch.setattr(markdown, "TermMatcher", AlternationMatcher)
    slow = markdown.pages(std, rules.REGISTRY.values())
    assert fast.keys() == slow.keys()
    for name in fast:
        assert fast[name] == slow[name], name


def test_duplicate_ids_equal_a_scan(corpus: Path, tmp_path: Path) -> None:
    def duplicate(files: dict[str, Any]) -> None:
        clauses = chapter_clauses(files)
        for i in (5, 700, 701, 1500, 2400):  # five clauses take ids already used elsewhere
            clauses[i]["id"] = clauses[i - 3]["id"]
        files["references.yml"].append(dict(files["references.yml"][0]))

    data = copy_with(corpus, tmp_path / "data", duplicate)
    s = load(data).standard
    assert s is not None
    clauses = s.clauses()
    expected = [(c.number, c.id) for i, c in enumerate(clauses)
                if any(d.id == c.id for d in clauses[:i])]
    _, problems = check(data, today=TODAY)
    got = [p for p in problems if p.rule == "clause-id-unique"]
    assert len(got) == len(expected) == 5
    for number, cid in expected:
        first = next(d for d in clauses if d.id == cid)
        assert any(f"条款标识 {cid} 重复：第 {first.number} 条已使用该标识" == p.message
                   for p in got), (number, cid)
    for p in got:  # the suggested id is free
        suggested = re.search(r"例如 (C-\d+)", p.hint).group(1)  # type: ignore[union-attr]
        assert CLAUSE_ID.match(suggested) and all(c.id != suggested for c in clauses)
    refs = [r.id for r in s.references]
    dup_refs = [r for i, r in enumerate(refs) if r in refs[:i]]
    assert [p.message for p in problems if p.rule == "duplicate-id"] == \
        [f"外部依据标识 {r} 重复" for r in dup_refs]


def test_compare_equals_a_scan(corpus: Path, std: Standard, tmp_path: Path) -> None:
    old_clauses = std.clauses()
    modified = next(c.id for c in old_clauses[10:] if "。" in c.text)
    punct = next(c.id for c in old_clauses[300:] if "，" in c.text)
    removed, moved = old_clauses[1200].id, old_clauses[2000].id

    def edit(files: dict[str, Any]) -> None:
        chapters = sorted(n for n in files if n.startswith("chapters/"))
        for name in chapters:
            for s in files[name]["sections"]:
                for c in list(s["clauses"]):
                    if c["id"] == modified:
                        c["text"] = c["text"].replace("。", "，并留存记录。", 1)
                    elif c["id"] == punct:
                        c["text"] = c["text"].replace("，", ",", 1)
                    elif c["id"] == removed:
                        s["clauses"].remove(c)
                    elif c["id"] == moved:
                        s["clauses"].remove(c)
                        files[chapters[0]]["sections"][0]["clauses"].append(c)
        last = files[chapters[-1]]["sections"][-1]["clauses"]
        last.append({"id": "C-999901", "text": f"新增条款，按[[{modified}]]执行。"})

    data = copy_with(corpus, tmp_path / "data", edit)
    new = load(data).standard
    assert new is not None
    cmp = compare(std, new)
    got = {c.id: c.kinds for c in cmp.changes}

    # the same by scanning: each new clause looked up in the old list, and the other way round
    new_clauses = new.clauses()
    expected: dict[str, tuple[str, ...]] = {}
    for c in new_clauses:
        prev = next((d for d in old_clauses if d.id == c.id), None)
        if prev is None:
            expected[c.id] = ("added",)
        elif source_of(prev) != source_of(c):
            expected[c.id] = ("modified",)
    for c in old_clauses:
        if not any(d.id == c.id for d in new_clauses):
            expected[c.id] = ("removed",)
    expected[moved] = expected.get(moved, ()) + ("moved",)
    assert got == expected
    assert got == {modified: ("modified",), punct: ("modified",), removed: ("removed",),
                   moved: ("moved",), "C-999901": ("added",)}
    editorial = {c.id for c in cmp.changes if c.editorial}
    assert editorial == {punct}
    for ch in cmp.changes:  # cited_by: the numbers of the new edition's clauses citing it
        scanned = tuple(c.number for c in new_clauses
                        if c.id != ch.id and ch.id in {t for x in texts_of(c) for t in targets(x)})
        assert ch.cited_by == scanned, ch.id
    order = [c.id for c in cmp.changes]
    new_order = [c.id for c in new_clauses]
    # the removed clause stands where it stood: after the last clause before it that remains
    k = next(i for i, c in enumerate(old_clauses) if c.id == removed)
    before = next(c.id for c in reversed(old_clauses[:k]) if c.id in new_order)
    scanned_order = []
    for i in new_order:
        if i in got:
            scanned_order.append(i)
        if i == before:
            scanned_order.append(removed)
    assert order == scanned_order
    # renumbered: same text, not moved, different number, found by scanning
    scan = [(c.id, p.number, c.number) for c in new_clauses
            for p in old_clauses if p.id == c.id and p.number != c.number
            and source_of(p) == source_of(c) and c.id != moved]
    assert renumbered(std, new) == scan
    assert scan  # the removal shifted the clauses after it
