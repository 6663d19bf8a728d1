#!/bin/bash
# Prove the series is bisectable: apply patches/series one patch at a time
# to a scratch worktree at 'base' (git am: no fuzz, stops on the first
# patch that does not apply), build the fast kernel after each patch, and
# run checkpatch.pl --strict on each.
#   scripts/series-check.sh [VARIANT]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
variant=${1:-fast}
"$ROOT/scripts/prepare-tree.sh" >/dev/null
src=$BUILD/bisect/linux
if [ ! -e "$src/.git" ]; then
	mkdir -p "$BUILD/bisect"
	git -C "$PATCHED_SRC" worktree prune
	git -C "$PATCHED_SRC" worktree add -q --detach "$src" base
fi
git -C "$src" am --abort >/dev/null 2>&1 || true
git -C "$src" checkout -q -f --detach base
git -C "$src" clean -qfdx
bad=0 i=0
for p in $(series_list); do
	i=$((i + 1))
	if ! git -C "$src" -c user.name=check -c user.email=check@localhost am -q "$ROOT/patches/$p" >/dev/null 2>&1; then
		git -C "$src" am --abort >/dev/null 2>&1 || true
		die "$p does not apply cleanly"
	fi
	# Debian's python3 (with python3-ply) for scripts/spdxcheck.py, not
	# whatever python3 comes first in PATH.
	# A check that could not run (a Python traceback) counts as an issue.
	cp=$(cd "$src" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --terse --no-summary --ignore FILE_PATH_CHANGES "$ROOT/patches/$p" 2>&1 |
		tee "$BUILD/bisect/checkpatch-$i.log" | grep -cE ': (ERROR|WARNING|CHECK):|^Traceback' || true)
	# Build through the same machinery, pointing it at the scratch tree.
	if "$ROOT/scripts/build-kernel.sh" bisect "$variant" >"$BUILD/bisect/build-$i.log" 2>&1; then
		verdict=builds
	else
		verdict="BUILD FAILS (build/bisect/build-$i.log)"
		bad=1
	fi
	[ "$cp" = 0 ] || { verdict="$verdict, checkpatch: $cp issue(s) (build/bisect/checkpatch-$i.log)"; bad=1; }
	printf '%2d %-60s %s\n' "$i" "$p" "$verdict"
done
[ $i -gt 0 ] || say "patches/series is empty"
exit $bad
