"""Which sections must be reviewed because a law they cite was amended or repealed.

A reference records its amendments (``amended`` in references.yml); a revision records the
references its edition was reviewed against (``reviewed``). A section citing an amended reference
stays 待复核 until a revision approved after the amendment records that review. Used by the
rule reference-review and by the site's section panels.
"""

from __future__ import annotations

from .model import Amendment, Reference, Section, Standard, xrefs


def pending(std: Standard, ref: Reference, on: str) -> Amendment | None:
    """The latest amendment of ``ref`` (up to ``on``) that no revision of ``std`` recorded a
    review of after it: a review counts from its edition's approval (the draft's: now)."""
    for a in sorted(ref.amended, key=lambda x: x.date, reverse=True):
        if a.date > on:
            continue
        if not any(ref.id in r.reviewed and (r.approved or on) >= a.date for r in std.revisions):
            return a
        return None
    return None


def citing(std: Standard, ref_id: str) -> list[Section]:
    """The sections that cite a reference: in their list of references or in a clause."""
    return [s for s in std.sections() if ref_id in s.references or any(
        t == ref_id for c in s.clauses for _, text in c.texts() for _, t, _ in xrefs(text))]


def review_due(std: Standard, on: str) -> dict[str, list[tuple[Reference, Amendment]]]:
    """Section number -> the amended references it still has to be reviewed against."""
    out: dict[str, list[tuple[Reference, Amendment]]] = {}
    for ref in std.references:
        a = pending(std, ref, on)
        if a is not None:
            for s in citing(std, ref.id):
                out.setdefault(s.number, []).append((ref, a))
    return out
