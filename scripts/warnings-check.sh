#!/bin/bash
# Does the series add compiler or sparse warnings in drivers/md/?
#   scripts/warnings-check.sh [VARIANT]
# Checks drivers/md/ of the stock and the patched tree with sparse on every
# file (C=2) and gcc's W=1 warnings, in each tree's build directory of
# VARIANT (default fast), then prints the warnings only the patched tree
# has, compared without line and column numbers. Exits non-zero if there
# is any. The full logs are build/warnings-{stock,patched}.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
variant=${1:-fast}
"$ROOT/scripts/prepare-tree.sh" >/dev/null
"$ROOT/scripts/deps.sh"

warnings() {
	local tree=$1 src out
	src=$(src_of "$tree")
	out=$(out_of "$tree" "$variant")
	[ -e "$out/.config" ] || "$ROOT/scripts/build-kernel.sh" "$tree" "$variant" >/dev/null
	say "sparse (C=2) and W=1 on drivers/md/ of $tree"
	make -C "$src" O="$out" LOCALVERSION= CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$(nproc)" C=2 W=1 drivers/md/ >"$BUILD/warnings-$tree.log" 2>&1 ||
		die "$tree: the build of drivers/md/ failed (build/warnings-$tree.log)"
	{ grep -E ': (warning|error): ' "$BUILD/warnings-$tree.log" || true; } |
		sed -E -e "s|^$src/||" -e 's|^\.\./linux/||' -e 's|^(\.\./)+||' \
			-e 's/:[0-9]+(:[0-9]+)?: /: /' |
		sort -u >"$BUILD/warnings-$tree.set"
	echo "  $(wc -l <"$BUILD/warnings-$tree.set") distinct warning(s)"
}

warnings stock
warnings patched
added=$(comm -13 "$BUILD/warnings-stock.set" "$BUILD/warnings-patched.set")
gone=$(comm -23 "$BUILD/warnings-stock.set" "$BUILD/warnings-patched.set" | wc -l)
say "stock $(wc -l <"$BUILD/warnings-stock.set"), patched $(wc -l <"$BUILD/warnings-patched.set"), $gone only in stock"
if [ -n "$added" ]; then
	echo "warnings the series adds:"
	echo "$added"
	exit 1
fi
echo "the series adds no warning"
