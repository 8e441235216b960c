"""Benchmarks: a synthetic corpus at ×1, ×10 and ×100 the real standard, and what each step costs.

``python -m policy.bench`` (``make bench``) generates each corpus in a temporary folder, times
``policy check`` (as a process and in process), ``policy export``, rendering the pages,
``mkdocs build --strict`` and ``policy pdf``, reports the median of several runs as a table and as
JSON, and shows the performance budgets with ✓ or ✗. Benchmarks measure; they never fail on time.

The corpus is the real standard recombined: its clauses' sentences drawn again at random (seeded),
cross-references re-pointed at the corpus's own clauses, citations spread over a references list
scaled like the rest, and glossary terms varied (``线上客户服务渠道``) so that the scaled glossary
is used at the real density. The result passes ``policy check`` with no errors.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .model import CLAUSE_ID, XREF, Standard

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "policy_data"
REVIEW_DUE = "2099-12-31"  # far future: no review-due warnings whatever the day

# Qualifiers that make new, plausible glossary terms, chapter titles and reference titles.
_QUAL_A = ["线上", "线下", "跨境", "普惠", "对公", "零售", "县域", "社区", "远程", "移动"]
_QUAL_B = ["", "信贷", "理财", "支付", "储蓄", "外汇", "代理保险", "养老金", "信用卡", "贵金属",
           "托管", "票据"]
MODIFIERS = [a + b for b in _QUAL_B for a in _QUAL_A]  # 120, the single words first
MAX_SCALE = len(MODIFIERS)

_SENTENCE = re.compile(r"[^。]*。|[^。]+$")


# ---------------------------------------------------------------------------------------------
# The synthetic corpus


@dataclass
class _Pool:
    """The real standard taken apart: sentences, lead-ins, items and the shapes of clauses."""

    body: list[str] = field(default_factory=list)  # sentences ending in 。
    lead: list[str] = field(default_factory=list)  # the sentence before a list of items (：)
    items: list[str] = field(default_factory=list)
    shapes: list[tuple[int, int]] = field(default_factory=list)  # (sentences, items) of clauses
    purposes: list[str] = field(default_factory=list)
    section_sizes: list[int] = field(default_factory=list)


def _pool(std: Standard) -> _Pool:
    p = _Pool()
    for c in std.clauses():
        parts = [s for s in _SENTENCE.findall(c.text) if s.strip()]
        if c.items and parts and not parts[-1].endswith("。"):
            p.lead.append(parts.pop())
        body = [s for s in parts if s.endswith("。")]
        p.body += body
        p.items += c.items
        p.shapes.append((len(body) if c.items else max(1, len(body)), len(c.items)))
    p.purposes = [s.purpose for s in std.sections()]
    p.section_sizes = [len(s.clauses) for s in std.sections()]
    return p


class _Rewriter:
    """Re-points cross-references and citations and varies glossary terms in a sentence."""

    def __init__(self, std: Standard, scale: int, rng: random.Random) -> None:
        self.rng = rng
        self.words = {w: t.term for t in std.glossary for w in [t.term, *t.aliases]}
        order = sorted(self.words, key=len, reverse=True)
        self.term_rx = re.compile("|".join(map(re.escape, order)))
        taken = set(self.words)
        # base term -> the modifiers that make its variants (unique words only)
        self.variants: dict[str, list[str]] = {}
        for t in std.glossary:
            mods = []
            for m in MODIFIERS[: scale - 1]:
                new = [m + w for w in [t.term, *t.aliases]]
                if not taken.intersection(new):
                    taken.update(new)
                    mods.append(m)
            self.variants[t.term] = mods
        self.unused = {t: list(m) for t, m in self.variants.items()}
        self.seen: set[str] = set()  # base terms used at least once
        # reference id -> its family (itself and its scaled copies), cited round-robin
        self.families = {r.id: [r.id] + [f"{r.id}-S{n}" for n in range(2, scale + 1)]
                         for r in std.references}
        self.turn: dict[str, int] = {}
        self.ids: list[str] = []
        self.by_chapter: dict[int, list[str]] = {}

    def ref(self, rid: str) -> str:
        fam = self.families.get(rid, [rid])
        k = self.turn.get(rid, 0)
        self.turn[rid] = k + 1
        return fam[k % len(fam)]

    def _term(self, m: re.Match[str]) -> str:
        word = m.group()
        base = self.words[word]
        self.seen.add(base)
        if self.unused[base]:
            return self.unused[base].pop(0) + word  # every variant is used at least once
        mods = self.variants[base]
        if mods and self.rng.random() < 0.5:
            return self.rng.choice(mods) + word
        return word

    def _plain(self, text: str) -> str:
        return self.term_rx.sub(self._term, text)

    def missing(self) -> list[tuple[str, str]]:
        """(base term, modifier) of every glossary entry not used yet ("" for the base)."""
        out = [(t, "") for t in self.variants if t not in self.seen]
        return out + [(t, m) for t, mods in self.unused.items() for m in mods]

    def use(self, text: str, base: str, mod: str, own: str, chapter: int) -> str:
        """``text`` rewritten so that it uses the glossary entry ``mod + base``."""
        words = [w for w, t in self.words.items() if t == base]
        self.seen.add(base)
        if mod in self.unused[base]:
            self.unused[base].remove(mod)
        out = self.sentence(text, own, chapter)
        for w in words:
            at = out.find(w)
            if at >= 0:
                return out[:at] + mod + out[at:]
        return out

    def sentence(self, text: str, own: str, chapter: int) -> str:
        out, pos = [], 0
        for m in XREF.finditer(text):
            out.append(self._plain(text[pos:m.start()]))
            target, note = m.group(1).strip(), m.group(2)
            if CLAUSE_ID.match(target):
                near = self.by_chapter[chapter]
                pick = own
                while pick == own:
                    pick = self.rng.choice(near if self.rng.random() < 0.5 else self.ids)
                out.append(f"[[{pick}]]")
            else:
                out.append(f"[[{self.ref(target)}{'|' + note if note is not None else ''}]]")
            pos = m.end()
        out.append(self._plain(text[pos:]))
        return "".join(out)


def _dump(path: Path, data: Any, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False)
    depth = "../../" if path.parent.name == "chapters" else "../"
    head = f"# yaml-language-server: $schema={depth}scripts/policy/schemas/{schema}.schema.json\n"
    path.write_text(head + text, "utf-8")


def _layout(real: Standard, scale: int, rng: random.Random,
            pool: _Pool) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """[(chapter title, [(section title, real section index, clause count)])]."""
    real_secs = [(ci, si) for ci, ch in enumerate(real.chapters) for si in range(len(ch.sections))]
    if scale == 1:  # the real outline, the real section sizes
        out = []
        k = 0
        for ch in real.chapters:
            secs = []
            for s in ch.sections:
                secs.append((s.title, k, len(s.clauses)))
                k += 1
            out.append((ch.title, secs))
        return out
    n_ch = min(99, round(len(real.chapters) * math.sqrt(scale)))
    n_sec = len(real_secs) * scale
    out = []
    for i in range(n_ch):
        base = real.chapters[i % len(real.chapters)]
        title = base.title if i < len(real.chapters) else \
            f"{base.title}（{MODIFIERS[i // len(real.chapters) - 1]}业务）"
        count = n_sec // n_ch + (1 if i < n_sec % n_ch else 0)
        secs = []
        for j in range(count):
            s = base.sections[j % len(base.sections)]
            rnd = j // len(base.sections)
            stitle = s.title if rnd == 0 else f"{s.title}（{_zh_number(rnd + 1)}）"
            k = real_secs.index((i % len(real.chapters), j % len(base.sections)))
            secs.append((stitle, k, rng.choice(pool.section_sizes)))
        out.append((title, secs))
    return out


def _zh_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else digits[tens]}十{digits[ones] if ones else ''}"


def generate(dest: Path, scale: int, seed: int = 0, source: Path = REAL) -> Path:
    """Write a synthetic data folder ``scale`` times the real standard into ``dest``.

    Up to ×120: beyond that the glossary's variants run out and a chapter would need 100 or more
    sections, which the six-digit ids (chapter, section, clause: ``C-CCSSNN``) cannot number.
    """
    from .loader import load

    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"规模须在 1 到 {MAX_SCALE} 之间，收到 {scale}")

    real = load(source).standard
    if real is None:
        raise RuntimeError(f"{source} 未通过检查，无法据以生成测试语料")
    rng = random.Random(f"{seed}:{scale}")
    pool = _pool(real)
    rw = _Rewriter(real, scale, rng)
    layout = _layout(real, scale, rng, pool)
    short = len(layout) <= 9 and all(len(secs) <= 9 for _, secs in layout)
    ids: list[list[list[str]]] = []
    for ci, (_, secs) in enumerate(layout, start=1):
        ids.append([[f"C-{ci}{si}{n:02d}" if short else f"C-{ci:02d}{si:02d}{n:02d}"
                     for n in range(1, count + 1)] for si, (_, _, count) in enumerate(secs, 1)])
        rw.by_chapter[ci] = [i for sec in ids[-1] for i in sec]
        rw.ids += rw.by_chapter[ci]
    real_sections = real.sections()
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"目标目录不是空的：{dest}")
    dest.mkdir(parents=True, exist_ok=True)
    chapters: list[dict[str, Any]] = []
    for ci, (title, secs) in enumerate(layout, start=1):
        sections = []
        for si, (stitle, k, _) in enumerate(secs, start=1):
            src = real_sections[k]
            clauses = []
            for cid in ids[ci - 1][si - 1]:
                n_body, n_items = rng.choice(pool.shapes)
                parts = rng.sample(pool.body, n_body)
                if n_items:
                    parts.append(rng.choice(pool.lead))
                clause: dict[str, Any] = {
                    "id": cid, "text": "".join(rw.sentence(p, cid, ci) for p in parts)}
                if n_items:
                    clause["items"] = [rw.sentence(t, cid, ci)
                                       for t in rng.sample(pool.items, n_items)]
                clauses.append(clause)
            section: dict[str, Any] = {
                "title": stitle, "owner": src.owner, "review_due": REVIEW_DUE,
                "purpose": rw.sentence(rng.choice(pool.purposes), "", ci)}
            if src.references:
                section["references"] = list(dict.fromkeys(rw.ref(r) for r in src.references))
            section["clauses"] = clauses
            sections.append(section)
        chapters.append({"title": title, "sections": sections})
    # rare terms: add a real sentence that uses them to some clause, so every entry is used
    plain = [(ci, c) for ci, ch in enumerate(chapters, start=1) for s in ch["sections"]
             for c in s["clauses"] if "items" not in c]
    for base, mod in rw.missing():
        words = [w for w, t in rw.words.items() if t == base]
        having = [b for b in pool.body if any(w in b for w in words)]
        if having:
            ci, c = rng.choice(plain)
            c["text"] += rw.use(rng.choice(having), base, mod, c["id"], ci)
    for ci, chapter in enumerate(chapters, start=1):
        _dump(dest / "chapters" / f"{ci:02d}.yml", chapter, "chapter")
    _dump(dest / "outline.yml", {"chapters": [
        {"title": t, "sections": [s for s, _, _ in secs]} for t, secs in layout]}, "outline")
    glossary = []
    for t in real.glossary:
        for m in [""] + rw.variants[t.term]:
            entry: dict[str, Any] = {"term": m + t.term, "definition": t.definition if not m
                                     else f"{t.definition}（本术语专指{m}业务中的情形。）"}
            if t.aliases:
                entry["aliases"] = [m + a for a in t.aliases]
            if t.references:
                entry["references"] = [rw.ref(r) for r in t.references]
            glossary.append(entry)
    _dump(dest / "glossary.yml", glossary, "glossary")
    refs = []
    for r in real.references:
        for n, rid in enumerate(rw.families[r.id], start=1):
            entry = {"id": rid, "title": r.title if n == 1 else f"{r.title}配套规定（第{n}号）",
                     "issuer": r.issuer}
            for key in ("number", "issued", "effective", "url", "note"):
                if getattr(r, key) and n == 1:
                    entry[key] = getattr(r, key)
            entry["status"] = r.status if n == 1 else "unconfirmed"
            refs.append(entry)
    _dump(dest / "references.yml", refs, "references")
    _dump(dest / "departments.yml", [
        {"id": d.id, "name": d.name, **({"team": d.team} if d.team else {})}
        for d in real.departments], "departments")
    m = real.meta
    _dump(dest / "document.yml", {
        "title": m.title, "code": m.code, "edition": "1.0", "status": "草案", "issuer": m.issuer,
        "interpreter": m.interpreter, "issued": "2099-01-01", "effective": "2099-01-01"},
        "document")
    _dump(dest / "revisions.yml", [{
        "edition": "1.0", "kind": "制定", "approved_by": "董事会",
        "summary": f"首次制定本规范（性能测试语料，真实规范的 {scale} 倍，随机种子 {seed}）。",
        "changes": []}], "revisions")
    return dest


# ---------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Step:
    """One measured step at one size: wall times of its runs and its peak memory."""

    size: str
    step: str
    how: str  # "process" or "in process"
    times: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def _policy() -> list[str]:
    """The ``policy`` command of this environment (the console script when there is one)."""
    script = Path(sys.executable).with_name("policy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policy.cli"]


def _env(**extra: str) -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)


def run_process(cmd: list[str], env: dict[str, str] | None = None,
                timeout: float | None = None) -> tuple[float, float, int, str]:
    """Run ``cmd``; (wall seconds, peak resident MB of that process, exit code, output tail)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env or _env(),
                                cwd=REPO)
        timer = None
        if timeout:
            import threading

            timer = threading.Timer(timeout, proc.kill)
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        finally:
            if timer:
                timer.cancel()
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        tail = out.read()[-3000:].decode("utf-8", "replace")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, tail


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _traced_peak_mb(fn: Callable[[], Any]) -> float:
    """Peak Python memory (tracemalloc) while ``fn`` runs; a separate run, as tracing is slow."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _cold() -> None:
    """Forget the files already read, as a new ``policy check`` process would."""
    from .loader import _parse_validate

    _parse_validate.cache_clear()


def _in_process_fns(what: str, data: Path) -> Callable[[], Any]:
    from . import rules
    from .checker import check
    from .loader import load
    from .render.markdown import pages

    if what == "check":
        return lambda: (_cold(), check(data))
    if what == "load":
        return lambda: (_cold(), load(data))
    if what == "render":
        std = load(data).standard
        assert std is not None
        return lambda: pages(std, rules.REGISTRY)
    raise ValueError(what)


def _measure(what: str, data: Path, runs: int) -> dict[str, Any]:
    """The in-process measurement itself, run by ``python -m policy.bench --measure``."""
    if what == "own":
        own_runs = [own_steps(data) for _ in range(runs + 1)][1:]  # the first run warms up
        return {k: {n: statistics.median(r[i][n] for r in own_runs) for n in own_runs[0][i]}
                for i, k in enumerate(("own", "weasyprint", "hook"))}
    fn = _in_process_fns(what, data)
    fn()  # warm-up: imports, compiled patterns and schemas are start-up, not the step
    times = [_timed(fn)[0] for _ in range(runs)]
    out: dict[str, Any] = {"times": times, "peak_mb": _traced_peak_mb(fn)}
    if what == "render":
        out["markdown_bytes"] = sum(len(t.encode()) for t in fn().values())
    return out


def measure_apart(what: str, data: Path, runs: int) -> dict[str, Any]:
    """Run ``_measure`` in a fresh interpreter, so that no earlier step's memory or caches (a
    larger corpus's heap, say) weigh on it."""
    cmd = [sys.executable, "-m", "policy.bench", "--measure", what, str(data), str(runs)]
    proc = subprocess.run(cmd, cwd=REPO, env=_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"测量 {what} 失败：\n{proc.stdout}{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def in_process(size: str, name: str, what: str, data: Path, runs: int) -> Step:
    got = measure_apart(what, data, runs)
    step = Step(size, name, "in process", got["times"], got["peak_mb"])
    if "markdown_bytes" in got:
        step.extra["markdown_bytes"] = got["markdown_bytes"]
    return step


def as_process(size: str, name: str, cmd: list[str], runs: int, env: dict[str, str] | None = None,
               timeout: float | None = None, after: Callable[[Step], None] | None = None) -> Step:
    step = Step(size, name, "process")
    peaks = []
    for _ in range(runs):
        elapsed, peak, code, tail = run_process(cmd, env, timeout)
        if code != 0:
            last = tail.strip().splitlines()[-1][:120] if tail.strip() else ""
            late = "，超时" if timeout and elapsed >= timeout else ""
            step.note = f"失败（退出码 {code}{late}）：{last}"
            break
        step.times.append(elapsed)
        peaks.append(peak)
        if after:
            after(step)
    step.peak_mb = max(peaks) if peaks else None
    return step


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _search_sizes(site: Path, step: Step) -> None:
    index = site / "search" / "search_index.json"
    if index.exists():
        raw = index.read_bytes()
        step.extra.update(search_index_bytes=len(raw),
                          search_index_gzip_bytes=len(gzip.compress(raw, 6)))
    step.extra["site_bytes"] = _dir_size(site)


def mkdocs_cmd(dest: Path) -> list[str]:
    # never --quiet: it hides the warnings that --strict counts
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
            "-d", str(dest)]


