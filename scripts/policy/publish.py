"""Build the published site: every edition under its own path, each with its PDF.

``site/<edition>/`` holds each released edition, ``site/draft/`` the working draft while a
revision is pending; ``site/versions.json`` feeds Material's version selector (mike's format) and
``site/index.html`` sends readers to the edition in force on the reference date.

The repository is loaded once and checked once (by the caller); each edition is staged from it
(pages, PDF HTML) and then laid out by ``policy.worker`` processes, several at a time. An edition
whose cache key is unchanged is not laid out again. The whole site is assembled in a temporary
folder and swapped in only when complete.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import cache as cache_mod
from .cache import Cache, link_tree
from .editions import Edition, clause_versions, colloquial, editions, landing, view
from .engines import ENGINE_TIMEOUT
from .errors import DataError
from .feeds import feeds
from .fs import Folder
from .labels import DRAFT_STATUS
from .model import Revision
from .output import replace_dir, work_dir, write_file
from .render.departments import duties
from .render.markdown import RuleDoc
from .repository import Repository
from .stage import DocsError, read_docs, stage, write_stage


@dataclass
class SiteConfig:
    """Where the site's look comes from, and how to build it."""

    config: Path = Path("mkdocs.yml")  # the engine's base configuration
    docs: Path = Path("docs")  # hand-written pages and the site's assets
    engine: str = "mkdocs"
    jobs: int = 0  # editions laid out at once; 0: one per core
    cache: Path | None = Path("build/cache")  # None: no cache
    draft_pdf: bool = True  # ``make serve`` previews the draft without laying out its PDF
    search: str = "policy"  # the site's search: the project's own, or "material"

    def pdf(self, e: Edition) -> bool:
        return e.released or self.draft_pdf


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)  # slugs laid out in this run
    reused: list[str] = field(default_factory=list)  # slugs taken from the cache

    @property
    def slugs(self) -> list[str]:
        return self.built + self.reused


def versions_json(eds: list[Edition]) -> str:
    """mike's versions.json: newest first; the edition readers land on carries "latest"."""
    now = landing(eds)
    rows = [{"version": e.slug, "title": e.label, "aliases": ["latest"] if e is now else []}
            for e in reversed(eds)]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def redirect(target: str) -> str:
    t = html.escape(target)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<title>正在跳转</title><meta http-equiv="refresh" content="0; url={t}">'
            f'<link rel="canonical" href="{t}"></head><body><p>正在打开现行版本：'
            f'<a href="{t}">{t}</a></p></body></html>\n')


def _revision_fields(r: Revision) -> str:
    return json.dumps([r.edition, r.kind, r.approved_by, r.approval_doc, r.approved, r.issued,
                       r.effective, r.summary, r.checksum,
                       [(c.id, c.change, c.reason, c.substantive) for c in r.changes]],
                      ensure_ascii=False)


def edition_parts(repo: Repository, e: Edition, eds: list[Edition], pdf: bool) -> list[str]:
    """What one edition's pages and PDF are made from, beyond the shared fingerprint."""
    std = repo.std
    assert std is not None
    upto = std.revisions[: std.revisions.index(e.revision) + 1]
    parts = [e.slug, e.status, e.effective_to, e.replaced_by, "pdf" if pdf else "no pdf",
             json.dumps([(x.edition, x.status, x.released, x.revision.issued,
                          x.revision.effective) for x in eds], ensure_ascii=False),
             *(_revision_fields(r) for r in upto)]
    # every released edition's text: each clause's history shows its texts in all of them
    parts += [repo.checksum(x.edition) for x in eds if x.released]
    # staff words, from the draft: they help the search of every edition
    parts.append(json.dumps(colloquial(std), ensure_ascii=False, sort_keys=True))
    # amendments of the laws cited: every edition shows which sections are 待复核
    parts.append(json.dumps({r.id: [(a.date, a.change, a.note) for a in r.amended]
                             for r in std.references if r.amended}, ensure_ascii=False,
                            sort_keys=True))
    if not e.released:
        parts += sorted(f"{n}:{d}" for n, d in repo.data.digests.items())
    return parts


def _work(cmd: list[str]) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=ENGINE_TIMEOUT + 300)
    except subprocess.TimeoutExpired as exc:
        raise DataError("版本构建超时，已停止") from exc
    if proc.returncode != 0:
        raise DataError("版本构建失败：\n" + proc.stdout + proc.stderr)


