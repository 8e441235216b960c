"""The benchmark's report: the table, the budgets with ✓ or ✗, and build/bench.json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .harness import Step

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
    out.append(Budget("make serve：保存 YAML 后 3 s 内显示", None if serve is None else serve < 3,
                      f"{serve:.2f} s（实测 policy serve，修改到页面更新）" if serve is not None
                      else real.get("serve", {}).get("serve_note", "未测")))
    out += edition_budgets(real.get("editions", {}))
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


def columns(text: str) -> int:
    """Terminal columns: CJK characters and full-width punctuation take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def table(steps: list[Step]) -> str:
    rows = [("规模", "步骤", "方式", "中位数 s", "次数", "峰值内存 MB", "备注")]
    for s in steps:
        rows.append((s.size, s.step, s.how, f"{s.median:.3f}" if s.median is not None else "—",
                     str(len(s.times)), f"{s.peak_mb:.0f}" if s.peak_mb is not None else "—",
                     _fmt_extra(s)))

    cols = [max(columns(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for n, r in enumerate(rows):
        cells = [c + " " * (cols[i] - columns(c)) for i, c in enumerate(r[:-1])]
        lines.append("  ".join(cells + [r[-1]]).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in cols) + "  ----")
    return "\n".join(lines)


def edition_budgets(ed: dict[str, Any]) -> list[Budget]:
    """The edition-count budgets: warm builds barely grow, cold builds use every core."""
    counts = {int(k): v for k, v in ed.get("counts", {}).items()}
    one, many = counts.get(1, {}), counts.get(max(counts) if counts else 0, {})
    n = max(counts) if counts else 0
    out = []
    if one.get("warm_s") and many.get("warm_s") and n > 1:
        r = many["warm_s"] / one["warm_s"]
        out.append(Budget(f"make site，{n} 个已发布版本，缓存命中 ≤ 1.3 × 1 个版本", r <= 1.3,
                          f"{r:.2f}（{many['warm_s']:.2f} s / {one['warm_s']:.2f} s）"))
    else:
        out.append(Budget("make site，多个已发布版本，缓存命中 ≤ 1.3 × 1 个版本", None, "未测"))
    if one.get("cold_s") and many.get("cold_s") and n > 1:
        r = many["cold_s"] / (n * one["cold_s"])
        out.append(Budget(f"make site，{n} 个版本，空缓存 ≤ 0.6 × 逐个单独构建之和", r <= 0.6,
                          f"{r:.2f}（{many['cold_s']:.1f} s / ({n} × {one['cold_s']:.1f} s)，"
                          f"{ed.get('cpus')} 个处理器核心）"))
    else:
        out.append(Budget("make site，多个版本，空缓存 ≤ 0.6 × 逐个单独构建之和", None, "未测"))
    return out


def editions_table(ed: dict[str, Any]) -> str:
    rows = [("已发布版本数", "空缓存 s", "缓存命中 s")]
    for n, v in sorted(((int(k), v) for k, v in ed.get("counts", {}).items())):
        rows.append((str(n), f"{v['cold_s']:.2f}" if v.get("cold_s") else "—",
                     f"{v['warm_s']:.2f}" if v.get("warm_s") else "—"))
    return "\n".join(f"{a:>12}  {b:>10}  {c:>10}" for a, b, c in rows)


def site_table(site: dict[str, Any]) -> str:
    total = site["site_s"]
    own = site["own"]
    rows = [
        ("make site（policy build-site，无缓存）合计", total),
        ("  本项目代码：读取（数据、各版本、docs/）", own.get("load", 0.0)),
        ("  本项目代码：检查（check）", own.get("check", 0.0)),
        ("  本项目代码：生成（页面、对照表、PDF 的 HTML）", own.get("render", 0.0)),
        ("  本项目代码：写出各版本的待构建文件", own.get("write", 0.0)),
        ("  其余：站点引擎、WeasyPrint、进程启动（各版本并行）",
         total - sum(own.values())),
    ]
    pad = max(columns(name) for name, _ in rows)
    return "\n".join(f"{name}{' ' * (pad - columns(name))}  {sec:7.2f} s  {sec / total:6.1%}"
                     for name, sec in rows)
