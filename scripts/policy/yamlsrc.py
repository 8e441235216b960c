"""Safe YAML reading with a source map.

Every value read from a file keeps the line and column it came from, so that a schema error at
``sections[2].clauses[3].text`` can be reported as ``path:line:col``. Reading never executes a
tag, never expands an alias and never raises: anything unusable becomes a ``Problem``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problem import ProblemSink

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

Path = tuple[Any, ...]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters that reorder or hide text: a reviewer would not see what the site shows.
_HIDDEN = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

_TAG = "tag:yaml.org,2002:"
_IMPLICIT_NON_STR = {_TAG + "bool", _TAG + "int", _TAG + "float", _TAG + "null"}
_ALLOWED_TAGS = _IMPLICIT_NON_STR | {_TAG + "str", _TAG + "seq", _TAG + "map"}

# problems after which the file's data is still usable
_NOT_FATAL = {"duplicate-key", "yaml-trailing-comment"}

_SYNTAX_ZH = {
    "mapping values are not allowed here": "此处不能出现“键: 值”，常见原因是冒号后缺空格或缩进不一致",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "未找到预期的键，常见原因是缩进不一致",
    "did not find expected '-' indicator": "未找到预期的列表项“-”，常见原因是缩进不一致",
    "found unexpected end of stream": "文件意外结束，可能有未闭合的引号或括号",
    "found unexpected ':'": "出现了多余的冒号",
    "expected <block end>, but found '<block sequence start>'": "列表项缩进不一致",
    "expected <block end>, but found '<block mapping start>'": "键的缩进不一致",
    "expected <block end>, but found '-'": "列表项缩进不一致",
    "found undefined alias": "使用了未定义的别名",
    "expected ',' or ']', but got '<stream end>'": "方括号“[”未闭合",
    "expected ',' or '}', but got '<stream end>'": "花括号“{”未闭合",
    "mapping values are not allowed in this context": "此处不能出现“键: 值”，常见原因是冒号后缺空格或缩进不一致",
}

# Full-width punctuation where YAML needs its ASCII form: typed with a Chinese input method,
# it makes YAML read something else entirely and report a puzzling error a line later.
_FW_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)\s*(：)\s*")
_FW_DASH = re.compile(r"^(\s*)([－—–]) ")
_FW_INDENT = re.compile(r"^ *(\u3000+)")
# “changes: []” with items pasted under it: the empty list cannot have items
_EMPTY_FLOW = re.compile(r"^(\s*(?:-\s+)?)([^\s#:][^#:]*?):\s*(\[\]|\{\})\s*(#.*)?$")


@dataclass
class SourceDoc:
    """One parsed file: its value, where each value and key stands, and how scalars were read."""

    path: str
    data: Any = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # plain scalars that YAML 1.1 turned into bool/int/float/null: path -> text as typed
    implicit: dict[Path, str] = field(default_factory=dict)
    # scalar style and whether it stays on one line: lets a rule point inside a text
    styles: dict[Path, tuple[str | None, bool]] = field(default_factory=dict)
    ok: bool = False

    def pos(self, path: Path) -> tuple[int, int]:
        """The position of the value at ``path``, or of its nearest ancestor."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def key_pos(self, path: Path) -> tuple[int, int]:
        return self.keys.get(tuple(path)) or self.pos(path)

    def text_pos(self, path: Path, offset: int) -> tuple[int, int]:
        """The position of character ``offset`` of the text at ``path``.

        Exact for one-line plain and quoted scalars (escapes aside); for block and folded
        scalars it is the line where the text starts.
        """
        line, col = self.pos(path)
        style, one_line = self.styles.get(tuple(path), (None, False))
        if one_line and style in (None, "'", '"'):
            return line, col + offset + (1 if style else 0)
        return line, col


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 resolution without timestamps: dates stay text, as the schema expects."""


_Resolver.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != _TAG + "timestamp"]
    for k, v in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _AliasError(Exception):
    def __init__(self, mark: Any, what: str) -> None:
        super().__init__(what)
        self.mark = mark
        self.what = what


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    _Resolver,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # Aliases are refused outright: data files never need them, and refusing them makes
        # "billion laughs" documents cost nothing.
        if self.check_event(AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            raise _AliasError(event.start_mark, "alias")
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None) is not None:
            raise _AliasError(event.start_mark, "anchor")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _AliasError(event.start_mark, "depth")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.constructor.SafeConstructor, _Resolver):
        """libyaml's parser and composer (fast), with our resolver and constructor."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)


