"""时限与条文一致

条款的每一个时限和期限都登记在它的 `limits` 中，汇入《时限与期限一览表》。登记的期限
（`period`）必须在条文中原样出现；条文中规定的期限（“15日内”“提前3日”“至少保存10年”“每6个月”
等）也必须登记。两边不一致，说明改了条文忘了改一览表，或者反过来。日历日期（每年1月31日前）、
年龄和判断条件（“超过2小时的”“近12个月内”）不是期限，不必登记。

PASS:

    - id: C-5402
      text: 承办部门应自收到投诉之日起15日内作出处理决定并告知投诉人。
      limits:
        - topic: 投诉处理决定
          kind: 时限
          period: 15日
          from: 收到投诉之日
          who: 承办部门

FAIL:

    - id: C-5402
      text: 承办部门应自收到投诉之日起10日内作出处理决定并告知投诉人。
      limits:
        - topic: 投诉处理决定
          kind: 时限
          period: 15日          # 条文已改为 10日
          from: 收到投诉之日
          who: 承办部门
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..problem import Problem
from ._periods import periods

ID = "limit-text"
LEVEL = "error"


def check(ctx: Context) -> Iterator[Problem]:
    for c in ctx.std.clauses():
        texts = c.texts()
        whole = "\n".join(t for _, t in texts)
        declared = {x.period for x in c.limits}
        for x in c.limits:
            if x.period not in whole:
                yield ctx.problem(x.src, ID, f"条款 {c.id} 登记的“{x.topic}”期限 {x.period} 不在条文中",
                                  "请把 period 改为条文中写的期限，或修改条文；两处须一致",
                                  at=("period",))
            for key, value in (("topic", x.topic), ("from", x.start), ("who", x.who)):
                if value.startswith("（"):
                    yield ctx.problem(x.src, ID, f"条款 {c.id} 的时限的 {key} 尚未填写（仍是“{value}”）",
                                      "请按条文写明", at=(key,))
        stale = [x for x in c.limits if x.period not in whole]  # a period changed in the text
        for at, text in texts:
            for offset, period in periods(text):
                if period in declared:
                    continue
                head = "" if c.limits else "        limits:\n"
                changed = "".join(
                    f"如果是把“{x.topic}”的期限由 {x.period} 改成了 {period}，只需把 limits 中该项的 "
                    f"period 改为 {period}，不要另加一项；否则" for x in stale[:1])
                yield ctx.problem(c.src, ID, f"条款 {c.id} 的条文规定了期限“{period}”，但 limits 中没有登记",
                                  f"{changed}请在这一条的 limits 中加入（事项、起算点和负责者按条文填写）：\n{head}"
                                  "          - topic: （事项，如 投诉处理决定）\n"
                                  f"            kind: 时限\n            period: {period}\n"
                                  "            from: （起算点，如 收到投诉之日）\n"
                                  "            who: （负责的部门或岗位）",
                                  at=at[len(c.src.at):], offset=offset)
