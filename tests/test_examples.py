"""Example data sets, picked up automatically.

``examples/valid/*`` must check clean (strict). Each ``examples/invalid/NAME/`` holds files laid
over ``examples/valid/minimal`` and ``expected.txt``: the exact problem lines it must produce,
each with its hint (what the editor is told to type).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL, TODAY, compare_golden, overlay, problem_lines
from policy.checker import check

VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("example", VALID, ids=[p.name for p in VALID])
def test_valid_example_is_clean(example: Path) -> None:
    loaded, problems = check(example, today=TODAY)
    assert loaded.standard is not None
    assert problems == []


@pytest.mark.parametrize("example", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_reports_exact_problems(example: Path, tmp_path: Path) -> None:
    data = overlay(MINIMAL, example, tmp_path / "data")
    _, problems = check(data, today=TODAY)
    assert problems, "an invalid example must produce problems"
    lines = problem_lines(problems, data, hints=True)  # what to type is part of the message
    compare_golden("\n".join(lines) + "\n", example / "expected.txt")


def test_every_invalid_example_states_its_problems() -> None:
    missing = [p.name for p in INVALID if not (p / "expected.txt").is_file()]
    assert not missing
