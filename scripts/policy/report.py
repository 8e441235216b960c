"""Reporters: the same problems as text, GitHub workflow annotations or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .problem import Problem

_COLOURS = {"error": "\033[31m", "warning": "\033[33m"}
_DIM, _RESET = "\033[2m", "\033[0m"


def text(problems: Sequence[Problem], colour: bool = False) -> str:
    lines = []
    for p in problems:
        level = f"[{p.level}]"
        if colour:
            level = f"{_COLOURS.get(p.level, '')}{level}{_RESET}"
        lines.append(f"{p.path}:{p.line}:{p.col}: {level} {p.message} ({p.rule})")
        if p.hint:
            # a hint may end in lines to paste (YAML): they are printed as they are to be typed
            first, *rest = p.hint.split("\n")
            lines.append(f"    {_DIM if colour else ''}提示：{first}{_RESET if colour else ''}")
            lines += rest
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append(f"共 {errors} 个错误，{warnings} 个警告" if problems else "检查通过，未发现问题")
    return "\n".join(lines)


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem]) -> str:
    """``::error file=…,line=…,col=…,title=…::…`` lines, shown on the pull request's diff."""
    out = []
    for p in problems:
        msg = p.message + (f"\n提示：{p.hint}" if p.hint else "")
        props = f"file={_escape_prop(p.path)},line={p.line},col={p.col},title={_escape_prop(p.rule)}"
        out.append(f"::{'error' if p.level == 'error' else 'warning'} {props}::{_escape_data(msg)}")
    return "\n".join(out)


def as_json(problems: Sequence[Problem]) -> str:
    rows = [
        {"path": p.path, "line": p.line, "col": p.col, "level": p.level, "rule": p.rule,
         "message": p.message, "hint": p.hint}
        for p in problems
    ]
    return json.dumps({"problems": rows, "errors": sum(p.level == "error" for p in problems),
                       "warnings": sum(p.level == "warning" for p in problems)},
                      ensure_ascii=False, indent=2)
