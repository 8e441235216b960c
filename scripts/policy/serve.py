"""``policy serve`` (``make serve``): the whole site on loopback, rebuilt when a file changes.

The preview is the published site itself, every edition included (so links between editions and
the version selector work), built by ``publish.build_site`` into a private folder; released
editions come from the build cache, and only the draft is laid out again after an edit (without
its PDF, which ``make site`` builds). A watcher polls the data folder, docs/ and the engine's
configuration. Every page served gets a small script that reloads it after a rebuild and, when the
data no longer passes its checks, shows the problems on the page itself instead of leaving the
reader with the last good build and no word.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import rules
from .checker import run
from .editions import DRAFT, editions, is_pending
from .errors import PolicyError
from .output import work_dir
from .publish import SiteConfig, build_site
from .repository import Repository

POLL = 0.3  # seconds between looks at the watched files
PREFIX = "/__policy/"

_CLIENT = """(function () {
  var seen = null;
  function show(state) {
    var box = document.getElementById("policy-serve-problems");
    if (!state.problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "policy-serve-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:45vh;" +
        "overflow:auto;background:#7a1200;color:#fff;font:14px/1.5 monospace;padding:12px 16px;" +
        "white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "数据未通过检查，预览仍显示上一次成功构建的内容。请按提示修改后保存：\\n\\n" +
      state.problems.join("\\n");
  }
  function poll() {
    fetch("/__policy/state", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen !== null && state.version !== seen) { location.reload(); return; }
        seen = state.version;
        show(state);
      }).catch(function () {}).then(function () { setTimeout(poll, 500); });
  }
  poll();
})();
"""


class Preview:
    """The preview's state: the built folder, its version and the problems of the last try."""

    def __init__(self, data: Path, site: SiteConfig, today: dt.date | None,
                 log: Callable[[str], None]) -> None:
        self.data, self.site, self.today, self.log = data, site, today, log
        self.work = work_dir(Path("build") / "serve")
        self.out = self.work / "site"
        self.version = 0
        self.problems: list[str] = []
        self.landing = ""
        self.lock = threading.Lock()

    def on(self) -> dt.date:
        from .editions import today_in_china

        return self.today or today_in_china()

    def rebuild(self) -> None:
        start = time.perf_counter()
        on = self.on()
        repo = Repository(self.data)
        problems = [p for p in run(repo, today=on) if p.level == "error"]
        if problems or repo.std is None:
            lines = [f"{p.path}:{p.line}:{p.col}: {p.message} ({p.rule})" +
                     (f"\n    提示：{p.hint}" if p.hint else "") for p in problems]
            with self.lock:
                self.problems = lines or ["数据目录无法读取"]
            self.log(f"数据未通过检查（{len(problems)} 个错误），页面上已显示；预览保持上一次的内容")
            return
        try:
            build_site(repo, self.out, on, rules.REGISTRY.values(), self.site)
        except PolicyError as exc:
            with self.lock:
                self.problems = [exc.message] + [f"{p.path}:{p.line}:{p.col}: {p.message}"
                                                 for p in exc.problems]
            self.log("构建失败，页面上已显示")
            return
        std = repo.std
        eds = editions(std, on)
        with self.lock:
            self.landing = DRAFT if is_pending(std) else next(
                (e.slug for e in eds if e.status == "现行有效"), eds[-1].slug if eds else DRAFT)
            self.problems = []
            self.version += 1
        self.log(f"已重建（{time.perf_counter() - start:.1f} s）")

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "problems": list(self.problems)}

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def _watched(data: Path, site: SiteConfig) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for root in (data, site.docs):
        for dirpath, dirnames, files in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for f in files:
                p = os.path.join(dirpath, f)
                try:
                    st = os.lstat(p)
                except OSError:
                    continue
                out[p] = (st.st_mtime_ns, st.st_size)
    try:
        st = os.stat(site.config)
        out[str(site.config)] = (st.st_mtime_ns, st.st_size)
    except OSError:
        pass
    return out


def _handler(preview: Preview) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            path = self.path.split("?", 1)[0]
            if path == PREFIX + "state":
                return self._send(json.dumps(preview.state()).encode(), "application/json")
            if path == PREFIX + "client.js":
                return self._send(_CLIENT.encode(), "text/javascript")
            if path in ("/", "/index.html") and preview.landing:
                self.send_response(302)
                self.send_header("Location", f"/{preview.landing}/")
                self.end_headers()
                return None
            full = Path(self.translate_path(path))
            if full.is_dir():
                full = full / "index.html"
            if full.suffix == ".html" and full.is_file():
                page = full.read_bytes()
                tag = f'<script src="{PREFIX}client.js"></script>'.encode()
                at = page.rfind(b"</body>")
                page = page[:at] + tag + page[at:] if at >= 0 else page + tag
                return self._send(page, "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(data: Path, site: SiteConfig, host: str, port: int, today: dt.date | None) -> int:
    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM ends the preview as Ctrl+C does: cleanly

    signal.signal(signal.SIGTERM, stop)
    # Ctrl+C stops the preview even when it was started with SIGINT ignored, as a shell's
    # background job (``make serve &``) or a child of one is: Python then leaves it ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    preview = Preview(data, site, today, log)
    log("正在构建全部版本……")
    preview.rebuild()
    handler = functools.partial(_handler(preview), directory=str(preview.out))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        preview.close()
        raise PolicyError(f"无法监听 {host}:{port}：{exc.strerror}；可用 PORT=8001 make serve 换一个端口"
                          ) from exc
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    log(f"预览：http://{host}:{server.server_address[1]}/（保存 YAML 后自动重建；Ctrl+C 停止）")
    seen = _watched(data, site)
    try:
        while True:
            time.sleep(POLL)
            now = _watched(data, site)
            if now != seen:
                time.sleep(POLL)  # an editor's save can be several writes
                seen = _watched(data, site)
                preview.rebuild()
    except KeyboardInterrupt:
        log("已停止")
    finally:
        server.shutdown()
        server.server_close()
        preview.close()
    return 0