def bench_size(scale: int, corpus: Path, work: Path, runs: int, skip_slow: bool,
               timeout: float) -> list[Step]:
    """Every step at one size."""
    size = f"×{scale}"
    steps = [as_process(size, "policy check", [*_policy(), "check", "--data", str(corpus)], runs)]
    steps.append(in_process(size, "check", "check", corpus, runs))
    steps.append(in_process(size, "load", "load", corpus, runs))
    steps.append(in_process(size, "render pages", "render", corpus, runs))
    steps.append(as_process(size, "policy export", [*_policy(), "export", "--data", str(corpus)],
                            runs))
    if skip_slow:
        return steps
    slow_runs = 1 if scale >= 100 else runs
    note = "只运行 1 次" if slow_runs == 1 and runs > 1 else ""
    site = work / f"site-{scale}"
    env = _env(POLICY_DATA=str(corpus), POLICY_EDITION="draft")
    mk = as_process(size, "mkdocs build --strict", mkdocs_cmd(site), slow_runs, env, timeout,
                    after=lambda s: _search_sizes(site, s))
    mk.note = mk.note or note
    if mk.times:
        mk.extra.update(search_ready(site))
    steps.append(mk)
    shutil.rmtree(site, ignore_errors=True)
    pdf = work / f"bench-{scale}.pdf"
    st = as_process(size, "policy pdf", [*_policy(), "pdf", "--data", str(corpus), "--out",
                                         str(pdf)], slow_runs, timeout=timeout,
                    after=lambda s: s.extra.update(pdf_bytes=pdf.stat().st_size))
    st.note = st.note or note
    steps.append(st)
    pdf.unlink(missing_ok=True)
    return steps


