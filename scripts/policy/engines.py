"""The site engine, at the edge: it turns one staged edition into HTML, and nothing else.

The core never imports the engine; an engine is a program run on a folder of Markdown that the
core wrote (``stage.write_stage``). MkDocs with Material is the default. Everything the engine is
told comes from the repository's ``mkdocs.yml`` (theme, extensions, validation) and the stage's
``job.json`` (site name, navigation). Swapping engines means writing another class here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from .errors import DataError

THEME = Path(str(resources.files("policy").joinpath("templates", "theme")))
# a strict build of one edition takes seconds; this only stops a hung engine
ENGINE_TIMEOUT = 900


class Engine(Protocol):
    name: str

    def build(self, stage: Path, dest: Path) -> None:
        """Build the staged edition in ``stage`` into ``dest`` (raises DataError)."""


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                              timeout=ENGINE_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise DataError(f"{what}超过 {ENGINE_TIMEOUT} 秒仍未完成，已停止") from exc
    if proc.returncode != 0:
        raise DataError(f"{what}失败：\n" + proc.stdout + proc.stderr)


@dataclass
class MkDocs:
    """MkDocs 1.6 with Material: ``mkdocs build --strict`` on a config that inherits the
    repository's mkdocs.yml."""

    config: Path
    name: str = "mkdocs"

    def build(self, stage: Path, dest: Path) -> None:
        job = json.loads((stage / "job.json").read_text("utf-8"))
        cfg = {
            "INHERIT": str(self.config.resolve()),
            "site_name": job["site_name"],
            "docs_dir": str((stage / "docs").resolve()),
            "site_dir": str(dest.resolve()),
            "nav": job["nav"],
            "plugins": {"search": (
                {"jieba_dict_user": str((stage / "words.txt").resolve())}
                if job.get("search") == "material" else {"lang": "en"})},  # no jieba: unused
            # the project's page templates: the change feeds in every page's head, the search box
            "theme": {"custom_dir": str(THEME)},
            "extra": {"policy_search": job.get("search") != "material"},
        }
        path = stage / "mkdocs.yml"
        # JSON is YAML: no quoting rules to get wrong for titles with colons or quotes
        path.write_text(json.dumps(cfg, ensure_ascii=False, indent=1), "utf-8")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        # never --quiet: it hides the warnings that --strict counts, and the build passes
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path)], env,
             "站点构建（mkdocs build --strict）")


ENGINES = ("mkdocs",)


def engine(name: str, config: Path) -> Engine:
    if name == "mkdocs":
        return MkDocs(config)
    raise ValueError(name)
