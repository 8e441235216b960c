"""已发布版本不得改动

每个已发布版本都冻结在 `policy_data/editions/<版本号>/`，其校验值记录在 revisions.yml 该版本的
`checksum` 中。版本目录中的任何改动（哪怕一个空格）、修订记录中该版本信息的任何改动、没有修订
记录的版本目录、或修订记录中有校验值却没有版本目录，都会被报告。已发布的版本如需更正，只能
发布新版本（修正或修订）。

PASS:

    # editions/1.0/ 与发布时一致，revisions.yml 中 1.0 的 checksum 与之相符

FAIL:

    # 有人直接修改了 editions/1.0/chapters/05.yml 中的一个字
"""

from __future__ import annotations

from collections.abc import Iterator

from ..editions import EDITIONS_DIR, checksum
from ..model import Src
from ..problem import Problem

ID = "edition-frozen"
LEVEL = "error"

_FIELDS = ("edition", "kind", "approved_by", "approval_doc", "approved", "issued", "effective",
           "summary")


def check(ctx) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    std = ctx.std
    recorded = {r.edition for r in std.revisions if r.checksum}
    seen_pending = None
    for r in std.revisions:
        if not r.checksum:
            seen_pending = r
            continue
        if seen_pending is not None:
            yield ctx.problem(seen_pending.src, ID,
                              f"{seen_pending.edition} 版尚未发布，却排在已发布的 {r.edition} 版之前",
                              "只有最后一条修订记录可以是待发布（没有 checksum）的版本",
                              at=("edition",))
        folder = ctx.store.folder(r.edition)
        shown = f"{EDITIONS_DIR}/{r.edition}/"
        if not folder.is_dir():
            yield ctx.problem(r.src, ID, f"{r.edition} 版记有校验值，但版本目录 {shown} 不存在",
                              "已发布版本的目录不得删除；请从版本库历史中恢复", at=("checksum",))
            continue
        actual = checksum(folder)
        if actual != r.checksum:
            yield ctx.problem(r.src, ID, f"已发布的 {r.edition} 版（{shown}）内容与发布时的校验值不符",
                              f"已发布版本不得修改。用 git log -p -- policy_data/{shown} 查看改动并"
                              "撤销；如需更正条文，请在草案中修改并发布新版本",
                              at=("checksum",))
            continue
        frozen = ctx.store.get(r.edition)
        if frozen is None or not frozen.revisions:
            yield ctx.problem(r.src, ID, f"{shown} 不是可用的版本数据",
                              "请从版本库历史中恢复该目录", at=("checksum",))
            continue
        then = frozen.revisions[-1]
        for key in _FIELDS:
            if getattr(then, key) != getattr(r, key):
                yield ctx.problem(r.src, ID,
                                  f"已发布的 {r.edition} 版修订记录的 {key} 被改为“{getattr(r, key)}”"
                                  f"，发布时为“{getattr(then, key)}”",
                                  "已发布版本的修订记录不得修改", at=(key,))
        if [(c.id, c.change, c.reason, c.substantive) for c in then.changes] != \
                [(c.id, c.change, c.reason, c.substantive) for c in r.changes]:
            yield ctx.problem(r.src, ID, f"已发布的 {r.edition} 版修订记录的 changes 与发布时不同",
                              "已发布版本的修订记录不得修改", at=("changes",), key=True)
    for name in ctx.store.folders():
        if name not in recorded:
            yield ctx.problem(Src("revisions.yml"), ID,
                              f"版本目录 {EDITIONS_DIR}/{name}/ 没有带校验值的修订记录",
                              "版本目录只能由 policy release 生成；请删除该目录或补全发布流程")