_READY = ("() => { const m = document.querySelector('.md-search-result__meta');"
          " return m && m.textContent.includes('键入以开始搜索') ? performance.now() : false }")


def search_ready(site: Path, page: str = "") -> dict[str, Any]:
    """Seconds from opening a page of ``site`` (served on loopback) to Material's search being
    ready in Chromium: download, parse and indexing of search_index.json, network time aside."""
    import functools
    import http.server
    import threading

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"search_ready_note": "playwright 不可用"}
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return {"search_ready_note": f"找不到 {chromium}"}

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                          functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run"])
            try:
                pg = browser.new_page()
                pg.goto(f"http://127.0.0.1:{srv.server_address[1]}/{page}")
                ms = pg.wait_for_function(_READY, timeout=300_000, polling=20).json_value()
                return {"search_ready_s": round(float(ms) / 1000, 3)}
            finally:
                browser.close()
    except Exception as exc:  # a benchmark reports what it could not measure
        return {"search_ready_note": f"未能测量：{type(exc).__name__}: {str(exc)[:100]}"}
    finally:
        srv.shutdown()
        srv.server_close()


# ---------------------------------------------------------------------------------------------
# The real standard: where `make site` spends its time, and how fast `make serve` shows an edit


class _Clock:
    """Adds up the time spent in each category of our own code."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def __call__(self, what: str, fn: Callable[[], Any]) -> Any:
        elapsed, value = _timed(fn)
        self.spent[what] = self.spent.get(what, 0.0) + elapsed
        return value


def own_steps(data: Path) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Our code's share of ``policy build-site``, run in process exactly as the build runs it:
    the command's check, then per edition the PDF's load and render, and the MkDocs hook's check,
    load and render (``on_config`` and ``on_files``).

    Returns (time per category, WeasyPrint's time per edition, our hook's time per edition).
    """
    from . import loader, rules
    from .checker import check
    from .diff import compare, renumbered
    from .editions import editions, view
    from .loader import load
    from .pdf import build_pdf, render_html
    from .render import comparison
    from .render.markdown import EditionInfo, esc, pages

    clock = _Clock()
    weasy: dict[str, float] = {}
    hook: dict[str, float] = {}
    _cold()  # a new `policy build-site` process
    build_process = loader._parse_validate
    clock("check", lambda: check(data))  # policy build-site: _load_standard
    std = clock("load", lambda: load(data).standard)
    assert std is not None
    for e in editions(std, data):
        v = clock("load", lambda e=e: view(data, e.slug))  # publish.edition_pdf
        rows = None
        if v.previous is not None:
            cmp = clock("render", lambda v=v: compare(v.previous, v.std, v.previous_label, ""))
            rows = clock("render", lambda v=v, cmp=cmp: comparison.pdf_rows(
                cmp, comparison.reasons_of(v.std.revisions[-1])))
        html_s, _ = _timed(lambda v=v, rows=rows: render_html(v.std, rows))
        clock.spent["render"] = clock.spent.get("render", 0.0) + html_s
        total, _ = _timed(lambda v=v, rows=rows: build_pdf(v.std, rows))
        weasy[e.slug] = total - html_s  # build_pdf = render_html + WeasyPrint
        before = sum(clock.spent.values())
        # each edition's `mkdocs build` is a process of its own, with its own memory of files
        loader._parse_validate = lru_cache(build_process.cache_info().maxsize)(
            build_process.__wrapped__)
        clock("check", lambda: check(data))  # mkdocs_hooks.on_config
        hv = clock("load", lambda e=e: view(data, e.slug))

        def info(hv: Any = hv) -> EditionInfo:  # mkdocs_hooks.edition_info
            out = EditionInfo(label=f"{hv.edition.edition} 版", history=hv.history(),
                              previous_label=hv.previous_label)
            if hv.previous is not None:
                cmp = compare(hv.previous, hv.std, hv.previous_label, out.label)
                out.comparison = comparison.to_markdown(
                    cmp, comparison.reasons_of(hv.std.revisions[-1]),
                    renumbered(hv.previous, hv.std), escape=esc, heading="##")
            return out

        inf = clock("render", info)
        clock("render", lambda hv=hv, inf=inf: pages(hv.std, rules.REGISTRY, inf))  # on_files
        hook[e.slug] = sum(clock.spent.values()) - before
        loader._parse_validate = build_process  # back in the `policy build-site` process
    return clock.spent, weasy, hook


