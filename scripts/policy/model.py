"""The standard as plain Python objects, built from structurally valid data.

Numbers (chapter 3, section 3.2, clause 3.2.4) are computed from position; ids are what the data
says. Every object remembers the file and the data path it came from, so rules can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Path = tuple[Any, ...]

# [[C-1234]], [[R-PIPL]], [[R-PIPL|第二十八条]]
XREF = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
CLAUSE_ID = re.compile(r"^C-\d{4,6}$")
REF_ID = re.compile(r"^R-[A-Z0-9][A-Z0-9-]*$")


@dataclass(frozen=True)
class Src:
    file: str
    at: Path = ()


@dataclass(frozen=True)
class Limit:
    """A deadline or period a clause sets: one row of the 时限与期限一览表."""

    topic: str
    kind: str
    period: str
    start: str  # ``from`` in the data
    who: str
    src: Src


@dataclass
class Clause:
    id: str
    text: str
    items: list[str]
    number: str
    src: Src
    chapter: int = 0
    section: int = 0
    limits: list[Limit] = field(default_factory=list)

    def texts(self) -> list[tuple[Path, str]]:
        """Every piece of text of this clause with its data path (relative to the file)."""
        return [(self.src.at + ("text",), self.text)] + [
            (self.src.at + ("items", i), t) for i, t in enumerate(self.items)
        ]


@dataclass
class Section:
    title: str
    number: str
    owner: str
    review_due: str
    purpose: str
    references: list[str]
    clauses: list[Clause]
    src: Src


@dataclass
class Chapter:
    number: int
    title: str
    sections: list[Section]
    src: Src


@dataclass(frozen=True)
class Amendment:
    date: str
    change: str  # 修正 / 修订 / 废止
    note: str = ""


@dataclass
class Reference:
    id: str
    title: str
    issuer: str
    status: str
    number: str = ""
    issued: str = ""
    effective: str = ""
    url: str = ""
    note: str = ""
    src: Src = Src("references.yml")
    amended: list[Amendment] = field(default_factory=list)


@dataclass
class Term:
    term: str
    definition: str
    aliases: list[str]
    references: list[str]
    src: Src
    colloquial: list[str] = field(default_factory=list)  # what staff call it (search only)
    see: list[str] = field(default_factory=list)  # the clauses that set its main rule


@dataclass
class Department:
    id: str
    name: str
    team: str
    src: Src


@dataclass
class Change:
    id: str
    change: str
    reason: str
    substantive: bool
    src: Src
    rights: bool = False  # adds to, takes from or changes the customer's rights and duties


@dataclass
class Revision:
    edition: str
    kind: str
    approved_by: str
    summary: str
    changes: list[Change]
    src: Src
    approval_doc: str = ""
    approved: str = ""
    issued: str = ""
    effective: str = ""
    checksum: str = ""
    reviewed: list[str] = field(default_factory=list)  # references reviewed after amendment


@dataclass
class Meta:
    title: str
    code: str
    edition: str
    status: str
    issuer: str
    interpreter: str
    issued: str
    effective: str


@dataclass
class Standard:
    meta: Meta
    outline: list[tuple[str, list[str]]]
    chapters: list[Chapter]
    references: list[Reference]
    glossary: list[Term]
    departments: list[Department]
    revisions: list[Revision]
    clause_by_id: dict[str, Clause] = field(default_factory=dict)
    ref_by_id: dict[str, Reference] = field(default_factory=dict)
    dept_by_id: dict[str, Department] = field(default_factory=dict)

    def clauses(self) -> list[Clause]:
        return [c for ch in self.chapters for s in ch.sections for c in s.clauses]

    def sections(self) -> list[Section]:
        return [s for ch in self.chapters for s in ch.sections]

    def section_of(self, clause: Clause) -> Section:
        return self.chapters[clause.chapter - 1].sections[clause.section - 1]


def xrefs(text: str) -> list[tuple[int, str, str]]:
    """(offset, target id, note) for each well-formed [[...]] in ``text``."""
    return [(m.start(), m.group(1).strip(), (m.group(2) or "").strip()) for m in XREF.finditer(text)]


def build_revisions(data: list[dict[str, Any]]) -> list[Revision]:
    """The revision history from a revisions.yml that passed its schema."""
    return [
        Revision(
            r["edition"], r["kind"], r["approved_by"], r["summary"],
            [Change(c["id"], c["change"], c["reason"], c["substantive"],
                    Src("revisions.yml", (i, "changes", j)), bool(c.get("rights", False)))
             for j, c in enumerate(r["changes"])],
            Src("revisions.yml", (i,)),
            reviewed=list(r.get("reviewed", [])),
            **{k: r.get(k, "") for k in ("approval_doc", "approved", "issued", "effective",
                                         "checksum")},
        )
        for i, r in enumerate(data)
    ]


def build_standard(data: dict[str, Any]) -> Standard:
    """Build the model from files that passed their schemas (keys are data-folder names)."""
    d = data["document.yml"]
    # ``status`` is derived from the editions' dates; frozen copies of old editions still carry
    # the typed value, which nothing reads
    meta = Meta(**{k: str(d.get(k, "")) for k in Meta.__dataclass_fields__})
    outline = [(c["title"], list(c["sections"])) for c in data["outline.yml"]["chapters"]]
    chapters = []
    chapter_files = sorted(n for n in data if n.startswith("chapters/"))
    for ci, name in enumerate(chapter_files, start=1):
        raw = data[name]
        sections = []
        for si, s in enumerate(raw["sections"], start=1):
            clauses = []
            for k, c in enumerate(s["clauses"], start=1):
                at = ("sections", si - 1, "clauses", k - 1)
                limits = [Limit(x["topic"], x["kind"], x["period"], x["from"], x["who"],
                                Src(name, at + ("limits", j)))
                          for j, x in enumerate(c.get("limits", []))]
                clauses.append(Clause(c["id"], c["text"], list(c.get("items", [])),
                                      f"{ci}.{si}.{k}", Src(name, at), ci, si, limits))
            sections.append(Section(s["title"], f"{ci}.{si}", s["owner"], str(s["review_due"]),
                                    s["purpose"], list(s.get("references", [])), clauses,
                                    Src(name, ("sections", si - 1))))
        chapters.append(Chapter(ci, raw["title"], sections, Src(name)))
    refs = [Reference(**{k: r.get(k, "") for k in
                         ("id", "title", "issuer", "status", "number", "issued", "effective",
                          "url", "note")}, src=Src("references.yml", (i,)),
                      amended=[Amendment(str(a["date"]), a["change"], a.get("note", ""))
                               for a in r.get("amended", [])])
            for i, r in enumerate(data["references.yml"])]
    terms = [Term(t["term"], t["definition"], list(t.get("aliases", [])),
                  list(t.get("references", [])), Src("glossary.yml", (i,)),
                  list(t.get("colloquial", [])), list(t.get("see", [])))
             for i, t in enumerate(data["glossary.yml"])]
    depts = [Department(x["id"], x["name"], x.get("team", ""), Src("departments.yml", (i,)))
             for i, x in enumerate(data["departments.yml"])]
    revisions = build_revisions(data["revisions.yml"])
    std = Standard(meta, outline, chapters, refs, terms, depts, revisions)
    for c in std.clauses():
        std.clause_by_id.setdefault(c.id, c)
    for r in refs:
        std.ref_by_id.setdefault(r.id, r)
    for dep in depts:
        std.dept_by_id.setdefault(dep.id, dep)
    return std
