"""Compare two editions clause by clause, matched by stable id: the 新旧条文对照表.

Everything here works from indexes (dicts keyed by id), never from nested scans, so comparing two
editions costs time in proportion to their size.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from .export import plain
from .model import XREF, Clause, Revision, Standard

# Half-width punctuation and its full-width form are the same text to a reader of Chinese.
_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（",
                       ")": "）", "\u3000": " "})


def normalise(text: str) -> str:
    """Text as compared: NFC, full-width punctuation, no spaces, no line breaks."""
    text = unicodedata.normalize("NFC", text).translate(_FULL)
    return "".join(text.split())


def source_of(c: Clause) -> str:
    """A clause's whole source text (text and items) as one string."""
    return "\n".join([c.text, *c.items])


def reading_of(std: Standard, c: Clause) -> str:
    """A clause as a reader reads it in that edition: references resolved, items numbered."""
    from .render.text import item_label

    parts = [plain(std, c.text)] + [item_label(i) + plain(std, t) for i, t in enumerate(c.items)]
    return "\n".join(parts)


@dataclass(frozen=True)
class Change:
    """One changed clause. ``kinds`` is a subset of added/modified/removed/moved."""

    id: str
    kinds: tuple[str, ...]
    old_number: str = ""
    new_number: str = ""
    old_text: str = ""
    new_text: str = ""
    editorial: bool = False  # only punctuation or spacing differs
    renumbered: bool = False
    cited_by: tuple[str, ...] = ()  # numbers of clauses (in the new edition) that cite it


@dataclass(frozen=True)
class Reason:
    """What the new edition's revision entry says about one change of a clause."""

    kind: str
    reason: str
    substantive: bool


@dataclass(frozen=True)
class Renumbered:
    """A clause whose number changed only because clauses before it were added or removed."""

    id: str
    old_number: str
    new_number: str


@dataclass
class Comparison:
    """The 新旧条文对照表 between two editions: every changed clause, the reasons the new
    edition's revision entry gives, and the clauses only renumbered. Built by ``comparison``;
    the site, the PDF, Word and the CLI all render this one object."""

    old_label: str
    new_label: str
    changes: list[Change] = field(default_factory=list)
    reasons: dict[str, list[Reason]] = field(default_factory=dict)
    renumbered: list[Renumbered] = field(default_factory=list)
    draft: bool = False  # the new side is a draft, not an approved edition


def reasons_of(revision: Revision | None, std: Standard | None = None
               ) -> dict[str, list[Reason]]:
    """The reasons recorded in ``revision``, by clause; cross-references in them as the
    numbers of ``std`` (the new edition)."""
    out: dict[str, list[Reason]] = {}
    if revision is not None:
        for ch in revision.changes:
            why = plain(std, ch.reason) if std is not None else ch.reason
            out.setdefault(ch.id, []).append(Reason(ch.change, why, ch.substantive))
    return out


def comparison(old: Standard, new: Standard, old_label: str = "", new_label: str = "",
               revision: Revision | None = None, draft: bool = False) -> Comparison:
    """The one place a 对照表 is assembled: changes, the reasons recorded in ``revision`` (the
    new edition's entry) and the renumbered clauses; ``draft`` when the new side is not an
    approved edition."""
    cmp = compare(old, new, old_label, new_label)
    cmp.reasons = reasons_of(revision, new)
    cmp.draft = draft
    cmp.renumbered = [Renumbered(*r) for r in renumbered(old, new)]
    return cmp


def _order_key(std: Standard) -> dict[str, tuple[str, int]]:
    """id -> (section title path, position among the section's clauses)."""
    out = {}
    for ch in std.chapters:
        for s in ch.sections:
            for k, c in enumerate(s.clauses):
                out[c.id] = (f"{ch.title}/{s.title}", k)
    return out


def _moved(old: Standard, new: Standard) -> set[str]:
    """Clauses that changed section, or changed order among the clauses both editions share.

    A clause renumbered only because another was inserted or removed before it has not moved.
    """
    ko, kn = _order_key(old), _order_key(new)
    common = [cid for cid in ko if cid in kn]
    moved = {cid for cid in common if ko[cid][0] != kn[cid][0]}
    by_section: dict[str, list[str]] = {}
    for cid in common:
        if cid not in moved:
            by_section.setdefault(ko[cid][0], []).append(cid)
    for ids in by_section.values():
        old_seq = sorted(ids, key=lambda i: ko[i][1])
        new_seq = sorted(ids, key=lambda i: kn[i][1])
        keep = difflib.SequenceMatcher(a=old_seq, b=new_seq, autojunk=False)
        stay = {old_seq[b.a + j] for b in keep.get_matching_blocks() for j in range(b.size)}
        moved |= set(ids) - stay
    return moved


