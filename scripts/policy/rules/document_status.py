"""版本状态不手工填写

一个版本是草案、已发布待施行、现行有效还是已失效，由 revisions.yml 中各版本的批准、发布和施行
日期按当天日期推导，不在 document.yml 中填写：手填的状态到了施行日期不会自己改变。已发布版本的
冻结副本中保留的旧 `status` 不再被读取。

PASS:

    edition: "2.0"
    issued: 2026-12-15
    effective: 2027-01-01

FAIL:

    edition: "2.0"
    status: 现行有效
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Src
from ..problem import Problem

ID = "document-status"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    doc = ctx.sources.get("document.yml")
    if doc is not None and ("status",) in doc.keys:
        yield ctx.problem(Src("document.yml"), ID, "document.yml 不再填写 status：版本状态由修订记录中的"
                          "发布和施行日期推导", "请删除 status 这一行", at=("status",), key=True)
