"""Lay out one staged edition: its PDF (WeasyPrint), then its pages (the site engine).

Run as ``python -m policy.worker STAGE DEST --engine mkdocs --config mkdocs.yml``; the build runs
one per edition, several at a time. It reads only the staged folder, never the data.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from .engines import ENGINES, engine
from .errors import PolicyError
from .output import write_file


def sitemap(site: Path) -> str:
    """Every page of the built edition. Material's version selector looks the current page up in
    the other edition's sitemap to keep the reader on the same page; any common root works, since
    it swaps in the site's own origin."""
    urls = sorted(p.parent.relative_to(site).as_posix() + "/" if p.name == "index.html"
                  else p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html")
    locs = "".join(f"<url><loc>https://localhost/{'' if u == './' else u}</loc></url>"
                   for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">{locs}</urlset>\n')


def build(stage: Path, dest: Path, engine_name: str, config: Path) -> None:
    job = json.loads((stage / "job.json").read_text("utf-8"))
    if job["pdf"]:
        from .pdf import html_to_pdf

        pdf = html_to_pdf((stage / "pdf.html").read_text("utf-8"))
        write_file(stage / "docs" / job["pdf"], pdf)
    engine(engine_name, config).build(stage, dest)
    if job.get("search") != "material":
        shutil.rmtree(dest / "search", ignore_errors=True)  # Material's index: not our search
    write_file(dest / "sitemap.xml", sitemap(dest))
    (dest / "sitemap.xml.gz").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m policy.worker")
    p.add_argument("stage", type=Path)
    p.add_argument("dest", type=Path)
    p.add_argument("--engine", choices=ENGINES, default="mkdocs")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    args = p.parse_args(argv)
    try:
        build(args.stage, args.dest, args.engine, args.config)
    except PolicyError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