def citing(std: Standard) -> dict[str, list[Clause]]:
    """Target id -> the clauses that cite it, each once, in document order."""
    out: dict[str, list[Clause]] = {}
    seen: set[tuple[str, str]] = set()  # (target, citing clause), not a scan of the list
    for c in std.clauses():
        for t in [c.text, *c.items]:
            for m in XREF.finditer(t):
                target = m.group(1).strip()
                if target != c.id and (target, c.id) not in seen:
                    seen.add((target, c.id))
                    out.setdefault(target, []).append(c)
    return out


def compare(old: Standard, new: Standard, old_label: str = "", new_label: str = "") -> Comparison:
    """The clauses that differ between ``old`` and ``new``, in the new edition's order."""
    moved = _moved(old, new)
    cites = citing(new)
    result = Comparison(old_label or old.meta.edition, new_label or new.meta.edition)

    def cited_by(cid: str) -> tuple[str, ...]:
        return tuple(c.number for c in cites.get(cid, []))

    # Rows in document order: a removed clause stands where it stood, after the clause that
    # preceded it in the old edition (and is still there), so that the table reads as the text.
    position = {c.id: i for i, c in enumerate(new.clauses())}
    place: dict[str, float] = {}
    after = -1.0
    for k, c in enumerate(old.clauses()):
        if c.id in position:
            after = float(position[c.id])
        else:
            place[c.id] = after + 0.5 + k * 1e-6
    rows: list[tuple[float, Change]] = []
    for c in new.clauses():
        prev = old.clause_by_id.get(c.id)
        if prev is None:
            rows.append((position[c.id], Change(c.id, ("added",), new_number=c.number,
                                                new_text=reading_of(new, c),
                                                cited_by=cited_by(c.id))))
            continue
        kinds = []
        a, b = source_of(prev), source_of(c)
        if a != b:
            kinds.append("modified")
        if c.id in moved:
            kinds.append("moved")
        if kinds:
            rows.append((position[c.id], Change(
                c.id, tuple(kinds), prev.number, c.number, reading_of(old, prev),
                reading_of(new, c), editorial=a != b and normalise(a) == normalise(b),
                renumbered=prev.number != c.number, cited_by=cited_by(c.id))))
    for c in old.clauses():
        if c.id not in new.clause_by_id:
            rows.append((place[c.id], Change(c.id, ("removed",), old_number=c.number,
                                             old_text=reading_of(old, c),
                                             cited_by=cited_by(c.id))))
    result.changes = [ch for _, ch in sorted(rows, key=lambda r: r[0])]
    return result


def renumbered(old: Standard, new: Standard) -> list[tuple[str, str, str]]:
    """(id, old number, new number) for clauses whose number changed without a text change."""
    out = []
    moved = _moved(old, new)
    for c in new.clauses():
        prev = old.clause_by_id.get(c.id)
        if prev and prev.number != c.number and source_of(prev) == source_of(c) \
                and c.id not in moved:
            out.append((c.id, prev.number, c.number))
    return out


# A number is one token: "15日" → "10日" reads as 15 → 10, and a renumbered "第 5.4.4 条" as
# 5.4.4 → 5.4.5, never as a changed last digit.
_TOKEN = re.compile(r"\d+(?:\.\d+)*|.", re.S)


def char_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level opcodes as (tag, text): tag is "=", "-" or "+"; numbers change whole.

    Punctuation width and spacing are normalised first, so swapping "," for "，" is no change.
    """
    a = _TOKEN.findall(old.translate(_FULL))
    b = _TOKEN.findall(new.translate(_FULL))
    out: list[tuple[str, str]] = []
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            out.append(("=", came))
            continue
        if gone and "".join(gone.split()):
            out.append(("-", gone))
        if came and "".join(came.split()):
            out.append(("+", came))
        elif came:
            out.append(("=", came))  # only spaces came
    return out
