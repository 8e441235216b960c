"""The standard itself, read through ``policy export``: outline, size, references, history."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT

SEED_OUTLINE = [
    ("服务理念与原则", ["服务宗旨与目标", "服务原则与规范", "服务流程与标准", "服务质量评估体系",
                  "服务反馈与改进机制"]),
    ("服务流程与管理", ["服务受理与预约", "服务咨询与解答", "服务办理与执行", "服务跟踪与反馈",
                  "服务档案管理与归档"]),
    ("服务人员与培训", ["服务人员职责与要求", "服务人员培训机制", "服务人员行为规范",
                  "服务人员考核与激励", "服务人员职业发展"]),
    ("服务渠道与平台", ["服务渠道分类与管理", "服务平台建设与维护", "服务渠道使用规范",
                  "服务渠道安全与保密", "服务渠道优化与升级"]),
    ("服务保障与风险控制", ["服务安全与保密制度", "服务风险识别与评估", "服务应急预案与处置",
                    "服务投诉处理机制", "服务监督与审计机制"]),
    ("服务评价与改进", ["服务评价指标与方法", "服务评价结果应用", "服务改进措施与落实",
                  "服务改进效果评估", "服务持续优化机制"]),
    ("服务创新与发展", ["服务创新机制与激励", "服务技术应用与升级", "服务模式创新与拓展",
                  "服务标准与规范的动态调整", "服务发展与战略规划"]),
    ("附则", ["适用范围与实施时间", "修订与废止程序", "附录与参考资料"]),
]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def export() -> dict:
    r = subprocess.run([sys.executable, "-m", "policy.cli", "export"], cwd=ROOT,
                       capture_output=True, text=True, check=True, timeout=600)
    return json.loads(r.stdout)


def test_outline_is_the_seeds_exactly(export: dict) -> None:
    got = [(ch["title"], [s["title"] for s in ch["sections"]]) for ch in export["chapters"]]
    assert got == SEED_OUTLINE
    numbers = [s["number"] for ch in export["chapters"] for s in ch["sections"]]
    assert len(numbers) == 38 and numbers[0] == "1.1" and numbers[-1] == "8.3"
    data_outline = yaml.safe_load((DATA / "outline.yml").read_text("utf-8"))
    assert [(c["title"], c["sections"]) for c in data_outline["chapters"]] == SEED_OUTLINE


def test_every_section_has_at_least_four_normative_clauses(export: dict) -> None:
    for ch in export["chapters"]:
        for s in ch["sections"]:
            assert len(s["clauses"]) >= 4, s["number"]
            # a requirement: a modal verb, or a duty with its measure (负责, 至少, 不低于 …)
            normative = [c for c in s["clauses"] if re.search(
                r"应|须|不得|可|禁止|负责|至少|不低于|不超过|不少于", c["text"] + "".join(c["items"]))]
            assert len(normative) >= 4, s["number"]
            assert s["owner"] and s["review_due"] and s["purpose"]


def test_the_text_has_at_least_20000_chinese_characters(export: dict) -> None:
    text = "".join(c["text"] + "".join(c["items"]) for ch in export["chapters"]
                   for s in ch["sections"] for c in s["clauses"])
    assert len(CJK.findall(text)) >= 20000


def test_no_clause_copies_the_seed() -> None:
    seed = Path(ROOT.parent / "shared" / "seed").glob("*.txt")
    seed_text = "".join("".join(p.read_text("utf-8").split()) for p in seed)
    if not seed_text:
        pytest.skip("the seed is not beside this checkout")
    from policy.loader import load

    std = load(DATA).standard
    assert std is not None
    quoted = "以客户为中心，以服务为根本，以创新为动力，以质量为保障"  # the service purpose, quoted
    for c in std.clauses():
        body = "".join((c.text + "".join(c.items)).split()).replace(quoted, "")
        runs = [body[i:i + 16] for i in range(0, max(len(body) - 15, 0))]
        assert not any(r in seed_text for r in runs), c.id


def test_references_glossary_and_history(export: dict) -> None:
    refs = export["references"]
    assert len(refs) >= 15
    assert all(r["status"] in ("official", "secondary", "unconfirmed") for r in refs)
    # a document number is only given where the reference is at least read in a source
    assert len(export["glossary"]) >= 25
    first = export["revisions"][0]
    assert (first["edition"], first["kind"], first["approved_by"]) == ("1.0", "制定", "董事会")
    assert [r["edition"] for r in export["revisions"]][:2] == ["1.0", "1.1"]
    assert all(r["checksum"].startswith("sha256:") for r in export["revisions"][:2])


def test_chapter_one_carries_the_seeds_facts(export: dict) -> None:
    ch1 = json.dumps(export["chapters"][0], ensure_ascii=False)
    for fact in ("以客户为中心", "以服务为根本", "以创新为动力", "以质量为保障", "合规", "诚信",
                 "专业", "高效", "共赢", "客户识别与受理", "服务需求评估", "服务执行与处理",
                 "服务反馈与跟踪", "服务后续管理", "客户满意度调查", "第三方评估", "每季度"):
        assert fact in ch1, fact
    assert "88.6" not in ch1 and "1.3亿" not in ch1  # the seed's unsourced statistics


def test_required_alignment_with_the_rules(export: dict) -> None:
    text = json.dumps(export["chapters"], ensure_ascii=False)
    for needle in ("15日", "30日", "10年", "单独同意", "敏感个人信息", "冷静期", "双录",
                   "人工服务", "消费者权益保护委员会", "消费者权益保护审查", "财产安全权"):
        assert needle in text, needle
