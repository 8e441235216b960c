"""Load a data folder: read each file safely, validate its structure, build the model.

``load()`` never raises for bad input; every problem comes back located. The model is built only
when every file is structurally valid, since semantic rules need a whole standard to work on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from . import yamlsrc
from .fs import Folder, UnsafePath
from .model import Revision, Standard, build_revisions, build_standard
from .problem import Problem, ProblemSink

# file name -> schema kind; chapters/*.yml are of kind "chapter"
FIXED_FILES = {
    "document.yml": "document",
    "outline.yml": "outline",
    "departments.yml": "departments",
    "references.yml": "references",
    "glossary.yml": "glossary",
    "revisions.yml": "revisions",
}
CHAPTER_DIR = "chapters"

_TYPE_ZH = {
    "string": "文本",
    "array": "列表",
    "object": "映射（键: 值）",
    "boolean": "布尔值（true 或 false）",
    "integer": "整数",
    "number": "数字",
    "null": "空值",
}
_PY_TYPE_ZH = {
    str: "文本", list: "列表", dict: "映射（键: 值）", bool: "布尔值", int: "整数", float: "数字",
    type(None): "空值",
}


@cache
def schema(kind: str) -> dict[str, Any]:
    text = resources.files("policy").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    out: dict[str, Any] = json.loads(text)
    return out


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@dataclass
class Loaded:
    """What loading a folder gave: the parsed files, their problems and (if usable) the model.

    ``missing`` is set when the folder itself does not exist (the CLI's exit status 2).
    """

    root: Path
    sources: dict[str, yamlsrc.SourceDoc] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    standard: Standard | None = None
    missing: bool = False


def display_path(root: Path, name: str) -> str:
    """A path as the editor would type it: relative to the working folder when inside it."""
    full = root / name if name else root
    rel = os.path.relpath(full)
    return full.as_posix() if rel.startswith("..") else Path(rel).as_posix()


class DataFolder:
    """One data folder (the draft, or a frozen edition): each file read and parsed at most once.

    Files are read on demand, so that a command that needs only an edition's revisions.yml reads
    only that file; ``load()`` reads the rest.
    """

    def __init__(self, root: Path | str, shown: Path | None = None) -> None:
        self.folder = Folder(root)
        self.shown = Path(shown) if shown is not None else Path(root)
        self._parsed: dict[str, tuple[yamlsrc.SourceDoc | None, tuple[Problem, ...]]] = {}
        self._loaded: Loaded | None = None
        self._raw: dict[str, bytes] = {}
        self.digests: dict[str, str] = {}  # name -> sha256 of the bytes read

    def raw(self, name: str) -> bytes:
        """A file's bytes, read once (raises UnsafePath, FileNotFoundError); the parse and the
        checksum of a frozen edition share the one read."""
        if name not in self._raw:
            raw = self.folder.read(name, limit=yamlsrc.MAX_BYTES)
            self._raw[name] = raw
            self.digests[name] = hashlib.sha256(raw).hexdigest()
        return self._raw[name]

    @property
    def root(self) -> Path:
        return self.folder.root

    def _problem(self, name: str, rule: str, message: str, hint: str,
                 level: str = "error") -> Problem:
        return Problem(display_path(self.shown, name), 1, 1, level, rule, message, hint)

    def parsed(self, name: str) -> tuple[yamlsrc.SourceDoc | None, tuple[Problem, ...]]:
        """One file, parsed and checked against its schema: (the file or None, its problems)."""
        if name not in self._parsed:
            self._parsed[name] = self._parse(name)
        return self._parsed[name]

    def _parse(self, name: str) -> tuple[yamlsrc.SourceDoc | None, tuple[Problem, ...]]:
        kind = FIXED_FILES.get(name, "chapter")
        shown = display_path(self.shown, name)
        try:
            raw = self.raw(name)
        except UnsafePath as exc:
            return None, (self._problem(name, "unsafe-file", exc.message, exc.hint),)
        except (FileNotFoundError, NotADirectoryError):
            return None, (self._problem(name, "missing-file", f"缺少必需的文件 {name}",
                                        "请从仓库的 policy_data/ 复制该文件"),)
        except IsADirectoryError:
            return None, (self._problem(name, "missing-file", f"{name} 应为文件，实际是文件夹",
                                        "请删除该文件夹，放入同名的 YAML 文件"),)
        sink = ProblemSink(shown)
        with _no_gc():
            doc = yamlsrc.parse(shown, raw, sink)
            if doc.ok:
                _validate(kind, doc, sink)
        return doc, tuple(sink.items)

    def revisions(self) -> list[Revision] | None:
        """The folder's revisions.yml alone, or None when it is not usable."""
        doc, found = self.parsed("revisions.yml")
        if doc is None or not doc.ok or any(p.level == "error" for p in found):
            return None
        return build_revisions(doc.data)

    def load(self) -> Loaded:
        """Every file, and the model when all of them are structurally valid."""
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def _load(self) -> Loaded:
        out = Loaded(self.root)
        if not self.folder.exists():
            out.missing = True
            out.problems.append(Problem(display_path(self.shown, ""), 1, 1, "error",
                                        "missing-file", f"数据目录不存在：{self.shown}",
                                        "请用 --data 指定数据目录，默认为 policy_data"))
            return out
        try:
            top = self.folder.entries()
        except UnsafePath as exc:
            out.problems.append(self._problem("", "unsafe-file", exc.message, exc.hint))
            return out
        chapters = next((e for e in top if e.name == CHAPTER_DIR), None)
        chapter_entries = []
        if chapters is not None and chapters.unsafe:
            out.problems.append(self._problem(CHAPTER_DIR, "unsafe-file",
                                              UnsafePath(CHAPTER_DIR, chapters.unsafe).message,
                                              UnsafePath(CHAPTER_DIR, chapters.unsafe).hint))
        elif chapters is not None and chapters.is_dir:
            chapter_entries = self.folder.entries(CHAPTER_DIR)
        chapter_names = [f"{CHAPTER_DIR}/{e.name}" for e in chapter_entries
                         if e.name.endswith(".yml")]
        valid = True
        for name in [*FIXED_FILES, *chapter_names]:
            doc, found = self.parsed(name)
            out.problems += found
            if doc is None:
                valid = False
                continue
            out.sources[name] = doc
            valid = valid and doc.ok and all(p.level != "error" or p.rule == "duplicate-key"
                                             for p in found)
        if chapters is not None and chapters.unsafe:
            valid = False
        elif not chapter_names:
            out.problems.append(self._problem(CHAPTER_DIR, "missing-file",
                                              "缺少章文件目录 chapters/ 或其中没有 .yml 文件",
                                              "每章一个文件，如 chapters/01.yml"))
            valid = False
        for e in top:
            if e.name.endswith((".yml", ".yaml")) and e.name not in FIXED_FILES:
                out.problems.append(self._problem(
                    e.name, "unknown-file", f"不认识的文件 {e.name}，其内容不会被发布",
                    "可用文件：" + "、".join(FIXED_FILES) + "，以及 chapters/*.yml", "warning"))
        for e in chapter_entries:
            if e.name.endswith(".yaml"):
                out.problems.append(self._problem(
                    f"{CHAPTER_DIR}/{e.name}", "unknown-file",
                    "章文件的扩展名应为 .yml，该文件不会被读取",
                    f"请改名为 {e.name.removesuffix('.yaml')}.yml", "warning"))
        if valid:
            out.standard = build_standard({n: d.data for n, d in out.sources.items()})
        return out


def load(root: Path | str) -> Loaded:
    """Load a data folder in one go (a fresh read; see ``DataFolder`` to share one)."""
    return DataFolder(root).load()


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is parsed.

    Parsing builds many small acyclic objects; each full collection would walk every object in
    memory, so on a large corpus the collector's work grows faster than the text. Reference
    counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# fields that may be left out: an empty one is better deleted than filled with a guess
_OPTIONAL = {
    "revisions": ("approval_doc", "approved", "issued", "effective", "checksum"),
    "references": ("number", "issued", "effective", "url", "note"),
    "chapter": ("references", "items", "limits"),
    "glossary": ("aliases", "references", "colloquial", "see"),
}


_CHANGE_KEYS = {"id", "change", "reason", "substantive", "rights"}


def _unindented_changes(kind: str, doc: yamlsrc.SourceDoc, sink: ProblemSink) -> set[int]:
    """Change items pasted at the start of the line in revisions.yml read as revisions of
    their own: say that once, for each, instead of a dozen unknown and missing fields."""
    if kind != "revisions" or not isinstance(doc.data, list):
        return set()
    out = set()
    for i, entry in enumerate(doc.data):
        if isinstance(entry, dict) and {"id", "change"} <= set(entry) <= _CHANGE_KEYS:
            line, col = doc.key_pos((i, "id"))
            # the registered items sit 2 columns right of the changes: above them
            above = doc.key_pos((i - 1, "changes"))[1] if i and (i - 1, "changes") in doc.keys \
                else 3
            dash = above - 1 + 2
            sink.add(line, max(col - 2, 1), "schema",
                     f"从这一行起的“- id: {entry.get('id')}”一项是修订记录 changes 中的一项变更，"
                     "但没有缩进到 changes: 之下，被读成了一条新的修订记录",
                     f"请在这一项的每一行行首加 {dash} 个空格：“- id:”前共 {dash} 个空格，"
                     f"其余几行前共 {dash + 2} 个，与 id 对齐；changes: 后面如有 []，要删去")
            out.add(i)
    return out


def _validate(kind: str, doc: yamlsrc.SourceDoc, sink: ProblemSink) -> None:
    seen: set[tuple[int, int, str]] = set()
    pasted = _unindented_changes(kind, doc, sink)
    errors = sorted(_validator(kind).iter_errors(doc.data), key=lambda e: list(map(str, e.path)))
    dated = {tuple(e.absolute_path) for e in errors if e.validator == "format"}
    for err in errors:
        if err.path and err.path[0] in pasted:
            continue
        if tuple(err.absolute_path) in {(i - 1, "changes") for i in pasted}:
            continue  # the empty changes: above them is the same mistake, said once
        if err.validator == "pattern" and tuple(err.absolute_path) in dated:
            continue  # one mistake in a date, one message (the format's, with the fix)
        for line, col, rule, message, hint in _explain(err, doc, kind):
            if (line, col, message) in seen:
                continue
            seen.add((line, col, message))
            sink.add(line, col, rule, message, hint)


# What an editor calls the things in each file, and the fields they type.
_ITEM = {"revisions": "修订记录", "references": "外部依据", "glossary": "术语", "departments": "部门"}
_LIST = {"sections": "节", "clauses": "条", "items": "项", "changes": "项变更", "chapters": "章",
         "limits": "个时限"}
_FIELD = {
    "approved": "批准日期", "issued": "发布日期", "effective": "施行日期", "approved_by": "批准机构",
    "approval_doc": "批准文件", "edition": "版本号", "kind": "类型", "summary": "概要",
    "changes": "变更条款", "reason": "修订说明", "substantive": "是否实质性修改", "change": "变更类型",
    "text": "条文", "title": "标题", "owner": "负责部门", "review_due": "复核日期",
    "purpose": "本节目的", "references": "相关依据", "definition": "定义", "aliases": "同义写法",
    "term": "术语", "name": "名称", "status": "核实状态", "number": "文号", "note": "备注",
    "id": "标识", "topic": "事项", "period": "期限", "from": "起算点", "who": "负责部门或岗位",
    "interpreter": "解释部门", "issuer": "发布单位", "code": "文件编号", "url": "链接",
    "checksum": "校验值", "team": "团队", "sections": "节", "see": "主要条款",
    "colloquial": "俗称",
}
_EXAMPLE = {"approved": "2026-06-10", "issued": "2026-06-15", "effective": "2026-07-01",
            "review_due": "2027-06-30", "edition": '"1.2"', "kind": "修正", "change": "modified",
            "substantive": "true", "approved_by": "董事会", "approval_doc": "董事会2026年第三次会议决议"}


def field_label(key: str) -> str:
    """``approved（批准日期）``: the key as typed, and what it means."""
    return f"{key}（{_FIELD[key]}）" if key in _FIELD else key


def _where(path: tuple[Any, ...], kind: str = "", data: Any = None, chapter: int = 0) -> str:
    """Where in the file, as an editor would say it: “1.2 版的修订记录的 approved（批准日期）”,
    “第 2 节第 4 条（C-2304）的 text（条文）”."""
    parts: list[str] = []
    node = data
    for i, p in enumerate(path):
        child = node[p] if isinstance(node, (list, dict)) and (
            isinstance(node, dict) and p in node or isinstance(node, list)
            and isinstance(p, int) and p < len(node)) else None
        if isinstance(p, int):
            parent = path[i - 1] if i else None
            if parent is None and kind in _ITEM:
                name = child.get("edition") or child.get("id") or child.get("term") \
                    if isinstance(child, dict) else None
                if kind == "revisions" and name:
                    parts.append(f"{name} 版的修订记录")
                elif name:
                    parts.append(f"{_ITEM[kind]}“{name}”")
                else:
                    parts.append(f"第 {p + 1} 条{_ITEM[kind]}")
            else:
                unit = _LIST.get(str(parent), "项")
                ident = child.get("id") if isinstance(child, dict) else None
                # a section is numbered within its chapter (the file's number): 第 5.1 节
                n = f"{chapter}.{p + 1}" if chapter and parent == "sections" else f"{p + 1}"
                parts.append(f"第 {n} {unit}" + (f"（{ident}）" if ident else ""))
        elif not (str(p) in _LIST and i + 1 < len(path) and isinstance(path[i + 1], int)):
            # a list's name before an index says nothing “第 2 节” does not
            parts.append(("的 " if parts else "") + field_label(str(p)))
        node = child
    return "".join(parts) or "文件顶层"


def _explain(err: jsonschema.ValidationError, doc: yamlsrc.SourceDoc,
             kind: str = "") -> list[tuple[int, int, str, str, str]]:
    path = tuple(err.absolute_path)
    line, col = doc.pos(path)
    number = re.search(r"chapters/(\d+)\.ya?ml$", doc.path.replace("\\", "/"))
    where = _where(path, kind, doc.data, int(number.group(1)) if number else 0)
    v = err.validator
    value: Any = err.validator_value
    instance: Any = err.instance
    sch = err.schema if isinstance(err.schema, dict) else {}
    desc = sch.get("description", "")
    if v == "type":
        want = value
        want_zh = "或".join(_TYPE_ZH[w] for w in (want if isinstance(want, list) else [want]))
        got = _PY_TYPE_ZH.get(type(instance), type(instance).__name__)
        key = str(path[-1]) if path and not isinstance(path[-1], int) else ""
        if instance is None and path in doc.implicit:
            example = _EXAMPLE.get(key)
            what = f"，如 {key}: {example}" if example else ""
            return [(line, col, "schema", f"{where}没有填写",
                     (f"请填写{_FIELD.get(key, '内容')}{what}" if key else "请填写内容") +
                     ("；尚未确定的，请删除这一行" if key in _OPTIONAL.get(kind, ()) else ""))]
        if path in doc.implicit and want == "string":
            typed = doc.implicit[path]
            shown = {True: "是", False: "否"}.get(instance, instance) \
                if isinstance(instance, bool) else instance
            return [(line, col, "yaml-implicit-type",
                     f"{where}：YAML 把“{typed}”读成了{got}（{shown}），此处需要文本",
                     f"请加引号：{key + ': ' if key else ''}\"{typed}\"")]
        if want == "array" and isinstance(instance, str) and key:
            return [(line, col, "schema", f"{where}：应为列表，实际是文本",
                     f"请写成列表（方括号，逗号分隔）：{key}: [{instance}]")]
        return [(line, col, "schema", f"{where}：应为{want_zh}，实际是{got}",
                 desc and f"说明：{desc}")]
    if v == "required":
        missing = [k for k in value if not isinstance(instance, dict) or k not in instance]
        props = sch.get("properties", {})
        return [(line, col, "schema", f"{where}：缺少必填字段“{k}”",
                 f"{k}：{props.get(k, {}).get('description', '')}".rstrip("：")) for k in missing]
    if v == "additionalProperties":
        allowed = list(sch.get("properties", {}))
        out = []
        for key in instance:
            if key in allowed:
                continue
            kl, kc = doc.key_pos(path + (key,))
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = (f"是否指“{close[0]}”？" if close else "") + "可用字段：" + "、".join(allowed)
            out.append((kl, kc, "schema", f"{where}：未知字段“{key}”", hint))
        return out
    if v == "enum":
        opts = "、".join(str(o) for o in value)
        return [(line, col, "schema", f"{where}：值“{instance}”不在允许范围内，应为：{opts}", desc)]
    if v == "pattern":
        return [(line, col, "schema", f"{where}：“{err.instance}”格式不正确", desc)]
    if v == "format":
        parts = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*",
                             str(err.instance))
        fixed = "-".join([parts.group(1), parts.group(2).zfill(2), parts.group(3).zfill(2)]) \
            if parts else ""
        try:
            dt.date.fromisoformat(fixed)
        except ValueError:
            fixed = ""  # no such day: nothing to suggest
        key = str(path[-1]) if path and not isinstance(path[-1], int) else ""
        return [(line, col, "schema", f"{where}：“{err.instance}”不是有效日期",
                 f"日期格式为 YYYY-MM-DD，请写 {key + ': ' if key else ''}{fixed}" if fixed
                 else "日期格式为 YYYY-MM-DD，如 2025-07-01")]
    if v == "minItems":
        return [(line, col, "schema", f"{where}：至少需要 {err.validator_value} 项", desc)]
    if v == "minLength":
        return [(line, col, "schema", f"{where}：不能为空", desc)]
    return [(line, col, "schema", f"{where}：{err.message}", desc)]
