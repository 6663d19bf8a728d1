#!/bin/bash
# Export the commits of build/linux since tag 'base' to patches/ and rewrite
# patches/series. Deterministic: a re-export of unchanged commits changes
# nothing (zeroed commit hashes, no signature, commit dates from the commits).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$PATCHED_SRC/.git" ] || die "no build/linux: run scripts/prepare-tree.sh"
git -C "$PATCHED_SRC" diff --quiet HEAD || warn "build/linux has uncommitted changes: they are not exported"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$PATCHED_SRC" format-patch -q --zero-commit --no-signature --full-index \
	--no-numbered --abbrev=12 -o "$tmp" base..HEAD
rm -f "$ROOT"/patches/*.patch
n=0
{
	sed -n '/^#/p' "$ROOT/patches/series" 2>/dev/null | sed '/^# --/,$d'
	for p in "$tmp"/*.patch; do
		[ -e "$p" ] || continue
		cp "$p" "$ROOT/patches/"
		basename "$p"
		n=$((n + 1))
	done
} >"$tmp/series"
mv "$tmp/series" "$ROOT/patches/series"
echo "$(series_hash) $(git -C "$PATCHED_SRC" rev-parse HEAD)" >"$SERIES_STAMP"
say "exported $n patch(es) to patches/"
