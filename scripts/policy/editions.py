"""Editions as readers see them: which one is in force on a date, and what each one publishes.

Each released edition has an approval, an issue and an effective date (revisions.yml). Its status
on a given day follows from those dates alone (``statuses``): an edition issued but not yet
effective is 待施行, the latest one whose effective date has come is 现行有效, the ones before it are
已失效. The draft (a pending revision entry) is 草案.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property

from .diff import Comparison, comparison
from .errors import UsageError
from .export import plain
from .labels import DRAFT_STATUS, IN_FORCE, PENDING, STATUS_LABEL, SUPERSEDED
from .model import Limit, Reference, Revision, Standard, Term
from .repository import Repository

DRAFT = "draft"

CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no daylight saving time


def today_in_china() -> dt.date:
    """The default reference date: today in Beijing time, wherever the build runs."""
    return dt.datetime.now(CHINA).date()


def released(std: Standard) -> list[Revision]:
    return [r for r in std.revisions if r.checksum]


def latest_release(std: Standard) -> Revision | None:
    rs = released(std)
    return rs[-1] if rs else None


def is_pending(std: Standard) -> bool:
    return bool(std.revisions) and not std.revisions[-1].checksum


def in_force(revisions: list[Revision], on: dt.date) -> Revision | None:
    """The released edition in force on ``on``: the latest whose effective date has come."""
    day = on.isoformat()
    found = None
    for r in revisions:
        if r.checksum and r.effective and r.effective <= day:
            found = r
    return found


def statuses(revisions: list[Revision], on: dt.date) -> dict[str, str]:
    """Edition -> status on ``on``; the one function that decides it."""
    now = in_force(revisions, on)
    out: dict[str, str] = {}
    seen_now = now is None
    for r in revisions:
        if not r.checksum:
            out[r.edition] = DRAFT_STATUS
        elif r is now:
            out[r.edition] = IN_FORCE
            seen_now = True
        elif seen_now:
            out[r.edition] = PENDING
        else:
            out[r.edition] = SUPERSEDED
    return out


@dataclass
class Edition:
    """One edition in the published site."""

    edition: str
    revision: Revision
    released: bool
    status: str
    effective_to: str = ""  # the day the next edition took (or takes) effect
    replaced_by: str = ""  # the edition that took its place

    @property
    def slug(self) -> str:
        """Its path in the versioned site."""
        return self.edition if self.released else DRAFT

    @property
    def label(self) -> str:
        return f"{self.edition}（{STATUS_LABEL[self.status]}）"


def editions(std: Standard, on: dt.date) -> list[Edition]:
    """Every released edition in order, then the draft if the last revision is pending."""
    st = statuses(std.revisions, on)
    out = [Edition(r.edition, r, bool(r.checksum), st[r.edition]) for r in std.revisions
           if r.checksum or r is std.revisions[-1]]
    rel = [e for e in out if e.released]
    for prev, nxt in zip(rel, rel[1:], strict=False):
        prev.effective_to = nxt.revision.effective
        prev.replaced_by = nxt.edition
    return out


def day_before(date: str) -> str:
    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat() if date else ""


def upcoming(eds: list[Edition]) -> list[Edition]:
    """Released editions issued but not yet in force, in order."""
    return [e for e in eds if e.status == PENDING]


def current(eds: list[Edition]) -> Edition | None:
    """The edition in force, if any."""
    return next((e for e in eds if e.status == IN_FORCE), None)


def landing(eds: list[Edition]) -> Edition:
    """Where the site's root sends readers: the edition in force, else the first one to come,
    else the draft."""
    return current(eds) or next((e for e in eds if e.status == PENDING), eds[-1])


@dataclass(frozen=True)
class Version:
    """One text of a clause, from the edition that introduced it until the next change."""

    first: str  # the edition that introduced this text
    last: str  # the last edition with this text (the same as ``first`` when changed next)
    number: str
    text: str  # as a reader reads it in ``first``: references resolved, items numbered
    change: str  # added / modified / removed (a removal: ``text`` is empty)
    reason: str = ""  # as a reader reads it, like ``text``


def clause_versions(repo: Repository, eds: list[Edition]) -> dict[str, list[Version]]:
    """Each clause's texts across the editions (released ones, then the draft), oldest first.

    A new version starts only where the clause's own text changed; a renumbering alone is not a
    change. Every edition's standard is loaded once, by the repository.
    """
    from .diff import reading_of, source_of

    out: dict[str, list[Version]] = {}
    seen: dict[str, str] = {}  # clause id -> source text of its latest version
    draft = repo.std
    assert draft is not None
    reasons = {(r.edition, ch.id): (ch.change, ch.reason) for r in draft.revisions
               for ch in r.changes}
    present: set[str] = set()
    for e in eds:
        std = repo.frozen_standard(e.edition) if e.released else draft
        if std is None:
            continue
        now = set()
        for c in std.clauses():
            now.add(c.id)
            src = source_of(c)
            versions = out.setdefault(c.id, [])
            if seen.get(c.id) == src and versions:
                versions[-1] = replace(versions[-1], last=e.edition)
                continue
            change, reason = reasons.get((e.edition, c.id), ("", ""))
            kind = "added" if not versions or versions[-1].change == "removed" else "modified"
            versions.append(Version(e.edition, e.edition, c.number, reading_of(std, c), kind,
                                    plain(std, reason, marks=True) if change in ("added", "modified") else ""))
            seen[c.id] = src
        for gone in present - now:
            _, reason = reasons.get((e.edition, gone), ("", ""))
            out[gone].append(Version(e.edition, e.edition, out[gone][-1].number, "", "removed",
                                     plain(std, reason, marks=True)))
            seen.pop(gone, None)
        present = now
    return out


@dataclass
class EditionView:
    """One edition as published: its text, its status and what changed since the previous one."""

    edition: Edition
    std: Standard
    all: list[Edition]
    on: dt.date
    previous: Standard | None = None
    versions: dict[str, list[Version]] = field(default_factory=dict)
    previous_edition: str = ""
    # search aids from the draft: for a clause of a released edition that registers no limits,
    # the draft's limits of the same clause whose period its text states (kinds and topics help
    # a question such as 保存多久 find it; they are never rendered as the edition's limits)
    hints: dict[str, list[Limit]] = field(default_factory=dict)
    _comparison: Comparison | None = field(default=None, repr=False)

    @property
    def previous_label(self) -> str:
        return f"{self.previous_edition} 版" if self.previous_edition else ""

    @property
    def label(self) -> str:
        return f"{self.edition.edition} 版"

    @property
    def pdf_name(self) -> str:
        return f"{self.std.meta.code}-{self.edition.edition}.pdf"

    @property
    def docx_name(self) -> str:
        return f"{self.std.meta.code}-{self.edition.edition}.docx"

    @property
    def changes_docx_name(self) -> str:
        return f"{self.std.meta.code}-{self.edition.edition}-changes.docx"

    def gone(self) -> dict[str, str]:
        """Removed clauses' ids and the numbers they last had."""
        return {cid: vs[-1].number for cid, vs in self.versions.items()
                if vs and vs[-1].change == "removed"}

    @cached_property
    def comparison(self) -> Comparison | None:
        """The 对照表 against the previous released edition (None for the first)."""
        if self.previous is None:
            return None
        return comparison(self.previous, self.std, self.previous_label, self.label,
                          self.std.revisions[-1] if self.std.revisions else None,
                          draft=self.edition.status == DRAFT_STATUS)


