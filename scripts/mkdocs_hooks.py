"""MkDocs hooks: the thin shell between MkDocs and the policy core.

The core never imports MkDocs. Here the edition is loaded and checked, its pages are handed to
MkDocs as in-memory files, the navigation and the edition banner are set, the glossary is given to
jieba so that search keeps domain terms whole, and a sitemap is written that Material's version
selector can use to keep the reader on the same page when switching editions.

Environment:
- ``POLICY_DATA``: the data folder (default ``policy_data`` beside mkdocs.yml);
- ``POLICY_EDITION``: a released edition number, or ``draft`` (default) for the working data;
- ``POLICY_PDF``: the edition's PDF, built beforehand (``policy build-site`` does); without it the
  pages do not link a PDF (``make serve``).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from policy import report, rules
from policy.checker import check
from policy.diff import compare, renumbered
from policy.editions import DRAFT, EditionError, EditionView, view
from policy.render import comparison
from policy.render.markdown import EditionInfo, esc, nav, pages

_state: dict[str, Any] = {}

BANNER = {"现行有效": "current", "已废止": "superseded", "草案": "draft"}


def data_dir(config: Any) -> Path:
    base = Path(config.config_file_path).parent
    return (base / os.environ.get("POLICY_DATA", "policy_data")).resolve()


def edition_info(v: EditionView, pdf_name: str | None) -> EditionInfo:
    info = EditionInfo(label=f"{v.edition.edition} 版", status=v.edition.status,
                       effective_to=v.edition.effective_to,
                       pdf_name=pdf_name, history=v.history(), previous_label=v.previous_label)
    if v.previous is not None:
        cmp = compare(v.previous, v.std, v.previous_label, info.label)
        info.comparison = comparison.to_markdown(
            cmp, comparison.reasons_of(v.std.revisions[-1]), renumbered(v.previous, v.std),
            escape=esc, heading="##")
    return info


def banner(v: EditionView, depth: int) -> str:
    e = v.edition
    current = next((x for x in v.all if x.released and x.status == "现行有效"), None)
    if e.status == "草案":
        text = f"草案：{e.edition} 版尚未批准发布，不具效力。"
    elif e.status == "已废止":
        text = f"已废止：{e.edition} 版施行期间为 {e.revision.effective} 至 {e.effective_to}。"
    else:
        text = f"现行有效：{e.edition} 版，自 {e.revision.effective} 起施行。"
    link = ""
    if current is not None and current is not e:
        href = "../" * (depth + 1) + current.slug + "/"
        link = f' <a href="{html.escape(href)}">查看现行有效的 {html.escape(current.edition)} 版</a>'
    return (f'<div class="edition-banner edition-banner--{BANNER[e.status]}" role="note">'
            f"{html.escape(text)}{link}</div>\n\n")


def on_config(config: Any) -> Any:
    root = data_dir(config)
    loaded, problems = check(root)
    errors = [p for p in problems if p.level == "error"]
    if errors or loaded.standard is None:
        raise PluginError("policy_data 未通过检查，站点未构建：\n" + report.text(errors))
    try:
        v = view(root, os.environ.get("POLICY_EDITION", DRAFT))
    except EditionError as exc:
        raise PluginError(str(exc)) from exc
    pdf = os.environ.get("POLICY_PDF")
    info = edition_info(v, v.pdf_name if pdf else None)
    _state.update(view=v, info=info, pdf=pdf)
    config.nav = nav(v.std, with_changes=info.comparison is not None)
    config.site_name = v.std.meta.title
    if str(root) not in config.watch:  # `make serve` rebuilds when a YAML file changes
        config.watch.append(str(root))
    try:
        import jieba

        for term in v.std.glossary:
            for word in [term.term, *term.aliases]:
                jieba.add_word(word, freq=200000)
    except ImportError:  # search then indexes whole sentences; the tests catch that
        pass
    return config


def on_files(files: Files, config: Any) -> Files:
    v, info = _state["view"], _state["info"]
    for path, content in pages(v.std, rules.REGISTRY, info).items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} 与生成的页面同名；生成的页面不得手工编写")
        files.append(File.generated(config, path, content=content))
    if _state.get("pdf"):
        files.append(File.generated(config, f"downloads/{v.pdf_name}",
                                    abs_src_path=_state["pdf"]))
    return files


_CLAUSE_LINK = re.compile(r"\[第 ?[\d.]+ ?条\]\(chapters/\d+\.md#(C-\d{4,6})\)")


def _clause_links(markdown: str, v: EditionView) -> str:
    """In hand-written pages, point clause links at the clause's current place and number;
    a clause this data set does not have is named by its id, unlinked."""

    def sub(m: re.Match[str]) -> str:
        c = v.std.clause_by_id.get(m.group(1))
        if c is None:
            return f"条款 {m.group(1)}"
        return f"[第 {c.number} 条](chapters/{c.chapter:02d}.md#{c.id})"

    return _CLAUSE_LINK.sub(sub, markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    v = _state["view"]
    if not page.file.generated_by:
        markdown = _clause_links(markdown, v)
    return banner(v, page.url.count("/")) + markdown


def on_post_build(config: Any) -> None:
    # Material's version selector looks the current page up in the other edition's sitemap; any
    # common root works, since it swaps in the site's own origin.
    site = Path(config.site_dir)
    urls = sorted(p.parent.relative_to(site).as_posix() + "/" if p.name == "index.html"
                  else p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html")
    locs = "".join(f"<url><loc>https://localhost/{'' if u == './' else u}</loc></url>"
                   for u in urls)
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">{locs}</urlset>\n', "utf-8")
    gz = site / "sitemap.xml.gz"
    if gz.exists():
        gz.unlink()
