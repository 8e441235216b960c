"""Build the published site: check the data, run the site generator, add the PDF, swap it in.

The site generator is run as a separate process (``python -m mkdocs``), so this module, like the
rest of the core, does not import MkDocs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .output import replace_dir


class BuildError(Exception):
    pass


def run_mkdocs(config: Path, data: Path, dest: Path) -> None:
    env = dict(os.environ, POLICY_DATA=str(data.resolve()), NO_MKDOCS_2_WARNING="1")
    # never --quiet: it hides the warnings that --strict counts, and the build passes
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
           "-d", str(dest.resolve())]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError("站点构建失败（mkdocs build --strict）：\n" + proc.stdout + proc.stderr)


def build_site(data: Path, out: Path, config: Path = Path("mkdocs.yml")) -> None:
    """Build the whole site into ``out``; on any failure ``out`` is left as it was."""

    def fill(tmp: Path) -> None:
        run_mkdocs(config, data, tmp)

    replace_dir(out, fill)
