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

from ..context import Context
from ..fs import UnsafePath
from ..model import Src
from ..problem import Problem
from ..repository import EDITIONS_DIR, SUMS_SUFFIX

ID = "edition-frozen"
LEVEL = "error"

_FIELDS = ("edition", "kind", "approved_by", "approval_doc", "approved", "issued", "effective",
           "summary")
_FILE_ZH = {"modified": "被修改", "added": "是发布后新增的", "removed": "已被删除"}


def check(ctx: Context) -> Iterator[Problem]:
    std, repo = ctx.std, ctx.repo
    recorded = {r.edition for r in std.revisions if r.checksum}
    seen_pending = None
    for name, kind in repo.unsafe_edition_entries:
        err = UnsafePath(f"{EDITIONS_DIR}/{name}", kind)
        yield ctx.file_problem(f"{EDITIONS_DIR}/{name}", ID, err.message, err.hint)
    for r in std.revisions:
        if not r.checksum:
            seen_pending = r
            continue
        if seen_pending is not None:
            yield ctx.problem(seen_pending.src, ID,
                              f"{seen_pending.edition} 版尚未发布，却排在已发布的 {r.edition} 版之前",
                              "只有最后一条修订记录可以是待发布（没有 checksum）的版本",
                              at=("edition",))
        shown = f"{EDITIONS_DIR}/{r.edition}/"
        if repo.frozen(r.edition) is None:
            yield ctx.problem(r.src, ID, f"{r.edition} 版记有校验值，但版本目录 {shown} 不存在",
                              "已发布版本的目录不得删除；请从版本库历史中恢复", at=("checksum",))
            continue
        try:
            actual = repo.checksum(r.edition)
        except UnsafePath as exc:
            rel = f"{EDITIONS_DIR}/{r.edition}/{exc.rel}"
            yield ctx.file_problem(rel, ID, UnsafePath(rel, exc.kind).message,
                                   "已发布版本只能包含发布时的普通文件；请从版本库历史中恢复该文件")
            continue
        if actual != r.checksum:
            yield from _changed(ctx, r.edition, r.src)
            continue
        sums = f"{EDITIONS_DIR}/{r.edition}{SUMS_SUFFIX}"
        if repo.recorded_sums(r.edition) is None:
            yield ctx.file_problem(sums, ID, f"已发布的 {r.edition} 版缺少逐个文件的校验值 {sums}",
                                   "该文件由 policy release 生成；请从版本库历史中恢复")
        elif repo.changed_files(r.edition):
            yield ctx.file_problem(sums, ID, f"{sums} 与已发布的 {r.edition} 版的文件不符",
                                   "版本目录与发布时一致，是校验值文件被改动过；请从版本库历史中恢复")
        then = repo.frozen_revisions(r.edition)
        if not then:
            yield ctx.problem(r.src, ID, f"{shown} 不是可用的版本数据",
                              "请从版本库历史中恢复该目录", at=("checksum",))
            continue
        last = then[-1]
        for key in _FIELDS:
            if getattr(last, key) != getattr(r, key):
                yield ctx.problem(r.src, ID,
                                  f"已发布的 {r.edition} 版修订记录的 {key} 被改为“{getattr(r, key)}”"
                                  f"，发布时为“{getattr(last, key)}”",
                                  "已发布版本的修订记录不得修改", at=(key,))
        if last.reviewed != r.reviewed:
            yield ctx.problem(r.src, ID, f"已发布的 {r.edition} 版修订记录的 reviewed 与发布时不同",
                              "已发布版本的修订记录不得修改", at=("reviewed",), key=True)
        if [(c.id, c.change, c.reason, c.substantive, c.rights) for c in last.changes] != \
                [(c.id, c.change, c.reason, c.substantive, c.rights) for c in r.changes]:
            yield ctx.problem(r.src, ID, f"已发布的 {r.edition} 版修订记录的 changes 与发布时不同",
                              "已发布版本的修订记录不得修改", at=("changes",), key=True)
    for name in repo.edition_folders:
        if name not in recorded:
            yield ctx.problem(Src("revisions.yml"), ID,
                              f"版本目录 {EDITIONS_DIR}/{name}/ 没有带校验值的修订记录",
                              "版本目录只能由 policy release 生成；请删除该目录或补全发布流程")


def _changed(ctx: Context, edition: str, src: Src) -> Iterator[Problem]:
    """The checksum differs: name each file that changed, on its own line when history tells."""
    hint = (f"已发布版本不得修改：请用 git checkout 恢复该文件（git log -p -- "
            f"policy_data/{EDITIONS_DIR}/{edition}/ 可查看改动）；如需更正条文，请在草案中修改并"
            "发布新版本")
    files = ctx.repo.changed_files(edition)
    if ctx.repo.recorded_sums(edition) is None:
        yield ctx.problem(src, ID, f"已发布的 {edition} 版（{EDITIONS_DIR}/{edition}/）内容与发布时的"
                          f"校验值不符，且逐个文件的校验值（{EDITIONS_DIR}/{edition}{SUMS_SUFFIX}）"
                          "缺失或无法读取", hint, at=("checksum",))
        return
    if not files:
        yield ctx.file_problem(f"{EDITIONS_DIR}/{edition}{SUMS_SUFFIX}", ID,
                               f"已发布的 {edition} 版各文件与逐个文件的校验值一致，但整体校验值与"
                               "修订记录不符：校验值文件或修订记录中的 checksum 被改动过",
                               "请从版本库历史中恢复该文件和 revisions.yml 中的 checksum")
        return
    for f in files:
        rel = f"{EDITIONS_DIR}/{edition}/{f.path}"
        where = f"，第 {f.line} 行起与发布时不同" if f.line else ""
        yield ctx.file_problem(rel, ID, f"已发布的 {edition} 版的文件 {f.path} {_FILE_ZH[f.change]}"
                               f"{where}", hint, line=f.line or 1)
