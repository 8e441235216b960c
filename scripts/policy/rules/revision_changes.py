"""修订记录与实际变化一致

草案相对最新已发布版本的每一处条款变化（新增、修改、删除、移动），都必须在待发布版本的修订
记录 `changes` 中逐条登记，并写明修订说明和是否实质性修改；登记了却没有发生的变化同样报错。
仅因前面插入或删除条款而编号改变的条款不算“移动”，无需登记。没有待发布的修订记录时，草案必须
与最新已发布版本完全相同。

PASS（C-5402 的期限由 15 日改为 10 日）:

    changes:
      - id: C-5402
        change: modified
        reason: 缩短投诉处理期限。
        substantive: true

FAIL:

    changes: []        # C-5402 改了却没有登记
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..context import Context
from ..diff import compare
from ..editions import latest_release
from ..labels import CHANGE_ZH as KIND_ZH
from ..model import Department, Reference, Src, Standard, Term
from ..problem import Problem
from ._suggest import ever_used, free_id

ID = "revision-changes"
LEVEL = "error"
REASON_TODO = "（写明修改的原因和依据）"

def check(ctx: Context) -> Iterator[Problem]:
    std = ctx.std
    if not std.revisions:
        return
    last = std.revisions[-1]
    base = latest_release(std)
    if base is None:
        return  # nothing released yet: the first edition is all new
    old = ctx.repo.frozen_standard(base.edition)
    if old is None:
        return  # edition-frozen reports the missing or broken folder
    pending = not last.checksum
    diff = compare(old, std)
    actual = {(c.id, k) for c in diff.changes for k in c.kinds}
    if not pending:
        major, minor = (int(x) for x in base.edition.split(".")[:2])
        hint = (f"请先运行 .venv/bin/policy new-edition {major}.{minor + 1} --kind 修正（个别条文修改；"
                f"较大范围修改用 {major + 1}.0 --kind 修订），再在 revisions.yml 的 changes 中登记"
                "该变化；未登记的修改不会出现在网站上")
        for c in diff.changes:
            clause = std.clause_by_id.get(c.id)
            src, at = (clause.src, ("id",)) if clause else (Src("revisions.yml"), tuple[str, ...]())
            yield ctx.problem(src, ID, f"条款 {c.id} 与已发布的 {base.edition} 版不同"
                              f"（{'、'.join(KIND_ZH[k] for k in c.kinds)}），但没有待发布的修订记录",
                              hint, at=at)
        for src, at, what in _other_differences(old, std):
            yield ctx.problem(src, ID, f"{what}与已发布的 {base.edition} 版不同，但没有待发布的修订"
                              "记录，这一修改不会出现在网站上", hint, at=at)
        return
    if not diff.changes and not any(True for _ in _other_differences(old, std)):
        yield ctx.problem(last.src, ID, f"待发布的 {last.edition} 版与已发布的 {base.edition} 版没有任何"
                          "不同", "修改条文后在 changes 中登记；如不再需要新版本，请删除这条修订记录并把 "
                          f"document.yml 的 edition 改回 {base.edition}", at=("edition",))
    recorded = {(c.id, c.change): c for c in last.changes}
    # an id recorded as removed while a clause still carries it: a new clause given an old id
    reused = {cid for cid, kind in recorded if kind == "removed" and cid in std.clause_by_id}
    used = ever_used(std) | set(old.clause_by_id)
    for cid in sorted(reused):
        clause = std.clause_by_id[cid]
        free = free_id(clause, used, lambda: max(int(i[2:]) for i in used if i[2:].isdigit()))
        yield ctx.problem(clause.src, ID, f"修订记录登记了删除条款 {cid}，但草案中仍有标识为 {cid} 的条款"
                          f"（第 {clause.number} 条）", f"删除的条款的标识永不再用：新写的条款请另取从未用过的"
                          f"标识，如 {free}；如果并不删除原来的条款，请删除这项 removed 登记",
                          at=("id",))
    for c in diff.changes:
        if c.id in reused:
            continue
        for k in c.kinds:
            if (c.id, k) in recorded:
                continue
            clause = std.clause_by_id.get(c.id)
            snippet = (f"    - id: {c.id}\n      change: {k}\n      reason: {REASON_TODO}\n"
                       f"      substantive: {'false' if c.editorial else 'true'}")
            src, at = (clause.src, ("id",)) if clause else (last.src, ("changes",))
            number = c.new_number or c.old_number
            empty = "（先把“changes: []”改为“changes:”）" if not last.changes else ""
            yield ctx.problem(src, ID, f"条款 {c.id}（第 {number} 条）相对 {base.edition} 版有"
                              f"{KIND_ZH[k]}，但 {last.edition} 版修订记录未登记",
                              f"请在 revisions.yml 中 {last.edition} 版的 changes 下加入以下几行"
                              f"{empty}：\n" + snippet, at=at, key=clause is None)
    for (cid, kind), ch in recorded.items():
        if (cid, kind) not in actual and cid not in reused:
            yield ctx.problem(ch.src, ID, f"修订记录登记了条款 {cid} {KIND_ZH[kind]}，但相对 "
                              f"{base.edition} 版并没有这一变化", "请删除该登记，或核对条款标识和变更类型",
                              at=("change",))
    for ch in last.changes:
        if ch.reason.strip() == REASON_TODO:
            yield ctx.problem(ch.src, ID, f"条款 {ch.id} 的修订说明尚未填写",
                              "请写明修改的原因和依据，如：依据[[R-COMPLAINT|第二十条]]，缩短复核期限（依据的标识见 references.yml；没有外部依据的写“本机构规定”）", at=("reason",))
    seen: set[tuple[str, str]] = set()
    for ch in last.changes:
        if (ch.id, ch.change) in seen:
            yield ctx.problem(ch.src, ID, f"条款 {ch.id} 的{KIND_ZH[ch.change]}登记了两次",
                              "请合并为一条", at=("id",))
        seen.add((ch.id, ch.change))


def _other_differences(old: Standard, new: Standard
                       ) -> Iterator[tuple[Src, tuple[str, ...], str]]:
    """What differs from the released edition besides clauses: headings, purposes, owners,
    references, glossary, departments, the document's details. (Review dates and the glossary's
    colloquial names and main clauses are not compared: they may change without a new edition.)"""
    for key in ("title", "code", "issuer", "interpreter"):
        if getattr(old.meta, key) != getattr(new.meta, key):
            yield Src("document.yml"), (key,), f"document.yml 的 {key}"
    if old.outline != new.outline:
        yield Src("outline.yml"), (), "outline.yml 规定的目录"
    for c in new.clauses():
        was = old.clause_by_id.get(c.id)
        if was is not None and [_plain(x) for x in was.limits] != [_plain(x) for x in c.limits]:
            yield c.src, ("id",), f"第 {c.number} 条登记的时限与期限"
    for och, nch in zip(old.chapters, new.chapters, strict=False):
        if och.title != nch.title:
            yield nch.src, ("title",), f"第 {nch.number} 章的标题"
        for os_, ns in zip(och.sections, nch.sections, strict=False):
            for key, label in (("title", "标题"), ("owner", "负责部门"), ("purpose", "本节目的"),
                               ("references", "相关依据")):
                if getattr(os_, key) != getattr(ns, key):
                    yield ns.src, (key,), f"第 {ns.number} 节的{label}"
    entries: list[tuple[str, Sequence[Term | Reference | Department],
                        Sequence[Term | Reference | Department]]] = [
        ("glossary.yml", old.glossary, new.glossary),
        ("references.yml", old.references, new.references),
        ("departments.yml", old.departments, new.departments)]
    for name, a, b in entries:
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if _plain(x) != _plain(y):
                yield y.src, (), f"{name} 的第 {i + 1} 项"
        if len(a) != len(b):
            yield Src(name), (), f"{name} 的条目数"


def _plain(obj: object) -> dict[str, object]:
    """An entry's values without where it was read from, nor what every edition shows at once
    without a new edition: a term's colloquial names and main clauses (aids to finding things) and
    a reference's recorded
    amendments (news about the law, which makes the sections citing it 待复核)."""
    return {k: v for k, v in vars(obj).items()
            if k not in ("src", "colloquial", "see", "amended")}
