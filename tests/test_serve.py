"""``make serve``: the preview rebuilds when a YAML file changes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import MINIMAL, ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback only)
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, proc: subprocess.Popen[bytes], tries: int = 600) -> str:
    """Poll until the page contains ``needle``; fail if the server dies or it never comes."""
    for _ in range(tries):
        assert proc.poll() is None, "mkdocs serve exited"
        page = _get(url)
        if page and needle in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} never appeared at {url}")


def test_serve_shows_a_yaml_edit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    port = _free_port()
    env = dict(os.environ, POLICY_DATA=str(data), NO_MKDOCS_2_WARNING="1")
    env.pop("POLICY_EDITION", None)
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                             "--livereload", "-f", str(ROOT / "mkdocs.yml")], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/chapters/02/"
        _wait_for(url, "承办部门应在15日内答复投诉", proc)
        ch = data / "chapters" / "02.yml"
        ch.write_text(ch.read_text("utf-8").replace("15日内答复投诉", "10日内答复投诉"), "utf-8")
        page = _wait_for(url, "承办部门应在10日内答复投诉", proc)
        assert "15日内答复投诉" not in page
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl+C: mkdocs removes its temporary site
        proc.wait()
