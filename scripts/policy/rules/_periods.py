"""Where a clause's text sets a period: the expressions the 时限与期限一览表 must hold.

A period is a number and a unit of time (15日, 1个工作日, 10年) that the text sets as a deadline
(followed by 内 or 以内), an advance notice, a retention, a cycle or a validity (after 提前, 保存,
不少于, 不超过, 每, 至少每, 有效期为). Not periods: calendar dates (每年1月31日前), 7×24小时, ages
(60周岁), and thresholds and conditions (超过2小时的, 近12个月内, 未满2年的: a 的 before the
next punctuation, or 超过/满/近/连续/累计 before the number).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

UNIT = r"(?:个工作日|工作日|日|天|小时|分钟|秒|周|个月|年)"
PERIOD = re.compile(r"\d+(?:\.\d+)?" + UNIT)
_SETTER = re.compile(r"(?:提前|保存|不少于|不超过|至少每|每|有效期为|期限为|为期)$")
_PUNCT = re.compile(r"[，；。：、（）()]")
_CONDITION = re.compile(r"(?:超过|满|未满|近|连续|累计)$")


def periods(text: str) -> Iterator[tuple[int, str]]:
    """(offset, period as written) for every period the text sets."""
    for m in PERIOD.finditer(text):
        s, e = m.start(), m.end()
        if text[s - 1:s] in ("月", "×") or text[e:e + 1] in ("月", "岁") or text[e:e + 1].isdigit():
            continue
        sets = text.startswith(("内", "以内"), e) or _SETTER.search(text[max(0, s - 6):s])
        if not sets or _CONDITION.search(text[max(0, s - 3):s]):
            continue
        if "的" in _PUNCT.split(text[e:], maxsplit=1)[0]:
            continue
        yield s, m.group(0)
