"""Clause text as a sequence of segments, shared by the site and the PDF renderers.

An editor's text is split into plain text, cross-references to clauses, citations of external
references and glossary terms; each renderer turns the segments into its own markup and escapes
the plain text, so nothing an editor types can become markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CLAUSE_ID, XREF, Clause, Reference, Standard, Term
from ..words import word_regex


@dataclass(frozen=True)
class Plain:
    text: str


@dataclass(frozen=True)
class ClauseRef:
    clause: Clause | None
    target: str


@dataclass(frozen=True)
class Citation:
    ref: Reference | None
    target: str
    note: str


@dataclass(frozen=True)
class TermUse:
    term: Term
    text: str


Segment = Plain | ClauseRef | Citation | TermUse


class TermMatcher:
    """Finds glossary terms (and aliases), longest first; each term is marked once per scope."""

    def __init__(self, glossary: list[Term]) -> None:
        self.by_word = {w: t for t in glossary for w in [t.term, *t.aliases]}
        # a trie, not an alternation: the same matches (longest word first) in linear time
        self.rx = word_regex(self.by_word)

    def split(self, text: str, seen: set[str]) -> list[Segment]:
        if self.rx is None:
            return [Plain(text)] if text else []
        out: list[Segment] = []
        pos = 0
        for m in self.rx.finditer(text):
            term = self.by_word[m.group()]
            if term.term in seen:
                continue
            seen.add(term.term)
            if m.start() > pos:
                out.append(Plain(text[pos:m.start()]))
            out.append(TermUse(term, m.group()))
            pos = m.end()
        if pos < len(text):
            out.append(Plain(text[pos:]))
        return out


def segments(std: Standard, text: str, terms: TermMatcher | None = None,
             seen: set[str] | None = None) -> list[Segment]:
    """Split ``text``; ``seen`` carries the terms already marked in the current scope."""
    out: list[Segment] = []
    pos = 0
    seen = seen if seen is not None else set()

    def plain(s: str) -> None:
        if terms is not None:
            out.extend(terms.split(s, seen))
        elif s:
            out.append(Plain(s))

    for m in XREF.finditer(text):
        plain(text[pos:m.start()])
        target, note = m.group(1).strip(), (m.group(2) or "").strip()
        if CLAUSE_ID.match(target):
            out.append(ClauseRef(std.clause_by_id.get(target), target))
        else:
            out.append(Citation(std.ref_by_id.get(target), target, note))
        pos = m.end()
    plain(text[pos:])
    return out


def split_basis(segs: list[Segment]) -> tuple[list[Segment], list[Citation]]:
    """Separate the citations that close a clause (its legal basis) from its body.

    ``……告知投诉人。[[R-COMPLAINT]] [[R-AML|第三十条]]`` reads better as the body followed by
    “依据：《…》；《…》第三十条” than as titles run into the sentence.
    """
    body = list(segs)
    basis: list[Citation] = []
    while body:
        last = body[-1]
        if isinstance(last, Citation):
            basis.insert(0, last)
        elif not (isinstance(last, Plain) and not last.text.strip()):
            break
        body.pop()
    return body, basis


def backlinks(std: Standard) -> dict[str, list[Clause]]:
    """Clause id -> the clauses whose text cites it, in document order (one pass, an index)."""
    out: dict[str, list[Clause]] = {}
    for c in std.clauses():
        cited = []
        for t in [c.text, *c.items]:
            for m in XREF.finditer(t):
                target = m.group(1).strip()
                if CLAUSE_ID.match(target) and target != c.id and target not in cited:
                    cited.append(target)
        for target in cited:
            out.setdefault(target, []).append(c)
    return out


CN_NUM = "一二三四五六七八九十"


def item_label(i: int) -> str:
    """（一）…（十）, then （十一）… for longer lists."""
    n = i + 1
    if n <= 10:
        return f"（{CN_NUM[n - 1]}）"
    tens, ones = divmod(n, 10)
    return f"（{'' if tens == 1 else CN_NUM[tens - 1]}十{CN_NUM[ones - 1] if ones else ''}）"
