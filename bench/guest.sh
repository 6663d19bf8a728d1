#!/bin/bash
# One benchmark pass, inside the test guest (bench/run boots it):
#   bench/guest.sh OUTFILE RUNTIME CELLS KINDS
# For each kind of path (KINDS: "all", or a comma list of null_blk,
# scsi_debug, nvme_tcp), each map over them and each cell (CELLS: "all",
# or a comma list of the cell names below), runs fio for RUNTIME seconds
# after a 1 s ramp and appends a CSV line to OUTFILE:
#   kind,map,cell,iops,tlat_mean_us,tlat_p50_us,tlat_p99_us,tlat_p999_us,
#   tlat_max_us,cpu_us_per_io,cpu_tick_us_per_io,softirq_per_io,
#   ipi_per_io,ctxsw_per_io,cmds_per_io,path1_share,window_s,steady
# Maps: the raw first path; request-based multipath with the device's
# default scheduler (rq) and with none (rq-none); queue_mode bio (bio);
# over NVMe/TCP also native NVMe multipath with iopolicy numa, round-robin
# and queue-depth (native-numa, native-rr, native-qd).
#
# Latency is fio's total latency (submission + completion). Everything
# else is sampled over the steady state only: fio's exec_prerun stamps the
# moment each job is about to start I/O; a sampler waits for the last job,
# then the 1 s ramp and a margin, snapshots the guest's counters, sleeps
# through the run less a margin at each end and snapshots them again;
# fio's exec_postrun stamps the end of each job's I/O, and steady is 1
# when both snapshots fell between the last start's ramp and the first
# end. Per I/O means over the I/Os of that window (fio's IOPS times its
# length).
#   cpu_us_per_io       the whole guest's busy time: CPUs times the
#                       window's length, less the idle and iowait time,
#                       which NO_HZ_IDLE measures at every idle entry and
#                       exit (not sampled by the tick): the cost of an I/O
#                       wherever it is paid (fio, softirqs, kworkers)
#   cpu_tick_us_per_io  the same from the tick-sampled user, nice,
#                       system, irq and softirq times (HZ), for comparison
#   softirq, ipi,       softirqs raised (/proc/softirqs), function call
#   ctxsw_per_io        and rescheduling interrupts, context switches
#   cmds_per_io         requests the two paths completed (their block
#                       stat), per I/O of fio: below 1 when requests merge
#   path1_share         the first path's part of those requests
# Three more files, from the null_blk and scsi_debug paths:
#   OUTFILE.merge     the write requests that reached the paths for 16,384
#                     sequential 4k writes: kind,map,writes,requests
#   OUTFILE.failover  4k random reads over the scsi_debug paths while the
#                     first path goes offline and comes back:
#                     map,iops,gap_base_ms,gap_max_ms,clat_max_ms,errors
#   OUTFILE.lb        two null_blk paths, one fast and one slow, under each
#                     path selector: map,selector,iops,fast_reqs,slow_reqs
# OUTFILE.nvme lists how the NVMe/TCP paths and maps were set up, and
# OUTFILE.info what the guest saw (kernel, CPUs, memory, command line).
set -u
. "$(dirname "$0")/../tests/common/rc"
. "$TESTS_DIR/common/san"
OUT=$1 RUNTIME=$2 CELLS=${3:-all} KINDS=${4:-all}
[ "$KINDS" = all ] && KINDS=null_blk,scsi_debug,nvme_tcp
NULLB_CFS=/sys/kernel/config/nullb
NVMET=/sys/kernel/config/nvmet
NQN=nqn.2026-11.org.example.rqdm:bench
RAMP=1
lb_cleanup() {
	local d
	for d in "$NULLB_CFS"/lb*; do
		[ -d "$d" ] || continue
		echo 0 >"$d/power" 2>/dev/null
		rmdir "$d"
	done
}
trap 'dm_cleanup; nvme_cleanup; lb_cleanup; modprobe -r null_blk 2>/dev/null' EXIT
NPROC=$(nproc)
want_kind() { [[ ",$KINDS," == *",$1,"* ]]; }