def site_share(data: Path, work: Path, runs: int, timeout: float) -> dict[str, Any]:
    """``make site`` (``policy build-site``) on the real standard, split into our code, MkDocs,
    WeasyPrint and the rest (process start-up, file writes)."""
    from .editions import editions
    from .loader import load

    out = work / "site-real"
    total = as_process("real", "policy build-site", [*_policy(), "build-site", "--data",
                                                     str(data), "--out", str(out)], runs,
                       timeout=timeout)
    shutil.rmtree(out, ignore_errors=True)
    got = measure_apart("own", data, runs)
    own, weasy, hook = got["own"], got["weasyprint"], got["hook"]
    std = load(data).standard
    assert std is not None
    mk: dict[str, float] = {}
    for e in editions(std, data):
        site = work / f"site-real-{e.slug}"
        step = as_process("real", f"mkdocs {e.slug}", mkdocs_cmd(site), runs,
                          _env(POLICY_DATA=str(data.resolve()), POLICY_EDITION=e.slug), timeout)
        shutil.rmtree(site, ignore_errors=True)
        if step.median is not None:
            mk[e.slug] = step.median
    site_s = total.median or float("nan")
    own_s = sum(own.values())
    mkdocs_net = sum(mk.values()) - sum(hook.values())
    weasy_s = sum(weasy.values())
    return {
        "site_s": site_s, "site_note": total.note,
        "own_s": own_s, "own": own, "own_share": own_s / site_s,
        "mkdocs_s": mkdocs_net, "mkdocs_process_s": mk, "hook_s": hook,
        "weasyprint_s": weasy_s, "weasyprint": weasy,
        "other_s": site_s - own_s - mkdocs_net - weasy_s,
    }


