"""Every label a reader sees for a kind of change or a status, in one table."""

from __future__ import annotations

# A clause's change between two editions (revisions.yml `change`, the 对照表, the PDF).
CHANGE_ZH = {"added": "新增", "modified": "修改", "removed": "删除", "moved": "移动"}

# How far a reference has been checked against its official text.
# what a citation in the text carries when its reference is not checked against the official text
REFERENCE_MARK = {"secondary": "待核对", "unconfirmed": "待核实"}
REFERENCE_STATUS_ZH = {
    "official": "已核对官方文本",
    "secondary": "据二手来源，待核对官方文本",
    "unconfirmed": "待核实",
}

# An edition's status on a given day (``editions.statuses`` decides it).
DRAFT_STATUS = "草案"
PENDING = "待施行"
IN_FORCE = "现行有效"
SUPERSEDED = "已失效"
STATUS_LABEL = {DRAFT_STATUS: "草案", PENDING: "已发布、待施行", IN_FORCE: "现行有效",
                SUPERSEDED: "已失效"}
