#!/bin/bash
# Export the commits of build/linux since tag 'base' to patches/ and rewrite
# patches/series. Deterministic: a re-export of unchanged commits changes
# nothing (zeroed commit hashes, no signature, commit dates from the commits).
# patches/0000-cover-letter.patch, when there is one, keeps its subject and
# prose; its header, shortlog and diffstat are written afresh (author and
# date of HEAD, the patch count in the subject). patches/series does not
# list it, so prepare-tree.sh does not apply it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$PATCHED_SRC/.git" ] || die "no build/linux: run scripts/prepare-tree.sh"
git -C "$PATCHED_SRC" diff --quiet HEAD || warn "build/linux has uncommitted changes: they are not exported"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$PATCHED_SRC" format-patch -q --zero-commit --no-signature --full-index \
	--no-numbered --abbrev=12 --cover-letter -o "$tmp" base..HEAD
cover=0000-cover-letter.patch
if [ -f "$ROOT/patches/$cover" ]; then
	count=$(find "$tmp" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name "$cover" | wc -l)
	title=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$ROOT/patches/$cover" | head -n 1)
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		git -C "$PATCHED_SRC" log -1 --format='From: %an <%ae>%nDate: %aD' HEAD
		echo "Subject: [PATCH 0/$count] $title"
		echo
		# the prose: from the header's end to the shortlog's "Name (N):"
		awk 'body && /^[^ ].* \([0-9]+\):$/ { exit }
		     body { print }
		     !body && /^$/ { body = 1 }' "$ROOT/patches/$cover"
		sed -n '/^[^ ].* ([0-9][0-9]*):$/,$p' "$tmp/$cover"
	} >"$tmp/$cover.new"
	mv "$tmp/$cover.new" "$tmp/$cover"
else
	rm -f "$tmp/$cover"
fi
rm -f "$ROOT"/patches/*.patch
n=0 names=''
for p in "$tmp"/*.patch; do
	[ -e "$p" ] || continue
	cp "$p" "$ROOT/patches/"
	[ "${p##*/}" != "$cover" ] || continue
	names+="${p##*/}"$'\n'
	n=$((n + 1))
done
# patches/series anew: its opening comment, then each patch under the
# heading lines that stood before the patch in the same place, by
# position (a patch added in the middle shifts the headings after it).
touch "$ROOT/patches/series"
awk -v names="$names" '
	function is_patch(l) { return l !~ /^[[:space:]]*(#|$)/ }
	head && (is_patch($0) || /^# ==/) { head = 0 }
	head { print; next }
	is_patch($0) { k++; next }
	{ group[k + 1] = group[k + 1] $0 "\n" }
	BEGIN { head = 1 }
	END {
		m = split(names, name, "\n") - 1
		for (i = 1; i <= m; i++)
			printf "%s%s\n", group[i], name[i]
		for (i = m + 1; i <= k + 1; i++)
			printf "%s", group[i]
	}' "$ROOT/patches/series" >"$tmp/series"
mv "$tmp/series" "$ROOT/patches/series"
echo "$(series_hash) $(git -C "$PATCHED_SRC" rev-parse HEAD)" >"$SERIES_STAMP"
say "exported $n patch(es) to patches/"
