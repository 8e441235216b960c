"""Editions: release, frozen copies, recorded changes, retired ids and the 对照表."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, TODAY, clause_block, compare_golden, drop_clause, edit_clause
from policy.checker import check
from policy.diff import compare, comparison, renumbered
from policy.loader import load
from policy.release import ReleaseError, release
from policy.render import comparison as render

GOLDEN = Path(__file__).parent / "golden"

PENDING_11 = """- edition: "1.1"
  kind: 修正
  approved_by: 董事会
  summary: 修订投诉条款。
  changes:
"""


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, count), "utf-8")


def problems_of(data: Path, rule: str) -> list[str]:
    _, problems = check(data, today=TODAY)
    return [f"{Path(p.path).relative_to(data).as_posix()}:{p.line}:{p.col}: {p.message}"
            for p in problems if p.rule == rule]


def shorten_deadline(data: Path) -> None:
    """Open 1.1 with one recorded change, and make that change (C-2101: 15日 → 10日)."""
    start_draft(data, "1.1", """    - id: C-2101
      change: modified
      reason: 缩短答复期限。
      substantive: true
""")
    edit(data / "chapters" / "02.yml", "15日", "10日", 2)  # the text and its limit


def start_draft(data: Path, edition: str, changes: str) -> None:
    """Open the next edition: pending revision entry and document edition."""
    with (data / "revisions.yml").open("a", encoding="utf-8") as fh:
        fh.write(PENDING_11.replace("1.1", edition) + changes)
    edit(data / "document.yml", 'edition: "1.0"', f'edition: "{edition}"')


@pytest.fixture
def released(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    msg = release(data, "1.0", {})
    assert "1.0" in msg
    assert (data / "editions" / "1.0" / "chapters" / "02.yml").is_file()
    assert "checksum: sha256:" in (data / "revisions.yml").read_text("utf-8")
    _, problems = check(data, today=TODAY)
    assert problems == []
    return data


def test_tampering_with_a_released_edition_is_caught(released: Path) -> None:
    edit(released / "editions" / "1.0" / "chapters" / "02.yml", "15日", "10日")
    (hit,) = problems_of(released, "edition-frozen")
    assert hit == "editions/1.0/chapters/02.yml:1:1: 已发布的 1.0 版的文件 chapters/02.yml 被修改"


def test_editing_a_released_revision_entry_is_caught(released: Path) -> None:
    edit(released / "revisions.yml", "approved_by: 董事会", "approved_by: 行长办公会")
    (hit,) = problems_of(released, "edition-frozen")
    assert hit.startswith("revisions.yml:4:16: 已发布的 1.0 版修订记录的 approved_by 被改为“行长办公会”")


def test_an_unregistered_edition_folder_is_caught(released: Path) -> None:
    shutil.copytree(released / "editions" / "1.0", released / "editions" / "1.1")
    hits = problems_of(released, "edition-frozen")
    assert any("editions/1.1/ 没有带校验值的修订记录" in h for h in hits)


def test_a_change_without_a_pending_revision_is_located_on_the_clause(released: Path) -> None:
    edit(released / "chapters" / "02.yml", "15日", "10日", 2)
    hits = problems_of(released, "revision-changes")
    assert hits[0].startswith("chapters/02.yml:9:13: 条款 C-2101 与已发布的 1.0 版不同（修改），但没有待发布的修订"
                              "记录")
    assert hits[1:] == ["chapters/02.yml:9:13: 第 2.1.1 条登记的时限与期限与已发布的 1.0 版不同，但没有待发布的"
                        "修订记录，这一修改不会出现在网站上"]


def test_an_unrecorded_change_and_a_recorded_change_that_did_not_happen(released: Path) -> None:
    start_draft(released, "1.1", """    - id: C-2103
      change: modified
      reason: 延长保存期限。
      substantive: true
