"""What is measured: each probe runs the real pipeline (the ``policy`` command or its functions).

Nothing here re-implements the build: the in-process probes call the same functions the command
calls (``Repository``, ``checker.run``, ``editions.view``, ``stage.stage``), and the process probes
run ``policy`` itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policy import rules
from policy.checker import run
from policy.editions import editions, is_pending, view
from policy.fs import Folder
from policy.procs import stop
from policy.render.markdown import pages
from policy.repository import Repository
from policy.stage import read_docs, stage, write_stage

from .corpus import REPO, open_edition, with_editions
from .harness import (
    Step,
    as_process,
    bench_env,
    dir_size,
    measure_apart,
    policy_cmd,
    timed,
    traced_peak_mb,
)

FAR = "2099-12-31"  # a reference date after every synthetic edition's effective date


def in_process_fn(what: str, data: Path) -> Callable[[], Any]:
    """One in-process step; every call starts from nothing, as a new process would."""
    if what == "check":
        return lambda: run(Repository(data))
    if what == "load":
        return lambda: Repository(data).loaded
    if what == "render":
        std = Repository(data).std
        assert std is not None
        return lambda: pages(std, rules.REGISTRY.values())
    raise ValueError(what)


def measure(what: str, data: Path, runs: int) -> dict[str, Any]:
    """The in-process measurement itself, run by ``python -m benchmarks --measure``."""
    if what == "own":
        own_runs = [own_steps(data) for _ in range(runs + 1)][1:]  # the first run warms up
        return {k: statistics.median(r[k] for r in own_runs) for k in own_runs[0]}
    fn = in_process_fn(what, data)
    fn()  # warm-up: imports, compiled patterns and schemas are start-up, not the step
    times = [timed(fn)[0] for _ in range(runs)]
    out: dict[str, Any] = {"times": times, "peak_mb": traced_peak_mb(fn)}
    if what == "render":
        out["markdown_bytes"] = sum(len(t.encode()) for t in fn().values())
    return out


def in_process(size: str, name: str, what: str, data: Path, runs: int) -> Step:
    got = measure_apart(what, data, runs)
    step = Step(size, name, "in process", got["times"], got["peak_mb"])
    if "markdown_bytes" in got:
        step.extra["markdown_bytes"] = got["markdown_bytes"]
    return step


def build_cmd(data: Path, out: Path, *extra: str) -> list[str]:
    return [*policy_cmd(), "build-site", "--data", str(data), "--out", str(out),
            "--today", FAR, *extra]


def _search_sizes(site: Path, step: Step) -> None:
    index = site / "search" / "search_index.json"
    if index.exists():
        raw = index.read_bytes()
        step.extra.update(search_index_bytes=len(raw),
                          search_index_gzip_bytes=len(gzip.compress(raw, 6)))
    step.extra["site_bytes"] = dir_size(site)


def bench_size(scale: int, corpus: Path, work: Path, runs: int, skip_slow: bool,
               timeout: float) -> list[Step]:
    """Every step at one size."""
    size = f"×{scale}"
    steps = [as_process(size, "policy check", [*policy_cmd(), "check", "--data", str(corpus)],
                        runs)]
    steps.append(in_process(size, "check", "check", corpus, runs))
    steps.append(in_process(size, "load", "load", corpus, runs))
    steps.append(in_process(size, "render pages", "render", corpus, runs))
    steps.append(as_process(size, "policy export", [*policy_cmd(), "export", "--data",
                                                    str(corpus)], runs))
    if skip_slow:
        return steps
    slow_runs = 1 if scale >= 100 else runs
    note = "只运行 1 次" if slow_runs == 1 and runs > 1 else ""
    site = work / f"site-{scale}"
    built = as_process(size, "policy build-site（页面 + PDF，无缓存）",
                       build_cmd(corpus, site, "--no-cache"), slow_runs, timeout=timeout,
                       after=lambda s: _search_sizes(site / "draft", s))
    built.note = built.note or note
    if built.times:
        built.extra.update(search_ready(site / "draft"))
    steps.append(built)
    shutil.rmtree(site, ignore_errors=True)
    pdf = work / f"bench-{scale}.pdf"
    st = as_process(size, "policy pdf", [*policy_cmd(), "pdf", "--data", str(corpus), "--out",
                                         str(pdf), "--today", FAR], slow_runs, timeout=timeout,
                    after=lambda s: s.extra.update(pdf_bytes=pdf.stat().st_size))
    st.note = st.note or note
    steps.append(st)
    pdf.unlink(missing_ok=True)
    return steps


_READY = ("() => { const m = document.querySelector('.md-search-result__meta');"
          " return m && m.textContent.includes('键入以开始搜索') ? performance.now() : false }")


def serve_static(site: Path) -> tuple[Any, str]:
    """A loopback HTTP server for ``site``: (server, base URL). Call ``.shutdown()`` after."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                          functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def launch_chromium(p: Any) -> Any:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return p.chromium.launch(executable_path=chromium, args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync"])


