#!/bin/bash
# Run the suite on several kernels, one boot each, and add the results up:
#   scripts/check-all.sh patched-fast patched-debug [stock-fast ...]
# Ends with one "N passed, N failed, N skipped" line for all of them and
# exits non-zero if any run failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
mkdir -p "$BUILD"
pass=0 failn=0 skipn=0 summary=()
for kv in "$@"; do
	tree=${kv%-*} variant=${kv#*-}
	say "suite on $tree-$variant"
	t1=$(date +%s)
	"$ROOT/tests/check" -k "$tree" -v "$variant" ${TESTS:-} 2>&1 | tee "$BUILD/check-$kv.log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$BUILD/check-$kv.log" | tail -1)
	if [ -z "$line" ]; then
		line="0 passed, 1 failed, 0 skipped"
	fi
	read -r p _ f _ s _ <<<"${line//,/}"
	[ "$rc" = 0 ] || [ "$f" -gt 0 ] || f=1
	pass=$((pass + p)) failn=$((failn + f)) skipn=$((skipn + s))
	summary+=("$(printf '%-14s %s (%s)' "$kv" "$line" "$(elapsed "$t1")")")
done
echo
say "summary ($(elapsed "$t0"))"
printf '  %s\n' "${summary[@]}"
echo "$pass passed, $failn failed, $skipn skipped"
[ "$failn" = 0 ]