def _open_draft(copy: Path) -> tuple[Path, str, int]:
    """Make ``copy`` a draft with one pending change, as while an editor works on a revision.

    Returns the chapter file, its text and the offset where an edit goes (the end of the first
    clause's text, which the pending revision lists as modified).
    """
    from .editions import is_pending
    from .loader import load

    std = load(copy).standard
    assert std is not None
    chapter = copy / "chapters" / "01.yml"
    text = chapter.read_text("utf-8")
    first = re.search(r"- id: (C-\d+)\n\s+text: (.*)$", text, re.M)
    assert first is not None
    if not is_pending(std):
        major, minor = (int(x) for x in std.meta.edition.split(".")[:2])
        edition = f"{major}.{minor + 1}"
        doc = (copy / "document.yml").read_text("utf-8")
        doc = re.sub(r"^edition: .*$", f'edition: "{edition}"', doc, flags=re.M)
        doc = re.sub(r"^status: .*$", "status: 草案", doc, flags=re.M)
        (copy / "document.yml").write_text(doc, "utf-8")
        with (copy / "revisions.yml").open("a", encoding="utf-8") as fh:
            fh.write(f'- edition: "{edition}"\n  kind: 修正\n  approved_by: 董事会\n'
                     f"  summary: 性能测试：修改一条条款。\n  changes:\n"
                     f"    - id: {first.group(1)}\n      change: modified\n"
                     f"      reason: 性能测试。\n      substantive: false\n")
    return chapter, text, first.end(2)