def _events_ok(text: str) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before composing.

    libyaml composes aliases silently, so they are looked for in the events first; the events
    come from C and cost little.
    """
    loader = _CLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if event is None:
                break
            if isinstance(event, AliasEvent):
                raise _AliasError(event.start_mark, "alias")
            if getattr(event, "anchor", None) is not None:
                raise _AliasError(event.start_mark, "anchor")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _AliasError(event.start_mark, "depth")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _compose(text: str) -> tuple[Node | None, Any]:
    """The document's node tree and the loader that made it (for constructing scalars)."""
    if yaml.__with_libyaml__:
        _events_ok(text)
        loader: Any = _CLoader(text)
    else:
        loader = _Loader(text)
    try:
        return loader.get_single_node(), loader
    finally:
        loader.dispose()


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _prescan(raw: bytes, sink: ProblemSink) -> str | None:
    """Check size, encoding and characters before YAML sees the text."""
    if len(raw) > MAX_BYTES:
        sink.add(1, 1, "file-too-large",
                 f"文件超过大小上限 {MAX_BYTES // 1024 // 1024} MB，未予解析",
                 "请把内容拆分到多个文件；单章文件通常不超过 200 KB")
        return None
    for bom, name in ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if raw.startswith(bom):
            sink.add(1, 1, "encoding", f"文件以 {name} 字节顺序标记（BOM）开头",
                     "请以“UTF-8 无 BOM”格式另存该文件")
            return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = _line_col(prefix, len(prefix))
        sink.add(line, col, "encoding", f"文件不是有效的 UTF-8 编码（第 {exc.start + 1} 字节）",
                 "请以“UTF-8 无 BOM”格式另存该文件，不要使用 GBK/GB2312")
        return None
    found = False
    for rx, rule, what in ((_CONTROL, "control-char", "控制字符"), (_HIDDEN, "hidden-char",
                                                                  "隐藏或改变文字方向的字符")):
        for m in rx.finditer(text):
            line, col = _line_col(text, m.start())
            sink.add(line, col, rule, f"文本中含有{what} U+{ord(m.group()):04X}",
                     "此类字符会让审阅者看到的文字与发布的文字不同，请删除")
            found = True
    lines = text.split("\n")
    for n, ln in enumerate(lines, start=1):
        if key := _FW_KEY.match(ln):
            fixed = f"{key.group(1)}{key.group(2)}: {ln[key.end():]}".rstrip()
            sink.add(n, key.start(3) + 1, "yaml-fullwidth",
                     f"键“{key.group(2)}”后是全角冒号“：”，YAML 只认半角冒号",
                     f"只把这个“：”改为半角的“: ”（冒号后加一个空格），行首的缩进不变，"
                     f"改后为：{fixed.strip()}")
            found = True
        elif dash := _FW_DASH.match(ln):
            sink.add(n, dash.start(2) + 1, "yaml-fullwidth",
                     f"列表项用了全角的“{dash.group(2)}”，YAML 只认半角减号“-”",
                     f"只把它改为半角的“- ”，行首的缩进不变，改后为：- {ln[dash.end():].strip()}")
            found = True
        elif space := _FW_INDENT.match(ln):
            sink.add(n, space.start(1) + 1, "yaml-fullwidth", "缩进中有全角空格（U+3000）",
                     "YAML 只能用半角空格缩进，请把行首的全角空格换成两个半角空格")
            found = True
    for m in re.finditer("\t", text):
        line, col = _line_col(text, m.start())
        sink.add(line, col, "yaml-tab", "文件中含有制表符（Tab）",
                 "YAML 只能用空格缩进，请把制表符换成空格")
        found = True
    if found:
        return None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        sink.add(1, 1, "empty-file", "文件为空或只有注释", "请填写内容，或删除该文件")
        return None
    return text


_KEY_LINE = re.compile(r"^( *)(- )?([A-Za-z_]+):(.*)$")


def _indent_hint(text: str, line: int) -> tuple[int, str]:
    """When a syntax error comes from one mis-indented field, which line it is and how many
    spaces it should have: the fields of one item (id, text, items, limits …) line up."""
    lines = text.split("\n")
    for n in (line, line - 1):  # the parser may stop on the line after the culprit
        if not 2 <= n <= len(lines):
            continue
        here = _KEY_LINE.match(lines[n - 1])
        if here is None or here.group(2):
            continue
        # the nearest field above at the same nesting: the item this field belongs to
        for k in range(n - 2, max(n - 40, 0) - 1, -1):
            above = _KEY_LINE.match(lines[k])
            if above is None:
                continue
            want = len(above.group(1)) + (2 if above.group(2) else 0)
            got = len(here.group(1))
            if above.group(4).strip() == "" and not above.group(2):
                break  # a block opens above: its own content, nothing to compare
            if got != want and abs(got - want) <= 4:
                return n, (f"第 {n} 行“{here.group(3)}:”前有 {got} 个空格，同一项的"
                           f"“{above.group(3)}:”（第 {k + 1} 行）对应 {want} 个：请把行首空格改为 "
                           f"{want} 个")
            break
    return 0, ""


