"""Build the published site: every edition under its own path, each with its PDF.

``site/<edition>/`` holds each released edition, ``site/draft/`` the working draft while a
revision is pending; ``site/versions.json`` feeds Material's version selector (mike's format) and
``site/index.html`` sends readers to the edition in force. The whole site is built in a temporary
folder and swapped in only when complete.

The site generator runs as a separate process (``python -m mkdocs``), so this module, like the
rest of the core, does not import MkDocs.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

from .diff import compare
from .editions import DRAFT, Edition, editions, view
from .loader import load
from .output import replace_dir, write_file
from .pdf import build_pdf
from .render.comparison import pdf_rows, reasons_of


class BuildError(Exception):
    pass


def run_mkdocs(config: Path, data: Path, dest: Path, edition: str = DRAFT,
               pdf: Path | None = None) -> None:
    env = dict(os.environ, POLICY_DATA=str(data.resolve()), POLICY_EDITION=edition,
               NO_MKDOCS_2_WARNING="1")
    env.pop("POLICY_PDF", None)
    if pdf is not None:
        env["POLICY_PDF"] = str(pdf.resolve())
    # never --quiet: it hides the warnings that --strict counts, and the build passes
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
           "-d", str(dest.resolve())]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError("站点构建失败（mkdocs build --strict）：\n" + proc.stdout + proc.stderr)


def edition_pdf(data: Path, slug: str) -> bytes:
    """The PDF of one edition, with the 对照表 against the previous edition as its appendix."""
    v = view(data, slug)
    rows = None
    if v.previous is not None:
        cmp = compare(v.previous, v.std, v.previous_label, f"{v.edition.edition} 版")
        rows = pdf_rows(cmp, reasons_of(v.std.revisions[-1]))
    return build_pdf(v.std, rows)


def current(eds: list[Edition]) -> Edition:
    """The edition readers are sent to: the one in force, else the draft."""
    return next((e for e in eds if e.status == "现行有效"), eds[-1])


def versions_json(eds: list[Edition]) -> str:
    """mike's versions.json: newest first; the edition in force carries the alias "latest"."""
    now = current(eds)
    rows = [{"version": e.slug, "title": e.label, "aliases": ["latest"] if e is now else []}
            for e in reversed(eds)]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def redirect(target: str) -> str:
    t = html.escape(target)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<title>正在跳转</title><meta http-equiv="refresh" content="0; url={t}">'
            f'<link rel="canonical" href="{t}"></head><body><p>正在打开现行版本：'
            f'<a href="{t}">{t}</a></p></body></html>\n')


def build_site(data: Path, out: Path, config: Path = Path("mkdocs.yml")) -> list[str]:
    """Build every edition into ``out``; on any failure ``out`` is left as it was.

    Returns the paths built, relative to ``out``.
    """
    std = load(data).standard
    if std is None:
        raise BuildError("数据目录未通过检查")
    eds = editions(std, data) or [Edition(std.meta.edition, std.revisions[-1], data, False,
                                          std.meta.status)]
    built: list[str] = []

    def fill(tmp: Path) -> None:
        pdfs = tmp.parent / f".{tmp.name}-pdf"
        pdfs.mkdir(exist_ok=True)
        try:
            for e in eds:
                pdf = pdfs / f"{std.meta.code}-{e.edition}.pdf"
                write_file(pdf, edition_pdf(data, e.slug))
                run_mkdocs(config, data, tmp / e.slug, e.slug, pdf)
                built.append(f"{e.slug}/")
        finally:
            for p in pdfs.iterdir():
                p.unlink()
            pdfs.rmdir()
        write_file(tmp / "versions.json", versions_json(eds))
        write_file(tmp / "index.html", redirect(f"{current(eds).slug}/"))

    replace_dir(out, fill)
    return built
