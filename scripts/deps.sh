#!/bin/bash
# Install what building, booting and testing need (Debian bookworm).
# Quick when everything is there already: only missing packages are fetched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(
	# kernel build
	build-essential bc bison flex libelf-dev libssl-dev ccache cpio kmod rsync git xz-utils python3
	# static checks (checkpatch's SPDX check runs Debian's python3 with ply and git)
	sparse python3-ply python3-git
	# the harness's own checks (scripts/lint.sh)
	shellcheck
	# the guest and what runs in it (open-iscsi: the iSCSI initiator of tests/san)
	qemu-system-x86 fio dmsetup sg3-utils multipath-tools util-linux procps iproute2 open-iscsi
	# scripts/distro-build.sh (Debian's configuration), scripts/deb-pkg.sh
	linux-config-6.12 dpkg-dev debhelper
	# the kernel source
	"$LINUX_SOURCE_PKG"
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}) and not root to install them"
say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install ${missing[*]} failed"
