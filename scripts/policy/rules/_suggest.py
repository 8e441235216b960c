"""“Did you mean”: the clause ids closest to a mistyped one, as an editor mistypes them.

Ids are compared by edit distance on their digits, where swapping two neighbouring digits
(C-5420 for C-5402) costs less than changing one, and a candidate in the same section as the
mistyped id (C-54xx: section 5.4) comes before one elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Clause, Standard


def distance(a: str, b: str) -> float:
    """Optimal string alignment distance; a transposition of neighbours costs 0.5."""
    d = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and cost:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 0.5)
    return d[len(a)][len(b)]


def _section(cid: str) -> str:
    digits = cid.removeprefix("C-")
    return digits[:2] if len(digits) == 4 else digits[:4]


def closest(target: str, ids: Iterable[str], limit: int = 2, most: float = 2.0) -> list[str]:
    """Up to ``limit`` ids within ``most`` edits of ``target``, best first."""
    want = target.removeprefix("C-")
    scored = []
    for cid in ids:
        dist = distance(want, cid.removeprefix("C-"))
        if dist <= most:
            other = 0 if _section(cid) == _section(target) else 1
            gap = abs(int(cid[2:]) - int(want)) if want.isdigit() and cid[2:].isdigit() else 0
            scored.append((dist, other, gap, cid))
    best = sorted(scored)
    # a second suggestion only when it is as close as the first
    return [cid for dist, *_, cid in best[:limit] if dist == best[0][0]]


def free_id(c: Clause, used: set[str], top: Callable[[], int]) -> str:
    """The first unused id in the clause's section block: C-21nn for section 2.1 (4 digits),
    C-1203nn for section 12.3 (6 digits); else one above the highest id in use."""
    if c.chapter < 10 and c.section < 10:
        block = f"C-{c.chapter}{c.section}"
    elif c.chapter < 100 and c.section < 100:
        block = f"C-{c.chapter:02d}{c.section:02d}"
    else:
        block = ""
    if block:
        for n in range(1, 100):
            cand = f"{block}{n:02d}"
            if cand not in used:
                return cand
    return f"C-{top() + 1:04d}"


def ever_used(std: Standard) -> set[str]:
    """Every id in the text or named in any revision: none of them may be given to a new clause."""
    return {c.id for c in std.clauses()} | {ch.id for r in std.revisions for ch in r.changes}
