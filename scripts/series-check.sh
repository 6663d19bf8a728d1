#!/bin/bash
# Prove the series is bisectable: apply patches/series one patch at a time
# to a scratch worktree at 'base' (git am: no fuzz, stops on the first
# patch that does not apply), build the fast kernel after each patch, and
# run checkpatch.pl --strict on each, and boot the kernel built after
# each patch to run the cases its heading in patches/series names
# ("checks:"), which the series up to that patch must pass; then
# scripts/copy-check.sh on the whole series.
#   scripts/series-check.sh [-B] [VARIANT]
#   -B: build and checkpatch only, boot nothing
set -euo pipefail
. "$(dirname "$0")/lib.sh"
boot=1
[ "${1:-}" != -B ] || { boot=0; shift; }
variant=${1:-fast}

# checks_of N: the cases of the heading over the N-th patch of
# patches/series (its "#    checks:" line), or nothing.
checks_of() {
	awk -v n="$1" '
		/^# ==/ { c = "" }
		/^#[[:space:]]+checks:/ { c = $0; sub(/^#[[:space:]]+checks:[[:space:]]*/, "", c) }
		!/^[[:space:]]*(#|$)/ && ++k == n { print c; exit }' "$ROOT/patches/series"
}
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
	checks=$(checks_of "$i")
	if [ "$boot" = 1 ] && [ -n "$checks" ] && [ "$verdict" = builds ]; then
		# shellcheck disable=SC2086 # the checks are case names
		if RQDM_PREBUILT=1 RQDM_STRICT=1 "$ROOT/tests/check" -k bisect -v "$variant" $checks \
			>"$BUILD/bisect/check-$i.log" 2>&1; then
			verdict="$verdict, $checks: $(tail -n 1 "$BUILD/bisect/check-$i.log")"
		else
			verdict="$verdict, $checks: FAILS: $(tail -n 1 "$BUILD/bisect/check-$i.log") (build/bisect/check-$i.log)"
			bad=1
		fi
	fi
	printf '%2d %-60s %s\n' "$i" "$p" "$verdict"
done
[ $i -gt 0 ] || say "patches/series is empty"
# what the series adds against upstream's request-based code it removes
if [ $i -gt 1 ]; then
	if "$ROOT/scripts/copy-check.sh" "$src" >"$BUILD/bisect/copy-check.log"; then
		verdict="no run of upstream's logic"
	else
		verdict="RUNS OF UPSTREAM'S LOGIC"
		bad=1
	fi
	printf '   %-60s %s (build/bisect/copy-check.log)\n' "copy-check: $(sed -n "s/^copy-check: \(.*are upstream's\);.*/\1/p" "$BUILD/bisect/copy-check.log")" "$verdict"
fi
exit $bad
