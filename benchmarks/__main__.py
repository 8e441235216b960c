"""Benchmarks: a synthetic corpus at ×1, ×10 and ×100 the real standard, and what each step costs.

``python -m benchmarks`` (``make bench``) generates each corpus in a temporary folder, times
``policy check`` (as a process and in process), ``policy export``, rendering the pages,
``policy build-site`` and ``policy pdf``, then on the real standard our code's share of
``make site`` and ``make serve``'s time to show an edit, and on synthetic data with 1, 4 and 12
released editions the build cold and warm. It reports medians as a table and as JSON, and shows
the performance budgets with ✓ or ✗. Benchmarks measure; they never fail on time.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from policy.repository import Repository

from . import probes
from .corpus import REAL, generate
from .harness import Step, as_process, dir_size, policy_cmd, timed
from .report import budgets, editions_table, site_table, table


def _corpus_stats(root: Path) -> dict[str, Any]:
    std = Repository(root).std
    assert std is not None
    return {"bytes": dir_size(root), "chapters": len(std.chapters),
            "sections": len(std.sections()), "clauses": len(std.clauses()),
            "glossary_terms": len(std.glossary), "references": len(std.references)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks",
                                 description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="规模，逗号分隔（默认 1,10,100）")
    ap.add_argument("--editions", default="1,4,12", help="多版本测试的版本数（默认 1,4,12）")
    ap.add_argument("--runs", type=int, default=3, help="每步运行次数，报告中位数（默认 3）")
    ap.add_argument("--skip-slow", action="store_true", help="跳过站点、PDF 和多版本构建")
    ap.add_argument("--out", default="build/bench.json", help="JSON 结果（默认 build/bench.json）")
    ap.add_argument("--seed", type=int, default=0, help="生成语料的随机种子（默认 0）")
    ap.add_argument("--timeout", type=float, default=1800, help="每个慢步骤的时限，秒")
    ap.add_argument("--keep", action="store_true", help="保留生成的语料和临时文件")
    ap.add_argument("--measure", nargs=3, metavar=("WHAT", "DATA", "RUNS"),
                    help=argparse.SUPPRESS)  # one in-process measurement, in a fresh interpreter
    args = ap.parse_args(argv)
    if args.measure:
        what, data, n = args.measure
        print(json.dumps(probes.measure(what, Path(data), int(n))))
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    counts = tuple(int(x) for x in args.editions.split(",") if x.strip())
    runs = max(1, args.runs)
    work = Path(tempfile.mkdtemp(prefix="policy-bench-"))
    steps: list[Step] = []
    corpora: dict[str, Any] = {}
    real: dict[str, Any] = {}
    try:
        steps.append(as_process("real", "policy check", [*policy_cmd(), "check", "--data",
                                                         str(REAL)], runs))
        for scale in sizes:
            corpus = work / f"corpus-{scale}"
            gen_s, _ = timed(functools.partial(generate, corpus, scale, args.seed))
            corpora[f"×{scale}"] = {"path": str(corpus), "generate_s": gen_s,
                                    **_corpus_stats(corpus)}
            print(f"×{scale}：语料 {corpora[f'×{scale}']['clauses']} 条条款，生成用时 "
                  f"{gen_s:.1f} s；测量中……", file=sys.stderr, flush=True)
            steps += probes.bench_size(scale, corpus, work, runs, args.skip_slow, args.timeout)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
        if not args.skip_slow:
            print("真实规范：make site 构成、make serve……", file=sys.stderr, flush=True)
            real["site"] = probes.site_share(REAL, work, runs, args.timeout)
            real["serve"] = probes.serve_edit(REAL, work, runs)
            print(f"多版本：{counts} 个已发布版本，空缓存与缓存命中……", file=sys.stderr,
                  flush=True)
            real["editions"] = probes.edition_scaling(work, counts, args.timeout)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result = budgets(steps, real)
    print("\n" + table(steps))
    if "site" in real:
        print("\nmake site 的时间构成（真实规范）：\n" + site_table(real["site"]))
    if "editions" in real:
        print("\n已发布版本数与构建时间：\n" + editions_table(real["editions"]))
    print("\n性能预算：")
    for b in result:
        mark = {True: "✓", False: "✗", None: "–"}[b.ok]
        print(f"  {mark} {b.name}：{b.measured}")
    slow_note = ("×100 及以上的站点和 PDF 只运行 1 次。" if max(sizes, default=0) >= 100
                 and runs > 1 and not args.skip_slow else "")
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