""")
    edit(released / "chapters" / "02.yml", "15日", "10日", 2)
    hits = problems_of(released, "revision-changes")
    assert hits == [
        "chapters/02.yml:9:13: 条款 C-2101（第 2.1.1 条）相对 1.0 版有修改，但 1.1 版修订记录未登记",
        "revisions.yml:17:15: 修订记录登记了条款 C-2103 修改，但相对 1.0 版并没有这一变化",
    ]


def test_recorded_changes_pass_and_release_freezes_the_new_edition(released: Path) -> None:
    shorten_deadline(released)
    assert problems_of(released, "revision-changes") == []
    with pytest.raises(ReleaseError, match="缺少批准文件（会议决议或文件编号）、批准日期"):
        release(released, "1.1", {})
    release(released, "1.1", {"approved": "2026-03-01", "issued": "2026-03-05",
                              "effective": "2026-04-01", "approval_doc": "董事会决议"})
    _, problems = check(released, today=TODAY)
    assert problems == []
    std = load(released).standard
    assert std is not None and std.meta.edition == "1.1"
    assert std.revisions[-1].checksum.startswith("sha256:")
    with pytest.raises(ReleaseError, match="没有待发布的修订记录"):
        release(released, "1.1", {})


def test_a_removed_id_may_never_be_reused(released: Path) -> None:
    start_draft(released, "1.1", """    - id: C-2104
      change: removed
      reason: 并入其他条款。
      substantive: false
    - id: C-2105
      change: added
      reason: 按月分析。
      substantive: true
