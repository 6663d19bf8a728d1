#!/bin/bash
# An installable Debian kernel package of the patched kernel:
#   scripts/deb-pkg.sh [-k patched|stock] [-v VARIANT]
# The kernel's own 'make bindeb-pkg', from the same configuration the tests
# boot (default: the fast variant), in its own build folder
# (build/out-deb-VARIANT) with ccache, so it reuses the test kernel's
# objects. The packages (linux-image, linux-headers, linux-libc-dev) end up
# in build/deb/; install the image with 'dpkg -i'.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=patched variant=fast
while getopts "k:v:" o; do
	case $o in
	k) tree=$OPTARG ;;
	v) variant=$OPTARG ;;
	*) die "usage: scripts/deb-pkg.sh [-k patched|stock] [-v VARIANT]" ;;
	esac
done

"$ROOT/scripts/deps.sh"
"$ROOT/scripts/prepare-tree.sh" >/dev/null
t0=$(date +%s)
# the test kernel's configuration (and a warm ccache)
"$ROOT/scripts/build-kernel.sh" "$tree" "$variant"
src=$(src_of "$tree")
out=$(out_of "$tree" "deb-$variant")
debs=$BUILD/deb
mkdir -p "$out" "$debs"
cp "$(out_of "$tree" "$variant")/.config" "$out/.config"
# dpkg-buildpackage writes into the folder above the build folder
parent=$(dirname "$out")
rm -f "$parent"/linux-*.deb "$parent"/linux-upstream_*
say "make bindeb-pkg for $tree-$variant in ${out#"$ROOT"/}"
make -C "$src" O="$out" LOCALVERSION= CC="ccache gcc" HOSTCC="ccache gcc" \
	-j"$(nproc)" -s olddefconfig bindeb-pkg >"$out/deb.log" 2>&1 ||
	{ tail -30 "$out/deb.log" >&2; die "make bindeb-pkg failed; see ${out#"$ROOT"/}/deb.log"; }
rm -f "$debs"/*
mv "$parent"/linux-*.deb "$parent"/linux-upstream_* "$debs"/
image=
for f in "$debs"/linux-image-*.deb; do
	case $f in *-dbg_*) ;; *) image=$f ;; esac
done
files=$(dpkg-deb -c "$image")
grep -q ' \./boot/vmlinuz-' <<<"$files" || die "$image has no /boot/vmlinuz"
grep -q '/kernel/drivers/md/dm-multipath.ko' <<<"$files" ||
	die "$image has no dm-multipath module"
# what dpkg -i would do, without doing it
dpkg --dry-run -i "$image" >/dev/null || die "dpkg would not install $image"
say "packages in ${debs#"$ROOT"/} ($(elapsed "$t0")):"
(cd "$debs" && ls -s1h ./*.deb | sed 's/^/    /') >&2