# name rw bs iodepth numjobs nvme (1: one of the cells "all" runs over
# NVMe/TCP too, where every cell costs seven maps). rw "randrw70" is a
# random mix of 70% reads and 30% writes.
all_cells() {
	cat <<-EOF
	rr4k-qd1 randread 4k 1 1 1
	rr4k-qd1-jN randread 4k 1 $NPROC 0
	rr4k-qd32 randread 4k 32 1 1
	rr4k-qd32-jN randread 4k 32 $NPROC 0
	rw4k-qd1 randwrite 4k 1 1 1
	rw4k-qd1-jN randwrite 4k 1 $NPROC 0
	rw4k-qd32 randwrite 4k 32 1 1
	rw4k-qd32-jN randwrite 4k 32 $NPROC 0
	rrw4k-qd32 randrw70 4k 32 1 1
	sw4k-qd32 write 4k 32 1 1
	sw128k-qd32 write 128k 32 1 1
	sr128k-qd32 read 128k 32 1 1
	sr1m-qd8 read 1m 8 1 1
	EOF
}

# cells_for KIND: the cells to run over KIND.
cells_for() {
	if [ "$CELLS" != all ]; then
		all_cells | grep -E "^($(tr ',' '|' <<<"$CELLS")) "
	elif [ "$1" = nvme_tcp ]; then
		all_cells | awk '$6 == 1'
	else
		all_cells
	fi
}

# The steady-state window: MARGIN at each end of the measured run, at most
# half a second and at most a quarter of the run.
MARGIN_MS=$((RUNTIME * 250 < 500 ? RUNTIME * 250 : 500))
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
LEAD=$(secs $((RAMP * 1000 + MARGIN_MS)))
WINDOW=$(secs $((RUNTIME * 1000 - 2 * MARGIN_MS)))

# The sampler neither forks nor sleeps in a child: it reads the counters
# with builtins and waits with read's timeout on a FIFO nobody writes to,
# so its snapshots come when asked and cost next to nothing.
mkfifo "$TMPD/nap"
exec 7<>"$TMPD/nap"
nap() { read -r -t "$1" -u 7 _; }

# snapshot STAT_A STAT_B: the time, then every counter, each line prefixed
# with its file.
snapshot() {
	local t=$EPOCHREALTIME f l
	for f in /proc/stat /proc/softirqs /proc/interrupts "$1" "$2"; do
		mapfile -t l <"$f"
		printf '%s\n' "${l[@]/#/$f:}"
	done
	echo "time:$t"
}

