#!/usr/bin/env bash
# Make sure the Debian packages the build needs are installed.
# Usage: scripts/system-deps.sh PACKAGE...
# As root with apt-get: installs what is missing. Otherwise: prints the exact command and fails.
set -euo pipefail
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$pkg")
  done
else
  cat >&2 <<MSG
本机没有 dpkg/apt（例如 macOS）。请自行安装以下软件后重试：
  - Chromium 浏览器（浏览器测试），并设置 CHROMIUM=/path/to/chromium
  - Noto Sans CJK SC / Noto Serif CJK SC 字体
  - pango、harfbuzz（WeasyPrint 所需），poppler（pdftotext、pdffonts）
  macOS 上可用：brew install pango harfbuzz poppler && brew install --cask chromium font-noto-sans-cjk-sc font-noto-serif-cjk-sc
MSG
  exit 0
fi
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装缺少的系统软件包：${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "缺少系统软件包：${missing[*]}" >&2
  echo "请以 root 身份运行：sudo sh -c '$cmd'" >&2
  exit 1
fi
