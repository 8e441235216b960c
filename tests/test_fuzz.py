"""Property tests: no input, however broken, makes loading, checking or rendering crash.

A run ends either clean or with located problems (line and column >= 1); it never raises.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import DATA, MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy import rules
from policy.checker import check
from policy.export import to_json
from policy.render.markdown import pages

FILES = ["document.yml", "outline.yml", "departments.yml", "references.yml", "glossary.yml",
         "revisions.yml", "chapters/01.yml", "chapters/02.yml"]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["C-1101", "[[C-9999]]", "1.10", "no",
                                                           "2025-02-30", "R-X", "<b>", "--8<--"]))
trees = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(st.sampled_from(
        ["id", "title", "text", "items", "sections", "clauses", "owner", "edition", "term",
         "changes", "x"]) | st.text(max_size=5), kids, max_size=4)), max_leaves=20)


def run_all(data: Path) -> None:
    loaded, problems = check(data)
    for p in problems:
        assert p.line >= 1 and p.col >= 1, p
        assert p.message and p.rule in rules.REGISTRY, p
    if loaded.standard is not None and not any(p.level == "error" for p in problems):
        pages(loaded.standard, rules.REGISTRY.values())
        to_json(loaded.standard)


def with_file(base: Path, rel: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "d"
        shutil.copytree(base, data)
        (data / rel).write_bytes(content)
        run_all(data)


@SETTINGS
@given(rel=st.sampled_from(FILES), text=st.text(max_size=400))
def test_any_text_in_any_file(rel: str, text: str) -> None:
    with_file(MINIMAL, rel, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(rel=st.sampled_from(FILES), blob=st.binary(max_size=400))
def test_any_bytes_in_any_file(rel: str, blob: bytes) -> None:
    with_file(MINIMAL, rel, blob)


@SETTINGS
@given(rel=st.sampled_from(FILES), tree=trees)
def test_any_yaml_structure_in_any_file(rel: str, tree: Any) -> None:
    with_file(MINIMAL, rel, yaml.safe_dump(tree, allow_unicode=True).encode("utf-8"))


def _mutate(node: Any, path: list[int], op: str, value: Any) -> Any:
    """Apply ``op`` at the node reached by following ``path`` (indexes taken modulo size)."""
    if path and isinstance(node, (dict, list)) and node:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        k = keys[path[0] % len(keys)]
        if len(path) == 1 or not isinstance(node[k], (dict, list)):
            if op == "delete":
                del node[k]
            elif op == "duplicate" and isinstance(node, list):
                node.insert(k, node[k])
            elif op == "retype":
                node[k] = value
            elif op == "reorder" and isinstance(node, list):
                node.reverse()
            elif op == "inject":
                node[k] = f"{node[k]}{value}" if isinstance(node[k], str) else value
            return node
        node[k] = _mutate(node[k], path[1:], op, value)
    return node


@SETTINGS
@given(rel=st.sampled_from(["chapters/01.yml", "chapters/05.yml", "glossary.yml",
                            "references.yml", "revisions.yml", "document.yml", "outline.yml"]),
       path=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=6),
       op=st.sampled_from(["delete", "duplicate", "retype", "reorder", "inject"]),
       value=scalars)
def test_mutations_of_the_real_data(rel: str, path: list[int], op: str, value: Any) -> None:
    tree = yaml.safe_load((DATA / rel).read_text("utf-8"))
    tree = _mutate(tree, path, op, value)
    with_file(DATA, rel, yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode())
