"""The whole standard as JSON: a stable interface for other tools."""

from __future__ import annotations

import json
from typing import Any

from .labels import REFERENCE_MARK
from .model import CLAUSE_ID, XREF, Standard


def plain(std: Standard, text: str, marks: bool = False) -> str:
    """Clause text as a reader reads it: cross-references replaced by numbers and titles (with
    ``marks``, a citation of a reference not checked against the official text says so)."""

    def sub(m: Any) -> str:
        target, note = m.group(1).strip(), (m.group(2) or "").strip()
        if CLAUSE_ID.match(target):
            c = std.clause_by_id.get(target)
            return f"第 {c.number} 条" if c else target
        r = std.ref_by_id.get(target)
        mark = f"（{REFERENCE_MARK[r.status]}）" if marks and r and r.status in REFERENCE_MARK else ""
        return (f"《{r.title}》" if r else target) + note + mark

    return XREF.sub(sub, text)


def to_dict(std: Standard, status: str = "") -> dict[str, Any]:
    """The whole standard; ``status`` is the edition's status on the day asked for."""
    m = std.meta
    return {
        "document": {
            "title": m.title, "code": m.code, "edition": m.edition, "status": status or m.status,
            "issuer": m.issuer, "interpreter": m.interpreter, "issued": m.issued,
            "effective": m.effective,
        },
        "chapters": [
            {
                "number": ch.number,
                "title": ch.title,
                "sections": [
                    {
                        "number": s.number, "title": s.title, "owner": s.owner,
                        "review_due": s.review_due, "purpose": s.purpose,
                        "references": s.references,
                        "clauses": [
                            {"id": c.id, "number": c.number, "text": plain(std, c.text),
                             "items": [plain(std, t) for t in c.items], "source": c.text,
                             "source_items": c.items,
                             "limits": [{"topic": x.topic, "kind": x.kind, "period": x.period,
                                         "from": x.start, "who": x.who} for x in c.limits]}
                            for c in s.clauses
                        ],
                    }
                    for s in ch.sections
                ],
            }
            for ch in std.chapters
        ],
        "references": [
            {k: getattr(r, k) for k in ("id", "title", "issuer", "number", "issued", "effective",
                                        "status", "url", "note")}
            for r in std.references
        ],
        "glossary": [
            {"term": t.term, "definition": t.definition, "aliases": t.aliases,
             "colloquial": t.colloquial, "see": t.see, "references": t.references}
            for t in std.glossary
        ],
        "departments": [{"id": d.id, "name": d.name, "team": d.team} for d in std.departments],
        "revisions": [
            {
                "edition": r.edition, "kind": r.kind, "approved_by": r.approved_by,
                "approval_doc": r.approval_doc, "approved": r.approved, "issued": r.issued,
                "effective": r.effective, "summary": r.summary, "checksum": r.checksum,
                "changes": [{"id": c.id, "change": c.change, "reason": c.reason,
                             "substantive": c.substantive} for c in r.changes],
            }
            for r in std.revisions
        ],
    }


def to_json(std: Standard, status: str = "") -> str:
    return json.dumps(to_dict(std, status), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
