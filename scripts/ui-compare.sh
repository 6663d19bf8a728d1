#!/bin/bash
# Is the user interface of multipath maps the same on the patched kernel
# as on stock 6.12?
#   scripts/ui-compare.sh [VARIANT]
# Boots each kernel (fast variant by default), runs tests/ui/transcript in
# it (tables, status, info, messages, ioctls and uevents, with every exit
# status) and diffs the two transcripts. Exits non-zero if they differ.
# dm's kernel log messages are diffed too, for information only.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
variant=${1:-fast}
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/prepare-tree.sh" >/dev/null
dir=$BUILD/ui-compare
rm -rf "$dir"
mkdir -p "$dir"
for tree in stock patched; do
	"$ROOT/scripts/build-kernel.sh" "$tree" "$variant" >/dev/null
	say "transcript on $tree-$variant"
	mkdir -p "$dir/$tree"
	RQDM_RUN_DIR=$dir/$tree/vm "$ROOT/scripts/vm-run.sh" -q -t "$(limit ui)" \
		"$(out_of "$tree" "$variant")" \
		sh -c 'tests/ui/transcript "$RQDM_RUN/transcript"' ||
		die "the transcript run on $tree failed (build/ui-compare/$tree/vm)"
	cp "$dir/$tree/vm/transcript/ui" "$dir/$tree/ui"
	cp "$dir/$tree/vm/transcript/klog" "$dir/$tree/klog"
	echo "  $(grep -c '^\$ ' "$dir/$tree/ui") commands"
done
if ! diff -u --label kernel-log-stock --label kernel-log-patched \
	"$dir/stock/klog" "$dir/patched/klog" >"$dir/klog.diff"; then
	say "dm's kernel messages differ (information only): build/ui-compare/klog.diff"
fi
if diff -u --label stock --label patched "$dir/stock/ui" "$dir/patched/ui" >"$dir/ui.diff"; then
	say "the transcripts are identical ($(wc -l <"$dir/stock/ui") lines)"
else
	cat "$dir/ui.diff"
	die "the user interface differs from stock (build/ui-compare/ui.diff)"
fi