# sampler NJOBS STAT_A STAT_B: waits for NJOBS start stamps, then takes the
# two snapshots of the window.
sampler() {
	local i st=()
	for ((i = 0; i < 1500; i++)); do
		[ -e "$TMPD/start" ] && mapfile -t st <"$TMPD/start"
		[ ${#st[@]} -ge "$1" ] && break
		nap 0.02
	done
	nap "$LEAD"
	snapshot "$2" "$3" >"$TMPD/s0"
	nap "$WINDOW"
	snapshot "$2" "$3" >"$TMPD/s1"
}

# run_cell KIND MAP DEV STAT_A STAT_B NAME RW BS QD NJ: STAT_A and STAT_B
# are the block stat files of the two paths (the raw path's second one
# sees no I/O). What the run leaves (fio's JSON, the stamps, the two
# snapshots) waits in a folder of its own under $TMPD/cells for
# cells_report, so no interpreter starts between two runs.
NCELL=0
run_cell() {
	local kind=$1 map=$2 dev=$3 sa=$4 sb=$5 name=$6 rw=$7 bs=$8 qd=$9 nj=${10}
	local d mix=() sp
	case $rw in
	randrw*) mix=(--rwmixread="${rw#randrw}") rw=randrw ;;
	esac
	NCELL=$((NCELL + 1))
	d=$TMPD/cells/$(printf %04d $NCELL)
	mkdir -p "$d"
	echo "$kind $map $name $sa $sb" >"$d/what"
	rm -f "$TMPD/start" "$TMPD/end" "$TMPD/s0" "$TMPD/s1"
	sampler "$nj" "$sa" "$sb" &
	sp=$!
	fio --name="$name" --filename="$dev" --direct=1 --ioengine=libaio \
		--rw="$rw" "${mix[@]}" --bs="$bs" --iodepth="$qd" --numjobs="$nj" \
		--group_reporting --time_based --runtime="$RUNTIME" --ramp_time="$RAMP" \
		--size=1G --unified_rw_reporting=mixed --lat_percentiles=1 \
		--percentile_list=50:99:99.9 \
		--exec_prerun="date +%s.%N >>$TMPD/start;" \
		--exec_postrun="date +%s.%N >>$TMPD/end;" \
		--output-format=json --output="$d/fio.json" >/dev/null 2>&1 ||
		{ echo "fio failed on $kind/$map/$name" >&2; kill "$sp"; rm -rf "$d"; return 1; }
	wait "$sp"
	mv "$TMPD/start" "$TMPD/end" "$TMPD/s0" "$TMPD/s1" "$d/"
}

# cells_report: a CSV line in OUTFILE for each run waiting in
# $TMPD/cells, in the order they ran.
cells_report() {
	[ -d "$TMPD/cells" ] || return 0
	/usr/bin/python3 - "$TMPD/cells" "$RAMP" "$(getconf CLK_TCK)" >>"$OUT" <<-'PY'
	import json, os, sys
	top, ramp, hz = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])

	def snap(path, files):
	    s = {"stat": {}, "soft": 0, "ipi": 0, "paths": []}
	    for line in open(path):
	        line = line.rstrip("\n")
	        src = next(n for n in files if line.startswith(n + ":"))
	        w = line[len(src) + 1:].split()
	        if src == "time":
	            s["t"] = float(w[0])
	        elif src == "/proc/stat" and w:
	            s["stat"][w[0]] = [int(x) for x in w[1:]]
	        elif src == "/proc/softirqs" and len(w) > 1 and w[0].endswith(":"):
	            s["soft"] += sum(int(x) for x in w[1:])
	        elif src == "/proc/interrupts" and w and w[0] in ("CAL:", "RES:"):
	            s["ipi"] += sum(int(x) for x in w[1:] if x.isdigit())
	        elif src.startswith("/sys/"):
	            s["paths"].append(int(w[0]) + int(w[4]))
	    return s

	for c in sorted(os.listdir(top)):
	    d = os.path.join(top, c)
	    kind, mp, name, sa, sb = open(f"{d}/what").read().split()
	    files = ["time", "/proc/stat", "/proc/softirqs", "/proc/interrupts", sa, sb]
	    try:
	        j = json.load(open(f"{d}/fio.json"))["jobs"][0]["mixed"]
	        a, b = snap(f"{d}/s0", files), snap(f"{d}/s1", files)
	        starts = [float(x) for x in open(f"{d}/start")]
	        ends = [float(x) for x in open(f"{d}/end")]
	    except (OSError, ValueError, KeyError, IndexError, StopIteration) as e:
	        print(f"no figures for {kind}/{mp}/{name}: {e!r}", file=sys.stderr)
	        continue
	    iops = j["iops"]
	    lat = j["lat_ns"]
	    pct = lat.get("percentile", {})
	    steady = int(a["t"] >= max(starts) + ramp and b["t"] <= min(ends))
	    win = b["t"] - a["t"]
	    ios = iops * win
	    ncpu = sum(1 for k in a["stat"] if k.startswith("cpu") and k != "cpu")
	    dd = [y - x for x, y in zip(a["stat"]["cpu"], b["stat"]["cpu"])]
	    # user nice system idle iowait irq softirq steal
	    busy = ncpu * win - (dd[3] + dd[4]) / hz
	    tick = (dd[0] + dd[1] + dd[2] + dd[5] + dd[6]) / hz
	    cmds = [y - x for x, y in zip(a["paths"], b["paths"])]
	    per = lambda v: v / ios if ios else 0
	    print(f"{kind},{mp},{name},{iops:.0f},{lat['mean'] / 1000:.1f},"
	          f"{pct.get('50.000000', 0) / 1000:.1f},{pct.get('99.000000', 0) / 1000:.1f},"
	          f"{pct.get('99.900000', 0) / 1000:.1f},{lat['max'] / 1000:.1f},"
	          f"{per(busy) * 1e6:.2f},{per(tick) * 1e6:.2f},"
	          f"{per(b['soft'] - a['soft']):.3f},{per(b['ipi'] - a['ipi']):.3f},"
	          f"{per(b['stat']['ctxt'][0] - a['stat']['ctxt'][0]):.3f},"
	          f"{per(sum(cmds)):.3f},{cmds[0] / sum(cmds) if sum(cmds) else 0:.3f},"
	          f"{win:.3f},{steady}")
	PY
	rm -rf "$TMPD/cells"
}

