"""CODEOWNERS from the sections' owner departments: the owners review changes to their text."""

from __future__ import annotations

from .model import Standard

HEADER = ("# 本文件由 `policy codeowners` 根据各节的负责部门（owner）和 departments.yml 生成，"
          "请勿手工编辑。\n# 修改负责部门后运行：.venv/bin/policy codeowners > .github/CODEOWNERS\n")


def render(std: Standard, data_path: str = "policy_data") -> str:
    """One line per data file: the teams of the departments that own what it holds."""

    def team(dept: str) -> str | None:
        d = std.dept_by_id.get(dept)
        return d.team if d and d.team else None

    interpreter = team(std.meta.interpreter)
    lines = [HEADER]
    for ch in std.chapters:
        teams: list[str] = []
        for s in ch.sections:
            t = team(s.owner)
            if t and t not in teams:
                teams.append(t)
        if interpreter and interpreter not in teams:
            teams.append(interpreter)
        lines.append(f"/{data_path}/{ch.src.file} {' '.join(teams)}")
    if interpreter:
        for name in ("document.yml", "outline.yml", "departments.yml", "references.yml",
                     "glossary.yml", "revisions.yml", "editions/"):
            lines.append(f"/{data_path}/{name} {interpreter}")
    return "\n".join(lines) + "\n"
