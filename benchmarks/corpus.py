"""A synthetic corpus: the real standard recombined at ×1 … ×120, and with many editions.

The corpus is the real standard recombined: its clauses' sentences drawn again at random (seeded),
cross-references re-pointed at the corpus's own clauses, citations spread over a references list
scaled like the rest, and glossary terms varied (``线上客户服务渠道``) so that the scaled glossary
is used at the real density. The result passes ``policy check`` with no errors. ``with_editions``
makes a data folder with any number of released editions, each released by ``policy release``.

Importable by the tests (tests/test_scale.py) as ``benchmarks.corpus``.
"""

from __future__ import annotations

import math
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from policy.loader import load
from policy.model import CLAUSE_ID, XREF, Standard
from policy.rules._periods import periods

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "policy_data"
REVIEW_DUE = "2099-12-31"  # far future: no review-due warnings whatever the day

# Qualifiers that make new, plausible glossary terms, chapter titles and reference titles.
_QUAL_A = ["线上", "线下", "跨境", "普惠", "对公", "零售", "县域", "社区", "远程", "移动"]
_QUAL_B = ["", "信贷", "理财", "支付", "储蓄", "外汇", "代理保险", "养老金", "信用卡", "贵金属",
           "托管", "票据"]
MODIFIERS = [a + b for b in _QUAL_B for a in _QUAL_A]  # 120, the single words first
MAX_SCALE = len(MODIFIERS)

_SENTENCE = re.compile(r"[^。]*。|[^。]+$")


# ---------------------------------------------------------------------------------------------
# The synthetic corpus


@dataclass
class _Pool:
    """The real standard taken apart: sentences, lead-ins, items and the shapes of clauses."""

    body: list[str] = field(default_factory=list)  # sentences ending in 。
    lead: list[str] = field(default_factory=list)  # the sentence before a list of items (：)
    items: list[str] = field(default_factory=list)
    shapes: list[tuple[int, int]] = field(default_factory=list)  # (sentences, items) of clauses
    purposes: list[str] = field(default_factory=list)
    section_sizes: list[int] = field(default_factory=list)


def _pool(std: Standard) -> _Pool:
    p = _Pool()
    for c in std.clauses():
        parts = [s for s in _SENTENCE.findall(c.text) if s.strip()]
        if c.items and parts and not parts[-1].endswith("。"):
            p.lead.append(parts.pop())
        body = [s for s in parts if s.endswith("。")]
        p.body += body
        p.items += c.items
        p.shapes.append((len(body) if c.items else max(1, len(body)), len(c.items)))
    p.purposes = [s.purpose for s in std.sections()]
    p.section_sizes = [len(s.clauses) for s in std.sections()]
    return p


