#!/bin/bash
# One benchmark pass, inside the test guest (bench/run boots it):
#   bench/guest.sh OUTFILE RUNTIME CELLS
# For each kind of path (two null_blk disks, the two-host scsi_debug
# store), each map over them (the raw first path; request-based multipath
# with the device's default scheduler and with none; queue_mode bio) and
# each cell, runs fio and appends a CSV line to OUTFILE:
#   kind,map,cell,iops,lat_mean_us,lat_p99_us,cpu_us_per_io,
#   softirq_per_io,ipi_per_io,ctxsw_per_io
# CPU is the whole guest's busy time (/proc/stat: user, nice, system, irq,
# softirq) over the run, divided by the I/Os: the cost of an I/O wherever
# it is paid. Softirqs (/proc/softirqs), IPIs (function call and
# rescheduling interrupts) and context switches are counted the same way.
# CELLS: "all", or a comma list of cell names (below).
# Three more files:
#   OUTFILE.merge     the write requests that reached the paths for 16,384
#                     sequential 4k writes: kind,map,writes,requests
#   OUTFILE.failover  4k random reads over the scsi_debug paths while the
#                     first path goes offline and comes back:
#                     map,iops,gap_base_ms,gap_max_ms,clat_max_ms,errors
#   OUTFILE.lb        two null_blk paths, one fast and one slow, under each
#                     path selector: map,selector,iops,fast_reqs,slow_reqs
set -u
. "$(dirname "$0")/../tests/common/rc"
OUT=$1 RUNTIME=$2 CELLS=${3:-all}
NULLB_CFS=/sys/kernel/config/nullb
lb_cleanup() {
	local d
	for d in "$NULLB_CFS"/lb*; do
		[ -d "$d" ] || continue
		echo 0 >"$d/power" 2>/dev/null
		rmdir "$d"
	done
}
trap 'dm_cleanup; lb_cleanup; modprobe -r null_blk 2>/dev/null' EXIT
NPROC=$(nproc)

# name rw bs iodepth numjobs
all_cells() {
	cat <<-EOF
	rr4k-qd1 randread 4k 1 1
	rr4k-qd1-jN randread 4k 1 $NPROC
	rr4k-qd32 randread 4k 32 1
	rr4k-qd32-jN randread 4k 32 $NPROC
	rw4k-qd1 randwrite 4k 1 1
	rw4k-qd1-jN randwrite 4k 1 $NPROC
	rw4k-qd32 randwrite 4k 32 1
	rw4k-qd32-jN randwrite 4k 32 $NPROC
	sr128k-qd32 read 128k 32 1
	EOF
}

# Counters sampled around each run: busy jiffies, softirqs raised, IPIs
# (function call + rescheduling interrupts), context switches.
counters() {
	echo "$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat)" \
		"$(awk 'NR > 1 { for (i = 2; i <= NF; i++) n += $i } END { print n }' /proc/softirqs)" \
		"$(awk '$1 == "CAL:" || $1 == "RES:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n + 0 }' /proc/interrupts)" \
		"$(awk '$1 == "ctxt" { print $2 }' /proc/stat)"
}

