"""Where free text lives in the model, for the rules that read text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Src, Standard


def clause_texts(std: Standard) -> Iterator[tuple[Src, tuple[Any, ...], str]]:
    """(source, data path relative to src, text) for every clause text and item."""
    for c in std.clauses():
        yield c.src, ("text",), c.text
        for i, t in enumerate(c.items):
            yield c.src, ("items", i), t


def all_texts(std: Standard) -> Iterator[tuple[Src, tuple[Any, ...], str]]:
    """Every free text an editor writes: clauses, purposes, glossary, references, history."""
    yield from clause_texts(std)
    yield Src("document.yml"), ("title",), std.meta.title
    yield Src("document.yml"), ("issuer",), std.meta.issuer
    for ch in std.chapters:
        yield ch.src, ("title",), ch.title
        for s in ch.sections:
            yield s.src, ("title",), s.title
            yield s.src, ("purpose",), s.purpose
    for t in std.glossary:
        yield t.src, ("term",), t.term
        yield t.src, ("definition",), t.definition
    for r in std.references:
        for key in ("title", "issuer", "number", "note"):
            if getattr(r, key):
                yield r.src, (key,), getattr(r, key)
    for d in std.departments:
        yield d.src, ("name",), d.name
    for rev in std.revisions:
        yield rev.src, ("summary",), rev.summary
        for key in ("approved_by", "approval_doc"):
            if getattr(rev, key):
                yield rev.src, (key,), getattr(rev, key)
        for ch_ in rev.changes:
            yield ch_.src, ("reason",), ch_.reason