class _Rewriter:
    """Re-points cross-references and citations and varies glossary terms in a sentence."""

    def __init__(self, std: Standard, scale: int, rng: random.Random) -> None:
        self.rng = rng
        self.words = {w: t.term for t in std.glossary for w in [t.term, *t.aliases]}
        order = sorted(self.words, key=len, reverse=True)
        self.term_rx = re.compile("|".join(map(re.escape, order)))
        taken = set(self.words)
        # base term -> the modifiers that make its variants (unique words only)
        self.variants: dict[str, list[str]] = {}
        for t in std.glossary:
            mods = []
            for m in MODIFIERS[: scale - 1]:
                new = [m + w for w in [t.term, *t.aliases]]
                if not taken.intersection(new):
                    taken.update(new)
                    mods.append(m)
            self.variants[t.term] = mods
        self.unused = {t: list(m) for t, m in self.variants.items()}
        self.seen: set[str] = set()  # base terms used at least once
        # reference id -> its family (itself and its scaled copies), cited round-robin
        self.families = {r.id: [r.id] + [f"{r.id}-S{n}" for n in range(2, scale + 1)]
                         for r in std.references}
        self.turn: dict[str, int] = {}
        self.ids: list[str] = []
        self.by_chapter: dict[int, list[str]] = {}

    def ref(self, rid: str) -> str:
        fam = self.families.get(rid, [rid])
        k = self.turn.get(rid, 0)
        self.turn[rid] = k + 1
        return fam[k % len(fam)]

    def _term(self, m: re.Match[str]) -> str:
        word = m.group()
        base = self.words[word]
        self.seen.add(base)
        if self.unused[base]:
            return self.unused[base].pop(0) + word  # every variant is used at least once
        mods = self.variants[base]
        if mods and self.rng.random() < 0.5:
            return self.rng.choice(mods) + word
        return word

    def _plain(self, text: str) -> str:
        return self.term_rx.sub(self._term, text)

    def missing(self) -> list[tuple[str, str]]:
        """(base term, modifier) of every glossary entry not used yet ("" for the base)."""
        out = [(t, "") for t in self.variants if t not in self.seen]
        return out + [(t, m) for t, mods in self.unused.items() for m in mods]

    def use(self, text: str, base: str, mod: str, own: str, chapter: int) -> str:
        """``text`` rewritten so that it uses the glossary entry ``mod + base``."""
        words = [w for w, t in self.words.items() if t == base]
        self.seen.add(base)
        if mod in self.unused[base]:
            self.unused[base].remove(mod)
        out = self.sentence(text, own, chapter)
        for w in words:
            at = out.find(w)
            if at >= 0:
                return out[:at] + mod + out[at:]
        return out

    def sentence(self, text: str, own: str, chapter: int) -> str:
        out, pos = [], 0
        for m in XREF.finditer(text):
            out.append(self._plain(text[pos:m.start()]))
            target, note = m.group(1).strip(), m.group(2)
            if CLAUSE_ID.match(target):
                near = self.by_chapter[chapter]
                pick = own
                while pick == own:
                    pick = self.rng.choice(near if self.rng.random() < 0.5 else self.ids)
                out.append(f"[[{pick}]]")
            else:
                out.append(f"[[{self.ref(target)}{'|' + note if note is not None else ''}]]")
            pos = m.end()
        out.append(self._plain(text[pos:]))
        return "".join(out)


def _dump(path: Path, data: Any, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False)
    depth = "../../" if path.parent.name == "chapters" else "../"
    head = f"# yaml-language-server: $schema={depth}scripts/policy/schemas/{schema}.schema.json\n"
    path.write_text(head + text, "utf-8")


def _layout(real: Standard, scale: int, rng: random.Random,
            pool: _Pool) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """[(chapter title, [(section title, real section index, clause count)])]."""
    real_secs = [(ci, si) for ci, ch in enumerate(real.chapters) for si in range(len(ch.sections))]
    if scale == 1:  # the real outline, the real section sizes
        out = []
        k = 0
        for ch in real.chapters:
            secs = []
            for s in ch.sections:
                secs.append((s.title, k, len(s.clauses)))
                k += 1
            out.append((ch.title, secs))
        return out
    n_ch = min(99, round(len(real.chapters) * math.sqrt(scale)))
    n_sec = len(real_secs) * scale
    out = []
    for i in range(n_ch):
        base = real.chapters[i % len(real.chapters)]
        title = base.title if i < len(real.chapters) else \
            f"{base.title}（{MODIFIERS[i // len(real.chapters) - 1]}业务）"
        count = n_sec // n_ch + (1 if i < n_sec % n_ch else 0)
        secs = []
        for j in range(count):
            s = base.sections[j % len(base.sections)]
            rnd = j // len(base.sections)
            stitle = s.title if rnd == 0 else f"{s.title}（{_zh_number(rnd + 1)}）"
            k = real_secs.index((i % len(real.chapters), j % len(base.sections)))
            secs.append((stitle, k, rng.choice(pool.section_sizes)))
        out.append((title, secs))
    return out


def _zh_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else digits[tens]}十{digits[ones] if ones else ''}"


