"""Load a data folder: read each file safely, validate its structure, build the model.

``load()`` never raises for bad input; every problem comes back located. The model is built only
when every file is structurally valid, since semantic rules need a whole standard to work on.
"""

from __future__ import annotations

import difflib
import gc
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from . import yamlsrc
from .model import Standard, build_standard
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
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@dataclass
class Loaded:
    """What loading a folder gave: the parsed files, their problems and (if usable) the model."""

    root: Path
    sources: dict[str, yamlsrc.SourceDoc] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    standard: Standard | None = None


def display_path(root: Path, name: str) -> str:
    """A path as the editor would type it: relative to the working folder when inside it."""
    full = root / name
    rel = os.path.relpath(full)
    return full.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def load(root: Path | str) -> Loaded:
    root = Path(root)
    out = Loaded(root)
    if not root.is_dir():
        raise OSError(f"数据目录不存在：{root}")
    names = [n for n in FIXED_FILES]
    chapter_dir = root / CHAPTER_DIR
    chapter_names = (
        sorted(f"{CHAPTER_DIR}/{p.name}" for p in chapter_dir.iterdir() if p.suffix == ".yml")
        if chapter_dir.is_dir() else []
    )
    valid = True
    for name in names + chapter_names:
        kind = FIXED_FILES.get(name, "chapter")
        shown = display_path(root, name)
        sink = ProblemSink(shown)
        path = root / name
        if not path.is_file():
            sink.add(1, 1, "missing-file", f"缺少必需的文件 {name}", "请从仓库的 policy_data/ 复制该文件")
            out.problems += sink.items
            valid = False
            continue
        doc, found = _read(kind, shown, path.read_bytes())
        out.sources[name] = doc
        out.problems += found
        valid = valid and doc.ok and all(p.level != "error" or p.rule == "duplicate-key"
                                         for p in found)
    if not chapter_names:
        out.problems.append(Problem(display_path(root, CHAPTER_DIR), 1, 1, "error", "missing-file",
                                    "缺少章文件目录 chapters/ 或其中没有 .yml 文件",
                                    "每章一个文件，如 chapters/01.yml"))
        valid = False
    for extra in sorted(p.name for p in root.iterdir() if p.suffix in (".yml", ".yaml")):
        if extra not in FIXED_FILES:
            out.problems.append(Problem(display_path(root, extra), 1, 1, "warning", "unknown-file",
                                        f"不认识的文件 {extra}，其内容不会被发布",
                                        "可用文件：" + "、".join(FIXED_FILES) + "，以及 chapters/*.yml"))
    if chapter_dir.is_dir():
        for p in sorted(chapter_dir.iterdir()):
            if p.suffix == ".yaml":
                out.problems.append(Problem(display_path(root, f"{CHAPTER_DIR}/{p.name}"), 1, 1,
                                            "warning", "unknown-file",
                                            "章文件的扩展名应为 .yml，该文件不会被读取",
                                            f"请改名为 {p.stem}.yml"))
    if valid:
        out.standard = build_standard({n: d.data for n, d in out.sources.items()})
    return out


def _read(kind: str, shown: str, raw: bytes) -> tuple[yamlsrc.SourceDoc, tuple[Problem, ...]]:
    """Parse and validate one file's bytes: the parsed file and its problems, shown as ``shown``.

    The work is remembered by content (``_parse_validate``): one check reads the draft and every
    released edition, whose files are mostly the same bytes; a build reads them again for each
    edition; ``make serve`` rereads every file on each change.
    """
    doc, found = _parse_validate(kind, raw)
    # what is shared is only read: a shallow copy carries this file's name
    return replace(doc, path=shown), tuple(replace(p, path=shown) for p in found)


@lru_cache(maxsize=128)  # a few editions' files; bounded for `make serve`
def _parse_validate(kind: str, raw: bytes) -> tuple[yamlsrc.SourceDoc, tuple[Problem, ...]]:
    sink = ProblemSink("")
    with _no_gc():
        doc = yamlsrc.parse("", raw, sink)
        if doc.ok:
            _validate(kind, doc, sink)
    return doc, tuple(sink.items)


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


def _validate(kind: str, doc: yamlsrc.SourceDoc, sink: ProblemSink) -> None:
    seen: set[tuple[int, int, str]] = set()
    for err in sorted(_validator(kind).iter_errors(doc.data), key=lambda e: list(map(str, e.path))):
        for line, col, rule, message, hint in _explain(err, doc):
            if (line, col, message) in seen:
                continue
            seen.add((line, col, message))
            sink.add(line, col, rule, message, hint)


def _where(path: tuple[Any, ...]) -> str:
    parts = []
    for p in path:
        parts.append(f"[{p}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts) or "文件顶层"


def _explain(err: jsonschema.ValidationError, doc: yamlsrc.SourceDoc) -> list[tuple[int, int, str,
                                                                                      str, str]]:
    path = tuple(err.absolute_path)
    line, col = doc.pos(path)
    where = _where(path)
    v = err.validator
    sch = err.schema if isinstance(err.schema, dict) else {}
    desc = sch.get("description", "")
    if v == "type":
        want = err.validator_value
        want_zh = "或".join(_TYPE_ZH[w] for w in (want if isinstance(want, list) else [want]))
        got = _PY_TYPE_ZH.get(type(err.instance), type(err.instance).__name__)
        if path in doc.implicit and want == "string":
            typed = doc.implicit[path]
            return [(line, col, "yaml-implicit-type",
                     f"{where}：YAML 把“{typed}”读成了{got}（{err.instance!r}），此处需要文本",
                     f"请加引号：\"{typed}\"")]
        return [(line, col, "schema", f"{where}：应为{want_zh}，实际是{got}",
                 desc and f"说明：{desc}")]
    if v == "required":
        missing = [k for k in err.validator_value if not isinstance(err.instance, dict)
                   or k not in err.instance]
        props = sch.get("properties", {})
        return [(line, col, "schema", f"{where}：缺少必填字段“{k}”",
                 f"{k}：{props.get(k, {}).get('description', '')}".rstrip("：")) for k in missing]
    if v == "additionalProperties":
        allowed = list(sch.get("properties", {}))
        out = []
        for key in err.instance:
            if key in allowed:
                continue
            kl, kc = doc.key_pos(path + (key,))
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = (f"是否指“{close[0]}”？" if close else "") + "可用字段：" + "、".join(allowed)
            out.append((kl, kc, "schema", f"{where}：未知字段“{key}”", hint))
        return out
    if v == "enum":
        opts = "、".join(str(o) for o in err.validator_value)
        return [(line, col, "schema", f"{where}：值“{err.instance}”不在允许范围内，应为：{opts}", desc)]
    if v == "pattern":
        return [(line, col, "schema", f"{where}：“{err.instance}”格式不正确", desc)]
    if v == "format":
        return [(line, col, "schema", f"{where}：“{err.instance}”不是有效日期", "日期格式为 YYYY-MM-DD，如 2025-07-01")]
    if v == "minItems":
        return [(line, col, "schema", f"{where}：至少需要 {err.validator_value} 项", desc)]
    if v == "minLength":
        return [(line, col, "schema", f"{where}：不能为空", desc)]
    return [(line, col, "schema", f"{where}：{err.message}", desc)]
