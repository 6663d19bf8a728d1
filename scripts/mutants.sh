#!/bin/bash
# The mutant kernel: the series (build/linux's HEAD) plus the one-line
# breakages of tests/mutants/apply.py, each switched on at boot with
# dm_mod.rqdm_mutant=N, in a scratch worktree build/mut/linux (fast
# configuration). Every mutant must fail each case tests/mutants/list
# gives it, and mutant 0 (the series) must pass them all.
#   scripts/mutants.sh [N...]    build, then run mutants N (default: all
#                                but 0; make check runs the series)
# Prints one line a mutant and case, "caught" or "MISSED"; exits non-zero
# if a mutant was missed or the series failed one of the cases.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare-tree.sh" >/dev/null
src=$BUILD/mut/linux
head=$(git -C "$PATCHED_SRC" rev-parse HEAD)
if [ ! -e "$src/.git" ]; then
	mkdir -p "$BUILD/mut"
	git -C "$PATCHED_SRC" worktree prune
	git -C "$PATCHED_SRC" worktree add -q --detach "$src" "$head"
fi
git -C "$src" checkout -q -f --detach "$head"
/usr/bin/python3 "$ROOT/tests/mutants/apply.py" "$src" >/dev/null
"$ROOT/scripts/build-kernel.sh" mut fast

# mutant 0 (the series, as make check runs it) only when asked for
want=" ${*:-all} "
bad=0
log=$BUILD/mut/results
mkdir -p "$log"
while read -r n cases; do
	case $n in '#'* | '') continue ;; esac
	if [ "$want" = " all " ]; then
		[ "$n" != 0 ] || continue
	else
		[[ $want == *" $n "* ]] || continue
	fi
	# one boot a mutant, its cases one after the other
	f=$log/$n.log
	RQDM_PREBUILT=1 RQDM_VM_APPEND="dm_mod.rqdm_mutant=$n" \
		"$ROOT/tests/check" -k mut -v fast $cases >"$f" 2>&1 || true
	for c in $cases; do
		v=$(grep -m1 -E "^$c +.* (PASS|FAIL|SKIP) \[" "$f" | sed -E 's/.* ((PASS|FAIL|SKIP) \[.*)/\1/' | cut -c1-160 || true)
		if [ "$n" = 0 ]; then
			case $v in
			PASS*) echo "series   $c: passes" ;;
			*) echo "series   $c: FAILS: ${v:-no verdict, see $f}"; bad=1 ;;
			esac
		else
			case $v in
			FAIL*) echo "mutant $n $c: caught: $v" ;;
			"") echo "mutant $n $c: caught: no verdict (the guest crashed or hung; see $f)" ;;
			*) echo "mutant $n $c: MISSED: $v"; bad=1 ;;
			esac
		fi
	done
done <"$ROOT/tests/mutants/list"
exit $bad