# run_cells KIND MAP DEV STAT_A STAT_B
run_cells() {
	local name rw bs qd nj _ n=0 t0=$SECONDS
	while read -r name rw bs qd nj _; do
		[ -n "$name" ] || continue
		run_cell "$@" "$name" "$rw" "$bs" "$qd" "$nj"
		n=$((n + 1))
	done <<<"$(cells_for "$1")"
	echo "# $1 $2: $n cells in $((SECONDS - t0)) s" >&2
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

# dm_map MAP A B SECTORS: makes the map "mp" of kind MAP (rq, rq-none,
# bio) over paths A and B (maj:min), round-robin, and prints its table.
dm_map() {
	local map=$1 a=$2 b=$3 sectors=$4 table sys sched
	case $map in
	rq | rq-none) table="0 $sectors multipath 0 0 1 1 round-robin 0 2 1 $a 1 $b 1" ;;
	bio) table="0 $sectors multipath 2 queue_mode bio 0 1 1 round-robin 0 2 1 $a 1 $b 1" ;;
	esac
	dm_create mp "$table"
	sys=$(dm_sysname mp)
	if [ "$map" != bio ]; then
		sched=$(sed 's/.*\[\(.*\)\].*/\1/' "/sys/block/$sys/queue/scheduler")
		[ "$map" = rq-none ] && echo none >"/sys/block/$sys/queue/scheduler"
		echo "# $map: dm scheduler $(cat "/sys/block/$sys/queue/scheduler") (default $sched)" >&2
	fi
	echo "$table"
}

