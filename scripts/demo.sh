#!/bin/bash
# The main job: build the patched kernel and show multipath failover in a VM.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/prepare-tree.sh"
"$ROOT/scripts/build-kernel.sh" patched fast
"$ROOT/scripts/vm-run.sh" -t "$(limit demo)" "$(out_of patched fast)" guest/demo.sh
say "demo passed in $(elapsed "$t0")"