def serve_edit(data: Path, work: Path, runs: int, timeout: float = 60) -> dict[str, Any]:
    """``make serve`` for real: start ``mkdocs serve`` on a draft copy of ``data``, change a clause
    in a YAML file, and time until the served page shows the change."""
    import signal
    import socket
    import urllib.request

    copy = work / "serve-data"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy)
    chapter, original, at = _open_draft(copy)

    def edit(marker: str) -> None:
        chapter.write_text(original[:at] + marker + original[at:], "utf-8")

    edit("性能测试初始修改")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/chapters/01/"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f",
           str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=REPO, env=_env(POLICY_DATA=str(copy)), stdout=log,
                            stderr=subprocess.STDOUT)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return str(r.read().decode("utf-8"))
        except OSError:
            return ""

    def wait_for(marker: str, limit: float) -> float | None:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if marker in page():
                return time.perf_counter() - start
            if proc.poll() is not None:
                return None
            time.sleep(0.02)
        return None

    times: list[float] = []
    try:
        if wait_for("性能测试初始修改", 120) is None:
            log.seek(0)
            tail = log.read()[-400:].decode("utf-8", "replace")
            return {"serve_note": "mkdocs serve 未能显示草案：" + tail}
        for n in range(runs):
            time.sleep(1.0)  # let the watcher settle after the previous build
            marker = f"性能测试第{n + 1}次修改"
            edit(marker)
            took = wait_for(marker, timeout)
            if took is None:
                break
            times.append(took)
    finally:
        proc.send_signal(signal.SIGINT)  # serve removes its temporary site on the way out
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(copy, ignore_errors=True)
    if not times:
        return {"serve_note": "修改后页面未在时限内更新"}
    return {"serve_edit_s": statistics.median(times), "serve_edit_runs": times}


# ---------------------------------------------------------------------------------------------
# Budgets, table, JSON

MBIT = 10  # bandwidth assumed for downloading the search index (an office network, Mbit/s)


@dataclass
class Budget:
    name: str
    ok: bool | None  # None: not measured in this run
    measured: str


