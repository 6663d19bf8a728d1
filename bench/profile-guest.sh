#!/bin/bash
# Where an I/O spends its time, inside the profiling guest (bench/profile
# boots it): bench/profile-guest.sh OUTDIR SECONDS
# Two null_blk paths as in bench/guest.sh; 4k random reads, QD32, one job,
# over the raw path, request-based multipath (default scheduler and none)
# and queue_mode bio, each sampled system-wide with perf (cpu-clock, call
# graphs). Writes OUTDIR/MAP.iops, OUTDIR/MAP-self.txt (flat profile) and
# OUTDIR/MAP-children.txt (time including callees).
set -u
. "$(dirname "$0")/../tests/common/rc"
OUT=$1 RUNTIME=$2
trap 'dm_cleanup; modprobe -r null_blk 2>/dev/null' EXIT
command -v perf >/dev/null || skip "perf is not installed (linux-perf)"
[ -e /proc/sys/kernel/perf_event_paranoid ] || fail "this kernel has no perf events"

modprobe null_blk nr_devices=2 queue_mode=2 gb=4 || fail "cannot load null_blk"
wait_for 10 is_bdev /dev/nullb1 || fail "null_blk devices did not appear"
a=$(cat /sys/block/nullb0/dev) b=$(cat /sys/block/nullb1/dev)
sectors=$(blockdev --getsz /dev/nullb0)

for map in raw rq rq-none bio; do
	case $map in
	raw) dev=/dev/nullb0 ;;
	rq | rq-none)
		dm_create mp "0 $sectors multipath 0 0 1 1 round-robin 0 2 1 $a 1 $b 1"
		dev=/dev/mapper/mp
		[ "$map" = rq-none ] && echo none >"/sys/block/$(dm_sysname mp)/queue/scheduler"
		;;
	bio)
		dm_create mp "0 $sectors multipath 2 queue_mode bio 0 1 1 round-robin 0 2 1 $a 1 $b 1"
		dev=/dev/mapper/mp
		;;
	esac
	perf record -q -a -g -e cpu-clock -F 999 -o "$TMPD/perf.data" -- \
		fio --name=prof --filename="$dev" --direct=1 --ioengine=libaio \
		--rw=randread --bs=4k --iodepth=32 --time_based --runtime="$RUNTIME" \
		--output-format=json --output="$TMPD/fio.json" >/dev/null 2>&1 ||
		fail "perf/fio failed on $map"
	/usr/bin/python3 -c 'import json, sys; print(round(json.load(open(sys.argv[1]))["jobs"][0]["read"]["iops"]))' \
		"$TMPD/fio.json" >"$OUT/$map.iops"
	perf report -q -i "$TMPD/perf.data" --stdio --no-children --sort sym \
		-g none --percent-limit 0.5 >"$OUT/$map-self.txt" 2>/dev/null
	perf report -q -i "$TMPD/perf.data" --stdio --children --sort sym \
		-g none --percent-limit 0.3 >"$OUT/$map-children.txt" 2>/dev/null
	log "$map: $(cat "$OUT/$map.iops") IOPS"
	[ "$map" = raw ] || must dmsetup remove mp
done
