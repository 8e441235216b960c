"""修正不改变客户的权利义务

第 8.2.3 条：修正是个别条文的修改，且不改变客户的权利义务；凡增加、减少或者改变客户权利义务的
变更，不论涉及条文多少，均应作为修订办理（版本号整数部分加 1）。待发布的版本是修正，而变更中
有登记为 `rights: true` 的，或者实质性修改的条款写的正是客户能做、应做或会得到的事（客户可以、
客户有权、告知客户、向客户……）而没有说明不改变其权利义务的，会得到提示：请法律合规部认定
本次变更属于修订还是修正。

PASS:

    - edition: "2.0"
      kind: 修订
      changes:
        - id: C-5402
          change: modified
          reason: 投诉处理期限自收到投诉之日起计算。
          substantive: true
          rights: true

FAIL:

    - edition: "1.2"
      kind: 修正
      changes:
        - id: C-5402
          change: modified
          reason: 投诉处理期限自收到投诉之日起计算。
          substantive: true
          rights: true
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..problem import Problem

ID = "revision-kind"
LEVEL = "warning"

# the customer as the one who may, must or is told: the text of a right or a duty
_CUSTOMER = re.compile(r"客户(?:可以|可|有权|应|须|不得)|(?:告知|通知|提示|退还|赔偿|补偿)(?:客户|投诉人)|"
                       r"向(?:客户|投诉人)|投诉人(?:可|有权)")


def check(ctx: Context) -> Iterator[Problem]:
    last = ctx.std.revisions[-1] if ctx.std.revisions else None
    if last is None or last.checksum or last.kind != "修正":
        return
    for ch in last.changes:
        c = ctx.std.clause_by_id.get(ch.id)
        text = "".join([c.text, *c.items]) if c else ""
        if ch.rights:
            yield ctx.problem(ch.src, ID, f"{last.edition} 版是修正，但条款 {ch.id} 的变更登记为改变客户的"
                              "权利义务", f"按第 8.2.3 条，改变客户权利义务的变更应作为修订办理：把 kind 改为"
                              f" 修订、版本号改为 {int(last.edition.split('.')[0]) + 1}.0", at=("rights",))
        elif ch.substantive and ch.change != "removed" and _CUSTOMER.search(text) \
                and "rights" not in _keys(ctx, ch.src.at):
            yield ctx.problem(ch.src, ID, f"{last.edition} 版是修正，而条款 {ch.id} 的实质性修改涉及客户可以、"
                              "应当或将被告知的事", "请法律合规部按第 8.2.3 条认定：改变客户权利义务的，应"
                              "作为修订办理；不改变的，在这一项中写明 rights: false", at=("substantive",))


def _keys(ctx: Context, at: tuple[object, ...]) -> set[str]:
    doc = ctx.sources.get("revisions.yml")
    return {str(p[-1]) for p in doc.keys if p[:-1] == at} if doc else set()
