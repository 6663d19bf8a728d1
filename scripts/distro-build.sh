#!/bin/bash
# Compile drivers/md/ and block/ with Debian's own 6.12 amd64 configuration:
#   scripts/distro-build.sh [-k patched|stock]
# The configuration is the one Debian ships in linux-config-6.12
# (config.amd64_none_amd64, every option Debian sets), brought to the tree
# with olddefconfig; the paths of Debian's signing certificates, which are
# not part of the source, are cleared, and the five dm targets Debian
# leaves out (ebs, clone, dust, the historical-service-time and IO
# affinity path selectors) are modules too, so that every dm target
# compiles against the series' core.
# Builds out of tree in build/out-distro (stock: build/stock/out-distro),
# with ccache, and fails on any compiler error or warning in those two
# directories. Logs in OUT/distro.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=patched
while getopts "k:" o; do
	case $o in
	k) tree=$OPTARG ;;
	*) die "usage: scripts/distro-build.sh [-k patched|stock]" ;;
	esac
done

"$ROOT/scripts/deps.sh"
"$ROOT/scripts/prepare-tree.sh" >/dev/null
src=$(src_of "$tree")
out=$(out_of "$tree" distro)
cfg=/usr/src/linux-config-6.12/config.amd64_none_amd64.xz
[ -f "$cfg" ] || die "$cfg missing (package linux-config-6.12)"
mkdir -p "$out" "$CCACHE_DIR"
kmake() {
	make -C "$src" O="$out" LOCALVERSION= CC="ccache gcc" HOSTCC="ccache gcc" -j"$(nproc)" "$@"
}

t0=$(date +%s)
if ! cmp -s <(xzcat "$cfg") "$out/.debian-config" 2>/dev/null; then
	say "configuring $tree with Debian's $(basename "$cfg" .xz)"
	xzcat "$cfg" >"$out/.debian-config"
	cp "$out/.debian-config" "$out/.config"
	"$src/scripts/config" --file "$out/.config" \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		--set-str MODULE_SIG_KEY "certs/signing_key.pem" \
		--module DM_EBS --module DM_CLONE --module DM_DUST \
		--module DM_MULTIPATH_HST --module DM_MULTIPATH_IOA
	kmake -s olddefconfig >/dev/null
fi
for opt in BLK_DEV_DM DM_MULTIPATH DM_MULTIPATH_QL DM_MULTIPATH_ST DM_MULTIPATH_HST DM_MULTIPATH_IOA \
	DM_EBS DM_CLONE DM_DUST DM_CRYPT DM_THIN_PROVISIONING DM_CACHE DM_RAID DM_INTEGRITY DM_VERITY; do
	grep -qx "CONFIG_$opt=m" "$out/.config" || die "CONFIG_$opt is not a module in the configuration"
done
say "compiling drivers/md/ and block/ of $tree with Debian's configuration ($(nproc) jobs)"
set +e
kmake drivers/md/ block/ >"$out/distro.log" 2>&1
rc=$?
set -e
warnings=$(grep -cE 'warning:|error:' "$out/distro.log" || true)
objects=$(find "$out/drivers/md" "$out/block" -name '*.o' | wc -l)
grep -E 'warning:|error:' "$out/distro.log" | head -20 >&2 || true
[ "$rc" = 0 ] || die "the build failed; see ${out#"$ROOT"/}/distro.log"
[ "$warnings" = 0 ] || die "$warnings compiler warnings; see ${out#"$ROOT"/}/distro.log"
say "drivers/md/ and block/ of $tree compile cleanly with Debian's configuration: $objects objects, no warning, $(elapsed "$t0")"
