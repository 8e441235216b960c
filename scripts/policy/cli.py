"""The ``policy`` command.

Exit status: 0 clean, 1 findings, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import report, rules
from .checker import run as run_rules
from .engines import ENGINES
from .errors import DataError, PolicyError, UsageError
from .export import to_json
from .repository import Repository

DEFAULT_DATA = "policy_data"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"policy: 用法错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="policy", description="《金融机构客户服务规范(标准版)》的检查与发布工具")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", help="检查数据目录，报告问题")
    c.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    c.add_argument("--format", choices=["text", "github", "json"], default="text")
    c.add_argument("--strict", action="store_true", help="警告也视为失败")
    c.add_argument("--today", help="检查复核日期时使用的日期，YYYY-MM-DD")
    c.add_argument("--rule", action="append", default=[], metavar="ID=LEVEL",
                   help="调整规则级别：error、warning 或 off；可重复")
    c.add_argument("--config", help="TOML 配置文件，其 [rules] 表调整规则级别")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    e = sub.add_parser("export", help="以 JSON 输出整部规范")
    e.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    e.add_argument("--today", help="判断版本状态所用的日期 YYYY-MM-DD（默认北京时间今天）")
    r = sub.add_parser("render", help="生成 Markdown 页面到目录")
    r.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    r.add_argument("--out", required=True, help="输出目录（整体替换）")
    b = sub.add_parser("build-site", help="构建完整站点（含 PDF），成功后整体替换输出目录")
    b.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    b.add_argument("--out", default="site", help="输出目录（默认 site）")
    b.add_argument("--config", default="mkdocs.yml", help="站点引擎的配置文件（默认 mkdocs.yml）")
    b.add_argument("--docs", default="docs", help="手写页面和站点资源所在目录（默认 docs）")
    b.add_argument("--today", help="判断各版本状态所用的日期 YYYY-MM-DD（默认北京时间今天）")
    b.add_argument("--engine", choices=ENGINES, default="mkdocs", help="站点引擎（默认 mkdocs）")
    b.add_argument("--jobs", type=int, default=0, help="同时构建的版本数（默认每个处理器核心一个）")
    b.add_argument("--cache", default="build/cache", help="已构建版本的缓存目录（默认 build/cache）")
    b.add_argument("--no-cache", action="store_true", help="不使用缓存，全部重新构建")
    b.add_argument("--search", choices=["policy", "material"], default="policy",
                   help="站内搜索：本项目的搜索（默认）或 Material 自带的搜索（用于比较）")
    b.add_argument("--rule", action="append", default=[], metavar="ID=LEVEL",
                   help="构建前检查时调整规则级别；可重复")
    rel = sub.add_parser("release", help="把草案发布为新版本（冻结并记录校验值）")
    rel.add_argument("edition", help="要发布的版本号，须与待发布的修订记录一致，如 1.1")
    rel.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    rel.add_argument("--approved-by", help="批准机构，如 董事会")
    rel.add_argument("--approval-doc", help="批准文件或会议决议编号")
    rel.add_argument("--approved", help="批准日期 YYYY-MM-DD")
    rel.add_argument("--issued", help="发布日期 YYYY-MM-DD")
    rel.add_argument("--effective", help="施行日期 YYYY-MM-DD")
    ne = sub.add_parser("new-edition", help="开始起草下一版本：新增修订记录，更新 document.yml")
    ne.add_argument("edition", help="新版本号：修正为小数部分加 1（如 1.2），修订为整数部分加 1（如 2.0）")
    ne.add_argument("--kind", required=True, choices=["修订", "修正"],
                    help="修订：较大范围修改；修正：个别条文修改（第 8.2.3 条）")
    ne.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    ne.add_argument("--approved-by", default="", help="批准机构（默认与上一版相同）")
    ne.add_argument("--summary", default="", help="修订概要（也可以稍后在 revisions.yml 中填写）")
    d = sub.add_parser("diff", help="生成两个版本之间的新旧条文对照表")
    d.add_argument("old", help="原版本：版本号（如 1.0）、latest（最新发布版）、draft、数据目录或 git 引用")
    d.add_argument("new", help="新版本：同上")
    d.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    d.add_argument("--format", choices=["markdown", "html", "json", "docx"], default="markdown")
    d.add_argument("--out", help="输出文件（--format docx 时必须给出）")
    pp = sub.add_parser("pdf", help="生成一个版本的 PDF")
    pp.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    pp.add_argument("--edition", default="draft", help="版本号，或 draft（默认，工作草案）")
    pp.add_argument("--out", required=True, help="输出的 PDF 文件")
    pp.add_argument("--today", help="判断版本状态所用的日期 YYYY-MM-DD（默认北京时间今天）")
    dx = sub.add_parser("docx", help="生成一个版本的 Word 文件（送审、存档）")
    dx.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    dx.add_argument("--edition", default="draft", help="版本号，或 draft（默认，工作草案）")
    dx.add_argument("--out", required=True, help="输出的 .docx 文件")
    dx.add_argument("--today", help="判断版本状态所用的日期 YYYY-MM-DD（默认北京时间今天）")
    co = sub.add_parser("codeowners", help="根据各节的负责部门生成 CODEOWNERS")
    co.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    co.add_argument("--check", metavar="FILE", help="不输出，只检查 FILE 是否与生成结果一致")
    sv = sub.add_parser("serve", help="本地预览全部版本，保存文件后自动重建")
    sv.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    sv.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    sv.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    sv.add_argument("--config", default="mkdocs.yml", help="站点引擎的配置文件（默认 mkdocs.yml）")
    sv.add_argument("--docs", default="docs", help="手写页面和站点资源所在目录（默认 docs）")
    sv.add_argument("--today", help="判断各版本状态所用的日期 YYYY-MM-DD（默认北京时间今天）")
    sv.add_argument("--cache", default="build/cache", help="已构建版本的缓存目录（默认 build/cache）")
    aa = sub.add_parser("as-at", help="查询某日施行的版本，以及某一条款当日的条文")
    aa.add_argument("date", help="日期 YYYY-MM-DD")
    aa.add_argument("clause", nargs="?", help="条款标识，如 C-5402（可选）")
    aa.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    sub.add_parser("rules", help="列出全部检查规则")
    return p


def _levels(args: argparse.Namespace) -> dict[str, str]:
    levels: dict[str, str] = {}
    if getattr(args, "command", "") == "check" and args.config:
        try:
            with open(args.config, "rb") as fh:
                conf = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"无法读取配置文件 {args.config}：{exc}") from exc
        levels.update({str(k): str(v) for k, v in conf.get("rules", {}).items()})
    for item in args.rule:
        rid, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--rule 的格式应为 ID=LEVEL，收到“{item}”")
        levels[rid] = level
    for rid, level in levels.items():
        if rid not in rules.REGISTRY:
            raise UsageError(f"没有名为“{rid}”的规则；可用规则见 policy rules")
        if level not in ("error", "warning", "off"):
            raise UsageError(f"规则“{rid}”的级别“{level}”无效，应为 error、warning 或 off")
    return levels


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        name = f"{option} " if option.startswith("--") else option
        raise UsageError(f"{name}应为 YYYY-MM-DD 格式的日期，如 2026-06-10，收到“{value}”") from exc


def _repository(data: str) -> Repository:
    repo = Repository(data)
    if repo.loaded.missing:
        raise UsageError(f"数据目录不存在：{data}（用 --data 指定数据目录，默认为 policy_data）")
    return repo


def _checked(data: str, levels: dict[str, str] | None = None,
             today: dt.date | None = None) -> Repository:
    """The repository, checked once; its errors stop the command (exit 1)."""
    repo = _repository(data)
    errors = [p for p in run_rules(repo, levels, today) if p.level == "error"]
    if errors or repo.std is None:
        raise DataError("数据未通过检查：", errors)
    return repo


def _diff(args: argparse.Namespace) -> int:
    import tempfile

    from .render import comparison
    from .sides import resolve

    repo = _repository(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        old = resolve(args.old, repo, Path(tmp))
        new = resolve(args.new, repo, Path(tmp))
    from .diff import comparison as build_comparison

    cmp = build_comparison(old.std, new.std, old.label, new.label, new.revision, new.draft)
    if args.format == "docx":
        from .output import write_file
        from .word import comparison_docx

        if not args.out:
            raise UsageError("--format docx 须用 --out 指定输出的 .docx 文件")
        std = repo.std
        title = f"《{std.meta.title}》" if std else ""
        write_file(Path(args.out), comparison_docx(cmp, title, std.meta.issuer if std else "",
                                                   new.revision.issued if new.revision else ""))
        print(f"对照表已生成：{args.out}")
        return 0
    render = {"markdown": comparison.to_markdown, "html": comparison.to_html,
              "json": comparison.to_json}[args.format]
    text = render(cmp)
    if args.out:
        from .output import write_file

        write_file(Path(args.out), text)
        print(f"对照表已生成：{args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _check(args: argparse.Namespace) -> int:
    levels, today = _levels(args), _date(args.today, "--today")
    repo = _repository(args.data)
    problems = run_rules(repo, levels, today)
    if args.format == "github":
        out = report.github(problems)
    elif args.format == "json":
        out = report.as_json(problems)
    else:
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                             and not os.environ.get("NO_COLOR"))
        out = report.text(problems, colour)
    if out:
        print(out)
    failing = [p for p in problems if p.level == "error" or args.strict]
    return 1 if failing else 0


def _build_site(args: argparse.Namespace) -> int:
    from .editions import today_in_china
    from .publish import SiteConfig, build_site

    on = _date(args.today, "--today") or today_in_china()
    repo = _checked(args.data, _levels(args), on)
    cfg = SiteConfig(config=Path(args.config), docs=Path(args.docs), engine=args.engine,
                     jobs=args.jobs, cache=None if args.no_cache else Path(args.cache),
                     search=args.search)
    done = build_site(repo, Path(args.out), on, rules.REGISTRY.values(), cfg)
    reused = f"；沿用缓存：{'、'.join(done.reused)}" if done.reused else ""
    print(f"站点已生成：{args.out}（{'、'.join(done.slugs)}{reused}）")
    return 0


def _as_at(args: argparse.Namespace) -> int:
    from .diff import reading_of
    from .editions import clause_versions, day_before, editions, in_force

    on = _date(args.date, "日期")
    assert on is not None
    repo = _checked(args.data, today=on)
    std = repo.std
    assert std is not None
    released = [r for r in std.revisions if r.checksum]
    if not released:
        print("本规范还没有已发布的版本。")
        return 1
    rev = in_force(std.revisions, on)
    if rev is None:
        first = released[0]
        print(f"{on}：本规范尚未施行。最早的 {first.edition} 版自 {first.effective} 起施行。")
        return 1
    later = [r for r in released if r.effective > rev.effective]
    until = (f"，至 {day_before(later[0].effective)} 止，此后由 {later[0].edition} 版替代"
             if later else "")
    print(f"{on} 施行的是 {rev.edition} 版：{rev.issued} 发布，自 {rev.effective} 起施行{until}。")
    if not args.clause:
        return 0
    frozen = repo.frozen_standard(rev.edition)
    assert frozen is not None
    c = frozen.clause_by_id.get(args.clause)
    if c is not None:
        print(f"\n第 {c.number} 条（{c.id}）当日的条文：\n{reading_of(frozen, c)}")
        return 0
    eds = [e for e in editions(std, on) if e.released]
    versions = clause_versions(repo, eds).get(args.clause)
    if not versions:
        raise UsageError(f"没有条款 {args.clause}：任何已发布的版本中都没有这个标识")
    where = "；".join(f"{v.first} 版{'删除' if v.change == 'removed' else '新增'}"
                      for v in versions if v.change in ("added", "removed"))
    print(f"\n{rev.edition} 版中没有条款 {args.clause}（{where}）。")
    return 1


def _serve(args: argparse.Namespace) -> int:
    from .publish import SiteConfig
    from .serve import serve

    _repository(args.data)
    cfg = SiteConfig(config=Path(args.config), docs=Path(args.docs), cache=Path(args.cache),
                     draft_pdf=False)
    return serve(Path(args.data), cfg, args.host, args.port, _date(args.today, "--today"))


def _docx(args: argparse.Namespace) -> int:
    from .editions import clause_versions, editions, today_in_china, view
    from .labels import STATUS_LABEL
    from .output import write_file
    from .word import edition_docx

    on = _date(args.today, "--today") or today_in_china()
    repo = _checked(args.data, today=on)
    assert repo.std is not None
    v = view(repo, args.edition, on, clause_versions(repo, editions(repo.std, on)))
    write_file(Path(args.out), edition_docx(v.std, STATUS_LABEL[v.edition.status], v.gone()))
    print(f"Word 文件已生成：{args.out}（{v.label}，{STATUS_LABEL[v.edition.status]}）")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from .editions import today_in_china, view
    from .output import write_file
    from .pdf import build_pdf

    on = _date(args.today, "--today") or today_in_china()
    repo = _checked(args.data, today=on)
    v = view(repo, args.edition, on)
    write_file(Path(args.out), build_pdf(v.std, v.comparison))
    print(f"PDF 已生成：{args.out}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from .release import FIELDS, release

    for key in ("approved", "issued", "effective"):
        _date(getattr(args, key), f"--{key}")
    print(release(Path(args.data), args.edition,
                  {k: getattr(args, k) for k in FIELDS if getattr(args, k)}))
    return 0


def _new_edition(args: argparse.Namespace) -> int:
    from .release import new_edition

    _repository(args.data)
    print(new_edition(Path(args.data), args.edition, args.kind, args.approved_by, args.summary))
    return 0


def _codeowners(args: argparse.Namespace) -> int:
    from .codeowners import render

    std = _checked(args.data).std
    assert std is not None
    text = render(std, Path(args.data).as_posix().strip("/"))
    if args.check:
        current = Path(args.check).read_text("utf-8") if Path(args.check).exists() else ""
        if current != text:
            print(f"{args.check}:1:1: [error] CODEOWNERS 与各节的负责部门不一致 (codeowners)\n"
                  "    提示：运行 .venv/bin/policy codeowners > .github/CODEOWNERS 重新生成")
            return 1
        print("CODEOWNERS 与负责部门一致")
        return 0
    sys.stdout.write(text)
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rules":
        for rule in rules.REGISTRY.values():
            print(f"{rule.id}\t{rule.level}\t{rule.title}")
        return 0
    if args.command == "check":
        return _check(args)
    if args.command == "export":
        from .editions import statuses, today_in_china

        on = _date(args.today, "--today") or today_in_china()
        std = _checked(args.data, today=on).std
        assert std is not None
        sys.stdout.write(to_json(std, statuses(std.revisions, on).get(std.meta.edition, "")))
        return 0
    if args.command == "render":
        from .output import write_tree
        from .render.markdown import pages

        std = _checked(args.data).std
        assert std is not None
        write_tree(Path(args.out), pages(std, rules.REGISTRY.values()))
        return 0
    commands = {"docx": _docx, "new-edition": _new_edition, "release": _release, "diff": _diff, "codeowners": _codeowners, "pdf": _pdf,
                "build-site": _build_site, "serve": _serve, "as-at": _as_at}
    return commands[args.command](args)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except PolicyError as exc:  # the one place an error becomes an exit status
        print(f"policy: {exc.message}", file=sys.stderr)
        if exc.problems:
            print(report.text(exc.problems), file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"policy: 读写文件失败：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