""")
    text = (released / "chapters" / "02.yml").read_text("utf-8")
    (released / "chapters" / "02.yml").write_text(
        text.replace("      - id: C-2104\n        text: 每季度分析投诉原因。\n",
                     "      - id: C-2105\n        text: 每月分析投诉原因。\n"), "utf-8")
    release(released, "1.1", {"approved": "2026-03-01", "issued": "2026-03-05",
                              "effective": "2026-04-01", "approval_doc": "董事会决议"})
    with (released / "chapters" / "02.yml").open("a", encoding="utf-8") as fh:
        fh.write("      - id: C-2104\n        text: 每年分析投诉原因。\n")
    hits = problems_of(released, "clause-id-reused")
    assert hits == ["chapters/02.yml:29:13: 条款标识 C-2104 已在 1.1 版删除，不得复用"]


def test_release_refuses_a_mismatched_edition(released: Path) -> None:
    shorten_deadline(released)
    with pytest.raises(ReleaseError, match="不一致"):
        release(released, "1.2", {})


def _edited_copy(tmp_path: Path) -> tuple[Path, Path]:
    """1.0 and a 1.1 draft with an insertion, a punctuation-only edit, a modification, a move
    and a removal."""
    old = tmp_path / "old"
    shutil.copytree(MINIMAL, old)
    new = tmp_path / "new"
    shutil.copytree(MINIMAL, new)
    ch1 = new / "chapters" / "01.yml"
    edit(ch1, "      - id: C-1102\n", "      - id: C-1105\n        text: 新增：员工应主动告知服务时限。\n"
         "      - id: C-1102\n")
    edit(ch1, "本机构实行首问负责制，受理后", "本机构实行首问负责制,受理后")
    edit(ch1, "网点负责人每月检查一次服务质量。", "网点负责人每周检查一次服务质量，并留存记录。")
    ch2 = new / "chapters" / "02.yml"
    drop_clause(ch2, "C-2104")
    text = ch2.read_text("utf-8")
    a, b = clause_block(text, "C-2103")
    moved, text = text[a:b], text[:a] + text[b:]
    ch2.write_text(text.replace("      - id: C-2101\n", moved + "      - id: C-2101\n", 1), "utf-8")
    edit(new / "revisions.yml", "  changes: []", """  changes:
    - id: C-1105
      change: added
      reason: 明确告知义务。
      substantive: true""")
    return old, new


def test_diff_goldens(tmp_path: Path) -> None:
    old, new = _edited_copy(tmp_path)
    a, b = load(old).standard, load(new).standard
    assert a is not None and b is not None
    cmp = compare(a, b, "1.0 版", "1.1 版（草案）")
    kinds = {c.id: c.kinds for c in cmp.changes}
    assert kinds == {"C-1101": ("modified",), "C-1105": ("added",), "C-1104": ("modified",),
                     "C-2103": ("moved",), "C-2104": ("removed",)}
    by_id = {c.id: c for c in cmp.changes}
    assert by_id["C-1101"].editorial and not by_id["C-1104"].editorial
    assert by_id["C-1104"].renumbered and (by_id["C-1104"].old_number,
                                           by_id["C-1104"].new_number) == ("1.1.4", "1.1.5")
    assert renumbered(a, b) == [("C-1102", "1.1.2", "1.1.3"), ("C-1103", "1.1.3", "1.1.4"),
                                ("C-2101", "2.1.1", "2.1.2"), ("C-2102", "2.1.2", "2.1.3")]
    assert "C-2103" not in {i for i, _, _ in renumbered(a, b)}
    full = comparison(a, b, "1.0 版", "1.1 版（草案）", b.revisions[-1], draft=True)
    assert full.changes == cmp.changes
    assert [(r.id, r.old_number, r.new_number) for r in full.renumbered] == renumbered(a, b)
    compare_golden(render.to_markdown(full), GOLDEN / "diff.md")
    compare_golden(render.to_html(full), GOLDEN / "diff.html")
    compare_golden(render.to_json(full), GOLDEN / "diff.json")


def test_diff_command_takes_editions_folders_and_git_refs(tmp_path: Path) -> None:
    old, new = _edited_copy(tmp_path)
    r = subprocess.run([sys.executable, "-m", "policy.cli", "diff", str(old), str(new),
                        "--format", "json"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert '"id": "C-1105"' in r.stdout
    r = subprocess.run([sys.executable, "-m", "policy.cli", "diff", "1.0", "draft"], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and r.stdout.startswith("## 新旧条文对照表：1.0 版 → ")
    r = subprocess.run([sys.executable, "-m", "policy.cli", "diff", "HEAD", "draft"], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "policy.cli", "diff", "no-such-ref", "draft"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 2 and "no-such-ref" in r.stderr and "Traceback" not in r.stderr


def test_the_edition_number_follows_the_kind_of_change(released: Path) -> None:
    shorten_deadline(released)
    edit(released / "revisions.yml", "kind: 修正", "kind: 修订")
    hits = problems_of(released, "revision-history")
    assert hits == ["revisions.yml:11:12: 修订后的版本号应为 2.0，实际是 1.1"]


def test_a_pull_request_editing_one_clause(data_copy: Path) -> None:
    """Unrecorded: an annotation on the clause's line. Recorded: its row in the 对照表."""
    from policy.release import new_edition

    std = load(data_copy).standard
    assert std is not None
    pending = std.revisions[-1] if not std.revisions[-1].checksum else None
    if pending is None:  # nothing pending: the pull request opens the next edition
        major, minor = std.meta.edition.split(".")
        new_edition(data_copy, f"{major}.{int(minor) + 1}", "修正", summary="缩短复核期限。")
    recorded = {c.id for c in (pending.changes if pending else [])}
    # a clause the pending edition does not change yet, with a number in its text
    clause = next(c for c in std.clauses() if c.id not in recorded and c.chapter == 5
                  and "30日" in c.text and c.text.count("30日") == 1)
    ch = data_copy / clause.src.file
    text = ch.read_text("utf-8")
    line = text.splitlines().index(f"      - id: {clause.id}") + 1
    edit_clause(ch, clause.id, "30日", "20日")  # its text and its limit
    policy = [sys.executable, "-m", "policy.cli"]
    r = subprocess.run([*policy, "check", "--data", str(data_copy), "--format", "github"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1
    notes = [ln for ln in r.stdout.splitlines() if "revision-changes" in ln]
    assert any(n.startswith(f"::error file={ch},line={line},col=13,title=revision-changes::"
                            f"条款 {clause.id}") for n in notes), notes
    rev = data_copy / "revisions.yml"
    head, _, tail = rev.read_text("utf-8").rpartition("  changes:")
    tail = tail.replace(" []", "", 1) if tail.startswith(" []") else tail
    rev.write_text(head + f"""  changes:
    - id: {clause.id}
      change: modified
      reason: 缩短复核期限。
      substantive: true""" + tail, "utf-8")
    r = subprocess.run([*policy, "check", "--data", str(data_copy), "--strict"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout
    r = subprocess.run([*policy, "diff", "latest", "draft", "--data", str(data_copy)],
                       capture_output=True, text=True, timeout=600)
    rows = [ln for ln in r.stdout.splitlines() if ln.startswith("| ") and f"`{clause.id}`" in ln]
    assert len(rows) == 1
    assert "<del>30</del>" in rows[0] and "<ins>20</ins>" in rows[0] and "缩短复核期限" in rows[0]
