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

from collections.abc import Iterator

from ..context import Context
from ..diff import compare
from ..editions import latest_release
from ..labels import CHANGE_ZH as KIND_ZH
from ..model import Src
from ..problem import Problem

ID = "revision-changes"
LEVEL = "error"

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
        for c in diff.changes:
            clause = std.clause_by_id.get(c.id)
            src, at = (clause.src, ("id",)) if clause else (Src("revisions.yml"), ())
            yield ctx.problem(src, ID, f"条款 {c.id} 与已发布的 {base.edition} 版不同"
                              f"（{'、'.join(KIND_ZH[k] for k in c.kinds)}），但没有待发布的修订记录",
                              "请在 revisions.yml 末尾新增下一版本的修订记录并登记该变化，同时把 "
                              "document.yml 的 edition 改为新版本号", at=at)
        return
    recorded = {(c.id, c.change): c for c in last.changes}
    for c in diff.changes:
        for k in c.kinds:
            if (c.id, k) in recorded:
                continue
            clause = std.clause_by_id.get(c.id)
            snippet = (f"- id: {c.id}\n  change: {k}\n  reason: （修订说明）\n  substantive: "
                       f"{'false' if c.editorial else 'true'}")
            src, at = (clause.src, ("id",)) if clause else (last.src, ("changes",))
            number = c.new_number or c.old_number
            yield ctx.problem(src, ID, f"条款 {c.id}（第 {number} 条）相对 {base.edition} 版有"
                              f"{KIND_ZH[k]}，但 {last.edition} 版修订记录未登记",
                              "请在 revisions.yml 的 changes 中加入：" + snippet.replace("\n", " ⏎ "),
                              at=at, key=clause is None)
    for (cid, kind), ch in recorded.items():
        if (cid, kind) not in actual:
            yield ctx.problem(ch.src, ID, f"修订记录登记了条款 {cid} {KIND_ZH[kind]}，但相对 "
                              f"{base.edition} 版并没有这一变化", "请删除该登记，或核对条款标识和变更类型",
                              at=("change",))
    seen: set[tuple[str, str]] = set()
    for ch in last.changes:
        if (ch.id, ch.change) in seen:
            yield ctx.problem(ch.src, ID, f"条款 {ch.id} 的{KIND_ZH[ch.change]}登记了两次",
                              "请合并为一条", at=("id",))
        seen.add((ch.id, ch.change))
