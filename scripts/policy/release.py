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
from .labels import CHANGE_ZH
from .loader import load
from .model import Clause, Revision, Standard
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


_KEY_ORDER = ["edition", "checksum", "kind", "approved_by", "approval_doc", "approved", "issued",
              "effective", "status", "title", "code"]


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
        have = {p[-1]: pos for p, pos in doc.keys.items() if p[:-1] == entry}
        if not have:
            raise ReleaseError(f"{name} 中找不到要修改的条目")
        # after the key that comes before it in the usual order, so that every entry reads
        # alike (edition, checksum, kind, approved_by, approval_doc, approved, issued, effective)
        at = _KEY_ORDER.index(key) if key in _KEY_ORDER else 1
        before = [have[k] for k in _KEY_ORDER[:at] if k in have]
        line, col = max(before) if before else min(have.values())
        lines.insert(line, " " * (col - 1) + line_text)
    return "".join(lines)


SUMMARY_TODO = "（本版修订概要，发布前填写）"
_FIELD_ZH = {"approved_by": "批准机构", "approval_doc": "批准文件（会议决议或文件编号）",
             "approved": "批准日期", "issued": "发布日期", "effective": "施行日期"}


def release(root: Path, edition: str, fields: dict[str, str]) -> str:
    """Release ``edition`` from the draft in ``root``. Returns a summary for the editor.

    The draft must pass the check in strict mode (warnings too: a typed clause number frozen into
    an approved edition cannot be taken back), and the approver, the approval document and the
    three dates must be known.
    """
    repo = Repository(root)
    problems = run(repo)
    std = repo.std
    if problems or std is None:
        raise ReleaseError("草案未通过严格检查（警告也须处理），不能发布：", problems)
    last = std.revisions[-1] if std.revisions else None
    if last is None or last.checksum:
        raise ReleaseError("revisions.yml 中没有待发布的修订记录（最后一条已有 checksum）；"
                           "请先运行 policy new-edition 开始起草新版本")
    if last.edition != edition or std.meta.edition != edition:
        raise ReleaseError(f"要发布的版本 {edition} 与待发布的修订记录（{last.edition}）或 "
                           f"document.yml 的版本号（{std.meta.edition}）不一致")
    if last.summary.strip() == SUMMARY_TODO:
        raise ReleaseError(f"{edition} 版修订记录的 summary 尚未填写：请写明本版修改的内容和原因")
    missing = [k for k in FIELDS if not (fields.get(k) or getattr(last, k))]
    if missing:
        raise ReleaseError("缺少" + "、".join(_FIELD_ZH[k] for k in missing) + "：请用 " +
                           " ".join(f"--{k.replace('_', '-')} …" for k in missing) +
                           f" 给出，或先填入 revisions.yml 中 {edition} 版的修订记录")
    dates = {k: fields.get(k) or getattr(last, k) for k in ("approved", "issued", "effective")}
    if not dates["approved"] <= dates["issued"] <= dates["effective"]:
        raise ReleaseError(f"日期顺序不对：批准 {dates['approved']}、发布 {dates['issued']}、施行 "
                           f"{dates['effective']}；须先批准、再发布，施行日期不早于发布日期")
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
    kinds = {k: sum(1 for c in last.changes if c.change == k) for k in CHANGE_ZH}
    counted = "、".join(f"{CHANGE_ZH[k]} {n} 条" for k, n in kinds.items() if n) or "无"
    frozen_files = snapshot_files(Repository(target).data)
    value = {k: fields.get(k) or getattr(last, k) for k in FIELDS}
    return "\n".join([
        f"已发布 {edition} 版（{last.kind}）：",
        f"  批准：{value['approved_by']}，{value['approval_doc']}，{value['approved']}",
        f"  发布日期 {value['issued']}，施行日期 {value['effective']}",
        f"  条款 {len(std.clauses())} 条；本版变更：{counted}",
        f"  冻结的文件（{len(frozen_files)} 个）：{EDITIONS_DIR}/{edition}/",
        f"  整体校验值已写入 revisions.yml：{checksum_of(Folder(target))}",
        f"  逐个文件的校验值：{EDITIONS_DIR}/{edition}{SUMS_SUFFIX}"
        f"（可用 cd {EDITIONS_DIR}/{edition} && sha256sum -c ../{edition}{SUMS_SUFFIX} 核对）",
        "下一步：提交这些文件（git add、commit），合并后网站按施行日期显示本版状态。"])


