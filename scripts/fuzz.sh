#!/bin/bash
# Fuzz device-mapper's ioctl interface on a live multipath map under
# verified I/O, on both kernels, and compare what each refused:
#   scripts/fuzz.sh [-n CASES] [-s SEED] [-k both|patched|stock] [-v fast|debug]
# Boots each kernel and runs tests/mpath/016 with CASES inputs (default
# 10000) from SEED (default 1): mutated multipath tables and messages and
# broken ioctl buffers (tests/common/dmfuzz.py). A kernel passes when every
# input the fuzzer knows to be bad was refused, the map's table never
# changed, fio verified throughout and the kernel log has no report. With
# both kernels, the per-input results (errno or accepted) must be the same:
# the interface is unchanged. Results: build/fuzz/<kernel>-<variant>/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cases=10000 seed=1 kernels=both variant=fast
while getopts "n:s:k:v:" o; do
	case $o in
	n) cases=$OPTARG ;;
	s) seed=$OPTARG ;;
	k) kernels=$OPTARG ;;
	v) variant=$OPTARG ;;
	*) die "usage: scripts/fuzz.sh [-n CASES] [-s SEED] [-k both|patched|stock] [-v fast|debug]" ;;
	esac
done
[ "$kernels" = both ] && kernels="stock patched"

"$ROOT/scripts/deps.sh"
"$ROOT/scripts/prepare-tree.sh" >/dev/null
rc=0
for k in $kernels; do
	run=$BUILD/fuzz/$k-$variant
	say "fuzzing $k-$variant: $cases inputs, seed $seed"
	guest_run "$k" "$variant" "$run" "$(limit fuzz)" \
		sh -c "FUZZ_CASES=$cases FUZZ_SEED=$seed FUZZ_OUT=\$RQDM_RUN tests/mpath/016" || rc=1
	[ -f "$run/summary.txt" ] && sed 's/^/    /' "$run/summary.txt"
done
if [ "$kernels" = "stock patched" ] && [ -f "$BUILD/fuzz/stock-$variant/results.txt" ] &&
	[ -f "$BUILD/fuzz/patched-$variant/results.txt" ]; then
	if diff -u "$BUILD/fuzz/stock-$variant/results.txt" "$BUILD/fuzz/patched-$variant/results.txt" \
		>"$BUILD/fuzz/results.diff"; then
		say "stock and patched gave the same result for each of the $cases inputs"
	else
		warn "stock and patched differ on $(grep -c '^+[0-9]' "$BUILD/fuzz/results.diff") inputs: see build/fuzz/results.diff"
		rc=1
	fi
fi
exit $rc
