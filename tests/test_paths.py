"""Nothing outside the data folder is ever read: links, FIFOs, devices and paths that leave
the folder are located errors, and nothing of their target reaches a message, a page or a PDF."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, SITE_TODAY, TODAY
from policy.checker import check
from policy.fs import Folder, UnsafePath
from policy.release import ReleaseError, release

SECRET = "机密标题不得外泄"
# a well-formed chapter elsewhere on the machine: if it were followed, it would be published
OUTSIDE = f"""title: {SECRET}
sections:
  - title: 受理
    owner: ops
    review_due: 2027-06-30
    purpose: 本节规定投诉受理。
    clauses:
      - id: C-2101
        text: {SECRET}。
"""


def policy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policy.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(MINIMAL, d)
    (tmp_path / "elsewhere.yml").write_text(OUTSIDE, "utf-8")
    return d


def replace_with_link(path: Path, target: Path) -> None:
    path.unlink()
    path.symlink_to(target)


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_a_linked_chapter_is_refused_and_its_target_never_read(data: Path, target: str) -> None:
    ch = data / "chapters" / "02.yml"
    dest = data.parent / "elsewhere.yml" if target == "outside" else data / "chapters" / "01.yml"
    replace_with_link(ch, dest)
    r = policy("check", "--data", str(data))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{ch}:1:1: [error] chapters/02.yml 是符号链接，出于安全原因不予读取 (unsafe-file)" in r.stdout
    assert SECRET not in r.stdout + r.stderr
    r = policy("build-site", "--data", str(data), "--out", str(data.parent / "site"),
               "--today", SITE_TODAY, "--no-cache")
    assert r.returncode == 1 and SECRET not in r.stdout + r.stderr
    assert not (data.parent / "site").exists()


def test_a_linked_folder_is_refused(data: Path) -> None:
    elsewhere = data.parent / "chapters-elsewhere"
    shutil.copytree(data / "chapters", elsewhere)
    shutil.rmtree(data / "chapters")
    (data / "chapters").symlink_to(elsewhere)
    _, problems = check(data, today=TODAY)
    assert [(p.rule, p.message) for p in problems if p.level == "error"] == [
        ("unsafe-file", "chapters 是符号链接，出于安全原因不予读取")]


def test_a_fifo_is_refused_without_blocking(data: Path) -> None:
    ch = data / "chapters" / "02.yml"
    ch.unlink()
    os.mkfifo(ch)
    r = policy("check", "--data", str(data))  # would block forever if the FIFO were opened
    assert r.returncode == 1
    assert "chapters/02.yml 是命名管道（FIFO），出于安全原因不予读取 (unsafe-file)" in r.stdout


def test_a_device_is_refused_without_opening_it(data: Path) -> None:
    ch = data / "glossary.yml"
    ch.unlink()
    try:
        os.mknod(ch, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero: endless if read
    except PermissionError:
        pytest.skip("creating a device file needs root")
    r = policy("check", "--data", str(data))
    assert r.returncode == 1
    assert "glossary.yml 是设备文件，出于安全原因不予读取 (unsafe-file)" in r.stdout


def test_paths_that_leave_the_folder_are_refused(data: Path) -> None:
    f = Folder(data)
    for rel in ("../elsewhere.yml", "/etc/passwd", "chapters/../../elsewhere.yml", "a\\..\\b"):
        with pytest.raises(UnsafePath) as info:
            f.read(rel)
        assert info.value.kind == "outside"
    assert f.read("chapters/02.yml").startswith(b"title:")


def test_a_link_inside_a_released_edition_is_reported(data: Path) -> None:
    release(data, "1.0", {})
    frozen = data / "editions" / "1.0" / "chapters" / "02.yml"
    replace_with_link(frozen, data.parent / "elsewhere.yml")
    _, problems = check(data, today=TODAY)
    hits = [(Path(p.path).relative_to(data).as_posix(), p.message) for p in problems
            if p.rule == "edition-frozen"]
    assert hits == [("editions/1.0/chapters/02.yml",
                     "editions/1.0/chapters/02.yml 是符号链接，出于安全原因不予读取")]
    assert SECRET not in str(problems)


def test_release_refuses_a_draft_with_a_link(data: Path) -> None:
    replace_with_link(data / "chapters" / "02.yml", data.parent / "elsewhere.yml")
    with pytest.raises(ReleaseError):
        release(data, "1.0", {})
    assert not (data / "editions").exists()


def test_a_link_in_docs_fails_the_build(data: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "secret.md").symlink_to(data.parent / "elsewhere.yml")
    r = policy("build-site", "--data", str(data), "--docs", str(docs), "--out",
               str(tmp_path / "site"), "--today", SITE_TODAY, "--no-cache")
    assert r.returncode == 1
    assert "docs/secret.md 是符号链接" in r.stderr and SECRET not in r.stdout + r.stderr


def test_diff_refuses_a_folder_or_git_ref_with_a_link(data: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(data, other)
    replace_with_link(other / "chapters" / "02.yml", data.parent / "elsewhere.yml")
    r = policy("diff", str(data), str(other))
    assert r.returncode == 1 and "是符号链接" in r.stderr and SECRET not in r.stdout + r.stderr
    # the same link committed to git: `policy diff REF draft` on that ref
    repo = tmp_path / "repo"
    shutil.copytree(data, repo / "policy_data")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True, timeout=60)
    subprocess.run([*git, "add", "."], check=True, timeout=60)
    subprocess.run([*git, "commit", "-qm", "good"], check=True, timeout=60)
    replace_with_link(repo / "policy_data" / "chapters" / "02.yml", data.parent / "elsewhere.yml")
    subprocess.run([*git, "add", "-A"], check=True, timeout=60)
    subprocess.run([*git, "commit", "-qm", "link"], check=True, timeout=60)
    subprocess.run([*git, "checkout", "-q", "HEAD~1", "--", "policy_data"], check=True,
                   timeout=60)
    r = subprocess.run([sys.executable, "-m", "policy.cli", "diff", "HEAD", "draft", "--data",
                        str(repo / "policy_data")], capture_output=True, text=True, timeout=600)
    assert r.returncode == 1 and "是符号链接" in r.stderr and "Traceback" not in r.stderr
    assert SECRET not in r.stdout + r.stderr