# run_cell KIND MAP DEV NAME RW BS QD NJ
run_cell() {
	local kind=$1 map=$2 dev=$3 name=$4 rw=$5 bs=$6 qd=$7 nj=$8 c0 c1 json
	json=$TMPD/fio.json
	c0=$(counters)
	fio --name="$name" --filename="$dev" --direct=1 --ioengine=libaio \
		--rw="$rw" --bs="$bs" --iodepth="$qd" --numjobs="$nj" \
		--group_reporting --time_based --runtime="$RUNTIME" --ramp_time=1 \
		--size=1G --output-format=json --output="$json" >/dev/null 2>&1 ||
		{ echo "fio failed on $kind/$map/$name" >&2; return 1; }
	c1=$(counters)
	/usr/bin/python3 - "$json" "$kind" "$map" "$name" "$c0" "$c1" \
		"$(getconf CLK_TCK)" "$RUNTIME" >>"$OUT" <<-'PY'
	import json, sys
	f, kind, mp, name, c0, c1, hz, runtime = sys.argv[1:]
	delta = [int(b) - int(a) for a, b in zip(c0.split(), c1.split())]
	j = json.load(open(f))["jobs"][0]
	d = j["read"] if j["read"]["io_bytes"] else j["write"]
	ios = d["total_ios"]
	lat = d["clat_ns"]
	p99 = lat.get("percentile", {}).get("99.000000", 0)
	# the counters include the 1 s ramp, which fio's I/O count does not
	share = float(runtime) / (float(runtime) + 1)
	per_io = [v * share / ios if ios else 0 for v in delta]
	cpu = per_io[0] / int(hz) * 1e6
	print(f"{kind},{mp},{name},{d['iops']:.0f},{lat['mean'] / 1000:.1f},"
	      f"{p99 / 1000:.1f},{cpu:.2f},{per_io[1]:.3f},{per_io[2]:.3f},"
	      f"{per_io[3]:.3f}")
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

path_failed() { [ "$(mp_path mp "$1" | cut -d' ' -f1)" = F ]; }
path_active() { [ "$(mp_path mp "$1" | cut -d' ' -f1)" = A ]; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# failover MAP TABLE: 4k random reads, QD32, over the scsi_debug paths with
# a per-I/O completion log. After 3 s the first path goes offline; 3 s
# later it is back and reinstated. gap_base_ms is the longest time without
# a completion before the failure, gap_max_ms the longest in the whole
# run, clat_max_ms the slowest I/O; errors counts fio's I/O errors.
failover() {
	local map=$1 table=$2 json=$TMPD/fo.json pid rc t0 tf
	dm_create mp "$table"
	rm -f "$TMPD"/fo_*.log
	t0=$(now_ms)
	fio --name=failover --filename=/dev/mapper/mp --direct=1 --ioengine=libaio \
		--rw=randread --bs=4k --iodepth=32 --time_based --runtime=10 \
		--write_lat_log="$TMPD/fo" --log_avg_msec=0 \
		--output-format=json --output="$json" >/dev/null 2>&1 &
	pid=$!
	sleep 3
	tf=$(now_ms)
	path_offline "$A"
	wait_for 10 path_failed "$A" || echo "# $map: path $A not failed" >&2
	sleep 3
	path_online "$A"
	must dmsetup message mp 0 reinstate_path "$A"
	wait "$pid"
	rc=$?
	path_active "$A" || echo "# $map: path $A not active again" >&2
	/usr/bin/python3 - "$json" "$TMPD/fo_clat.1.log" "$map" $((tf - t0)) "$rc" \
		>>"$OUT.failover" <<-'PY'
	import json, sys
	f, log, mp, fail_ms, rc = sys.argv[1:]
	try:
	    d = json.load(open(f))["jobs"][0]
	    iops, err = d["read"]["iops"], d["error"] or int(rc)
	    clat_max = d["read"]["clat_ns"]["max"] / 1e6
	except (OSError, ValueError, KeyError, IndexError):
	    iops, err, clat_max = 0, 1, 0
	t = sorted(int(line.split(",")[0]) for line in open(log))
	# fio's clock starts after the fork: the failure came at most fail_ms in
	base = [b - a for a, b in zip(t, t[1:]) if b < int(fail_ms) - 500 and a > 200]
	gaps = [b - a for a, b in zip(t, t[1:]) if a > 200]
	print(f"{mp},{iops:.0f},{max(base, default=0)},{max(gaps, default=0)},"
	      f"{clat_max:.1f},{err}")
	PY
	must dmsetup remove mp
}

# lb_dev NAME NSEC: a configfs null_blk disk (named NAME, as its configfs
# folder) that completes each request NSEC after it is queued (timer
# mode); prints its maj:min.
lb_dev() {
	local d=$NULLB_CFS/$1
	mkdir "$d" || fail "cannot make null_blk $1"
	echo 4096 >"$d/size"
	echo 2 >"$d/queue_mode"
	echo 2 >"$d/irqmode"
	echo "$2" >"$d/completion_nsec"
	echo 1 >"$d/power"
	wait_for 10 is_bdev "/dev/$1" || { echo "null_blk $1 did not appear" >&2; return 1; }
	cat "/sys/block/$1/dev"
}

path_reads() { awk '{ print $1 }' "/sys/dev/block/$1/stat"; }

# load_balance: a fast path (50 us) and a slow one (2 ms); 4k random reads,
# QD32, through each selector, request-based and bio-based; how many
# requests each path served.
load_balance() {
	local fast slow sectors map sel ps feat json f0 s0 iops
	modprobe null_blk nr_devices=0 || fail "cannot load null_blk"
	fast=$(lb_dev lbfast 50000) && slow=$(lb_dev lbslow 2000000) ||
		fail "cannot make the load-balancing paths"
	sectors=$(blockdev --getsz "/dev/$(path_name "$fast")")
	json=$TMPD/lb.json
	for map in rq bio; do
		feat=0
		[ "$map" = bio ] && feat="2 queue_mode bio"
		for sel in round-robin queue-length service-time; do
			case $sel in
			service-time) ps="$sel 0 2 2 $fast 1 1 $slow 1 1" ;;
			*) ps="$sel 0 2 1 $fast 1 $slow 1" ;;
			esac
			dm_create mp "0 $sectors multipath $feat 0 1 1 $ps"
			f0=$(path_reads "$fast") s0=$(path_reads "$slow")
			fio --name=lb --filename=/dev/mapper/mp --direct=1 --ioengine=libaio \
				--rw=randread --bs=4k --iodepth=32 --time_based \
				--runtime="$RUNTIME" --output-format=json \
				--output="$json" >/dev/null 2>&1 ||
				{ echo "fio failed on lb/$map/$sel" >&2; return 1; }
			iops=$(/usr/bin/python3 -c 'import json, sys; print(round(json.load(open(sys.argv[1]))["jobs"][0]["read"]["iops"]))' "$json")
			echo "$map,$sel,$iops,$(($(path_reads "$fast") - f0)),$(($(path_reads "$slow") - s0))" >>"$OUT.lb"
			must dmsetup remove mp
		done
	done
	lb_cleanup
	modprobe -r null_blk
}

echo "# kernel $(uname -r), $NPROC vCPUs, $RUNTIME s a cell" >&2
modprobe null_blk nr_devices=2 queue_mode=2 gb=4 || fail "cannot load null_blk"
wait_for 10 is_bdev /dev/nullb1 || fail "null_blk devices did not appear"
bench_kind null_blk "$(cat /sys/block/nullb0/dev)" "$(cat /sys/block/nullb1/dev)"
modprobe -r null_blk

SD_MB=256 sd_setup
bench_kind scsi_debug "$A" "$B"
failover rq "0 $SECTORS multipath 0 0 1 1 round-robin 0 2 1 $A 1 $B 1"
failover bio "0 $SECTORS multipath 2 queue_mode bio 0 1 1 round-robin 0 2 1 $A 1 $B 1"
modprobe -r scsi_debug
load_balance
