"""``make serve``: the preview rebuilds when a YAML file changes, and shows data errors."""

from __future__ import annotations

import json
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ARGS, CHROMIUM, MINIMAL, ROOT, SITE_TODAY
from playwright.sync_api import sync_playwright
from policy.procs import stop


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


def _wait_for(url: str, test, proc: subprocess.Popen[bytes], limit: float = 600) -> str:
    """Poll until ``test(page)``; fail if the server dies or it never comes."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert proc.poll() is None, "policy serve exited"
        page = _get(url)
        if page is not None and test(page):
            return page
        time.sleep(0.2)
    raise AssertionError(f"the expected page never appeared at {url}")


def _serve(data: Path, tmp: Path, port: int,
           sigint_ignored: bool = False) -> subprocess.Popen[bytes]:
    # a shell's background job starts its commands with SIGINT ignored, and they pass it on
    ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
    return subprocess.Popen([sys.executable, "-m", "policy.cli", "serve", "--data", str(data),
                             "--port", str(port), "--today", SITE_TODAY,
                             "--cache", str(tmp / "cache")], cwd=tmp, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, preexec_fn=ignore)


def _preview(tmp_path: Path, sigint_ignored: bool = False
             ) -> tuple[Path, int, subprocess.Popen[bytes]]:
    """The minimal example's data, the site's docs and config, and ``policy serve`` on them."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = _free_port()
    return data, port, _serve(data, tmp_path, port, sigint_ignored)


def test_serve_shows_a_yaml_edit_and_then_a_data_error(tmp_path: Path) -> None:
    data, port, proc = _preview(tmp_path)
    try:
        base = f"http://127.0.0.1:{port}"
        url = f"{base}/draft/chapters/02/"
        page = _wait_for(url, lambda p: "承办部门应在15日内答复投诉" in p, proc)
        assert "/__policy/client.js" in page  # the reload script rides on every page
        versions = _get(f"{base}/versions.json")
        assert versions is not None and json.loads(versions)[0]["version"] == "draft"
        ch = data / "chapters" / "02.yml"
        good = ch.read_text("utf-8")
        ch.write_text(good.replace("15日", "10日"), "utf-8")  # text, limit
        page = _wait_for(url, lambda p: "承办部门应在10日内答复投诉" in p, proc)
        assert "15日内答复投诉" not in page
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page(locale="zh-CN")
                page.goto(url)
                page.wait_for_load_state("networkidle")
                ch.write_text(good.replace("title:", "title 没有冒号", 1), "utf-8")
                # the open page says what is wrong, where, without a reload by hand
                box = page.locator("#policy-serve-problems")
                box.wait_for(state="visible", timeout=120_000)
                text = box.inner_text()
                assert text.startswith("数据未通过检查，预览仍显示上一次成功构建的内容")
                assert "chapters/02.yml:" in text and "(syntax)" in text, text
                assert "10日内答复投诉" in page.content()  # the last good build stays in view
                ch.write_text(good.replace("15日", "12日"), "utf-8")
                page.wait_for_function("() => document.body.textContent.includes('12日内答复投诉')",
                                       timeout=120_000)  # fixed: it reloads by itself
                assert page.locator("#policy-serve-problems").count() == 0
            finally:
                browser.close()
    finally:
        assert stop(proc) == ["SIGINT"]  # Ctrl+C is enough for our own server
    assert not list((tmp_path / "build").glob("serve/*"))  # it removed its preview


def test_ctrl_c_stops_the_preview_even_when_started_as_a_background_job(tmp_path: Path) -> None:
    _, port, proc = _preview(tmp_path, sigint_ignored=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/draft/chapters/02/",
                  lambda p: "承办部门应在15日内答复投诉" in p, proc)
    finally:
        assert stop(proc) == ["SIGINT"]


IGNORES_SIGINT = """
import signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
print("ready", flush=True)
while True:
    time.sleep(1)
"""

IGNORES_SIGINT_AND_SIGTERM = IGNORES_SIGINT.replace(
    "signal.signal(signal.SIGINT, signal.SIG_IGN)",
    "signal.signal(signal.SIGINT, signal.SIG_IGN); signal.signal(signal.SIGTERM, signal.SIG_IGN)")


def test_stopping_escalates_when_a_server_ignores_sigint() -> None:
    for program, expected in ((IGNORES_SIGINT, ["SIGINT", "SIGTERM"]),
                              (IGNORES_SIGINT_AND_SIGTERM, ["SIGINT", "SIGTERM", "SIGKILL"])):
        proc = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE,
                                start_new_session=True)
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)  # a bounded wait, always
        assert ready and proc.stdout.readline() == b"ready\n"
        assert stop(proc, grace=1.0) == expected
        assert proc.poll() is not None
        proc.stdout.close()
