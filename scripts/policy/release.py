"""``policy release``: freeze the draft as a new edition.

The pending revision entry (the last one, without a checksum) must already list the changes
with their reasons; release fills in the approval details given on the command line, marks the
edition 现行有效, copies the data into ``editions/<edition>/`` and records its checksum. Every
step is checked; if anything fails, the files are put back as they were.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from .checker import run
from .errors import DataError
from .fs import Folder
from .loader import load
from .output import replace_dir, write_file
from .problem import ProblemSink
from .repository import (
    EDITIONS_DIR,
    SUMS_SUFFIX,
    Repository,
    checksum_of,
    folder_sums,
    snapshot_files,
    sums_text,
)
from .yamlsrc import SourceDoc, parse

FIELDS = ("approved_by", "approval_doc", "approved", "issued", "effective")


class ReleaseError(DataError):
    """The draft cannot be released as asked (exit 1); nothing was changed."""


def _yaml_value(value: str) -> str:
    """Plain when YAML reads it back as the same text (dates stay plain), else double-quoted."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.replace("-", "").isdigit():
        return value
    try:
        plain_ok = yaml.safe_load(value) == value and "\n" not in value and " #" not in value
    except yaml.YAMLError:
        plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def _reparse(name: str, text: str) -> SourceDoc:
    doc = parse(name, text.encode("utf-8"), ProblemSink(name))
    if not doc.ok:
        raise ReleaseError(f"{name} 无法解析，未作修改")
    return doc


def _value_at(doc: SourceDoc, path: tuple[object, ...]) -> object:
    node = doc.data
    for p in path:
        node = node[p]
    return node


def set_field(name: str, text: str, entry: tuple[object, ...], key: str, value: str) -> str:
    """Set ``key: value`` in the mapping at ``entry``, keeping every other line as it is."""
    doc = _reparse(name, text)
    lines = text.splitlines(keepends=True)
    line_text = f"{key}: {_yaml_value(value)}\n"
    path = entry + (key,)
    if path in doc.keys:
        line, col = doc.keys[path]
        if _value_at(doc, path) == value:
            return text
        if doc.styles.get(path, (None, True))[1] is False:
            raise ReleaseError(f"{name} 中 {key} 的值跨行，请改为单行后再发布")
        lines[line - 1] = " " * (col - 1) + line_text
    else:
        first = min((pos for p, pos in doc.keys.items() if p[:-1] == entry), default=None)
        if first is None:
            raise ReleaseError(f"{name} 中找不到要修改的条目")
        line, col = first
        lines.insert(line, " " * (col - 1) + line_text)
    return "".join(lines)


def release(root: Path, edition: str, fields: dict[str, str]) -> str:
    """Release ``edition`` from the draft in ``root``. Returns a summary for the editor."""
    repo = Repository(root)
    errors = [p for p in run(repo) if p.level == "error"]
    std = repo.std
    if errors or std is None:
        raise ReleaseError("草案未通过检查，不能发布：", errors)
    last = std.revisions[-1] if std.revisions else None
    if last is None or last.checksum:
        raise ReleaseError("revisions.yml 中没有待发布的修订记录（最后一条已有 checksum）；"
                           "请先新增下一版本的修订记录")
    if last.edition != edition or std.meta.edition != edition:
        raise ReleaseError(f"要发布的版本 {edition} 与待发布的修订记录（{last.edition}）或 "
                           f"document.yml 的版本号（{std.meta.edition}）不一致")
    target = root / EDITIONS_DIR / edition
    if target.exists():
        raise ReleaseError(f"版本目录 {EDITIONS_DIR}/{edition}/ 已存在；已发布的版本不能重新发布")
    index = len(std.revisions) - 1
    rev_path, doc_path = root / "revisions.yml", root / "document.yml"
    data = repo.data.folder
    old_rev, old_doc = (data.read("revisions.yml").decode("utf-8"),
                        data.read("document.yml").decode("utf-8"))
    rev_text, doc_text = old_rev, old_doc
    for key in FIELDS:
        value = fields.get(key) or getattr(last, key)
        if not value and key == "approval_doc":
            continue
        if not value:
            raise ReleaseError(f"缺少 {key}：请在 revisions.yml 中填写，或用 --{key.replace('_', '-')} 给出")
        rev_text = set_field("revisions.yml", rev_text, (index,), key, value)
        if key in ("issued", "effective"):
            doc_text = set_field("document.yml", doc_text, (), key, value)

    def fill(tmp: Path) -> None:
        for rel in snapshot_files(repo.data):
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if rel == "revisions.yml":
                dest.write_text(rev_text, "utf-8")
            elif rel == "document.yml":
                dest.write_text(doc_text, "utf-8")
            else:
                dest.write_bytes(data.read(rel))  # never through a link
        frozen = load(tmp)
        if frozen.standard is None:
            raise ReleaseError("冻结的版本数据无法读取：", frozen.problems)

    sums_path = root / EDITIONS_DIR / f"{edition}{SUMS_SUFFIX}"
    replace_dir(target, fill)
    try:
        frozen_folder = Folder(target)
        rev_text = set_field("revisions.yml", rev_text, (index,), "checksum",
                             checksum_of(frozen_folder))
        write_file(sums_path, sums_text(folder_sums(frozen_folder)[0]))
        write_file(doc_path, doc_text)
        write_file(rev_path, rev_text)
        bad = [p for p in run(Repository(root)) if p.level == "error"]
        if bad:
            raise ReleaseError("发布后检查未通过，已撤销：", bad)
    except BaseException:
        write_file(doc_path, old_doc)
        write_file(rev_path, old_rev)
        shutil.rmtree(target, ignore_errors=True)
        sums_path.unlink(missing_ok=True)
        raise
    return (f"已发布 {edition} 版：{EDITIONS_DIR}/{edition}/，校验值已写入 revisions.yml，"
            f"逐个文件的校验值写入 {EDITIONS_DIR}/{edition}{SUMS_SUFFIX}")
