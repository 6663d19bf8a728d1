#!/bin/bash
# Boot a kernel under QEMU and run one command inside it:
#   scripts/vm-run.sh [-t SECONDS] [-q] [-n] OUTDIR COMMAND...
# OUTDIR is a kernel build directory (scripts/build-kernel.sh). The guest
# sees the host's root read-only over virtio 9p, with tmpfs and overlays over
# the places that must be writable, and the kernel's modules at /lib/modules.
# COMMAND runs as root in the guest with this project's path as its working
# directory; its stdout and stderr are the guest console.
#
# The command's exit status comes back through a writable 9p share (the run
# directory), never by parsing the console. vm-run.sh exits with it, except:
#   124  the guest did not finish within the timeout (hang)
#   125  the guest ended without reporting a status (panic, crash)
#   126  the command succeeded but the kernel log holds a report
#        (WARNING, BUG, Oops, lockdep, KASAN, kmemleak, hung task, ...)
# The run directory (console.log, dmesg, rc, and vm.txt: the accelerator,
# CPUs, memory, kernel release and command line this boot used) is
# RQDM_RUN_DIR when the caller names one (tests/check, bench/), else a new
# folder under build/vm/; build/vm/last points to the latest either way.
# -n (dry run) prints the QEMU command line and boots nothing. Every
# script that boots a kernel does it through here (scripts/lib.sh's
# guest_run builds first); SECONDS defaults to LIMITS[boot] (lib.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

timeout=$(limit boot)
quiet=0 dry=0
while getopts "t:qn" o; do
	case $o in
	t) timeout=$OPTARG ;;
	q) quiet=1 ;;
	n) dry=1 ;;
	*) die "usage: vm-run.sh [-t SECONDS] [-q] [-n] OUTDIR COMMAND..." ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || die "usage: vm-run.sh [-t SECONDS] [-q] [-n] OUTDIR COMMAND..."
out=$(cd "$1" && pwd)
shift
kernel=$out/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel"
[ -d "$out/mod/lib/modules" ] || die "no modules under $out/mod"

# The run directory: RQDM_RUN_DIR when the caller names one.
run=${RQDM_RUN_DIR:-$BUILD/vm/$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$run"
mkdir -p "$BUILD/vm"
ln -sfn "$run" "$BUILD/vm/last"
{
	printf 'cd %q\n' "$ROOT"
	printf '%q ' "$@"
	echo
} >"$run/cmd"

# KVM where it works; these machines expose /dev/kvm without usable VT-x, so
# require the CPU flag as well. RQDM_ACCEL=tcg|kvm overrides.
accel=${RQDM_ACCEL:-}
if [ -z "$accel" ]; then
	accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
		accel=kvm
	fi
fi
case $accel in
kvm) accel_args=(-accel kvm -cpu host) ;;
tcg) accel_args=(-accel "tcg,thread=multi" -cpu max) ;;
*) die "RQDM_ACCEL must be kvm or tcg" ;;
esac
smp=${RQDM_VM_CPUS:-2}
mem=${RQDM_VM_MEM:-2G}

# The kernel log keeps a whole run (log_buf_len): the runner reads each
# case's part of it, and a chatty case (NVMe reconnects) must not push a
# report out.
append="console=ttyS0 loglevel=3 log_buf_len=8M panic=-1 oops=panic tsc=reliable pci=noacpi
	root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro
	init=$ROOT/guest/init rqdm.run=$run rqdm.mod=$out/mod/lib/modules ${RQDM_VM_APPEND:-}"
append=$(echo $append)

# What this boot really used, for whoever reports on it (bench/run).
{
	echo "accel=$accel"
	echo "cpus=$smp"
	echo "mem=$mem"
	echo "kernel=$kernel"
	echo "release=$(cat "$out/kernelrelease" 2>/dev/null || echo unknown)"
	echo "cmdline=$append"
	echo "qemu=$(qemu-system-x86_64 --version | head -1)"
	echo "qemu_args=${accel_args[*]} -smp $smp -m $mem ${RQDM_QEMU_ARGS:-}"
} >"$run/vm.txt"

qemu=(qemu-system-x86_64
	-nodefaults -no-user-config -nographic -no-reboot
	"${accel_args[@]}" -smp "$smp" -m "$mem"
	-kernel "$kernel" -append "$append"
	-fsdev "local,id=root,path=/,security_model=none,readonly=on,multidevs=remap"
	-device "virtio-9p-pci,fsdev=root,mount_tag=/dev/root"
	-fsdev "local,id=run,path=$run,security_model=none,multidevs=remap"
	-device "virtio-9p-pci,fsdev=run,mount_tag=rqdmrun"
	-device virtio-rng-pci)
# shellcheck disable=SC2206 # RQDM_QEMU_ARGS is words to add, split as such
qemu+=(${RQDM_QEMU_ARGS:-})
qemu+=(-chardev "stdio,id=con,signal=off" -serial chardev:con -monitor none)
if [ $dry = 1 ]; then
	printf '%q ' timeout -k 10 "$timeout" "${qemu[@]}"
	echo
	exit 0
fi

[ $quiet = 1 ] || say "booting $(cat "$out/kernelrelease" 2>/dev/null || basename "$out") under QEMU ($accel, $smp vCPUs, $mem), timeout ${timeout}s"
t0=$(date +%s)
set +e
timeout -k 10 "$timeout" "${qemu[@]}" \
	</dev/null 2>"$run/qemu.err" | sed -u 's/\r//g; s/\x1b[[?0-9;]*[a-zA-Z]//g; s/\x1bc//g; s/^SeaBIOS ([^)]*)//; s/^Booting from ROM\.\.//' | tee "$run/console.log" |
	if [ $quiet = 1 ]; then cat >/dev/null; else cat; fi
qrc=${PIPESTATUS[0]}
set -e

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "vm-run: guest did not finish within ${timeout}s (hang); console in ${run#"$ROOT"/}/console.log" >&2
	exit 124
fi
if [ ! -s "$run/rc" ]; then
	echo "vm-run: guest ended without a status (qemu exit $qrc); console in ${run#"$ROOT"/}/console.log" >&2
	grep -m1 -A20 -E 'Kernel panic|BUG:|Oops' "$run/console.log" >&2 || tail -20 "$run/qemu.err" >&2
	exit 125
fi
rc=$(cat "$run/rc")
# warnings a test case expects by design (tests/check, EXPECTED_WARNING)
ew=$(cat "$run/expected-warnings" 2>/dev/null || true)
reports=$(cat "$run/dmesg" "$run/console.log" 2>/dev/null | awk -v re="$ew" -f "$ROOT/scripts/drop-warnings.awk" |
	grep -E -f "$ROOT/tests/common/splat-patterns" | head -5 || true)
[ $quiet = 1 ] || say "guest finished in $(elapsed "$t0") with status $rc"
if [ -n "$reports" ]; then
	echo "vm-run: the kernel log holds reports (full log in ${run#"$ROOT"/}/dmesg):" >&2
	echo "$reports" >&2
	[ "$rc" = 0 ] && exit 126
fi
exit "$rc"
