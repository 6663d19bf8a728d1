# Common settings for the project's scripts. Sourced, never run.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build

# shellcheck disable=SC2034 # the settings are read by the scripts that source this
# The Debian package the series is tested on. prepare-tree.sh falls back to
# the newest available version (with a warning) when this one is gone.
LINUX_SOURCE_PKG=linux-source-6.12 LINUX_SOURCE_PIN=6.12.118-1~deb12u1

# Patched tree (the developer's git tree, series applied) and the stock
# tree (a worktree of the same repository at tag 'base'). Both build
# directories sit at the same relative distance from their sources, so
# ccache (with CCACHE_BASEDIR) shares every object the series leaves alone.
PATCHED_SRC=$BUILD/linux
STOCK_SRC=$BUILD/stock/linux

# ccache lives outside the clone so a fresh clone builds warm.
export CCACHE_DIR=${RQDM_CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rqdm-ccache}
export CCACHE_BASEDIR=$BUILD
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

# Deterministic builds: the same source gives the same objects.
export KBUILD_BUILD_TIMESTAMP='2009-06-01 00:00:00 UTC'
export KBUILD_BUILD_USER=rqdm
export KBUILD_BUILD_HOST=rqdm

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# src_of TREE / out_of TREE VARIANT: where a kernel's source and build live.
# TREE is patched, stock, or the name of a scratch worktree under build/.
src_of() {
	case $1 in
	patched) echo "$PATCHED_SRC" ;;
	stock) echo "$STOCK_SRC" ;;
	# Any other name: a scratch worktree build/NAME/linux (series-check.sh
	# uses 'bisect'; a developer may keep others).
	*[!a-z0-9_-]* | "") die "bad tree name '$1'" ;;
	*) echo "$BUILD/$1/linux" ;;
	esac
}

out_of() {
	echo "$(dirname "$(src_of "$1")")/out-$2"
}

# What prepare-tree.sh last applied or export-series.sh last wrote:
# "<series hash> <HEAD of build/linux>".
# shellcheck disable=SC2034 # read by prepare-tree.sh, export-series.sh, bench/run
SERIES_STAMP=$PATCHED_SRC/.git/rqdm-applied

# Hash of the exported series.
series_hash() {
	# shellcheck disable=SC2046 # patch names hold no blanks (series-check.sh)
	(cd "$ROOT/patches" && cat series $(grep -v '^[[:space:]]*#' series | sed '/^[[:space:]]*$/d') 2>/dev/null) |
		sha1sum | cut -c1-40
}

# Patches listed in patches/series, in order.
series_list() {
	[ -f "$ROOT/patches/series" ] || return 0
	grep -v '^[[:space:]]*#' "$ROOT/patches/series" | sed '/^[[:space:]]*$/d'
}

# Time limits, in seconds, in one place. "case:VARIANT" bounds one test
# case (a case's own TIMEOUT= is for the fast kernel and is scaled like
# these), "suite:VARIANT" one boot of the suite (its counts still come
# out), the rest one boot of what they name. RQDM_LIMIT_<NAME> (":"
# written "_") overrides an entry, e.g. RQDM_LIMIT_case_debug=1200.
declare -A LIMITS=(
	[case:fast]=300 [case:debug]=900 [case:prof]=300
	[suite:fast]=3600 [suite:debug]=3000 [suite:prof]=3600
	[meta]=300 [boot]=900 [demo]=600 [ui]=600
	[bench]=7200 [profile]=1800 [held-io]=900 [suspend-latency]=900
	[fuzz]=7200 [soak-extra]=1200
)
limit() {
	local o="RQDM_LIMIT_${1//[:-]/_}"
	if [ -n "${!o:-}" ]; then
		echo "${!o}"
	elif [ -n "${LIMITS[$1]:-}" ]; then
		echo "${LIMITS[$1]}"
	else
		die "no time limit named '$1' (scripts/lib.sh, LIMITS)"
	fi
}

elapsed() {
	local s=$(($(date +%s) - $1))
	printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# guest_run TREE VARIANT RUN TIMEOUT CMD...: build TREE-VARIANT, boot it
# with RUN (emptied first) as its run directory and run CMD in it; say how
# it ended. Returns vm-run.sh's status (0 passed, 126 kernel report, ...).
guest_run() {
	local tree=$1 variant=$2 run=$3 timeout=$4 t0 r=0
	shift 4
	"$ROOT/scripts/build-kernel.sh" "$tree" "$variant" >/dev/null
	rm -rf "$run"
	t0=$(date +%s)
	RQDM_RUN_DIR=$run "$ROOT/scripts/vm-run.sh" -t "$timeout" "$(out_of "$tree" "$variant")" "$@" || r=$?
	case $r in
	0) say "$tree-$variant passed in $(elapsed "$t0")" ;;
	126) warn "$tree-$variant: the kernel log has a report (see $run/dmesg)" ;;
	*) warn "$tree-$variant failed ($r): see $run" ;;
	esac
	return $r
}
