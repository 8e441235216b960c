"""The search index of one edition: every clause as a document, and the staff vocabulary (pure).

The index carries text, not tokens: the site's search (docs/assets/policy-search.js) splits the
clauses and the query with the same function in the reader's browser, so the two can never
disagree on how Chinese is cut into words (the failure of a build-time segmenter paired with a
different one in the browser). Staff words that the text does not use reach a clause through
the glossary: each term's aliases (other spellings in the text) and its colloquial names
(俗称、口语、旧称) map the query's word to the term's.
"""

from __future__ import annotations

import json
from typing import Any

from ..export import plain
from ..model import Standard
from ..words import words_in
from .markdown import chapter_label
from .text import item_label

INDEX = "policy-search/index.json"

# Everyday words and the words this kind of text uses for the same thing (not terms of the
# standard: those, with their colloquial names, are the glossary's). A query's word is met by
# itself or by any of these; a clause is never given words it does not contain.
NEAR: dict[str, list[str]] = {
    "答复": ["告知", "回复"], "回复": ["答复", "告知"], "回应": ["答复", "告知"],
    "流程": ["程序"], "步骤": ["程序"], "手续": ["程序"], "修改": ["修订", "修正"],
    "吵架": ["争吵"], "骂": ["辱骂"], "打人": ["威胁"], "休息": ["休整"],
    "举报": ["报告", "反映"], "揭发": ["报告", "反映"], "上报": ["报告"], "汇报": ["报告"],
    "不满意": ["异议", "不满"], "不服": ["异议"], "用途": ["目的"],
    "退钱": ["退还"], "退款": ["退还"], "取钱": ["支取", "取现"], "存钱": ["存款"],
    "领导": ["负责人"], "主管": ["负责人"], "老板": ["负责人"], "处罚": ["追究责任", "处分"],
    "扣分": ["考核"], "新人": ["新入职"], "新员工": ["新入职"], "手续费": ["费用", "收费"],
    "推销": ["营销", "销售"], "广告": ["宣传"], "隐私": ["个人信息"],
    "保存": ["保管", "留存"], "留存": ["保存", "保管"], "打电话": ["来电"], "电话": ["热线", "来电"],
    "机器人": ["智能客服"], "听不懂": ["识别"], "外国人": ["境外", "外籍"],
    "删掉": ["删除"], "丢了": ["挂失"], "被骗": ["诈骗"], "骗子": ["诈骗"],
    "家属": ["近亲属"], "家人": ["近亲属"], "去世": ["死亡"], "过世": ["死亡"],
    "断网": ["中断"], "停电": ["中断"], "打分": ["评分", "评价"], "考试": ["考核"],
    "证书": ["资格"], "年终": ["年度"], "分行": ["分支机构"], "支行": ["分支机构", "营业网点"],
    "柜台": ["柜面"], "app": ["手机银行"], "同事": ["员工", "他人"], "处理结果": ["处理决定"],
}


def index(std: Standard) -> dict[str, Any]:
    """The edition's search index as data (JSON-ready)."""
    spelled = {w: t for t in std.glossary for w in [t.term, *t.aliases]}
    home: dict[str, list[str]] = {}  # clause id -> the terms whose main rule it sets
    for t in std.glossary:
        for cid in t.see:
            home.setdefault(cid, []).append(t.term)
    docs = []
    for ch in std.chapters:
        for s in ch.sections:
            for c in s.clauses:
                text = plain(std, c.text) + "".join(
                    item_label(i) + plain(std, t) for i, t in enumerate(c.items))
                found = sorted({spelled[w].term for w in words_in(spelled, text)})
                keys = found + sorted({x.topic for x in c.limits})
                docs.append({"id": c.id, "n": c.number, "s": f"{s.number} {s.title}",
                             "c": f"{chapter_label(ch.number)} {ch.title}",
                             "u": f"chapters/{ch.number:02d}/#{c.id}", "t": text, "k": keys,
                             "h": home.get(c.id, []),
                             "l": sorted({x.kind for x in c.limits})})
    # word -> the term it stands for: spellings in the text, and what staff call it
    vocab = {w: t.term for t in std.glossary for w in [t.term, *t.aliases, *t.colloquial]}
    return {"edition": std.meta.edition, "docs": docs, "vocab": vocab, "near": NEAR}


def index_json(std: Standard) -> str:
    return json.dumps(index(std), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