# bench_kind KIND PATH_A PATH_B (maj:min): the raw first path and the
# three dm maps over both.
bench_kind() {
	local kind=$1 a=$2 b=$3 sectors dev map sa sb
	sectors=$(blockdev --getsz "/dev/$(path_name "$a")")
	sa=/sys/dev/block/$a/stat sb=/sys/dev/block/$b/stat
	for map in raw rq rq-none bio; do
		dev=/dev/mapper/mp
		if [ "$map" = raw ]; then
			dev=/dev/$(path_name "$a")
		else
			dm_map "$map" "$a" "$b" "$sectors" >/dev/null
		fi
		run_cells "$kind" "$map" "$dev" "$sa" "$sb"
		if [ "$kind" != nvme_tcp ] && [ "$map" != rq-none ]; then
			merge_count "$kind" "$map" "$dev" "$a" "$b"
		fi
		[ "$map" = raw ] || must dmsetup remove mp
	done
	cells_report
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

# ---------------------------------------------------------------- NVMe/TCP

# The NVMe/TCP paths: nvmet exports one namespace (a null_blk disk, so the
# target costs little) on two TCP ports, one per veth link of
# tests/common/san; the host connects over both links. Every step that
# sets up a path or a map is also written to OUTFILE.nvme.
nvme_log() { echo "$*" >>"$OUT.nvme"; }

nvme_cleanup() {
	local c p
	[ -d "$NVMET" ] || return 0
	for c in /sys/class/nvme-fabrics/ctl/nvme*; do
		[ -e "$c/delete_controller" ] && echo 1 >"$c/delete_controller" 2>/dev/null
	done
	for p in "$NVMET"/ports/*; do
		[ -d "$p" ] || continue
		rm -f "$p"/subsystems/* 2>/dev/null
		rmdir "$p" 2>/dev/null
	done
	if [ -d "$NVMET/subsystems/$NQN" ]; then
		echo 0 >"$NVMET/subsystems/$NQN/namespaces/1/enable" 2>/dev/null
		rmdir "$NVMET/subsystems/$NQN/namespaces/1" "$NVMET/subsystems/$NQN" 2>/dev/null
	fi
	san_net_cleanup
	modprobe -r nvme_tcp nvme_fabrics nvmet_tcp nvmet nvme_core 2>/dev/null
}

nvme_target() {
	local s=$NVMET/subsystems/$NQN n p
	modprobe null_blk nr_devices=1 queue_mode=2 gb=4 || fail "cannot load null_blk"
	wait_for 10 is_bdev /dev/nullb0 || fail "null_blk device did not appear"
	modprobe nvmet && modprobe nvmet-tcp || fail "cannot load nvmet-tcp"
	san_net_setup
	mkdir "$s" || fail "cannot make the NVMe subsystem"
	echo 1 >"$s/attr_allow_any_host"
	mkdir "$s/namespaces/1"
	echo /dev/nullb0 >"$s/namespaces/1/device_path"
	echo 1 >"$s/namespaces/1/enable" || fail "cannot enable the namespace"
	nvme_log "target: nvmet subsystem $NQN, namespace 1 = /dev/nullb0 (null_blk, queue_mode=2), in network namespace $SAN_NS"
	for n in 1 2; do
		p=$NVMET/ports/$n
		mkdir "$p"
		echo tcp >"$p/addr_trtype"
		echo ipv4 >"$p/addr_adrfam"
		echo "10.91.$n.2" >"$p/addr_traddr"
		echo 4420 >"$p/addr_trsvcid"
		san_in_target ln -s "$s" "$p/subsystems/$NQN" || fail "cannot enable port $n"
		nvme_log "target: port $n tcp 10.91.$n.2:4420 (link $n: host i$n 10.91.$n.1 <-> target t$n)"
	done
}

# nvme_host MULTIPATH: nvme_core loaded with multipath=MULTIPATH (Y or N),
# one controller over each link.
nvme_host() {
	local n opts
	modprobe -r nvme_tcp nvme_fabrics nvme_core 2>/dev/null
	modprobe nvme_core multipath="$1" && modprobe nvme_tcp || fail "cannot load nvme-tcp"
	[ "$(cat /sys/module/nvme_core/parameters/multipath)" = "$1" ] ||
		fail "nvme_core did not take multipath=$1"
	nvme_log "host: modprobe nvme_core multipath=$1; modprobe nvme_tcp"
	for n in 1 2; do
		opts="transport=tcp,traddr=10.91.$n.2,trsvcid=4420,nqn=$NQN"
		echo "$opts" >/dev/nvme-fabrics || fail "cannot connect over link $n"
		nvme_log "host: echo $opts >/dev/nvme-fabrics"
	done
	wait_for 20 nvme_disk 1 && wait_for 20 nvme_disk 2 || fail "no NVMe namespace over both links"
}

# nvme_ctrl N: the controller over link N (/sys/class/nvme/nvmeX).
nvme_ctrl() {
	local c
	for c in /sys/class/nvme/nvme*; do
		grep -q "traddr=10.91.$1.2," "$c/address" 2>/dev/null && { echo "$c"; return; }
	done
	return 1
}

# nvme_disk N: the namespace's disk over link N: nvmeXnY with native
# multipath off, the hidden path nvmeXcYnZ with it on.
nvme_disk() {
	local c d
	c=$(nvme_ctrl "$1") || return 1
	d=$(ls -d "$c"/nvme*n1 2>/dev/null | head -1)
	[ -n "$d" ] && basename "$d"
}

nvme_disconnect() {
	local c
	for c in /sys/class/nvme-fabrics/ctl/nvme*; do
		[ -e "$c/delete_controller" ] && echo 1 >"$c/delete_controller"
	done
	wait_for 20 eval '! ls -d /sys/class/nvme/nvme* >/dev/null 2>&1'
}

bench_nvme() {
	local d1 d2 sa sb map pol head subsys sectors table
	: >"$OUT.nvme"
	nvme_target
	# request-based and bio-based maps and the raw path: two namespaces
	nvme_host N
	d1=$(nvme_disk 1) d2=$(nvme_disk 2)
	nvme_log "paths: link 1 /dev/$d1 ($(cat "/sys/block/$d1/dev")), link 2 /dev/$d2 ($(cat "/sys/block/$d2/dev")); raw = /dev/$d1"
	sa=/sys/block/$d1/stat sb=/sys/block/$d2/stat
	sectors=$(blockdev --getsz "/dev/$d1")
	run_cells nvme_tcp raw "/dev/$d1" "$sa" "$sb"
	for map in rq rq-none bio; do
		table=$(dm_map "$map" "$(cat "/sys/block/$d1/dev")" "$(cat "/sys/block/$d2/dev")" "$sectors") ||
			fail "cannot make the $map map over NVMe/TCP"
		nvme_log "$map: dmsetup create mp --table '$table'$([ "$map" = rq-none ] && echo "; echo none >/sys/block/$(dm_sysname mp)/queue/scheduler")"
		run_cells nvme_tcp "$map" /dev/mapper/mp "$sa" "$sb"
		must dmsetup remove mp
	done
	nvme_disconnect
	# native NVMe multipath: one head disk over both controllers
	nvme_host Y
	d1=$(nvme_disk 1) d2=$(nvme_disk 2)
	head=$(ls -d /sys/class/nvme-subsystem/nvme-subsys*/nvme*n1 | head -1)
	subsys=$(dirname "$head")
	head=$(basename "$head")
	sa=/sys/class/block/$d1/stat sb=/sys/class/block/$d2/stat
	nvme_log "native: head /dev/$head over the paths $d1 (link 1) and $d2 (link 2)"
	for pol in numa round-robin queue-depth; do
		echo "$pol" >"$subsys/iopolicy" || fail "iopolicy $pol refused"
		case $pol in
		numa) map=native-numa ;;
		round-robin) map=native-rr ;;
		queue-depth) map=native-qd ;;
		esac
		nvme_log "$map: echo $pol >$subsys/iopolicy; I/O to /dev/$head"
		run_cells nvme_tcp "$map" "/dev/$head" "$sa" "$sb"
	done
	cells_report
	nvme_cleanup
	modprobe -r null_blk
}

