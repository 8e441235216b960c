"""Search quality on staff-worded queries, in a real browser (``make bench-search``).

The gold set (tests/data/search-gold.yml) holds queries written as staff would type them, each
with the clauses that answer it, split into a tuning half and a held-out half. For each engine,
the site is built, each query is typed into the search box of the edition's pages in Chromium,
and the clause results are read in the order shown: hit@1, hit@3 and MRR, per half and per kind
of query. Failures are listed for the tuning half only: the held-out half is the figure that
counts, and nothing is tuned on it.

Engines: ``policy`` (the site's own search), ``material`` (Material's search as configured before
it), ``material-tuned`` (Material's search over an index segmented with jieba's search mode and
the glossary as its dictionary), ``pagefind`` (Pagefind's index of the built pages, asked through
its JavaScript API in the same browser).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from .harness import REPO, policy_cmd
from .probes import launch_chromium, serve_static
from .report import columns

GOLD = REPO / "tests" / "data" / "search-gold.yml"
ENGINES = ("policy", "material", "material-tuned", "pagefind")
TODAY = "2026-12-01"
CLAUSE = re.compile(r"#(C-\d{4,6})$")


@dataclass
class Query:
    q: str
    answers: list[str]
    kind: str
    half: str
    answers_in: dict[str, list[str]] = field(default_factory=dict)  # where an edition differs

    def answers_for(self, edition: str) -> list[str]:
        return self.answers_in.get(edition, self.answers)


@dataclass
class Result:
    engine: str
    edition: str
    ranks: dict[str, list[str]] = field(default_factory=dict)  # query -> clause ids, in order

    def rank(self, q: Query) -> int | None:
        got = self.ranks.get(q.q, [])
        at = [got.index(a) for a in q.answers_for(self.edition) if a in got]
        return min(at) + 1 if at else None


def gold(path: Path = GOLD) -> list[Query]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return [Query(str(x["q"]), list(x["answers"]), x["kind"], x["half"],
                  {str(k): list(v) for k, v in (x.get("answers_in") or {}).items()})
            for x in data["queries"]]


def figures(result: Result, queries: list[Query]) -> dict[str, float]:
    ranks = [result.rank(q) for q in queries]
    n = len(ranks) or 1
    first = sum(r == 1 for r in ranks)
    top3 = sum(r is not None and r <= 3 for r in ranks)
    return {"n": len(ranks), "hit@1": first / n, "hit@3": top3 / n,
            "found@1": first, "found@3": top3, "mrr": sum(1 / r for r in ranks if r) / n}


def share(f: dict[str, float], at: str) -> str:
    """A hit rate as the table prints it: one decimal and the count, so that 75 of 79 (94.9 %)
    never reads as 95 %."""
    return f"{f['hit@' + at]:.1%}（{f['found@' + at]:.0f}/{f['n']:.0f}）"


def build(engine: str, data: Path, out: Path, cache: Path) -> None:
    search = "policy" if engine == "policy" else "material"
    cmd = [*policy_cmd(), "build-site", "--data", str(data), "--out", str(out), "--today", TODAY,
           "--cache", str(cache), "--search", search]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=3600)
    if r.returncode:
        raise RuntimeError(r.stdout + r.stderr)


def retune_material(site: Path, data: Path) -> None:
    """Material's index, segmented again: jieba's search mode (sub-words of compounds too) with
    the glossary (terms, aliases, colloquial names) as the user dictionary; clauses boosted."""
    import jieba
    from policy.repository import Repository

    std = Repository(data).std
    assert std is not None
    for t in std.glossary:
        for w in [t.term, *t.aliases, *t.colloquial]:
            jieba.add_word(w, freq=200000)
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text("utf-8"))

    def seg(text: str) -> str:
        plain = re.sub("<[^>]+>", " ", text.replace("\u200b", ""))
        return "\u200b".join(w for w in jieba.cut_for_search(plain) if w.strip())

    for d in index["docs"]:
        d["title"], d["text"] = seg(d["title"]), seg(d["text"])
        if CLAUSE.search(d["location"]):
            d["boost"] = 2
    path.write_text(json.dumps(index, ensure_ascii=False), "utf-8")


def pagefind_index(site: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site),
                        "--force-language", "zh"], capture_output=True, text=True, timeout=1800)
    if r.returncode:
        raise RuntimeError("pagefind: " + r.stdout + r.stderr)


_MATERIAL_READY = ("() => { const m = document.querySelector('.md-search-result__meta');"
                   " return m && !/键入以开始搜索|正在初始化搜索引擎/.test(m.textContent) }")


def ask(engine: str, page: Any, q: str) -> list[str]:
    """Type ``q`` into the search box (or, for Pagefind, ask its API) and read the clauses."""
    if engine == "pagefind":
        urls = page.evaluate("""async (q) => {
            const pf = window.__pf || (window.__pf = await import(new URL('pagefind/pagefind.js',
                                                                          location.href).href));
            const search = await pf.search(q);
            const out = [];
            for (const r of search.results.slice(0, 20)) {
                const d = await r.data();
                for (const s of d.sub_results) out.push(s.url);
            }
            return out; }""", q)
    else:
        box = page.locator("input.md-search__input")
        box.fill("")
        if engine == "policy":
            box.fill(q)
            page.keyboard.press("End")  # typing Chinese fires no keyup; the search also reads input
            page.wait_for_function("q => document.querySelector('.md-search-result__list')"
                                   ".dataset.query === q", arg=q, timeout=60_000)
        else:
            page.keyboard.press("End")
            box.fill(q)
            page.keyboard.press("End")
            page.wait_for_function(_MATERIAL_READY, timeout=60_000)
            page.wait_for_timeout(400)  # Material debounces its search
        urls = page.eval_on_selector_all(".md-search-result__list a[href]",
                                         "as => as.map(a => a.href)")
    out: list[str] = []
    for u in urls:
        m = CLAUSE.search(unquote(urlsplit(u).path + "#" + urlsplit(u).fragment))
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


def measure(engine: str, data: Path, work: Path, edition: str | None,
            queries: list[Query]) -> Result:
    site = work / f"site-{engine}"
    build(engine, data, site, work / "cache")
    versions = json.loads((site / "versions.json").read_text("utf-8"))
    slug = edition or next(v["version"] for v in versions if "latest" in v["aliases"])
    if engine == "material-tuned":
        retune_material(site / slug, data)
    if engine == "pagefind":
        pagefind_index(site / slug)
    result = Result(engine, slug)
    from playwright.sync_api import sync_playwright

    srv, base = serve_static(site)
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                page = browser.new_page(locale="zh-CN")
                page.goto(f"{base}/{slug}/")
                if engine != "pagefind":
                    page.locator("input.md-search__input").click()
                for q in queries:
                    result.ranks[q.q] = ask(engine, page, q.q)
            finally:
                browser.close()
    finally:
        srv.shutdown()
        srv.server_close()
    return result


def report(results: list[Result], queries: list[Query], show_heldout: bool) -> dict[str, Any]:
    rows = []
    out: dict[str, Any] = {"queries": len(queries), "engines": {}}
    for r in results:
        entry: dict[str, Any] = {"edition": r.edition}
        for half in ("tune", "heldout", "all"):
            qs = [q for q in queries if half == "all" or q.half == half]
            entry[half] = figures(r, qs)
        entry["kinds"] = {k: figures(r, [q for q in queries if q.kind == k and q.half == "tune"])
                          for k in sorted({q.kind for q in queries})}
        entry["ranks"] = {q.q: r.rank(q) for q in queries if q.half == "tune" or show_heldout}
        out["engines"][r.engine] = entry
        h, t = entry["heldout"], entry["tune"]
        rows.append((r.engine, r.edition, share(h, "1"), share(h, "3"), f"{h['mrr']:.3f}",
                     share(t, "1"), share(t, "3"), f"{t['mrr']:.3f}"))
    head = ("引擎", "版本", "保留 hit@1", "保留 hit@3", "保留 MRR", "调优 hit@1", "调优 hit@3",
            "调优 MRR")
    widths = [max(columns(str(x[i])) for x in [head, *rows]) for i in range(len(head))]
    print("  ".join(h + " " * (w - columns(h)) for h, w in zip(head, widths, strict=True)))
    for row in rows:
        print("  ".join(c + " " * (w - columns(c)) for c, w in zip(row, widths, strict=True)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    ap.add_argument("--engines", default=",".join(ENGINES), help="逗号分隔：" + "、".join(ENGINES))
    ap.add_argument("--data", default=str(REPO / "policy_data"))
    ap.add_argument("--edition", help="在哪个版本中搜索（默认：现行有效的版本）")
    ap.add_argument("--out", default="build/search.json")
    ap.add_argument("--failures", action="store_true", help="列出调优半区中没有排进前三的查询")
    ap.add_argument("--show-heldout", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    queries = gold()
    results = []
    work = Path(tempfile.mkdtemp(prefix="policy-search-bench-"))
    try:
        for engine in [e for e in args.engines.split(",") if e]:
            print(f"{engine}：构建并逐条搜索 {len(queries)} 个查询……", file=sys.stderr, flush=True)
            results.append(measure(engine, Path(args.data), work, args.edition, queries))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = report(results, queries, args.show_heldout)
    if args.failures:
        for r in results:
            print(f"\n{r.engine}：调优半区中没有排进前三的查询")
            for q in queries:
                rank = r.rank(q)
                if q.half == "tune" and (rank is None or rank > 3):
                    print(f"  {q.q}（{q.kind}）→ 期望 {'、'.join(q.answers_for(r.edition))}，"
                          f"实际名次 {rank}；"
                          f"前三：{'、'.join(r.ranks.get(q.q, [])[:3])}")
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"\n结果已写入 {path}；MRR 的中位名次：" + "、".join(
        f"{r.engine} {statistics.median([x for x in (r.rank(q) for q in queries) if x] or [0])}"
        for r in results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