def _find(steps: list[Step], size: str, step: str) -> float | None:
    return next((s.median for s in steps if s.size == size and s.step == step), None)


def budgets(steps: list[Step], real: dict[str, Any]) -> list[Budget]:
    out = []
    t = _find(steps, "real", "policy check")
    out.append(Budget("policy check（真实规范，进程，含启动）< 0.5 s",
                      None if t is None else t < 0.5, f"{t:.2f} s" if t is not None else "未测"))
    t = _find(steps, "×100", "policy check")
    out.append(Budget("policy check（×100，进程）< 10 s", None if t is None else t < 10,
                      f"{t:.2f} s" if t is not None else "未测"))
    a, b = _find(steps, "×100", "check"), _find(steps, "×10", "check")
    pa, pb = _find(steps, "×100", "policy check"), _find(steps, "×10", "policy check")
    ratio = a / b if a and b else None
    out.append(Budget("check 时间 ×100 / ×10 ≤ 12（进程内，不含启动）",
                      None if ratio is None else ratio <= 12,
                      f"{ratio:.1f}（{a:.2f} s / {b:.2f} s；进程：{pa / pb:.1f}）"
                      if ratio is not None and pa and pb else "未测"))
    share = real.get("site", {}).get("own_share")
    out.append(Budget("本项目代码（读取、检查、生成）< make site 的 10%", None if share is None
                      else share < 0.10, f"{share:.1%}（{real['site']['own_s']:.2f} s / "
                      f"{real['site']['site_s']:.2f} s）" if share is not None else "未测"))
    serve = real.get("serve", {}).get("serve_edit_s")
    build = real.get("serve_build_s")
    out.append(Budget("make serve：保存 YAML 后 3 s 内显示", None if serve is None else serve < 3,
                      (f"{serve:.2f} s（实测 mkdocs serve，修改到页面更新）" if serve is not None
                       else "未测") + (f"；单独重建一版 mkdocs build：{build:.2f} s"
                                       if build is not None else "")))
    search = real.get("search", {})
    ready, gz = search.get("search_ready_s"), search.get("search_index_gzip_bytes")
    if ready is not None and gz is not None:
        transfer = gz * 8 / (MBIT * 1e6)
        raw = search["search_index_bytes"]
        out.append(Budget(f"搜索在打开页面后 1 s 内可用（压缩传输，{MBIT} Mbit/s）",
                          ready + transfer <= 1.0,
                          f"{ready + transfer:.2f} s = 本机就绪 {ready:.2f} s + 传输 "
                          f"{transfer:.2f} s；"
                          f"索引 {raw / 1024:.0f} KB，gzip 后 {gz / 1024:.0f} KB；"
                          f"不压缩传输需 {raw * 8 / (MBIT * 1e6):.2f} s"))
    else:
        out.append(Budget("搜索在打开页面后 1 s 内可用", None, "未测"))
    return out


def _fmt_extra(s: Step) -> str:
    e, parts = s.extra, []
    if "search_index_bytes" in e:
        parts.append(f"索引 {e['search_index_bytes'] / 2**20:.2f} MB（gzip "
                     f"{e['search_index_gzip_bytes'] / 2**20:.2f} MB）")
    if "site_bytes" in e:
        parts.append(f"站点 {e['site_bytes'] / 2**20:.1f} MB")
    if "search_ready_s" in e:
        parts.append(f"搜索就绪 {e['search_ready_s']:.2f} s")
    if "pdf_bytes" in e:
        parts.append(f"PDF {e['pdf_bytes'] / 2**20:.1f} MB")
    if "markdown_bytes" in e:
        parts.append(f"Markdown {e['markdown_bytes'] / 2**20:.1f} MB")
    for key in ("search_ready_note",):
        if key in e:
            parts.append(str(e[key]))
    if s.note:
        parts.append(s.note)
    return "；".join(parts)


