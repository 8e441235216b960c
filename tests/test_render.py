"""Renderer golden files: the minimal example's pages, as Markdown, byte for byte."""

from __future__ import annotations

import pytest
from conftest import GOLDEN_DIR, MINIMAL, compare_golden
from policy import rules
from policy.editions import Version
from policy.loader import load
from policy.render.markdown import EditionInfo, pages
from policy.render.timeline import Period, Timeline

STD = load(MINIMAL).standard
# two editions: this one (1.1, in force) changed C-2101 of 1.0
TIMELINE = Timeline("1.1", [
    Period("1.0", "1.0", "已失效", "2025-06-18", "2025-06-20", "2025-07-01", "2026-03-31", "制定"),
    Period("1.1", "1.1", "现行有效", "2026-03-18", "2026-03-20", "2026-04-01", "", "修正"),
], {"C-2101": [Version("1.0", "1.0", "2.1.1", "承办部门应在30日内答复投诉。", "added"),
               Version("1.1", "1.1", "2.1.1", "承办部门应在15日内答复投诉。", "modified",
                       "示例修订说明")]}, "2026-12-01")
INFO = EditionInfo(label="1.1 版", status="现行有效", pdf_name="DEMO-001-1.1.pdf",
                   timeline=TIMELINE)
PAGES = pages(STD, rules.REGISTRY.values(), INFO) if STD else {}


@pytest.mark.parametrize("path", sorted(p for p in PAGES if p != "rules.md"))
def test_page_matches_its_golden_file(path: str) -> None:
    compare_golden(PAGES[path], GOLDEN_DIR / "pages" / path)


def test_rules_page_documents_every_rule_with_pass_and_fail() -> None:
    page = PAGES["rules.md"]
    for rule in rules.REGISTRY.values():
        assert f"## {rule.id} {{: #{rule.id} }}" in page
        assert "PASS" in rule.doc and "FAIL" in rule.doc, rule.id
