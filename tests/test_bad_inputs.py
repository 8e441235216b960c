"""Every bad input of the foundation issue, applied to a copy of the real policy_data.

Each gives its located problem line and exit 1 from ``policy check``; none gives a traceback or
any output besides the report.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CH = "chapters/02.yml"


def sub(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        p = data / rel
        text = p.read_text("utf-8")
        assert old in text, f"{old!r} not in {rel}"
        p.write_text(text.replace(old, new, count), "utf-8")
    return apply


def raw(rel: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        p = data / rel
        p.write_bytes(fn(p.read_bytes()))
    return apply


BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(10))

CASES = {
    "broken syntax": (sub(CH, "title: 服务流程与管理", "title: [服务流程与管理"), "syntax", CH),
    "duplicate key": (sub(CH, "    owner: operations", "    owner: operations\n    owner: it"),
                      "duplicate-key", CH),
    "tab": (sub(CH, "    purpose:", "\tpurpose:"), "yaml-tab", CH),
    "not utf-8": (raw(CH, lambda b: b.decode("utf-8").encode("gb18030")), "encoding", CH),
    "bom": (raw(CH, lambda b: b"\xef\xbb\xbf" + b), "encoding", CH),
    "empty file": (raw("glossary.yml", lambda b: b""), "empty-file", "glossary.yml"),
    "unsafe tag": (sub(CH, "title: 服务流程与管理",
                       "title: !!python/object/apply:os.system ['touch /tmp/policy-pwned']"),
                   "yaml-tag", CH),
    "alias bomb": (raw("glossary.yml", lambda b: BOMB.encode()), "yaml-alias", "glossary.yml"),
    "yaml 1.1 boolean": (sub(CH, "title: 服务流程与管理", "title: no"), "yaml-implicit-type", CH),
    "edition as float": (sub("document.yml", 'edition: "', "edition: 1.10 #"),
                         "yaml-implicit-type", "document.yml"),
    "wrong type": (sub(CH, "  - title: 服务受理与预约", "  - title: [服务受理与预约]"), "schema", CH),
    "unknown key": (sub(CH, "    purpose:", "    purpos:"), "schema", CH),
    "dangling cross-reference": (sub(CH, "[[C-5401]]", "[[C-5499]]"), "xref-unresolved", CH),
    "duplicate id": (sub(CH, "id: C-2102", "id: C-2101"), "clause-id-unique", CH),
    "missing required section": (sub(CH, "  - title: 服务咨询与解答", "  - title: 服务咨询"),
                                 "outline", CH),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_located_problem_and_exit_1(name: str, data_copy: Path) -> None:
    apply, rule, rel = CASES[name]
    apply(data_copy)
    r = subprocess.run([sys.executable, "-m", "policy.cli", "check", "--data", str(data_copy)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    rx = re.compile(rf"^{re.escape(str(data_copy / rel))}:(\d+):(\d+): \[error\] .+ \({rule}\)$",
                    re.M)
    m = rx.search(r.stdout)
    assert m, f"no located ({rule}) problem in:\n{r.stdout}"
    assert int(m.group(1)) >= 1 and int(m.group(2)) >= 1
    assert not Path("/tmp/policy-pwned").exists()