def _width(text: str) -> int:
    """Terminal columns: CJK characters and full-width punctuation take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def table(steps: list[Step]) -> str:
    rows = [("规模", "步骤", "方式", "中位数 s", "次数", "峰值内存 MB", "备注")]
    for s in steps:
        rows.append((s.size, s.step, s.how, f"{s.median:.3f}" if s.median is not None else "—",
                     str(len(s.times)), f"{s.peak_mb:.0f}" if s.peak_mb is not None else "—",
                     _fmt_extra(s)))

    cols = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for n, r in enumerate(rows):
        cells = [c + " " * (cols[i] - _width(c)) for i, c in enumerate(r[:-1])]
        lines.append("  ".join(cells + [r[-1]]).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in cols) + "  ----")
    return "\n".join(lines)


def site_table(site: dict[str, Any]) -> str:
    total = site["site_s"]
    own = site["own"]
    rows = [
        ("make site（policy build-site）合计", total),
        ("  本项目代码：读取（load、view）", own.get("load", 0.0)),
        ("  本项目代码：检查（check）", own.get("check", 0.0)),
        ("  本项目代码：生成（页面、对照表、PDF 的 HTML）", own.get("render", 0.0)),
        ("  MkDocs（各版 mkdocs build 进程，扣除其中本项目钩子的时间）", site["mkdocs_s"]),
        ("  WeasyPrint（PDF 排版）", site["weasyprint_s"]),
        ("  其他（进程启动、导入、写文件）", site["other_s"]),
    ]
    pad = max(_width(name) for name, _ in rows)
    return "\n".join(f"{name}{' ' * (pad - _width(name))}  {sec:7.2f} s  {sec / total:6.1%}"
                     for name, sec in rows)


def _corpus_stats(root: Path) -> dict[str, Any]:
    from .loader import load

    std = load(root).standard
    assert std is not None
    return {"bytes": _dir_size(root), "chapters": len(std.chapters),
            "sections": len(std.sections()), "clauses": len(std.clauses()),
            "glossary_terms": len(std.glossary), "references": len(std.references)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m policy.bench",
                                 description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="规模，逗号分隔（默认 1,10,100）")
    ap.add_argument("--runs", type=int, default=3, help="每步运行次数，报告中位数（默认 3）")
    ap.add_argument("--skip-slow", action="store_true", help="跳过 mkdocs 和 PDF")
    ap.add_argument("--out", default="build/bench.json", help="JSON 结果（默认 build/bench.json）")
    ap.add_argument("--seed", type=int, default=0, help="生成语料的随机种子（默认 0）")
    ap.add_argument("--timeout", type=float, default=1800, help="每个慢步骤的时限，秒")
    ap.add_argument("--keep", action="store_true", help="保留生成的语料和临时文件")
    ap.add_argument("--measure", nargs=3, metavar=("WHAT", "DATA", "RUNS"),
                    help=argparse.SUPPRESS)  # one in-process measurement, in a fresh interpreter
    args = ap.parse_args(argv)
    if args.measure:
        what, data, n = args.measure
        print(json.dumps(_measure(what, Path(data), int(n))))
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    runs = max(1, args.runs)
    work = Path(tempfile.mkdtemp(prefix="policy-bench-"))
    steps: list[Step] = []
    corpora: dict[str, Any] = {}
    real: dict[str, Any] = {}
    try:
        steps.append(as_process("real", "policy check", [*_policy(), "check", "--data",
                                                         str(REAL)], runs))
        for scale in sizes:
            corpus = work / f"corpus-{scale}"
            gen_s, _ = _timed(lambda scale=scale, corpus=corpus: generate(corpus, scale,
                                                                          args.seed))
            corpora[f"×{scale}"] = {"path": str(corpus), "generate_s": gen_s,
                                    **_corpus_stats(corpus)}
            print(f"×{scale}：语料 {corpora[f'×{scale}']['clauses']} 条条款，生成用时 "
                  f"{gen_s:.1f} s；测量中……", file=sys.stderr, flush=True)
            steps += bench_size(scale, corpus, work, runs, args.skip_slow, args.timeout)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
        if not args.skip_slow:
            print("真实规范：make site 构成、make serve、搜索……", file=sys.stderr, flush=True)
            real["site"] = site_share(REAL, work, runs, args.timeout)
            real["serve"] = serve_edit(REAL, work, runs)
            site = work / "site-real-draft"
            build = as_process("real", "mkdocs build --strict（draft）", mkdocs_cmd(site), runs,
                               _env(POLICY_DATA=str(REAL), POLICY_EDITION="draft"),
                               args.timeout, after=lambda s: _search_sizes(site, s))
            if build.times:
                build.extra.update(search_ready(site))
            steps.append(build)
            real["serve_build_s"] = build.median
            real["search"] = build.extra
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result = budgets(steps, real)
    print("\n" + table(steps))
    if "site" in real:
        print("\nmake site 的时间构成（真实规范）：\n" + site_table(real["site"]))
    print("\n性能预算：")
    for b in result:
        mark = {True: "✓", False: "✗", None: "–"}[b.ok]
        print(f"  {mark} {b.name}：{b.measured}")
    slow_note = ("×100 及以上的 mkdocs 和 PDF 只运行 1 次。" if max(sizes) >= 100 and runs > 1
                 and not args.skip_slow else "")
    print(f"\n各步骤运行 {runs} 次取中位数。{slow_note}进程的峰值内存为该进程的最大常驻内存；"
          "进程内步骤的峰值内存由 tracemalloc 单独测得。")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "seed": args.seed, "runs": runs, "sizes": sizes, "cpus": os.cpu_count(),
        "python": sys.version.split()[0], "corpora": corpora,
        "steps": [{**s.__dict__, "median": s.median} for s in steps],
        "real": real, "budgets": [b.__dict__ for b in result],
    }, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"结果已写入 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