def generate(dest: Path, scale: int, seed: int = 0, source: Path = REAL) -> Path:
    """Write a synthetic data folder ``scale`` times the real standard into ``dest``.

    Up to ×120: beyond that the glossary's variants run out and a chapter would need 100 or more
    sections, which the six-digit ids (chapter, section, clause: ``C-CCSSNN``) cannot number.
    """
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"规模须在 1 到 {MAX_SCALE} 之间，收到 {scale}")

    real = load(source).standard
    if real is None:
        raise RuntimeError(f"{source} 未通过检查，无法据以生成测试语料")
    rng = random.Random(f"{seed}:{scale}")
    pool = _pool(real)
    rw = _Rewriter(real, scale, rng)
    layout = _layout(real, scale, rng, pool)
    short = len(layout) <= 9 and all(len(secs) <= 9 for _, secs in layout)
    ids: list[list[list[str]]] = []
    for ci, (_, secs) in enumerate(layout, start=1):
        ids.append([[f"C-{ci}{si}{n:02d}" if short else f"C-{ci:02d}{si:02d}{n:02d}"
                     for n in range(1, count + 1)] for si, (_, _, count) in enumerate(secs, 1)])
        rw.by_chapter[ci] = [i for sec in ids[-1] for i in sec]
        rw.ids += rw.by_chapter[ci]
    real_sections = real.sections()
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"目标目录不是空的：{dest}")
    dest.mkdir(parents=True, exist_ok=True)
    chapters: list[dict[str, Any]] = []
    for ci, (title, secs) in enumerate(layout, start=1):
        sections = []
        for si, (stitle, k, _) in enumerate(secs, start=1):
            src = real_sections[k]
            clauses = []
            for cid in ids[ci - 1][si - 1]:
                n_body, n_items = rng.choice(pool.shapes)
                parts = rng.sample(pool.body, n_body)
                if n_items:
                    parts.append(rng.choice(pool.lead))
                clause: dict[str, Any] = {
                    "id": cid, "text": "".join(rw.sentence(p, cid, ci) for p in parts)}
                if n_items:
                    clause["items"] = [rw.sentence(t, cid, ci)
                                       for t in rng.sample(pool.items, n_items)]
                clauses.append(clause)
            section: dict[str, Any] = {
                "title": stitle, "owner": src.owner, "review_due": REVIEW_DUE,
                "purpose": rw.sentence(rng.choice(pool.purposes), "", ci)}
            if src.references:
                section["references"] = list(dict.fromkeys(rw.ref(r) for r in src.references))
            section["clauses"] = clauses
            sections.append(section)
        chapters.append({"title": title, "sections": sections})
    # rare terms: add a real sentence that uses them to some clause, so every entry is used
    plain = [(ci, c) for ci, ch in enumerate(chapters, start=1) for s in ch["sections"]
             for c in s["clauses"] if "items" not in c]
    for base, mod in rw.missing():
        words = [w for w, t in rw.words.items() if t == base]
        having = [b for b in pool.body if any(w in b for w in words)] or [
            t.rstrip("：；;。") + "。" for t in pool.lead + pool.items if any(w in t for w in words)]
        if having:
            ci, c = rng.choice(plain)
            c["text"] += rw.use(rng.choice(having), base, mod, c["id"], ci)
    for chapter in chapters:  # each period the text sets, in the 时限与期限一览表
        for c in (c for s in chapter["sections"] for c in s["clauses"]):
            found = dict.fromkeys(p for t in [c["text"], *c.get("items", [])]
                                  for _, p in periods(t))
            if found:
                c["limits"] = [{"topic": f"{c['id']} 第{n}项", "kind": "时限", "period": p,
                                "from": "收到诉求之日", "who": "运营管理部"}
                               for n, p in enumerate(found, start=1)]
    for ci, chapter in enumerate(chapters, start=1):
        _dump(dest / "chapters" / f"{ci:02d}.yml", chapter, "chapter")
    _dump(dest / "outline.yml", {"chapters": [
        {"title": t, "sections": [s for s, _, _ in secs]} for t, secs in layout]}, "outline")
    glossary = []
    for t in real.glossary:
        for m in [""] + rw.variants[t.term]:
            entry: dict[str, Any] = {"term": m + t.term, "definition": t.definition if not m
                                     else f"{t.definition}（本术语专指{m}业务中的情形。）"}
            if t.aliases:
                entry["aliases"] = [m + a for a in t.aliases]
            if t.references:
                entry["references"] = [rw.ref(r) for r in t.references]
            glossary.append(entry)
    _dump(dest / "glossary.yml", glossary, "glossary")
    refs = []
    for r in real.references:
        for n, rid in enumerate(rw.families[r.id], start=1):
            entry = {"id": rid, "title": r.title if n == 1 else f"{r.title}配套规定（第{n}号）",
                     "issuer": r.issuer}
            for key in ("number", "issued", "effective", "url", "note"):
                if getattr(r, key) and n == 1:
                    entry[key] = getattr(r, key)
            entry["status"] = r.status if n == 1 else "unconfirmed"
            refs.append(entry)
    _dump(dest / "references.yml", refs, "references")
    _dump(dest / "departments.yml", [
        {"id": d.id, "name": d.name, **({"team": d.team} if d.team else {})}
        for d in real.departments], "departments")
    meta = real.meta
    _dump(dest / "document.yml", {
        "title": meta.title, "code": meta.code, "edition": "1.0", "issuer": meta.issuer,
        "interpreter": meta.interpreter, "issued": "2099-01-01", "effective": "2099-01-01"},
        "document")
    _dump(dest / "revisions.yml", [{
        "edition": "1.0", "kind": "制定", "approved_by": "董事会",
        "summary": f"首次制定本规范（性能测试语料，真实规范的 {scale} 倍，随机种子 {seed}）。",
        "changes": []}], "revisions")
    return dest


