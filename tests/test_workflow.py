"""The pull-request workflow and the repository's own tooling files stay valid and in sync."""

from __future__ import annotations

import os
import re
import shutil
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
    from policy.release import new_edition
    from policy.repository import Repository

    std = Repository(data_copy).std
    assert std is not None
    if std.revisions[-1].checksum:  # an owner is published text too: it needs a new edition
        major, minor = std.meta.edition.split(".")
        new_edition(data_copy, f"{major}.{int(minor) + 1}", "修正")
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


# -- the workflow's steps, run for real -------------------------------------------------------

SKIP_RUN = {
    # the suite this test belongs to: running it here would run this test again, forever
    "make test": "本测试所在的测试套件（在此运行会无限递归）",
}


def _steps(workflow: Path) -> list[tuple[str, dict[str, object], dict[str, str]]]:
    wf = yaml.safe_load(workflow.read_text("utf-8"))
    out = []
    for job in wf["jobs"].values():
        env = {str(k): str(v) for k, v in (job.get("env") or {}).items()}
        for step in job["steps"]:
            out.append((str(step.get("name") or step.get("uses") or step.get("run")), step, env))
    return out


def run_workflow(workflow: Path, clone: Path, tmp: Path) -> dict[str, object]:
    """Every ``run:`` step in order, in ``clone``, as a runner would: ``bash -e``, the job's
    env, and the runner's GITHUB_* files in ``tmp``. ``uses:`` steps are listed as skipped.
    A failing step skips the later ones unless they say ``if: always()``."""
    files = {k: tmp / f"{k.lower()}.txt" for k in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT",
                                                   "GITHUB_ENV")}
    for f in files.values():
        f.write_text("", "utf-8")
    shim = tmp / "bin"
    shim.mkdir(exist_ok=True)
    # runners have passwordless sudo; here the tests run as root or have no sudo at all
    (shim / "sudo").write_text('#!/bin/sh\nexec "$@"\n', "utf-8")
    (shim / "sudo").chmod(0o755)
    report: dict[str, object] = {"ran": [], "skipped": [], "failed": None, "output": {}}
    failed = False
    for name, step, job_env in _steps(workflow):
        cond = str(step.get("if", "success()"))
        if "uses" in step:
            report["skipped"].append((name, f"使用外部动作 {step['uses']}，测试中不运行"))
            continue
        if failed and "always()" not in cond:
            report["skipped"].append((name, "前面的步骤失败"))
            continue
        command = str(step["run"])
        if command.strip() in SKIP_RUN:
            report["skipped"].append((name, SKIP_RUN[command.strip()]))
            continue
        env = dict(os.environ, **job_env, **{k: str(v) for k, v in files.items()},
                   GITHUB_WORKSPACE=str(clone), CI="true", GITHUB_ACTIONS="true",
                   RUNNER_TEMP=str(tmp), PATH=f"{shim}:{os.environ['PATH']}")
        env.pop("VIRTUAL_ENV", None)
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
                           cwd=clone, env=env, capture_output=True, text=True, timeout=1800)
        report["output"][name] = r.stdout + r.stderr
        report["ran"].append((name, r.returncode))
        if r.returncode != 0:
            failed = True
            report["failed"] = report["failed"] or name
    report["summary"] = files["GITHUB_STEP_SUMMARY"].read_text("utf-8")
    return report


def test_the_workflow_steps_run_for_real_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=300)
    # the working tree as it is now, committed or not: what the pull request would contain
    for rel in subprocess.run(["git", "ls-files", "-mo", "--exclude-standard"], cwd=ROOT,
                              capture_output=True, text=True, check=True,
                              timeout=60).stdout.split():
        src, dest = ROOT / rel, clone / rel
        if src.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    for rel in subprocess.run(["git", "ls-files", "-d"], cwd=ROOT, capture_output=True,
                              text=True, check=True, timeout=60).stdout.split():
        (clone / rel).unlink(missing_ok=True)
    workflow = clone / ".github" / "workflows" / "ci.yml"
    run = run_workflow(workflow, clone, tmp_path)
    assert run["failed"] is None, run["output"]
    skipped = dict(run["skipped"])
    assert all("使用外部动作" in why for n, why in skipped.items() if n not in
               ("全部测试（严格构建、PDF、浏览器测试）",)), skipped
    assert "新旧条文对照表" in str(run["summary"])
    assert (clone / "site" / "versions.json").is_file()  # `make site` built the site

    # the same steps on a pull request that edits a clause without recording it
    ch = clone / "policy_data" / "chapters" / "05.yml"
    ch.write_text(ch.read_text("utf-8").replace("30日内", "20日内", 1), "utf-8")
    run = run_workflow(workflow, clone, tmp_path)
    assert run["failed"] == "检查规范数据（问题标注在改动的行上）"
    notes = [ln for ln in str(run["output"][run["failed"]]).splitlines() if ln.startswith("::")]
    assert notes
    for ln in notes:
        assert re.match(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[a-z-]+::\S", ln), ln
    assert any(ln.startswith("::error file=policy_data/chapters/05.yml,line=") for ln in notes)
    assert "新旧条文对照表" in str(run["summary"])  # if: always() still writes the summary
    assert "20" in str(run["summary"])