def search_ready(site: Path, page: str = "") -> dict[str, Any]:
    """Seconds from opening a page of ``site`` (served on loopback) to Material's search being
    ready in Chromium: download, parse and indexing of search_index.json, network time aside."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"search_ready_note": "playwright 不可用"}
    srv, base = serve_static(site)
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                pg = browser.new_page()
                pg.goto(f"{base}/{page}")
                ms = pg.wait_for_function(_READY, timeout=300_000, polling=20).json_value()
                return {"search_ready_s": round(float(ms) / 1000, 3)}
            finally:
                browser.close()
    except Exception as exc:  # a benchmark reports what it could not measure
        return {"search_ready_note": f"未能测量：{type(exc).__name__}: {str(exc)[:100]}"}
    finally:
        srv.shutdown()
        srv.server_close()


def own_steps(data: Path) -> dict[str, float]:
    """Our code's part of ``policy build-site``, run in process exactly as the command runs it:
    load and check once, then per edition its view and its stage (pages, 对照表, the PDF's HTML)
    written to a folder. What remains of the build is the engine and WeasyPrint."""
    spent: dict[str, float] = {}

    def clock(what: str, fn: Callable[[], Any]) -> Any:
        took, value = timed(fn)
        spent[what] = spent.get(what, 0.0) + took
        return value

    on = dt.date.fromisoformat(FAR)
    repo = Repository(data)
    clock("load", lambda: repo.loaded)
    clock("check", lambda: run(repo, today=on))
    std = repo.std
    assert std is not None
    docs = clock("load", lambda: read_docs(Folder(REPO / "docs")))
    with tempfile.TemporaryDirectory() as tmp:
        for e in editions(std, on):
            v = clock("load", functools.partial(view, repo, e.slug, on))
            st = clock("render", functools.partial(stage, v, docs, rules.REGISTRY.values()))
            clock("write", functools.partial(write_stage, st, Path(tmp) / st.slug))
    return spent


def site_share(data: Path, work: Path, runs: int, timeout: float) -> dict[str, Any]:
    """``make site`` (``policy build-site``, no cache) on the real standard, and our own code's
    share of it (the rest is the engine, WeasyPrint and process start-up)."""
    out = work / "site-real"
    total = as_process("real", "policy build-site（无缓存）", build_cmd(data, out, "--no-cache"),
                       runs, timeout=timeout)
    shutil.rmtree(out, ignore_errors=True)
    own = measure_apart("own", data, runs)
    site_s = total.median or float("nan")
    own_s = sum(own.values())
    return {"site_s": site_s, "site_note": total.note, "own_s": own_s, "own": own,
            "own_share": own_s / site_s}


def edition_scaling(work: Path, counts: tuple[int, ...], timeout: float) -> dict[str, Any]:
    """``policy build-site`` on synthetic data with 1, 4, 12 … released editions: cold (empty
    cache, editions laid out in parallel) and warm (the same cache, nothing changed)."""
    out: dict[str, Any] = {"cpus": os.cpu_count(), "counts": {}}
    for n in counts:
        data = with_editions(work / f"editions-{n}", n)
        cache, site = work / f"cache-{n}", work / f"site-ed-{n}"
        cold = as_process(f"{n} 版", "policy build-site 冷（空缓存）",
                          build_cmd(data, site, "--cache", str(cache)), 1, timeout=timeout)
        warm = as_process(f"{n} 版", "policy build-site 热（缓存命中）",
                          build_cmd(data, site, "--cache", str(cache)), 3, timeout=timeout)
        out["counts"][n] = {"cold_s": cold.median, "warm_s": warm.median,
                            "note": cold.note or warm.note}
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
    return out


def _open_draft(copy: Path) -> tuple[Path, str, int]:
    """Make ``copy`` a draft with one pending change, as while an editor works on a revision.

    Returns the chapter file, its text and the offset where an edit goes (the end of the first
    clause's text, which the pending revision lists as modified).
    """
    std = Repository(copy).std
    assert std is not None
    chapter = copy / "chapters" / "01.yml"
    text = chapter.read_text("utf-8")
    first = re.search(r"- id: (C-\d+)\n\s+text: (.*)$", text, re.M)
    assert first is not None
    if not is_pending(std):
        major, minor = (int(x) for x in std.meta.edition.split(".")[:2])
        edition = f"{major}.{minor + 1}"
        open_edition(copy, edition, first.group(1), "性能测试：修改一条条款。")
    return chapter, text, first.end(2)


def serve_edit(data: Path, work: Path, runs: int, timeout: float = 60) -> dict[str, Any]:
    """``make serve`` for real: start ``policy serve`` on a draft copy of ``data``, change a
    clause in a YAML file, and time until the served page shows the change."""
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
    url = f"http://127.0.0.1:{port}/draft/chapters/01/"
    cmd = [*policy_cmd(), "serve", "--data", str(copy), "--port", str(port),
           "--cache", str(work / "serve-cache")]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=REPO, env=bench_env(), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback only)
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
        if wait_for("性能测试初始修改", 600) is None:
            log.seek(0)
            tail = log.read()[-400:].decode("utf-8", "replace")
            return {"serve_note": "policy serve 未能显示草案：" + tail}
        for n in range(runs):
            time.sleep(1.0)  # let the watcher settle after the previous build
            marker = f"性能测试第{n + 1}次修改"
            edit(marker)
            took = wait_for(marker, timeout)
            if took is None:
                break
            times.append(took)
    finally:
        stop(proc)
        log.close()
        shutil.rmtree(copy, ignore_errors=True)
    if not times:
        return {"serve_note": "修改后页面未在时限内更新"}
    return {"serve_edit_s": statistics.median(times), "serve_edit_runs": times}

