#!/bin/bash
# Build one kernel: scripts/build-kernel.sh TREE VARIANT
#   TREE    patched (build/linux) or stock (build/stock/linux)
#   VARIANT fast or debug (configs/base.config + configs/VARIANT.config)
# Out of tree, with ccache; modules installed under OUT/mod. Incremental:
# the config is regenerated only when a fragment changed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:?usage: build-kernel.sh patched|stock fast|debug}
variant=${2:?usage: build-kernel.sh patched|stock fast|debug}
src=$(src_of "$tree")
out=$(out_of "$tree" "$variant")
[ -f "$ROOT/configs/$variant.config" ] || die "no configs/$variant.config"
[ -f "$src/Makefile" ] || die "$src missing: run scripts/prepare-tree.sh"

mkdir -p "$out" "$CCACHE_DIR"
kmake() {
	make -C "$src" O="$out" LOCALVERSION= CC="ccache gcc" HOSTCC="ccache gcc" -j"$(nproc)" "$@"
}

fragments=("$ROOT/configs/base.config" "$ROOT/configs/$variant.config")
cfghash=$(cat "${fragments[@]}" | sha1sum | cut -c1-40)
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.rqdm-config" 2>/dev/null)" != "$cfghash" ]; then
	say "configuring $tree-$variant (tinyconfig + ${fragments[*]##*/})"
	kmake -s tinyconfig >/dev/null
	(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config "${fragments[@]}") >"$out/merge.log" 2>&1
	kmake -s olddefconfig >/dev/null
	# Every option a fragment asks for must have stuck; say which did not.
	bad=0
	for f in "${fragments[@]}"; do
		while IFS= read -r line; do
			case $line in CONFIG_*=*) ;; *) continue ;; esac
			opt=${line%%=*} val=${line#*=}
			if [ "$val" = n ]; then
				grep -q "^$opt=" "$out/.config" && { warn "$opt=n did not stick"; bad=1; }
			else
				grep -qx "$opt=$val" "$out/.config" || { warn "$line did not stick (have: $(grep "^$opt=" "$out/.config" || echo unset))"; bad=1; }
			fi
		done <"$f"
	done
	[ $bad = 0 ] || die "config fragments do not apply cleanly to $tree-$variant"
	echo "$cfghash" >"$out/.rqdm-config"
fi

say "building $tree-$variant in ${out#"$ROOT"/} ($(nproc) jobs, ccache in $CCACHE_DIR)"
t0=$(date +%s)
set +e
kmake bzImage modules 2>&1 | tee "$out/build.log" | awk -v t0="$t0" '
	/ (CC|LD|AR|AS)( \[M\])? / { n++; if (systime() - last >= 15) { last = systime(); printf("    ... %d objects built (%ds)\n", n, last - t0); fflush() } }
	/error:|Error [0-9]|warning:/ { print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "build of $tree-$variant failed; see ${out#"$ROOT"/}/build.log"
rm -rf "$out/mod"
kmake -s INSTALL_MOD_PATH="$out/mod" INSTALL_MOD_STRIP=1 modules_install >/dev/null
# The test suite's own modules (tests/modules/*: a dm target that shows
# what dm core asks of it), built against this kernel from a copy, so
# that the checkout stays clean; installed with the kernel's modules. A
# tree without the API one needs (the series' first patch alone has no
# request-based dm) goes without it, and the cases that need it skip.
for m in "$ROOT"/tests/modules/*/; do
	[ -f "$m/Kbuild" ] || continue
	ext=$out/ext/$(basename "$m")
	rm -rf "$ext"
	mkdir -p "$ext"
	cp "$m"/* "$ext"/
	if kmake -s M="$ext" modules >"$ext/build.log" 2>&1; then
		kmake -s M="$ext" INSTALL_MOD_PATH="$out/mod" INSTALL_MOD_STRIP=1 modules_install >/dev/null 2>&1
	else
		warn "test module $(basename "$m") does not build against $tree-$variant (${ext#"$ROOT"/}/build.log); its cases will skip"
	fi
done
kmake -s kernelrelease >"$out/kernelrelease"
[ ! -d "$out/ext" ] || depmod -b "$out/mod" "$(cat "$out/kernelrelease")"
say "built $tree-$variant $(cat "$out/kernelrelease") in $(elapsed "$t0")"
