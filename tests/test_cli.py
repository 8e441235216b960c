"""The ``policy`` command as editors and CI call it: exit codes, formats, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, ROOT


def policy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policy.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_repository_data_is_clean_in_strict_mode() -> None:
    r = policy("check", "--strict")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "检查通过" in r.stdout


def test_findings_exit_1_with_located_lines(data_copy: Path) -> None:
    ch = data_copy / "chapters" / "05.yml"
    text = ch.read_text("utf-8")
    assert "[[C-5402]]" in text or "C-5402" in text
    ch.write_text(text.replace("id: C-5402", "id: C-5401", 1), "utf-8")
    r = policy("check", "--data", str(data_copy))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    line = next(ln for ln in r.stdout.splitlines() if "(clause-id-unique)" in ln)
    path, lineno, col, rest = line.split(":", 3)
    assert path.endswith("chapters/05.yml")
    assert text.splitlines()[int(lineno) - 1].strip() == "- id: C-5402"
    assert rest.startswith(" [error] 条款标识 C-5401 重复")
    assert "提示：" in r.stdout


@pytest.mark.parametrize("args", [
    ["check", "--data", "/nonexistent/policy_data"],
    ["check", "--format", "xml"],
    ["check", "--rule", "no-such-rule=off"],
    ["check", "--rule", "review-due=loud"],
    ["check", "--today", "2026-13-45"],
    ["frobnicate"],
    [],
])
def test_usage_and_io_errors_exit_2(args: list[str]) -> None:
    r = policy(*args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip()


def test_github_format_annotates_the_line(tmp_path: Path) -> None:
    data = tmp_path / "d"
    import shutil

    shutil.copytree(MINIMAL, data)
    f = data / "chapters" / "02.yml"
    f.write_text(f.read_text("utf-8").replace("[[C-2101]]", "[[C-2110]]"), "utf-8")
    r = policy("check", "--data", str(data), "--format", "github")
    assert r.returncode == 1
    (line,) = r.stdout.splitlines()
    assert line.startswith(f"::error file={data}/chapters/02.yml,line=18,col=29,title=xref-unresolved::")
    assert "引用的条款 C-2110 不存在%0A提示：" in line


def test_json_format_lists_problems(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "d"
    shutil.copytree(MINIMAL, data)
    (data / "glossary.yml").write_text("- term: 投诉\n  term: 重复\n  definition: x\n", "utf-8")
    r = policy("check", "--data", str(data), "--format", "json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    rules = {p["rule"] for p in out["problems"]}
    assert "duplicate-key" in rules
    dup = next(p for p in out["problems"] if p["rule"] == "duplicate-key")
    assert (dup["line"], dup["col"], dup["level"]) == (2, 3, "error")
    assert out["errors"] >= 1


def test_strict_fails_on_warnings_and_levels_are_configurable(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "d"
    shutil.copytree(MINIMAL, data)
    r = policy("check", "--data", str(data), "--today", "2028-01-01")
    assert r.returncode == 0 and "(review-due)" in r.stdout
    assert policy("check", "--data", str(data), "--today", "2028-01-01", "--strict").returncode == 1
    r = policy("check", "--data", str(data), "--today", "2028-01-01", "--strict",
               "--rule", "review-due=off")
    assert r.returncode == 0 and "(review-due)" not in r.stdout
    r = policy("check", "--data", str(data), "--today", "2028-01-01", "--rule", "review-due=error")
    assert r.returncode == 1 and "[error]" in r.stdout
    conf = tmp_path / "policy.toml"
    conf.write_text('[rules]\nreview-due = "error"\n', "utf-8")
    assert policy("check", "--data", str(data), "--today", "2028-01-01", "--config",
                  str(conf)).returncode == 1


def test_export_is_stable_json_of_the_whole_standard() -> None:
    a = policy("export")
    b = policy("export")
    assert a.returncode == 0 and a.stdout == b.stdout
    doc = json.loads(a.stdout)
    assert set(doc) >= {"chapters", "references", "glossary", "revisions"}
    ch = doc["chapters"][4]
    assert (ch["number"], ch["title"]) == (5, "服务保障与风险控制")
    sec = ch["sections"][3]
    assert (sec["number"], sec["title"], sec["owner"]) == ("5.4", "服务投诉处理机制",
                                                         "consumer-protection")
    clause = sec["clauses"][1]
    assert (clause["id"], clause["number"]) == ("C-5402", "5.4.2")
    assert "15日" in clause["text"] and "[[" not in clause["text"]


def test_export_of_broken_data_exits_1_without_output(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "d"
    shutil.copytree(DATA, data)
    (data / "document.yml").write_text("title: [unclosed\n", "utf-8")
    r = policy("export", "--data", str(data))
    assert r.returncode == 1 and r.stdout == ""
    assert "document.yml:" in r.stderr and "Traceback" not in r.stderr
