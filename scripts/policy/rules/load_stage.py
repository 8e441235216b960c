"""读取阶段的检查

这些问题在读取文件时发现；发现后该文件不再做后续检查。
"""

from __future__ import annotations

STAGE = "load"

RULES = [
    ("syntax", "error", "YAML 语法", """
文件必须是合法的 YAML。常见原因：缩进不一致、冒号后缺空格、引号未闭合。

PASS:

    title: 服务受理与预约

FAIL:

    title 服务受理与预约
    owner: operations
"""),
    ("duplicate-key", "error", "重复的键", """
同一层级不得出现两个相同的键。YAML 只保留最后一个值，前面的内容会被悄悄丢弃。

PASS:

    title: 服务受理与预约
    owner: operations

FAIL:

    title: 服务受理与预约
    title: 服务咨询与解答
"""),
    ("yaml-trailing-comment", "warning", "文本后的 # 注释", """
在不加引号的文本里，“空格加 #”之后的内容会被 YAML 当作注释悄悄丢弃。文本中需要 # 时请给整段
文字加引号；注释请写在单独一行。

PASS:

    text: "网点应公示 #1 号窗口的服务时间。"

FAIL:

    text: 网点应公示 #1 号窗口的服务时间。
"""),
    ("yaml-fullwidth", "error", "全角的冒号、减号和空格", """
YAML 的冒号、列表项的减号和缩进的空格都必须是半角字符。用中文输入法输入的全角冒号“：”、全角减号
“－”或全角空格会让 YAML 把整行读成别的东西，报出令人费解的错误；本检查在解析之前找出它们，
指出所在的行和列，并给出改正后的写法。

PASS:

    kind: 修正

FAIL:

    kind：修正
"""),
    ("yaml-tab", "error", "制表符", """
YAML 只能用空格缩进；文件中不得出现制表符（Tab）。

PASS:

    sections:
      - title: 服务受理与预约

FAIL:

    sections:
    \t- title: 服务受理与预约
"""),
    ("yaml-alias", "error", "锚点与别名", """
不得使用 YAML 锚点（&）、别名（*）和合并键（<<）。数据文件用不到它们，而“十亿笑声”一类的
别名炸弹会耗尽构建机器的内存。需要复用条款时，请使用交叉引用 `[[C-xxxx]]`。

PASS:

    text: 按 [[C-5402]] 规定的期限答复。

FAIL:

    text: &t 按期答复。
    items: [*t]
"""),
    ("yaml-depth", "error", "嵌套过深", """
嵌套层级不得超过 40 层。真实数据不会这么深，出现时多半是缩进错位或恶意输入。

PASS:

    sections:
      - clauses:
          - id: C-1101

FAIL:

    a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
"""),
    ("yaml-tag", "error", "YAML 标签", """
不得使用 `!!python/object` 等 YAML 标签。标签可能导致执行代码，一律拒绝且不执行。

PASS:

    title: 服务受理与预约

FAIL:

    title: !!python/object/apply:os.system ["echo hacked"]
"""),
    ("yaml-implicit-type", "error", "YAML 1.1 隐式类型", """
YAML 1.1 会把 `no`、`on`、`yes` 读成布尔值，把 `1.10` 读成数字 1.1。需要文本（包括版本号）
的地方，请加引号。

PASS:

    edition: "1.10"

FAIL:

    edition: 1.10
"""),
    ("encoding", "error", "文件编码", """
文件必须是 UTF-8 编码且不带字节顺序标记（BOM）。GBK 等编码的文件会被拒绝。

PASS: 以“UTF-8 无 BOM”保存的文件。

FAIL: 以 GBK 或“UTF-8 带 BOM”保存的文件。
"""),
    ("empty-file", "error", "空文件", """
文件不得为空或只有注释。

PASS:

    title: 附则

FAIL:

    # 只有注释
"""),
    ("file-too-large", "error", "文件过大", """
单个文件不得超过 2 MB，超过的文件不予解析。真实的章文件通常不超过 200 KB。

PASS: 按章拆分的文件。

FAIL: 把全部内容塞进一个数十 MB 的文件。
"""),
    ("control-char", "error", "控制字符", """
文本中不得含有不可见的控制字符（如 U+0007）。它们通常来自复制粘贴，会破坏显示和打印。

PASS:

    text: 本机构应按期答复。

FAIL:

    text: 本机构应按期答复。\\x07
"""),
    ("hidden-char", "error", "隐藏字符与方向控制字符", """
文本中不得含有零宽字符或改变文字方向的字符（如 U+202E）。它们会让审阅者在拉取请求中看到的
文字与网站和 PDF 显示的文字不同。

PASS:

    text: 投诉应在15日内答复。

FAIL:

    text: 投诉应在\\u202e日51\\u202c内答复。
"""),
    ("schema", "error", "文件结构", """
每类文件的字段、类型和取值必须符合其 JSON Schema（见 scripts/policy/schemas/）。未知字段会提示
最接近的正确写法。在编辑器中安装 YAML 插件后，文件首行的 `yaml-language-server` 注释可提供
自动补全和即时检查。

PASS:

    - id: C-2101
      text: 本机构实行首问负责制。

FAIL:

    - id: C-2101
      txet: 本机构实行首问负责制。
"""),
    ("missing-file", "error", "缺少文件", """
数据目录必须包含 document.yml、outline.yml、departments.yml、references.yml、glossary.yml、
revisions.yml 和 chapters/ 目录下的章文件。

PASS: 完整的 policy_data/ 目录。

FAIL: 删除了 glossary.yml 的目录。
"""),
    ("unsafe-file", "error", "链接与特殊文件", """
数据目录（以及已发布版本的目录和 docs/）中只能有普通文件和文件夹。符号链接（无论指向目录内外）、
命名管道（FIFO）、设备文件一律拒绝，且不读取其指向的内容：否则一个合并请求就能让检查把构建机器上
的其他文件读出来，显示在检查日志、网站或 PDF 中。

PASS: chapters/07.yml 是普通文件。

FAIL: chapters/07.yml 是指向 /home/runner/.ssh/config 的符号链接（ln -s）。
"""),
    ("unknown-file", "warning", "不认识的文件", """
数据目录中的其他 .yml 文件不会被发布，多半是文件名写错了。

PASS: chapters/09.yml

FAIL: chapter/09.yml、glosary.yml
"""),
]