def parse(path: str, raw: bytes, sink: ProblemSink) -> SourceDoc:
    """Parse one file. Problems go to ``sink``; ``doc.ok`` tells whether ``doc.data`` is usable."""
    doc = SourceDoc(path)
    text = _prescan(raw, sink)
    if text is None:
        return doc
    try:
        node, loader = _compose(text)
    except _AliasError as exc:
        line, col = exc.mark.line + 1, exc.mark.column + 1
        if exc.what == "depth":
            sink.add(line, col, "yaml-depth", f"嵌套层级超过 {MAX_DEPTH} 层", "请检查缩进是否错位")
        else:
            sink.add(line, col, "yaml-alias", "不允许使用 YAML 锚点（&）和别名（*）",
                     "请直接写出内容；如需复用条款，请使用交叉引用 [[C-xxxx]]")
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        empty = _empty_list_above(text, line)
        if empty is not None:
            at, key, pos, kind = empty
            sink.add(at, pos, "syntax", f"“{key}: {kind}”表示空的{'列表' if kind == '[]' else '映射'}，"
                     "下面不能再写内容", f"请删除“{kind}”，把这一行改为：{key}:")
            return doc
        at, hint = _indent_hint(text, line)
        sink.add(at or line, col if at in (0, line) else 1, "syntax",
                 "YAML 语法错误：" + _syntax_zh(exc.problem or str(exc)),
                 hint or "请检查该行及上一行的缩进、冒号和引号")
        return doc
    except yaml.YAMLError as exc:  # a reader error has no problem_mark
        sink.add(1, 1, "syntax", f"YAML 无法读取：{exc}", "请检查文件内容")
        return doc
    if node is None:
        sink.add(1, 1, "empty-file", "文件为空或只有注释", "请填写内容，或删除该文件")
        return doc
    before = len(sink.items)
    doc.data = _build(node, (), doc, _Scalars(loader, text.splitlines()), sink)
    # a duplicate key keeps its first value: the rest of the file can still be checked
    doc.ok = all(p.rule in _NOT_FATAL for p in sink.items[before:])
    return doc


def _empty_list_above(text: str, line: int) -> tuple[int, str, int, str] | None:
    """(line, key, column, "[]") of a ``key: []`` right above the error with more indented lines
    under it: the editor pasted items under an empty list."""
    lines = text.split("\n")
    for n in range(min(line, len(lines)) - 1, 0, -1):
        ln = lines[n - 1]
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        m = _EMPTY_FLOW.match(ln)
        if not m:
            return None
        below = next((x for x in lines[n:] if x.strip()), "")
        indent = len(m.group(1)) if not m.group(1).strip() else len(m.group(1))
        if len(below) - len(below.lstrip()) >= indent:
            return n, m.group(2).strip(), m.start(3) + 1, m.group(3)
        return None
    return None


def _syntax_zh(problem: str) -> str:
    for en, zh in _SYNTAX_ZH.items():
        if problem.startswith(en):
            return zh
    if "cannot start any token" in problem:
        return "出现了不能作为开头的字符（" + problem.split("'")[1] + "）" if "'" in problem \
            else "出现了不能作为开头的字符"
    return problem


class _Scalars:
    """What building values needs from the loader: scalar construction and the source lines."""

    def __init__(self, loader: Any, lines: list[str]) -> None:
        self.construct_object = loader.construct_object
        self.lines = lines


def _build(node: Node, path: Path, doc: SourceDoc, loader: _Scalars, sink: ProblemSink) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    doc.values[path] = (line, col)
    if node.tag not in _ALLOWED_TAGS:
        shown = node.tag.replace(_TAG, "!!", 1) if node.tag.startswith(_TAG) else node.tag
        sink.add(line, col, "yaml-tag", f"不允许使用 YAML 标签 {shown}",
                 "标签可能导致执行代码或产生意外类型，已拒绝且未执行；请删除标签，直接写文本")
        return None
    if isinstance(node, ScalarNode):
        style = node.style or None  # libyaml says "" for plain, the Python parser None
        doc.styles[path] = (style, node.end_mark.line == node.start_mark.line)
        if style is None and node.end_mark.line < len(loader.lines):
            rest = loader.lines[node.end_mark.line][node.end_mark.column:]
            if re.match(r"\s+#", rest):
                el, ec = node.end_mark.line + 1, node.end_mark.column + rest.index("#") + 1
                sink.add(el, ec, "yaml-trailing-comment",
                         "“ #”之后的文字被 YAML 当作注释丢弃，不会出现在规范中",
                         "如果 # 之后是正文，请给整段文字加引号；如果是注释，请移到单独一行",
                         level="warning")
        if node.tag == _TAG + "str":
            return node.value
        if style is None:
            doc.implicit[path] = node.value
        try:
            return loader.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            sink.add(line, col, "syntax", f"无法读取值 {node.value!r}：{exc}", "请给该值加引号")
            return None
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), doc, loader, sink) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    out: dict[str, Any] = {}
    first: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if key_node.tag == _TAG + "merge":
            sink.add(kline, kcol, "yaml-alias", "不允许使用 YAML 合并键（<<）", "请直接写出各个键")
            continue
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
            sink.add(kline, kcol, "syntax", "键必须是简单文本", "请把该键写成一个普通的词，例如 title")
            continue
        key = key_node.value
        if key in first:
            fl, _ = first[key]
            sink.add(kline, kcol, "duplicate-key", f"键“{key}”重复出现，第一次在第 {fl} 行",
                     "普通 YAML 工具只保留其中一个值、悄悄丢弃另一个；请合并或删除其中一个")
            continue
        first[key] = (kline, kcol)
        doc.keys[path + (key,)] = (kline, kcol)
        out[key] = _build(value_node, path + (key,), doc, loader, sink)
    return out
