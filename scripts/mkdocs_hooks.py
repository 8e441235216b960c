"""MkDocs hooks: the thin shell between MkDocs and the policy core.

The core never imports MkDocs. Here the standard is loaded and checked, its pages are handed to
MkDocs as in-memory files, the navigation is set and the glossary is given to jieba so that
search keeps domain terms whole.

Environment: ``POLICY_DATA`` names the data folder (default ``policy_data`` beside mkdocs.yml).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from policy import report, rules
from policy.checker import check
from policy.render.markdown import nav, pages

_state: dict[str, Any] = {}


def data_dir(config: Any) -> Path:
    base = Path(config.config_file_path).parent
    return (base / os.environ.get("POLICY_DATA", "policy_data")).resolve()


def on_config(config: Any) -> Any:
    root = data_dir(config)
    loaded, problems = check(root)
    errors = [p for p in problems if p.level == "error"]
    if errors or loaded.standard is None:
        raise PluginError("policy_data 未通过检查，站点未构建：\n" + report.text(errors))
    std = loaded.standard
    _state["std"] = std
    if str(root) not in config.watch:  # `make serve` rebuilds when a YAML file changes
        config.watch.append(str(root))
    config.nav = nav(std)
    config.site_name = std.meta.title
    try:
        import jieba

        for term in std.glossary:
            for word in [term.term, *term.aliases]:
                jieba.add_word(word, freq=200000)
    except ImportError:  # search then indexes whole sentences; the tests catch that
        pass
    return config


def on_files(files: Files, config: Any) -> Files:
    std = _state["std"]
    for path, content in pages(std, rules.REGISTRY, _state.get("pdf_name")).items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} 与生成的页面同名；生成的页面不得手工编写")
        files.append(File.generated(config, path, content=content))
    return files
