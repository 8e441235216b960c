"""The search index of one edition: every clause as a document, and the staff vocabulary (pure).

The index carries text, not tokens: the site's search (docs/assets/policy-search.js) splits the
clauses and the query with the same function in the reader's browser, so the two can never
disagree on how Chinese is cut into words (the failure of a build-time segmenter paired with a
different one in the browser). Staff words that the text does not use reach a clause through
the glossary: each term's aliases (other spellings in the text) and its colloquial names
(俗称、口语、旧称) map the query's word to the term's. Each clause also lists the clauses it
points to for a rule ("按第 2.5.1 条执行"), which share in its match, and the staff questions it
answers (search-questions/): a new question close to one of them lifts that clause, if the clause
matches the new question's words too.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

import yaml

from ..export import plain
from ..model import CLAUSE_ID, XREF, Limit, Standard
from ..words import words_in
from .markdown import chapter_label
from .text import item_label

INDEX = "policy-search/index.json"

# Everyday words and the words this kind of text uses for the same thing (search-words.yml, not
# terms of the standard: those, with their colloquial names, are the glossary's). A query's word
# is met by itself or by any of these; a clause is never given words it does not contain.
NEAR: dict[str, list[str]] = {
    str(k): [str(x) for x in v] for k, v in yaml.safe_load(
        resources.files(__package__).joinpath("search-words.yml").read_text("utf-8")).items()}


QUESTIONS = "search-questions"


@functools.cache
def asked() -> dict[str, list[str]]:
    """Clause id (as of the draft) -> the staff questions it answers, from the question sets in
    search-questions/ (each question with its answering clauses' ids), in the files' order."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[str, list[str]] = {}
    folder = resources.files(__package__).joinpath(QUESTIONS)
    for f in sorted((x for x in folder.iterdir() if x.name.endswith(".yml")), key=lambda x: x.name):
        for q in yaml.load(f.read_text("utf-8"), Loader=loader)["queries"]:
            text = " ".join(str(q["q"]).split())
            for cid in q["answers"]:
                if text not in found.setdefault(str(cid), []):
                    found[str(cid)].append(text)
    return found


# A word of the word list: two to six Chinese characters.
WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2,6}$")


def word_list(texts: Iterable[str], extra: Iterable[str]) -> list[str]:
    """The words of the text as jieba cuts them (whole words and, in search mode, the words
    inside compounds), with ``extra``: the query is cut into these in the browser, so that a pair
    of characters that straddles two of the question's words counts less than one inside a word.
    Only the list is shipped; the browser does no segmentation of the text itself."""
    import jieba  # the site's extra; imported here so that the core loads without it

    jieba.setLogLevel(logging.WARNING)
    found = set(w for w in extra if WORD.match(w))
    for text in texts:
        found.update(w for w in jieba.cut(text) if WORD.match(w))
        found.update(w for w in jieba.cut_for_search(text) if WORD.match(w))
    return sorted(found)


def cited(std: Standard) -> dict[str, list[str]]:
    """Clause id -> the clauses it points to for a rule ("按第 2.5.1 条执行"), in order: a range
    ([[C-6104]]至[[C-6107]]) stands for every clause from the first to the last."""
    order = [c.id for c in std.clauses()]
    at = {cid: i for i, cid in enumerate(order)}
    found: dict[str, list[str]] = {}
    for c in std.clauses():
        out = found.setdefault(c.id, [])
        for _, text in c.texts():
            links = [m for m in XREF.finditer(text) if CLAUSE_ID.match(m.group(1).strip())]
            for i, m in enumerate(links):
                ids, prev = [m.group(1).strip()], links[i - 1] if i else None
                if prev and text[prev.end():m.start()].strip() == "至":
                    a, b = at.get(prev.group(1).strip()), at.get(ids[0])
                    if a is not None and b is not None and a < b:
                        ids = order[a + 1:b + 1]
                out.extend(x for x in ids if x != c.id and x not in out and x in at)
    return found


def index(std: Standard, hints: dict[str, list[Limit]] | None = None) -> dict[str, Any]:
    """The edition's search index as data (JSON-ready); ``hints`` stand in for the limits of
    clauses that register none (a released edition's, from the draft)."""
    hints = hints or {}
    spelled = {w: t for t in std.glossary for w in [t.term, *t.aliases]}
    home: dict[str, list[str]] = {}  # clause id -> the terms whose main rule it sets
    for t in std.glossary:
        for cid in t.see:
            home.setdefault(cid, []).append(t.term)
    refs = cited(std)
    questions = asked()
    docs = []
    for ch in std.chapters:
        for s in ch.sections:
            for c in s.clauses:
                text = plain(std, c.text) + "".join(
                    item_label(i) + plain(std, t) for i, t in enumerate(c.items))
                found = sorted({spelled[w].term for w in words_in(spelled, text)})
                limits = c.limits or hints.get(c.id, [])
                keys = found + sorted({x.topic for x in limits})
                docs.append({"id": c.id, "n": c.number, "s": f"{s.number} {s.title}",
                             "c": f"{chapter_label(ch.number)} {ch.title}",
                             "u": f"chapters/{ch.number:02d}/#{c.id}", "t": text, "k": keys,
                             "h": home.get(c.id, []), "r": refs[c.id],
                             "q": questions.get(c.id, []),
                             "l": sorted({x.kind for x in limits}),
                             "lt": sorted({x.topic for x in limits})})
    # word -> the term it stands for: spellings in the text, and what staff call it
    vocab = {w: t.term for t in std.glossary for w in [t.term, *t.aliases, *t.colloquial]}
    extra = [*vocab, *NEAR, *(w for ws in NEAR.values() for w in ws)]
    words = word_list([str(d[f]) for d in docs for f in ("t", "s", "c")], extra)
    return {"edition": std.meta.edition, "docs": docs, "vocab": vocab, "near": NEAR, "w": words}


def index_json(std: Standard, hints: dict[str, list[Limit]] | None = None) -> str:
    return json.dumps(index(std, hints), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
