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
from .checker import check
from .export import to_json

DEFAULT_DATA = "policy_data"


class UsageError(Exception):
    pass


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
    r = sub.add_parser("render", help="生成 Markdown 页面到目录")
    r.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    r.add_argument("--out", required=True, help="输出目录（整体替换）")
    b = sub.add_parser("build-site", help="构建完整站点（含 PDF），成功后整体替换输出目录")
    b.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    b.add_argument("--out", default="site", help="输出目录（默认 site）")
    b.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件")
    rel = sub.add_parser("release", help="把草案发布为新版本（冻结并记录校验值）")
    rel.add_argument("edition", help="要发布的版本号，须与待发布的修订记录一致，如 1.1")
    rel.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    rel.add_argument("--approved-by", help="批准机构，如 董事会")
    rel.add_argument("--approval-doc", help="批准文件或会议决议编号")
    rel.add_argument("--approved", help="批准日期 YYYY-MM-DD")
    rel.add_argument("--issued", help="发布日期 YYYY-MM-DD")
    rel.add_argument("--effective", help="施行日期 YYYY-MM-DD")
    d = sub.add_parser("diff", help="生成两个版本之间的新旧条文对照表")
    d.add_argument("old", help="原版本：版本号（如 1.0）、latest（最新发布版）、draft、数据目录或 git 引用")
    d.add_argument("new", help="新版本：同上")
    d.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    d.add_argument("--format", choices=["markdown", "html", "json"], default="markdown")
    pp = sub.add_parser("pdf", help="生成一个版本的 PDF")
    pp.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    pp.add_argument("--edition", default="draft", help="版本号，或 draft（默认，工作草案）")
    pp.add_argument("--out", required=True, help="输出的 PDF 文件")
    co = sub.add_parser("codeowners", help="根据各节的负责部门生成 CODEOWNERS")
    co.add_argument("--data", default=DEFAULT_DATA, help="数据目录（默认 policy_data）")
    co.add_argument("--check", metavar="FILE", help="不输出，只检查 FILE 是否与生成结果一致")
    sub.add_parser("rules", help="列出全部检查规则")
    return p


def _levels(args: argparse.Namespace) -> dict[str, str]:
    levels: dict[str, str] = {}
    if args.config:
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


def _today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--today 应为 YYYY-MM-DD 格式的日期，收到“{value}”") from exc


def _load_standard(data: str):  # type: ignore[no-untyped-def]
    loaded, problems = check(data)
    errors = [p for p in problems if p.level == "error"]
    if errors or loaded.standard is None:
        print(report.text(errors), file=sys.stderr)
        raise SystemExit(1)
    return loaded.standard


def _diff(args: argparse.Namespace) -> int:
    import tempfile

    from .diff import compare, renumbered
    from .render import comparison
    from .sides import SideError, SideInvalid, resolve

    with tempfile.TemporaryDirectory() as tmp:
        try:
            old = resolve(args.old, Path(args.data), Path(tmp))
            new = resolve(args.new, Path(args.data), Path(tmp))
        except SideError as exc:
            raise UsageError(str(exc)) from exc
        except SideInvalid as exc:
            print(f"policy: {exc}", file=sys.stderr)
            return 1
    cmp = compare(old.std, new.std, old.label, new.label)
    reasons = comparison.reasons_of(new.revision)
    moved = renumbered(old.std, new.std)
    render = {"markdown": comparison.to_markdown, "html": comparison.to_html,
              "json": comparison.to_json}[args.format]
    sys.stdout.write(render(cmp, reasons, moved))
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rules":
        for rule in rules.REGISTRY.values():
            print(f"{rule.id}\t{rule.level}\t{rule.title}")
        return 0
    if not Path(args.data).is_dir():
        raise UsageError(f"数据目录不存在：{args.data}")
    if args.command == "check":
        levels, today = _levels(args), _today(args.today)
        _, problems = check(args.data, levels, today)
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
    if args.command == "export":
        sys.stdout.write(to_json(_load_standard(args.data)))
        return 0
    if args.command == "render":
        from .output import write_tree
        from .render.markdown import pages

        write_tree(Path(args.out), pages(_load_standard(args.data), rules.REGISTRY))
        return 0
    if args.command == "release":
        from .release import FIELDS, ReleaseError, release

        for key in ("approved", "issued", "effective"):
            if getattr(args, key):
                _today(getattr(args, key))
        try:
            msg = release(Path(args.data), args.edition,
                          {k: getattr(args, k) for k in FIELDS if getattr(args, k)})
        except ReleaseError as exc:
            print(f"policy: {exc}", file=sys.stderr)
            return 1
        print(msg)
        return 0
    if args.command == "diff":
        return _diff(args)
    if args.command == "codeowners":
        from .codeowners import render

        text = render(_load_standard(args.data), Path(args.data).as_posix().strip("/"))
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
    if args.command == "pdf":
        from .editions import EditionError
        from .output import write_file
        from .publish import edition_pdf

        _load_standard(args.data)
        try:
            write_file(Path(args.out), edition_pdf(Path(args.data), args.edition))
        except EditionError as exc:
            raise UsageError(str(exc)) from exc
        print(f"PDF 已生成：{args.out}")
        return 0
    if args.command == "build-site":
        from .publish import BuildError, build_site

        _load_standard(args.data)
        try:
            built = build_site(Path(args.data), Path(args.out), Path(args.config))
        except BuildError as exc:
            print(f"policy: {exc}", file=sys.stderr)
            return 1
        print(f"站点已生成：{args.out}（{'、'.join(built)}）")
        return 0
    raise UsageError(f"未知命令 {args.command}")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except UsageError as exc:
        print(f"policy: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"policy: 读写文件失败：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
