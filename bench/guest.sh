#!/bin/bash
# One benchmark pass, inside the test guest (bench/run boots it):
#   bench/guest.sh OUTFILE RUNTIME CELLS
# For each kind of path (two null_blk disks, the two-host scsi_debug
# store), each map over them (the raw first path; request-based multipath
# with the device's default scheduler and with none; queue_mode bio) and
# each cell, runs fio and appends a CSV line to OUTFILE:
#   kind,map,cell,iops,lat_mean_us,lat_p99_us,cpu_us_per_io
# CPU is the whole guest's busy time (/proc/stat: user, nice, system, irq,
# softirq) over the run, divided by the I/Os: the cost of an I/O wherever
# it is paid. CELLS: "all", or a comma list of cell names (below).
# OUTFILE.merge gets, per kind and map, the write requests that reached
# the paths for 16,384 sequential 4k writes: kind,map,writes,requests
set -u
. "$(dirname "$0")/../tests/common/rc"
OUT=$1 RUNTIME=$2 CELLS=${3:-all}
trap 'dm_cleanup; modprobe -r null_blk 2>/dev/null' EXIT
NPROC=$(nproc)

# name rw bs iodepth numjobs
all_cells() {
	cat <<-EOF
	rr4k-qd1 randread 4k 1 1
	rr4k-qd32 randread 4k 32 1
	rr4k-qd32-jN randread 4k 32 $NPROC
	rw4k-qd1 randwrite 4k 1 1
	rw4k-qd32 randwrite 4k 32 1
	rw4k-qd32-jN randwrite 4k 32 $NPROC
	sr128k-qd32 read 128k 32 1
	EOF
}

cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# run_cell KIND MAP DEV NAME RW BS QD NJ
run_cell() {
	local kind=$1 map=$2 dev=$3 name=$4 rw=$5 bs=$6 qd=$7 nj=$8 c0 c1 json
	json=$TMPD/fio.json
	c0=$(cpu_busy)
	fio --name="$name" --filename="$dev" --direct=1 --ioengine=libaio \
		--rw="$rw" --bs="$bs" --iodepth="$qd" --numjobs="$nj" \
		--group_reporting --time_based --runtime="$RUNTIME" --ramp_time=1 \
		--size=1G --output-format=json --output="$json" >/dev/null 2>&1 ||
		{ echo "fio failed on $kind/$map/$name" >&2; return 1; }
	c1=$(cpu_busy)
	/usr/bin/python3 - "$json" "$kind" "$map" "$name" "$c0" "$c1" \
		"$(getconf CLK_TCK)" "$RUNTIME" >>"$OUT" <<-'PY'
	import json, sys
	f, kind, mp, name, c0, c1, hz, runtime = sys.argv[1:]
	j = json.load(open(f))["jobs"][0]
	d = j["read"] if j["read"]["io_bytes"] else j["write"]
	ios = d["total_ios"]
	lat = d["clat_ns"]
	p99 = lat.get("percentile", {}).get("99.000000", 0)
	# busy jiffies include the 1 s ramp, which fio's I/O count does not
	busy_s = (int(c1) - int(c0)) / int(hz) * float(runtime) / (float(runtime) + 1)
	cpu = busy_s * 1e6 / ios if ios else 0
	print(f"{kind},{mp},{name},{d['iops']:.0f},{lat['mean'] / 1000:.1f},"
	      f"{p99 / 1000:.1f},{cpu:.2f}")
	PY
}

path_writes() { awk '{ print $5 }' "/sys/dev/block/$1/stat"; }

# merge_count KIND MAP DEV A B: 16,384 sequential 4k direct writes,
# submitted 32 at a time; how many write requests reached the paths.
merge_count() {
	local kind=$1 map=$2 dev=$3 a=$4 b=$5 w0 w1
	w0=$(($(path_writes "$a") + $(path_writes "$b")))
	fio --name=merge --filename="$dev" --direct=1 --ioengine=libaio \
		--rw=write --bs=4k --size=64M --iodepth=32 \
		--iodepth_batch_submit=32 --iodepth_batch_complete_min=32 \
		--output=/dev/null >/dev/null 2>&1 ||
		{ echo "fio failed on $kind/$map/merge" >&2; return 1; }
	w1=$(($(path_writes "$a") + $(path_writes "$b")))
	echo "$kind,$map,16384,$((w1 - w0))" >>"$OUT.merge"
}

# bench_kind KIND PATH_A PATH_B (maj:min)
bench_kind() {
	local kind=$1 a=$2 b=$3 sectors dev map sys sched cells
	sectors=$(blockdev --getsz "/dev/$(path_name "$a")")
	cells=$(all_cells)
	[ "$CELLS" = all ] || cells=$(grep -E "^($(tr ',' '|' <<<"$CELLS")) " <<<"$cells")
	for map in raw rq rq-none bio; do
		case $map in
		raw) dev=/dev/$(path_name "$a") ;;
		rq | rq-none)
			dm_create mp "0 $sectors multipath 0 0 1 1 round-robin 0 2 1 $a 1 $b 1"
			dev=/dev/mapper/mp
			sys=$(dm_sysname mp)
			sched=$(sed 's/.*\[\(.*\)\].*/\1/' "/sys/block/$sys/queue/scheduler")
			[ "$map" = rq-none ] && echo none >"/sys/block/$sys/queue/scheduler"
			echo "# $kind $map: dm scheduler $(cat "/sys/block/$sys/queue/scheduler") (default $sched)" >&2
			;;
		bio)
			dm_create mp "0 $sectors multipath 2 queue_mode bio 0 1 1 round-robin 0 2 1 $a 1 $b 1"
			dev=/dev/mapper/mp
			;;
		esac
		while read -r name rw bs qd nj; do
			run_cell "$kind" "$map" "$dev" "$name" "$rw" "$bs" "$qd" "$nj"
		done <<<"$cells"
		[ "$map" = rq-none ] || merge_count "$kind" "$map" "$dev" "$a" "$b"
		[ "$map" = raw ] || must dmsetup remove mp
	done
}

echo "# kernel $(uname -r), $NPROC vCPUs, $RUNTIME s a cell" >&2
modprobe null_blk nr_devices=2 queue_mode=2 gb=4 || fail "cannot load null_blk"
wait_for 10 is_bdev /dev/nullb1 || fail "null_blk devices did not appear"
bench_kind null_blk "$(cat /sys/block/nullb0/dev)" "$(cat /sys/block/nullb1/dev)"
modprobe -r null_blk

SD_MB=256 sd_setup
bench_kind scsi_debug "$A" "$B"
