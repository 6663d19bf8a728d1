#!/bin/bash
# Run the suite on several kernels, one boot each, and add the results up:
#   scripts/check-all.sh [lint] [meta] patched:fast patched:debug [stock:fast ...]
# "lint" is the harness's own checks (scripts/lint.sh, shellcheck and the
# README's case table), "meta" the runner's own test (tests/meta/check);
# TREE:VARIANT is one boot of tests/check. Ends with one "N passed, N failed, N skipped" line
# for all of them and exits non-zero if any run failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
mkdir -p "$BUILD"
pass=0 failn=0 skipn=0 summary=()
for kv in "$@"; do
	counts=$BUILD/check-${kv/:/-}.counts
	rm -f "$counts"
	t1=$(date +%s)
	case $kv in
	lint)
		say "the harness's own checks"
		RQDM_COUNTS=$counts "$ROOT/scripts/lint.sh" 2>&1 | tee "$BUILD/check-lint.log"
		;;
	meta)
		say "the runner's own test"
		RQDM_COUNTS=$counts "$ROOT/tests/meta/check" 2>&1 | tee "$BUILD/check-meta.log"
		;;
	*:*)
		say "suite on ${kv%%:*}, ${kv#*:} kernel"
		RQDM_COUNTS=$counts "$ROOT/tests/check" -k "${kv%%:*}" -v "${kv#*:}" ${TESTS:-} 2>&1 |
			tee "$BUILD/check-${kv/:/-}.log"
		;;
	*) die "not a run: '$kv' (lint, meta or TREE:VARIANT)" ;;
	esac
	rc=${PIPESTATUS[0]}
	# a run that ended before it counted counts as one failure
	read -r p f s <"$counts" 2>/dev/null || { p=0 f=1 s=0; }
	[ "$rc" = 0 ] || [ "$f" -gt 0 ] || f=1
	pass=$((pass + p)) failn=$((failn + f)) skipn=$((skipn + s))
	summary+=("$(printf '%-14s %s passed, %s failed, %s skipped (%s)' "$kv" "$p" "$f" "$s" "$(elapsed "$t1")")")
done
echo
say "summary ($(elapsed "$t0"))"
printf '  %s\n' "${summary[@]}"
echo "$pass passed, $failn failed, $skipn skipped"
[ "$failn" = 0 ]
