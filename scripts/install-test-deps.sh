#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, only when missing:
# Debian's Chromium (Playwright cannot download its own browser here), a Japanese font, and poppler's
# pdfinfo/pdftotext (the plan PDF's tests read page counts and text boxes with them).
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
need=()
[ -x "$chromium" ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || need+=(poppler-utils)

if [ ${#need[@]} -eq 0 ]; then
	echo "test deps: chromium, a CJK font and poppler-utils are present"
	exit 0
fi

echo "test deps: installing ${need[*]} with apt-get"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null; then SUDO="sudo"; else
		echo "Please install as root: apt-get install -y ${need[*]}" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
"$chromium" --version