def remove_field(name: str, text: str, entry: tuple[object, ...], key: str) -> str:
    """Remove the one-line ``key: value`` from the mapping at ``entry``, if it is there."""
    doc = _reparse(name, text)
    path = entry + (key,)
    if path not in doc.keys:
        return text
    if doc.styles.get(path, (None, True))[1] is False:
        raise ReleaseError(f"{name} 中 {key} 的值跨行，请改为单行")
    lines = text.splitlines(keepends=True)
    del lines[doc.keys[path][0] - 1]
    return "".join(lines)


def _naming_edition(std: Standard, rev: Revision) -> list[Clause]:
    """Clauses whose text names edition ``rev`` by number or by its effective date (the
    clause on when this edition takes effect, for one): each new edition must restate them."""
    marks = [f"{rev.edition}版", f"{rev.edition} 版"]
    if rev.effective:
        y, m, d = (int(x) for x in rev.effective.split("-"))
        marks.append(f"{y}年{m}月{d}日")
    return [c for c in std.clauses()
            if any(k in c.text + "".join(c.items) for k in marks)]


def new_edition(root: Path, edition: str, kind: str, approved_by: str = "",
                summary: str = "") -> str:
    """Open the draft of the next edition: a pending revision entry, and document.yml's edition
    (its dates are left for ``policy release``). Returns what was done and what comes next."""
    repo = Repository(root)
    std = repo.std
    last = std.revisions[-1] if std and std.revisions else None
    if last is not None and not last.checksum:
        raise ReleaseError(f"已有待发布的 {last.edition} 版（revisions.yml 最后一条没有 checksum）："
                           f"请继续在它的 changes 中登记修改，或先发布它")
    # the edits that the new edition is opened to record (an unregistered change, a period
    # not yet registered) are for its draft to fix; unreadable files or an altered released
    # edition are not
    found = [p for p in run(repo) if p.level == "error"]
    errors = found if std is None else [p for p in found if p.rule == "edition-frozen"]
    if errors or std is None:
        raise ReleaseError("数据未通过检查，请先修正：", errors)
    if last is not None:
        major, minor = (int(x) for x in last.edition.split(".")[:2])
        want = f"{major + 1}.0" if kind == "修订" else f"{major}.{minor + 1}"
        if edition != want:
            raise ReleaseError(f"{last.edition} 版之后的{kind}版本号应为 {want}，收到 {edition}"
                               "（修订：较大范围的修改，整数部分加 1；修正：个别条文的修改，小数部分"
                               "加 1；见第 8.2.3 条）")
    data = repo.data.folder
    rev_text = data.read("revisions.yml").decode("utf-8")
    doc_text = data.read("document.yml").decode("utf-8")
    # 第 8.2.1 条: a 修订 is approved by the board; a 修正 may be approved by the committee
    who = approved_by or ("董事会" if kind == "修订" else "消费者权益保护委员会")
    stale = _naming_edition(std, last) if last is not None else []
    entry = (f'- edition: "{edition}"\n  kind: {kind}\n  approved_by: {_yaml_value(who)}\n'
             f"  summary: {_yaml_value(summary or SUMMARY_TODO)}\n"
             "  # 在下面逐项登记本版变更的条款（make check 会指出每一处未登记的变化及要加入的几行）\n"
             "  changes: []\n")
    rev_new = rev_text + ("" if rev_text.endswith("\n") else "\n") + entry
    doc_new = set_field("document.yml", doc_text, (), "edition", edition)
    for key in ("issued", "effective"):
        doc_new = remove_field("document.yml", doc_new, (), key)
    _reparse("revisions.yml", rev_new)
    write_file(root / "revisions.yml", rev_new)
    write_file(root / "document.yml", doc_new)
    return "\n".join([
        f"已开始起草 {edition} 版（{kind}）：",
        f"  revisions.yml 末尾新增了 {edition} 版的修订记录（批准机构：{who}）",
        f"  document.yml 的版本号改为 {edition}；发布日期和施行日期在发布时由 policy release 填写",
        "下一步：",
        "  1. 修改条文（policy_data/chapters/*.yml）；",
        "  2. 运行 make check，按提示在 revisions.yml 的 changes 中逐项登记每一处变化（先删去 [] ）；",
        *([f"     其中以下条款写有 {last.edition} 版的版本号或施行日期，请逐条核对（写明本版何时施行的条款应改为本版的）：" + "、".join(
            f"第 {c.number} 条（{c.id}）" for c in stale) + "；"] if stale and last else []),
        "  3. 填写 summary（本版修改的内容和原因）；",
        "  4. 用 .venv/bin/policy diff latest draft --format docx --out 对照表.docx 生成对照表；",
        "  5. 批准后运行 .venv/bin/policy release "
        f"{edition} --approved-by … --approval-doc … --approved … --issued … --effective …"])
