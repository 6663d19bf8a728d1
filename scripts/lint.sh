#!/bin/bash
# The harness's own checks, on the host, in seconds:
#   scripts/lint.sh
# 1. shellcheck (warnings and errors; .shellcheckrc) over every shell
#    file of the harness: tests/check, tests/new, tests/meta/check,
#    tests/common/*, the cases, scripts/, bench/ and guest/.
# 2. The README's case table: one row for each case under tests/ (the
#    fixtures of tests/meta aside), and no row for a case that is gone.
# RQDM_COUNTS=FILE: "1 0 0" or "0 1 0" go there (scripts/check-all.sh).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
bad=0

command -v shellcheck >/dev/null || "$ROOT/scripts/deps.sh" >/dev/null
files=()
for f in tests/check tests/new tests/meta/check tests/common/* tests/*/[0-9][0-9][0-9] \
	scripts/*.sh bench/* guest/*; do
	[ -f "$f" ] || continue
	case $(head -c 64 "$f") in
	'#!/bin/bash'* | '#!/bin/sh'* | '# shellcheck shell='* | *'shellcheck shell='*) files+=("$f") ;;
	*) grep -q '^# shellcheck shell=' "$f" && files+=("$f") ;;
	esac
done
if out=$(shellcheck -S warning -f gcc "${files[@]}" 2>&1); then
	echo "lint: shellcheck: ${#files[@]} files, clean"
else
	echo "lint: shellcheck over ${#files[@]} files:"
	echo "$out" | sed 's/^/    /'
	bad=1
fi

cases=$(for c in tests/*/[0-9][0-9][0-9]; do
	case $c in tests/meta/*) ;; *) echo "${c#tests/}" ;; esac
done | sort)
rows=$(sed -n 's/^| \([a-z][a-z0-9_-]*\/[0-9][0-9][0-9]\) | .*/\1/p' README.md | sort)
missing=$(comm -23 <(echo "$cases") <(echo "$rows"))
stale=$(comm -13 <(echo "$cases") <(echo "$rows" | uniq))
twice=$(echo "$rows" | uniq -d)
if [ -z "$missing$stale$twice" ]; then
	echo "lint: README's case table: one row for each of the $(echo "$cases" | wc -l) cases"
else
	[ -z "$missing" ] || echo "lint: README's case table has no row for: $(echo $missing)"
	[ -z "$stale" ] || echo "lint: README's case table has rows for cases that are gone: $(echo $stale)"
	[ -z "$twice" ] || echo "lint: README's case table has more than one row for: $(echo $twice)"
	bad=1
fi

counts="1 0 0" line="1 passed, 0 failed, 0 skipped"
[ $bad = 0 ] || counts="0 1 0" line="0 passed, 1 failed, 0 skipped"
[ -z "${RQDM_COUNTS:-}" ] || echo "$counts" >"$RQDM_COUNTS"
echo "$line"
[ $bad = 0 ]
