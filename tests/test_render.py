"""Renderer golden files: the minimal example's pages, as Markdown, byte for byte."""

from __future__ import annotations

import pytest
from conftest import GOLDEN_DIR, MINIMAL, compare_golden
from policy import rules
from policy.loader import load
from policy.render.markdown import EditionInfo, pages

STD = load(MINIMAL).standard
INFO = EditionInfo(label="1.0 版", status="现行有效",
                   pdf_name="DEMO-001-1.0.pdf",
                   history={"C-2101": [("1.0", "modified", "示例修订说明")]})
PAGES = pages(STD, rules.REGISTRY.values(), INFO) if STD else {}


@pytest.mark.parametrize("path", sorted(p for p in PAGES if p != "rules.md"))
def test_page_matches_its_golden_file(path: str) -> None:
    compare_golden(PAGES[path], GOLDEN_DIR / "pages" / path)


def test_rules_page_documents_every_rule_with_pass_and_fail() -> None:
    page = PAGES["rules.md"]
    for rule in rules.REGISTRY.values():
        assert f"## {rule.id} {{: #{rule.id} }}" in page
        assert "PASS" in rule.doc and "FAIL" in rule.doc, rule.id