def with_editions(dest: Path, count: int, source: Path = REAL) -> Path:
    """A data folder whose draft is the real standard's text, released ``count`` times: 1.0
    (制定), then 1.1, 1.2 … (修正), each changing one clause and released by ``policy release``.
    Nothing is pending at the end."""
    from policy.release import release

    real = load(source).standard
    if real is None:
        raise RuntimeError(f"{source} 未通过检查")
    if dest.exists():
        raise FileExistsError(f"目标目录已存在：{dest}")
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("editions", "*.sha256"))
    m = real.meta
    doc = {"title": m.title, "code": m.code, "edition": "1.0", "issuer": m.issuer,
           "interpreter": m.interpreter, "issued": "2008-01-10", "effective": "2008-02-01"}
    _dump(dest / "document.yml", doc, "document")
    revisions: list[dict[str, Any]] = [{
        "edition": "1.0", "kind": "制定", "approved_by": "董事会",
        "summary": "首次制定本规范（性能测试：多版本）。", "changes": []}]
    _dump(dest / "revisions.yml", revisions, "revisions")
    dates = {"approved": "2008-01-05", "issued": "2008-01-10", "effective": "2008-02-01",
             "approval_doc": "董事会2008年第一次会议决议"}
    release(dest, "1.0", dates)
    clauses = real.clauses()
    for n in range(1, count):
        edition = f"1.{n}"
        c = clauses[(n * 37) % len(clauses)]
        chapter = dest / c.src.file
        text = chapter.read_text("utf-8")
        line = next(ln for ln in text.splitlines() if ln.strip() == f"- id: {c.id}")
        at = text.index(line) + len(line)
        body = text.index("text: ", at) + len("text: ")
        end = text.index("\n", body)
        stamp = f"（第 {n} 次修正）"
        value = text[body:end]
        new_value = (value[:-1] + stamp + value[-1]) if value[:1] in "'\"" else value + stamp
        chapter.write_text(text[:body] + new_value + text[end:], "utf-8")
        year = 2008 + n  # up to 12 editions before any date the real text names
        dates = {"approved": f"{year}-01-05", "issued": f"{year}-01-10",
                 "effective": f"{year}-02-01", "approval_doc": f"董事会{year}年第一次会议决议"}
        open_edition(dest, edition, c.id, f"性能测试：第 {n} 次修正。")
        release(dest, edition, dates)
    return dest


def open_edition(folder: Path, edition: str, cid: str, summary: str) -> None:
    """Open the draft of ``edition``, a 修正 that changes clause ``cid`` (already edited):
    document.yml's number and the revision entry that registers the change."""
    doc = (folder / "document.yml").read_text("utf-8")
    doc = re.sub(r"^edition: .*$", f'edition: "{edition}"', doc, flags=re.M)
    (folder / "document.yml").write_text(doc, "utf-8")
    with (folder / "revisions.yml").open("a", encoding="utf-8") as fh:
        fh.write(f'- edition: "{edition}"\n  kind: 修正\n  approved_by: 董事会\n'
                 f"  summary: {summary}\n  changes:\n"
                 f"    - id: {cid}\n      change: modified\n"
                 f"      reason: 性能测试。\n      substantive: false\n")
