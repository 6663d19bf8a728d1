#!/bin/bash
# Chaos soak: tests/mpath/017 for as long as asked, on one or both kernels:
#   scripts/soak.sh [-d SECONDS] [-k both|patched|stock] [-v debug|fast]
# fio verifies mixed random (512 B to 1 MiB) and sequential writes on a
# request-based map over the scsi_debug paths while tests/common/chaos
# fails, offlines and reinstates paths, injects transport errors into one
# path, suspends (flush and noflush), reloads tables, switches groups and
# toggles queue_if_no_path, for SECONDS (default 1800). Default kernel:
# the debug variant (lockdep, KASAN, kmemleak, DEBUG_ATOMIC_SLEEP, hung
# task detector). Passes with no verification or I/O error, no kernel
# report, and kmemleak clean after the map and modules are gone. Prints the
# events survived and the I/O done; logs in build/soak/<kernel>-<variant>/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
secs=1800 kernels=both variant=debug
while getopts "d:k:v:" o; do
	case $o in
	d) secs=$OPTARG ;;
	k) kernels=$OPTARG ;;
	v) variant=$OPTARG ;;
	*) die "usage: scripts/soak.sh [-d SECONDS] [-k both|patched|stock] [-v debug|fast]" ;;
	esac
done
[ "$kernels" = both ] && kernels="stock patched"

"$ROOT/scripts/deps.sh"
"$ROOT/scripts/prepare-tree.sh" >/dev/null
rc=0
for k in $kernels; do
	run=$BUILD/soak/$k-$variant
	say "soaking $k-$variant for ${secs}s"
	guest_run "$k" "$variant" "$run" $((secs * 2 + $(limit soak-extra))) \
		bash -c "set -o pipefail; SOAK_SECONDS=$secs tests/mpath/017 2>&1 | tee \$RQDM_RUN/soak.out" || rc=1
	grep -E '^# (survived|I/O)|^FAIL' "$run/soak.out" 2>/dev/null | sed 's/^/    /' || true
done
exit $rc
