"""The pull-request workflow and the repository's own tooling files stay valid and in sync."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

BIN = Path(sys.executable).parent


def test_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    r = subprocess.run([str(BIN / "actionlint"), *map(str, workflows)], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def test_workflow_annotates_checks_and_writes_the_comparison_to_the_summary() -> None:
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    steps = [s.get("run", "") for job in wf["jobs"].values() for s in job["steps"]]
    text = "\n".join(steps)
    assert "policy check --strict --format github" in text
    assert "policy diff latest draft" in text and "GITHUB_STEP_SUMMARY" in text
    assert "make test" in text and "make site" in text


def test_codeowners_is_in_sync_with_the_owner_departments() -> None:
    r = subprocess.run([str(BIN / "policy"), "codeowners", "--check", ".github/CODEOWNERS"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def test_codeowners_check_fails_when_an_owner_changes(data_copy: Path, tmp_path: Path) -> None:
    ch = data_copy / "chapters" / "08.yml"
    ch.write_text(ch.read_text("utf-8").replace("owner: consumer-protection", "owner: audit", 1),
                  "utf-8")
    r = subprocess.run([str(BIN / "policy"), "codeowners", "--data", str(data_copy), "--check",
                        str(ROOT / ".github" / "CODEOWNERS")], capture_output=True, text=True, timeout=600)
    assert r.returncode == 1 and "(codeowners)" in r.stdout


def test_yamllint_is_clean_on_the_data_and_configuration() -> None:
    r = subprocess.run([str(BIN / "yamllint"), "--strict", "-c", ".yamllint.yml", "policy_data",
                        ".github", ".pre-commit-config.yaml", "mkdocs.yml"], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def test_pre_commit_hooks_run_the_projects_own_commands() -> None:
    conf = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {h["id"]: h for repo in conf["repos"] for h in repo["hooks"]}
    assert set(hooks) >= {"policy-check", "yamllint", "codeowners", "actionlint"}
    for h in hooks.values():
        exe = ROOT / h["entry"].split()[0]
        assert exe.exists(), h["entry"]


def test_pull_request_template_has_the_editors_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    assert text.count("- [ ]") >= 6 and "revisions.yml" in text and "对照表" in text


def test_the_code_passes_ruff() -> None:
    r = subprocess.run([str(BIN / "ruff"), "check", "scripts", "tests", "benchmarks"], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_code_passes_mypy_strict() -> None:
    r = subprocess.run([str(BIN / "mypy")], cwd=ROOT, capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