def _feeds(repo: Repository, eds: list[Edition], on: dt.date) -> dict[str, bytes]:
    """The change feeds at the site's root, from the newest released edition (a draft's changes
    are announced when it is released, not before)."""
    released = [e for e in eds if e.released]
    if not released:
        return {}
    v = view(repo, released[-1].slug, on, clause_versions(repo, released))
    return feeds(v.std, eds, duties(v.std, v.gone()), landing(eds).slug)


def _cached_feeds(repo: Repository, eds: list[Edition], on: dt.date, shared: str,
                  store: Cache | None) -> dict[str, bytes]:
    """The feeds, from the cache when nothing they are made of changed: they read every
    released edition's text, which a build that reuses every edition need not load at all."""
    released = [e for e in eds if e.released]
    if store is None or not released:
        return _feeds(repo, eds, on)
    k = cache_mod.key(shared, ["feeds", landing(eds).slug,
                               *edition_parts(repo, released[-1], eds, False)])
    hit = store.get(k)
    if hit is None:
        made = _feeds(repo, eds, on)

        def into(tmp: Path) -> None:
            for rel, raw in made.items():
                write_file(tmp / rel, raw)

        hit = store.put(k, into)
    return {p.relative_to(hit).as_posix(): p.read_bytes() for p in cache_mod.files(hit)}


def build_site(repo: Repository, out: Path, on: dt.date, rule_docs: Iterable[RuleDoc],
               site: SiteConfig | None = None,
               progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build every edition into ``out``; on any failure ``out`` is left as it was."""
    site = site or SiteConfig()
    std = repo.std
    if std is None:
        raise DataError("数据目录未通过检查", repo.loaded.problems)
    eds = editions(std, on) or [Edition(std.meta.edition, std.revisions[-1], False,
                                        DRAFT_STATUS)]
    try:
        docs = read_docs(Folder(site.docs))
        config = Folder(site.config.resolve().parent).read(site.config.name)
    except DocsError as exc:
        raise DataError(str(exc)) from exc
    rule_docs = list(rule_docs)
    shared = cache_mod.fingerprint(site.engine, config, docs)
    store = Cache(site.cache) if site.cache is not None else None
    if store is not None:
        store.sweep()
    report = BuildReport()
    ready: dict[str, Path] = {}  # slug -> built folder
    todo: list[tuple[Edition, str]] = []
    for e in eds:
        k = cache_mod.key(shared, [*edition_parts(repo, e, eds, site.pdf(e)), site.search])
        hit = store.get(k) if store is not None else None
        if hit is not None:
            ready[e.slug] = hit
            report.reused.append(e.slug)
        else:
            todo.append((e, k))

    work_root = work_dir(out)
    try:
        jobs: list[tuple[Edition, str, Path, Path]] = []
        # each clause's texts across editions: released editions' pages show the released
        # ones only, so that editing the draft never changes (and rebuilds) a released edition
        released_only = clause_versions(repo, [e for e in eds if e.released]) if todo else {}
        with_draft = clause_versions(repo, eds) if any(not e.released for e, _ in todo) else {}
        for e, k in todo:
            v = view(repo, e.slug, on, released_only if e.released else with_draft)
            try:
                st = stage(v, docs, rule_docs, with_pdf=site.pdf(e), search=site.search)
            except DocsError as exc:
                raise DataError(str(exc)) from exc
            folder = work_root / e.slug
            write_stage(st, folder)
            jobs.append((e, k, folder, work_root / f"{e.slug}.site"))

        def lay_out(job: tuple[Edition, str, Path, Path]) -> Path:
            e, k, folder, dest = job
            cmd = [sys.executable, "-m", "policy.worker", str(folder), "",
                   "--engine", site.engine, "--config", str(site.config.resolve())]
            if progress:
                progress(f"正在构建 {e.slug}")
            if store is None:
                cmd[4] = str(dest)
                _work(cmd)
                return dest

            def into(tmp: Path) -> None:
                cmd[4] = str(tmp)
                _work(cmd)

            return store.put(k, into)

        workers = site.jobs or os.cpu_count() or 1
        if jobs:
            with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
                for (e, *_), built in zip(jobs, pool.map(lay_out, jobs), strict=True):
                    ready[e.slug] = built
                    report.built.append(e.slug)

        site_feeds = _cached_feeds(repo, eds, on, shared, store)

        def fill(tmp: Path) -> None:
            for e in eds:
                link_tree(ready[e.slug], tmp / e.slug)
            write_file(tmp / "versions.json", versions_json(eds))
            write_file(tmp / "index.html", redirect(f"{landing(eds).slug}/"))
            for rel, raw in site_feeds.items():
                write_file(tmp / rel, raw)

        replace_dir(out, fill)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    if store is not None:
        store.prune()
    return report
