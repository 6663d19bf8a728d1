#!/bin/bash
# Prepare build/linux: the Debian linux-source tree as a git repository whose
# first commit is tagged 'base', with patches/series applied on top, and
# build/stock/linux, a worktree of the same repository at 'base'.
#
# The tree is developed in with ordinary git; scripts/export-series.sh
# writes the commits since 'base' back to patches/. This script re-applies
# the series only when patches/ changed since it last applied or exported
# and the tree holds no work of its own since then.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

install_source() {
	local have
	have=$(dpkg-query -W -f='${Version}' "$LINUX_SOURCE_PKG" 2>/dev/null || true)
	[ "$have" = "$LINUX_SOURCE_PIN" ] && return 0
	if apt-get install -y -q --no-install-recommends "$LINUX_SOURCE_PKG=$LINUX_SOURCE_PIN" >/dev/null 2>&1; then
		return 0
	fi
	warn "$LINUX_SOURCE_PKG $LINUX_SOURCE_PIN is not available; using the newest version."
	warn "The series is tested on $LINUX_SOURCE_PIN and may not apply to another one."
	apt-get install -y -q --no-install-recommends "$LINUX_SOURCE_PKG" >/dev/null ||
		die "cannot install $LINUX_SOURCE_PKG"
}

git_base() {
	git -C "$PATCHED_SRC" -c user.name=base -c user.email=base@localhost "$@"
}

extract_base() {
	local tarball=/usr/src/$LINUX_SOURCE_PKG.tar.xz version t0
	version=$(dpkg-query -W -f='${Version}' "$LINUX_SOURCE_PKG")
	[ -f "$tarball" ] || die "$tarball missing"
	say "extracting $LINUX_SOURCE_PKG $version into build/linux"
	t0=$(date +%s)
	rm -rf "$PATCHED_SRC.tmp" && mkdir -p "$PATCHED_SRC.tmp"
	tar -xJf "$tarball" -C "$PATCHED_SRC.tmp" --strip-components=1
	git -C "$PATCHED_SRC.tmp" init -q -b series
	# Kernel's own .gitignore files would hide nothing of a pristine tree,
	# but add with -f so every shipped file is in 'base'.
	git -C "$PATCHED_SRC.tmp" add -A -f .
	GIT_AUTHOR_DATE='2009-06-01T00:00:00Z' GIT_COMMITTER_DATE='2009-06-01T00:00:00Z' \
		git -C "$PATCHED_SRC.tmp" -c user.name=base -c user.email=base@localhost \
		commit -q -m "Debian $LINUX_SOURCE_PKG $version"
	git -C "$PATCHED_SRC.tmp" tag base
	git -C "$PATCHED_SRC.tmp" config core.abbrev 12
	mv "$PATCHED_SRC.tmp" "$PATCHED_SRC"
	say "extracted in $(elapsed "$t0")"
}

# Debian's tarball ends the top-level .gitignore with "/*", which hides every
# file a patch adds. Drop that block from the working copy only and tell git
# to leave the file alone, so 'base' stays the pristine tree.
unignore_debian() {
	local tree=$1
	grep -qx '/\*' "$tree/.gitignore" 2>/dev/null || return 0
	git -C "$tree" update-index --skip-worktree .gitignore
	sed -i '/^# Debian packaging: ignore everything/,$d' "$tree/.gitignore"
	sed -i '${/^#$/d}' "$tree/.gitignore"
}


apply_series() {
	local p n=0
	git_base checkout -q -f -B series base
	for p in $(series_list); do
		[ -f "$ROOT/patches/$p" ] || die "patches/series names $p, which is missing"
		if ! git_base am -q --keep-cr "$ROOT/patches/$p" >/dev/null 2>&1; then
			git_base am --abort >/dev/null 2>&1 || true
			die "patch $p does not apply to base; the tree is left at the patch before it"
		fi
		n=$((n + 1))
	done
	echo "$(series_hash) $(git_base rev-parse HEAD)" >"$SERIES_STAMP"
	say "applied $n patch(es) from patches/series"
}

main() {
	install_source
	mkdir -p "$BUILD"
	[ -d "$PATCHED_SRC/.git" ] || extract_base
	git_base rev-parse -q --verify base >/dev/null || die "build/linux has no tag 'base'"

	local want head applied_hash applied_head
	want=$(series_hash)
	head=$(git_base rev-parse HEAD)
	[ -f "$SERIES_STAMP" ] && read -r applied_hash applied_head <"$SERIES_STAMP"
	if [ "${applied_hash:-}" = "$want" ]; then
		if [ "$head" != "$applied_head" ]; then
			warn "build/linux has commits not exported to patches/ (scripts/export-series.sh); building the tree as it is"
		fi
	elif [ -z "${applied_head:-}" ] || [ "$head" = "$applied_head" ]; then
		apply_series
	else
		die "patches/ changed and build/linux has its own commits since the last apply/export; export or reset them first (git -C build/linux log base..)"
	fi
	unignore_debian "$PATCHED_SRC"
	if ! git_base diff --quiet HEAD; then
		warn "build/linux has uncommitted changes; they are built but not part of patches/"
	fi

	if [ ! -e "$STOCK_SRC/.git" ]; then
		say "creating the stock tree (build/stock/linux at tag base)"
		mkdir -p "$(dirname "$STOCK_SRC")"
		git_base worktree prune
		git_base worktree add -q --detach "$STOCK_SRC" base
	fi
}

main "$@"