# ---------------------------------------------------------------- main

{
	echo "release=$(uname -r)"
	echo "cpus=$NPROC"
	echo "mem_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
	echo "clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	echo "cmdline=$(cat /proc/cmdline)"
	echo "fio=$(fio --version)"
} >"$OUT.info"
: >"$OUT"
: >"$OUT.merge"
: >"$OUT.failover"
: >"$OUT.lb"
: >"$OUT.nvme"
echo "# kernel $(uname -r), $NPROC vCPUs, $RUNTIME s a cell, window $WINDOW s from $LEAD s after the start, kinds $KINDS" >&2
if want_kind null_blk; then
	modprobe null_blk nr_devices=2 queue_mode=2 gb=4 || fail "cannot load null_blk"
	wait_for 10 is_bdev /dev/nullb1 || fail "null_blk devices did not appear"
	bench_kind null_blk "$(cat /sys/block/nullb0/dev)" "$(cat /sys/block/nullb1/dev)"
	modprobe -r null_blk
fi
if want_kind scsi_debug; then
	SD_MB=256 sd_setup
	bench_kind scsi_debug "$A" "$B"
	failover rq "0 $SECTORS multipath 0 0 1 1 round-robin 0 2 1 $A 1 $B 1"
	failover bio "0 $SECTORS multipath 2 queue_mode bio 0 1 1 round-robin 0 2 1 $A 1 $B 1"
	modprobe -r scsi_debug
fi
want_kind nvme_tcp && bench_nvme
want_kind null_blk && load_balance
exit 0
