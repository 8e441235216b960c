"""The build: each data file read once, released editions built once and reused from the cache,
and a cache that misses whenever anything a page is made from changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, ROOT, SITE_TODAY, build_site
from policy import cache
from policy.release import release


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def test_a_full_build_reads_each_data_file_once(tmp_path: Path) -> None:
    data = tmp_path / "policy_data"
    shutil.copytree(DATA, data)
    trace = tmp_path / "reads.txt"
    r = subprocess.run([sys.executable, "-m", "policy.cli", "build-site", "--data", str(data),
                        "--out", str(tmp_path / "site"), "--no-cache", "--today", SITE_TODAY],
                       cwd=ROOT, env=dict(os.environ, POLICY_TRACE_READS=str(trace)),
                       capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stdout + r.stderr
    reads = Counter(trace.read_text("utf-8").splitlines())
    assert max(reads.values()) == 1, reads.most_common(3)
    data_files = {str(p.resolve()) for p in data.rglob("*.yml")}
    assert data_files <= set(reads)  # the draft and every released edition, each read once
    assert str((ROOT / "docs" / "guide.md").resolve()) in reads


@pytest.fixture(scope="module")
def released_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("released") / "data"
    shutil.copytree(MINIMAL, data)
    release(data, "1.0", {})
    return data


def test_a_warm_build_reuses_released_editions_and_gives_identical_bytes(
        released_minimal: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    cold = build_site(released_minimal, tmp_path / "cold", cache=store)
    assert "沿用缓存" not in cold
    warm = build_site(released_minimal, tmp_path / "warm", cache=store)
    assert "沿用缓存：1.0" in warm
    fresh = build_site(released_minimal, tmp_path / "fresh", "--no-cache")
    assert "沿用缓存" not in fresh
    a, b, c = (tree(tmp_path / n) for n in ("cold", "warm", "fresh"))
    assert a.keys() == b.keys() == c.keys()
    assert [k for k in a if not a[k] == b[k] == c[k]] == []


def test_a_changed_stylesheet_or_configuration_misses_the_cache(released_minimal: Path,
                                                                 tmp_path: Path) -> None:
    store = tmp_path / "cache"
    build_site(released_minimal, tmp_path / "site", cache=store)
    assert "沿用缓存：1.0" in build_site(released_minimal, tmp_path / "site", cache=store)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    css = docs / "assets" / "standard.css"
    css.write_text(css.read_text("utf-8") + "\n/* 新样式 */\n", "utf-8")
    out = build_site(released_minimal, tmp_path / "site", "--docs", str(docs), cache=store)
    assert "沿用缓存" not in out
    assert "新样式" in (tmp_path / "site" / "1.0" / "assets" / "standard.css").read_text("utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "site_description: ", "site_description: 新描述 "), "utf-8")
    out = build_site(released_minimal, tmp_path / "site", "--config", str(config), cache=store)
    assert "沿用缓存" not in out
    assert "新描述" in (tmp_path / "site" / "1.0" / "index.html").read_text("utf-8")


def test_a_changed_template_or_package_version_changes_the_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata, resources

    package = tmp_path / "policy"
    shutil.copytree(Path(str(resources.files("policy"))), package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    same = cache.package_digest(package)
    assert same == cache._package_digest()
    template = package / "templates" / "pdf.html.j2"
    template.write_text(template.read_text("utf-8").replace("</body>", "<p>新</p></body>"),
                        "utf-8")
    assert cache.package_digest(package) != same

    before = cache._environment_digest()
    real = list(metadata.distributions())

    class Bumped:
        def __init__(self, d: metadata.Distribution) -> None:
            self.metadata, self.version = d.metadata, d.version + (
                ".post1" if d.metadata["Name"].lower() == "mkdocs-material" else "")

    monkeypatch.setattr(cache.metadata, "distributions", lambda: [Bumped(d) for d in real])
    cache._environment_digest.cache_clear()
    try:
        assert cache._environment_digest() != before
    finally:
        monkeypatch.undo()
        cache._environment_digest.cache_clear()
    assert cache._environment_digest() == before


def test_a_damaged_cache_entry_is_rebuilt(released_minimal: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    build_site(released_minimal, tmp_path / "site", cache=store)
    # the edition's entry (the feeds have one of their own)
    (entry,) = [p for p in store.iterdir() if (p / "index.html").is_file()]
    page = entry / "index.html"
    page.write_text(page.read_text("utf-8").replace("示例规范", "被篡改"), "utf-8")
    out = build_site(released_minimal, tmp_path / "site", cache=store)
    assert "沿用缓存" not in out
    assert "被篡改" not in (tmp_path / "site" / "1.0" / "index.html").read_text("utf-8")