def colloquial(draft: Standard) -> dict[str, tuple[list[str], list[str]]]:
    """What staff call each term and the clauses that set its main rule (the draft's glossary):
    aids to finding things, not the approved text, so they serve every edition."""
    return {t.term: (t.colloquial, t.see) for t in draft.glossary if t.colloquial or t.see}


def with_colloquial(std: Standard, draft: Standard) -> list[Term]:
    """An edition's glossary with the draft's colloquial names and main clauses (those the
    edition has): a new one helps readers of every edition at once, without a new edition."""
    aids = colloquial(draft)
    out = []
    for t in std.glossary:
        names, see = aids.get(t.term, ([], []))
        out.append(replace(t, colloquial=names, see=[c for c in see if c in std.clause_by_id]))
    return out


def limit_hints(std: Standard, draft: Standard) -> dict[str, list[Limit]]:
    """For each clause of ``std`` without limits of its own, the draft's limits of the same
    clause whose period (``10年``, ``15日``) the clause's text states."""
    out: dict[str, list[Limit]] = {}
    for c in std.clauses():
        now = draft.clause_by_id.get(c.id)
        if c.limits or now is None:
            continue
        text = "\n".join(t for _, t in c.texts())
        found = [x for x in now.limits if x.period and x.period in text]
        if found:
            out[c.id] = found
    return out


def with_amendments(refs: list[Reference], draft: Standard) -> list[Reference]:
    """An edition's references with the amendments the draft records: that a law changed is
    news for readers of every edition (its sections become 待复核), not a change of the text."""
    known = {r.id: r.amended for r in draft.references}
    return [replace(r, amended=known.get(r.id, r.amended)) for r in refs]


def view(repo: Repository, slug: str, on: dt.date,
         versions: dict[str, list[Version]] | None = None) -> EditionView:
    """The edition published at ``slug`` (an edition number, or ``draft``) as of ``on``;
    ``versions`` (from ``clause_versions``) gives its pages each clause's history."""
    draft = repo.std
    if draft is None:
        raise UsageError("数据目录未通过检查")
    eds = editions(draft, on)
    if slug == DRAFT and not is_pending(draft) and any(e.released for e in eds):
        slug = [e for e in eds if e.released][-1].edition  # nothing pending: the draft is it
    if slug == DRAFT:
        this = next((e for e in eds if not e.released), None) or Edition(
            draft.meta.edition, draft.revisions[-1], False, DRAFT_STATUS)
        std = draft
    else:
        found = next((e for e in eds if e.released and e.edition == slug), None)
        if found is None:
            have = "、".join(e.edition for e in eds if e.released) or "无"
            raise UsageError(f"没有已发布的 {slug} 版（已发布：{have}）")
        this = found
        frozen = repo.frozen_standard(slug)
        if frozen is None:
            raise UsageError(f"editions/{slug}/ 无法读取")
        # the frozen copy's revision list ends with its own entry; the checksums live in the draft
        names = [r.edition for r in draft.revisions]
        std = replace(frozen, revisions=draft.revisions[: names.index(slug) + 1])
    std = replace(std, meta=replace(std.meta, status=this.status),
                  glossary=with_colloquial(std, draft),
                  references=with_amendments(std.references, draft))
    std.ref_by_id = {r.id: r for r in std.references}
    before = [e for e in eds if e.released and e is not this and
              (not this.released or eds.index(e) < eds.index(this))]
    out = EditionView(this, std, eds, on, versions=versions or {},
                      hints=limit_hints(std, draft) if std is not draft else {})
    if before:
        prev = before[-1]
        out.previous = repo.frozen_standard(prev.edition)
        out.previous_edition = prev.edition
    return out
