"""The editor's loop: every message leads to the fix. Each test does what the message says and
checks that the problem is gone."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, ROOT, TODAY, drop_clause
from policy.checker import check
from policy.release import ReleaseError, new_edition, release


def policy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policy.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def lines(data: Path, rule: str | None = None) -> list[str]:
    _, problems = check(data, today=TODAY)
    return [f"{Path(p.path).relative_to(data).as_posix()}:{p.line}: {p.message}" for p in problems
            if rule is None or p.rule == rule]


def last_changes(text: str, replacement: str) -> str:
    """The new edition's ``changes: []`` (the last one) replaced."""
    head, _, tail = text.rpartition("  changes: []\n")
    return head + replacement + tail


@pytest.fixture
def released(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    release(data, "1.0", {"approval_doc": "董事会2025年第一次会议决议"})
    return data


def test_the_pasted_hint_fixes_the_unrecorded_change(released: Path) -> None:
    print(new_edition(released, "1.1", "修正"))
    ch = released / "chapters" / "02.yml"
    ch.write_text(ch.read_text("utf-8").replace("15日", "10日"), "utf-8")  # text, limit
    _, problems = check(released, today=TODAY)
    (p,) = [p for p in problems if p.rule == "revision-changes"]
    first, *paste = p.hint.split("\n")
    assert "先把“changes: []”改为“changes:”" in first
    # do exactly what it says: drop the [], paste the lines, write the reason
    rev = released / "revisions.yml"
    head, _, tail = rev.read_text("utf-8").rpartition("  changes: []\n")  # the new edition's
    text = head + "  changes:\n" + "\n".join(paste) + "\n" + tail
    rev.write_text(text, "utf-8")
    assert lines(released, "revision-changes") == [
        f"revisions.yml:{text.splitlines().index('      reason: （写明修改的原因和依据）') + 1}: "
        "条款 C-2101 的修订说明尚未填写"]
    rev.write_text(text.replace("（写明修改的原因和依据）", "缩短答复期限。"), "utf-8")
    assert lines(released) == []


def test_new_edition_checks_the_number_and_prepares_the_draft(released: Path) -> None:
    with pytest.raises(ReleaseError, match="修订版本号应为 2.0，收到 1.1"):
        new_edition(released, "1.1", "修订")
    msg = new_edition(released, "1.1", "修正", summary="缩短答复期限。")
    assert "已开始起草 1.1 版（修正）" in msg and "policy release 1.1" in msg
    doc = (released / "document.yml").read_text("utf-8")
    assert 'edition: "1.1"' in doc and "issued:" not in doc and "effective:" not in doc
    rev = (released / "revisions.yml").read_text("utf-8")
    # a 修正 may be approved by the committee (8.2.1); the editor changes it if the board does
    assert rev.endswith('- edition: "1.1"\n  kind: 修正\n  approved_by: 消费者权益保护委员会\n'
                        "  summary: 缩短答复期限。\n"
                        "  # 在下面逐项登记本版变更的条款（make check 会指出每一处未登记的变化及要加入的几行）\n"
                        "  changes: []\n")
    with pytest.raises(ReleaseError, match="已有待发布的 1.1 版"):
        new_edition(released, "1.2", "修正")


def test_release_runs_the_strict_check_and_wants_every_approval_detail(released: Path) -> None:
    new_edition(released, "1.1", "修正", summary="写明期限。")
    ch = released / "chapters" / "02.yml"
    ch.write_text(ch.read_text("utf-8").replace("每季度分析投诉原因。",
                                                "每季度按本规范第2.1.1条分析投诉原因。"), "utf-8")
    rev = released / "revisions.yml"
    rev.write_text(last_changes(rev.read_text("utf-8"), """  changes:
    - id: C-2104
      change: modified
      reason: 写明期限。
      substantive: false
"""), "utf-8")
    assert lines(released) == ["chapters/02.yml:28: 条文中手写了编号“本规范第2.1.1条”"]  # a warning
    with pytest.raises(ReleaseError, match="严格检查") as info:
        release(released, "1.1", {})
    assert any(p.rule == "typed-xref" for p in info.value.problems)
    ch.write_text(ch.read_text("utf-8").replace("按本规范第2.1.1条", "按 [[C-2101]] "), "utf-8")
    with pytest.raises(ReleaseError, match="缺少批准文件（会议决议或文件编号）、批准日期、发布日期、"
                                           "施行日期"):
        release(released, "1.1", {})
    r = policy("release", "1.1", "--data", str(released), "--approved", "2026/06/10")
    assert r.returncode == 2 and "--approved 应为 YYYY-MM-DD" in r.stderr
    r = policy("release", "1.1", "--data", str(released), "--approved-by", "董事会",
               "--approval-doc", "董事会决议",
               "--approved", "2026-06-10", "--issued", "2026-06-15", "--effective", "2026-07-01")
    assert r.returncode == 0, r.stderr
    assert "已发布 1.1 版（修正）" in r.stdout
    assert "批准：董事会，董事会决议，2026-06-10" in r.stdout
    assert "本版变更：修改 1 条" in r.stdout and "sha256sum -c ../1.1.sha256" in r.stdout
    assert lines(released) == []


def test_new_edition_opens_after_the_text_was_edited_first(released: Path) -> None:
    ch = released / "chapters" / "02.yml"
    ch.write_text(ch.read_text("utf-8").replace("每季度分析投诉原因。", "每月分析投诉原因。"),
                  "utf-8")
    _, found = check(released, today=TODAY)
    assert any("new-edition" in p.hint for p in found)  # what the check tells the editor to do
    msg = new_edition(released, "1.1", "修正")  # and doing so works: the edit is its to record
    assert "已开始起草 1.1 版（修正）" in msg
    assert any("1.1 版修订记录未登记" in line for line in lines(released))


def test_a_typed_number_in_a_change_reason_is_flagged(released: Path) -> None:
    new_edition(released, "1.1", "修正", summary="写明期限。")
    ch = released / "chapters" / "02.yml"
    ch.write_text(ch.read_text("utf-8").replace("每季度分析投诉原因。", "每月分析投诉原因。"),
                  "utf-8")
    rev = released / "revisions.yml"
    rev.write_text(last_changes(rev.read_text("utf-8"), """  changes:
    - id: C-2104
      change: modified
      reason: 与第2.1.1条一致，改为每月分析。
      substantive: true
"""), "utf-8")
    found = lines(released)
    assert len(found) == 1 and found[0].startswith("revisions.yml:"), found
    assert "修订记录中手写了编号“第2.1.1条”" in found[0]


def test_a_removed_id_given_to_a_new_clause_is_caught_with_a_fresh_id(released: Path) -> None:
    new_edition(released, "1.1", "修正", summary="改写。")
    ch = released / "chapters" / "02.yml"
    text = ch.read_text("utf-8")
    old = "      - id: C-2104\n        text: 每季度分析投诉原因。\n"
    ch.write_text(text.replace(old, "      - id: C-2104\n        text: 每月分析投诉原因并报告。\n"),
                  "utf-8")
    rev = released / "revisions.yml"
    rev.write_text(last_changes(rev.read_text("utf-8"), """  changes:
    - id: C-2104
      change: removed
      reason: 改写为新条款。
      substantive: true
"""), "utf-8")
    hits = lines(released, "revision-changes")
    assert hits == ["chapters/02.yml:27: 修订记录登记了删除条款 C-2104，但草案中仍有标识为 C-2104 的条款"
                    "（第 2.1.4 条）"]
    _, problems = check(released, today=TODAY)
    hint = next(p.hint for p in problems if p.rule == "revision-changes")
    assert "另取从未用过的标识，如 C-2105" in hint


def test_an_edit_outside_the_clauses_with_nothing_pending_is_not_silently_lost(
        released: Path) -> None:
    ch = released / "chapters" / "02.yml"
    ch.write_text(ch.read_text("utf-8").replace("purpose: 本节规定投诉受理。",
                                                "purpose: 本节规定投诉的受理。"), "utf-8")
    hits = lines(released, "revision-changes")
    assert hits == ["chapters/02.yml:6: 第 2.1 节的本节目的与已发布的 1.0 版不同，但没有待发布的修订记录，"
                    "这一修改不会出现在网站上"]


def test_a_clause_deleted_from_the_draft_but_still_cited(released: Path) -> None:
    new_edition(released, "1.1", "修正", summary="删除。")
    drop_clause(released / "chapters" / "02.yml", "C-2101")
    hits = lines(released, "xref-unresolved")
    assert hits and all(h.endswith("引用的条款 C-2101（1.0 版第 2.1.1 条）已从草案中删除")
                        for h in hits), hits


def test_make_check_fails_without_makes_error_line(tmp_path: Path) -> None:
    data = tmp_path / "d"
    shutil.copytree(DATA, data)
    ch = data / "chapters" / "05.yml"
    ch.write_text(ch.read_text("utf-8").replace("id: C-5402", "id: C-5401", 1), "utf-8")
    r = subprocess.run(["make", "--no-print-directory", "check", f"DATA={data}"], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode != 0
    assert "make: ***" not in r.stdout + r.stderr
    assert r.stdout.rstrip().splitlines()[-1].startswith("共 ")


def test_the_comparison_keeps_document_order_and_whole_numbers(released: Path) -> None:
    from policy.diff import comparison
    from policy.render.comparison import to_html, to_markdown
    from policy.repository import Repository

    new_edition(released, "1.1", "修正", summary="删去一条。")
    ch = released / "chapters" / "02.yml"
    text = ch.read_text("utf-8")
    text = text.replace("每季度分析投诉原因。", "每月分析投诉原因，保存15年。")
    ch.write_text(text, "utf-8")
    drop_clause(ch, "C-2102")
    repo = Repository(released)
    old, new = repo.frozen_standard("1.0"), repo.std
    assert old is not None and new is not None
    cmp = comparison(old, new, "1.0 版", "1.1 版（草案）", new.revisions[-1], draft=True)
    assert [c.id for c in cmp.changes] == ["C-2102", "C-2104"]  # the removed one where it stood
    md = to_markdown(cmp)
    assert "2.1.4 → 2.1.3" in md and "每<del>季度</del>" in md
    html = to_html(cmp)
    assert "共 2 条条款有变化" in html and "草案：修订后条文尚未经批准，不具效力。" in html


def test_an_amended_law_keeps_its_sections_pending_until_a_review_is_recorded(
        released: Path) -> None:
    from policy.render.markdown import EditionInfo, pages
    from policy.render.timeline import Timeline
    from policy.repository import Repository

    refs = released / "references.yml"
    refs.write_text(refs.read_text("utf-8").replace("  status: secondary\n", """  status: secondary
  amended:
    - date: 2025-10-01
      change: 修订
""", 1), "utf-8")
    new_edition(released, "1.1", "修正", summary="复核投诉办法的修订。")
    assert lines(released, "reference-review") == [
        "chapters/02.yml:3: 第 2.1 节引用的《银行业保险业消费投诉处理管理办法》已于 2025-10-01 修订，"
        "本节尚未对照新的文本复核"]
    std = Repository(released).std
    assert std is not None
    info = EditionInfo(timeline=Timeline("1.1", [], on=TODAY.isoformat()))
    assert '<span class="review-pending">待复核</span>' in pages(std, [], info)["chapters/02.md"]
    # the review, recorded in the new edition, clears it
    rev = released / "revisions.yml"
    rev.write_text(rev.read_text("utf-8").replace("  changes: []\n", "  reviewed: [R-COMPLAINT]\n"
                                                  "  changes: []\n"), "utf-8")
    assert lines(released, "reference-review") == []
