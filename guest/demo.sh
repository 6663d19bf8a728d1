#!/bin/bash
# Runs in the guest (make demo): dm-multipath at work over two paths to one
# store. Every step says what it shows; any failure stops with an error.
set -u
. "$(dirname "$0")/../tests/common/rc"
trap dm_cleanup EXIT
step() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }

step "kernel $(uname -r): two SCSI paths to one store (scsi_debug, two hosts)"
sd_setup
for p in "${PATHS[@]}"; do
	echo "/dev/$p ($(cat "/sys/block/$p/dev")): wwid $(cat "/sys/block/$p/device/wwid")"
done

step "dmsetup create mpdemo: one group, round-robin over both paths"
table=$(mp_table "1 queue_if_no_path")
echo "table:  $table"
dm_create mpdemo "$table"
sys=$(dm_sysname mpdemo)
echo "/dev/mapper/mpdemo is $sys, $( [ -d "/sys/block/$sys/mq" ] && echo request-based || echo bio-based)"
echo "status: $(dmsetup status mpdemo)"

step "verified writes (fio, crc32c); path ${PATHS[1]} goes offline mid-I/O"
FIO_LOG=$TMPD/failover.log fio_verify /dev/mapper/mpdemo --size=48M --rw=randwrite --iodepth=16 &
fio=$!
wait_for 30 path_busier "$B" 200 || fail "no I/O reached ${PATHS[1]}"
echo "$(path_ios "$A") I/Os on ${PATHS[0]}, $(path_ios "$B") on ${PATHS[1]}: taking ${PATHS[1]} offline"
path_offline "$B"
wait $fio || fail "fio saw an error"
grep -E 'WRITE:|READ:' "$TMPD/failover.log" | sed 's/^ *//'
echo "fio: every block written was read back and verified, no I/O error"
echo "status: $(dmsetup status mpdemo)"
echo "path ${PATHS[1]}: $(mp_path mpdemo "$B" | awk '{ print ($1 == "F" ? "failed" : "ACTIVE?!") ", fail count " $2 }')"

step "${PATHS[1]} comes back: reinstate_path"
path_online "$B"
must dmsetup message mpdemo 0 reinstate_path "$B"
echo "status: $(dmsetup status mpdemo)"
b0=$(path_ios "$B")
fio_verify /dev/mapper/mpdemo --size=8M || fail "I/O after reinstate failed"
echo "${PATHS[1]} serves I/O again: $(($(path_ios "$B") - b0)) I/Os since the reinstate"
[ "$(mp_path mpdemo "$B" | cut -d' ' -f1)" = A ] || fail "path not active after reinstate"

step "dmsetup remove mpdemo"
must dmsetup remove mpdemo
echo "demo finished: failover and reinstate without a single I/O error"
