#!/bin/bash
# How much of what the series adds is upstream's request-based code put
# back: compares the lines patches 2..N add to drivers/md/ and
# include/linux/device-mapper.h (the net change from patch 1 to the last
# patch) with the lines patch 1 removes (6.12's request-based dm).
#   scripts/copy-check.sh [GIT-TREE]
# GIT-TREE: a tree whose first commit after tag 'base' is patch 1 and
# whose HEAD is the last patch (default build/linux; series-check.sh
# passes its scratch tree, the series as exported).
# Lines are compared with their white space collapsed; blank lines, lone
# braces and comments are skipped (they neither count nor break a run).
# Prints per file the added lines, how many are identical to a removed
# line, and every run of 3 or more consecutive identical added lines with
# its place and the patch that added it. Runs in
# include/linux/device-mapper.h and runs made only of lines the interface
# dictates (module parameters, DM_MAPIO_*/DM_ENDIO_*, map_info, the
# target_type hooks) are listed apart, and so are runs with at most one
# line besides C idioms (break;, else, return r;), and runs that
# scripts/copy-check.allow accepts (by file and first line, each with its
# reason: the shape of an API). Exit status 1 when any other run is
# found.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=${1:-$PATCHED_SRC}
[ -d "$tree/.git" ] || [ -f "$tree/.git" ] || die "no git tree at $tree"
first=$(git -C "$tree" rev-list --reverse base..HEAD | head -1)
[ -n "$first" ] || die "$tree has no commits after base"
paths=(drivers/md include/linux/device-mapper.h)

removed=$(mktemp) added=$(mktemp)
trap 'rm -f "$removed" "$added"' EXIT
git -C "$tree" diff -U0 --no-color base "$first" -- "${paths[@]}" >"$removed"
git -C "$tree" diff -U0 --no-color "$first" HEAD -- "${paths[@]}" >"$added"

/usr/bin/python3 - "$removed" "$added" "$tree" "$ROOT/scripts/copy-check.allow" <<'PY'
import re, subprocess, sys
removed_diff, added_diff, tree, allow_file = sys.argv[1:5]
allow = {}
for l in open(allow_file):
    if l.strip() and not l.startswith("#"):
        f, first, why = (x.strip() for x in l.split(" | ", 2))
        allow[(f, " ".join(first.split()))] = why

def norm(line):
    s = " ".join(line.split())
    if not s or re.fullmatch(r"[{}()\[\];,]+", s):
        return None
    if s.startswith(("/*", "*", "//")) or s.endswith("*/") and "/*" in s and s.startswith("/*"):
        return None
    return s

removed = set()
for l in open(removed_diff, errors="replace"):
    if l.startswith("-") and not l.startswith("---"):
        n = norm(l[1:])
        if n:
            removed.add(n)

# Added lines, file by file, in hunks: [(file, line number, text, copied)]
files, hunks, cur, ln, f = {}, [], None, 0, None
for l in open(added_diff, errors="replace"):
    if l.startswith("+++ "):
        f = l[6:].strip() if l.startswith("+++ b/") else None
        continue
    m = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@", l)
    if m:
        ln = int(m.group(1))
        cur = []
        hunks.append((f, cur))
        continue
    if f is None or cur is None:
        continue
    if l.startswith("+"):
        n = norm(l[1:])
        if n is not None:
            c = n in removed
            cur.append((ln, n, c))
            st = files.setdefault(f, [0, 0])
            st[0] += 1
            st[1] += c
        ln += 1
    elif l.startswith("-"):
        continue

INTERFACE = re.compile(r"module_param|MODULE_PARM_DESC|DM_MAPIO_|DM_ENDIO_|map_info|"
                       r"(clone_and_map_rq|release_clone_request|rq_end_io|map_request)_fn|"
                       r"\.(clone_and_map_rq|release_clone_rq|rq_end_io) =")

# C idioms any code has: a run with one line besides these is no logic.
IDIOM = re.compile(r"(break;|continue;|default:|else|\} else \{|return( -?[A-Za-z0-9_]+)?;|"
                   r"int r;|goto \w+;|if \(r\) \{|if \(r\))")

def blame(f, ln):
    try:
        out = subprocess.run(["git", "-C", tree, "blame", "-s", "-L", f"{ln},{ln}", "HEAD", "--", f],
                             capture_output=True, text=True, check=True).stdout.split()[0]
        return subprocess.run(["git", "-C", tree, "log", "-1", "--format=%s", out],
                              capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "?"

runs = []
for f, lines in hunks:
    run = []
    for item in lines + [(0, "", False)]:
        if item[2]:
            run.append(item)
            continue
        if len(run) >= 3:
            if f.startswith("include/") or all(INTERFACE.search(t) for _, t, _ in run):
                kind = "interface"
            elif (f, run[0][1]) in allow:
                kind = "allowed"
            elif sum(1 for _, t, _ in run if not IDIOM.fullmatch(t)) <= 1:
                kind = "idiom"
            else:
                kind = "logic"
            runs.append((f, run, kind))
        run = []

ta = sum(v[0] for v in files.values())
tc = sum(v[1] for v in files.values())
print(f"copy-check: lines the series adds after patch 1 that are identical to a line patch 1 removes")
print(f"{'file':42} {'added':>6} {'same':>6} {'share':>6}")
for f in sorted(files):
    a, c = files[f]
    print(f"{f:42} {a:6} {c:6} {100 * c / a if a else 0:5.0f}%")
print(f"{'all':42} {ta:6} {tc:6} {100 * tc / ta if ta else 0:5.0f}%")
for kind, title in (("logic", "runs of 3 or more identical lines outside the interface"),
                    ("interface", "runs the interface dictates (device-mapper.h, parameters, hooks)"),
                    ("idiom", "runs of C idioms (break, else, return r) and one line besides"),
                    ("allowed", "runs scripts/copy-check.allow accepts")):
    sel = [r for r in runs if r[2] == kind]
    print(f"\n{title}: {len(sel)}")
    for f, run, _ in sel:
        print(f"  {f}:{run[0][0]}-{run[-1][0]} ({len(run)} lines, {blame(f, run[0][0])})")
        if kind == "allowed":
            print(f"    accepted: {allow[(f, run[0][1])]}")
        for _, t, _ in run:
            print(f"      {t}")
print(f"\ncopy-check: {tc} of {ta} added lines ({100 * tc / ta if ta else 0:.0f}%) are upstream's; "
      f"{sum(1 for r in runs if r[2] == 'logic')} runs of logic, "
      f"{sum(1 for r in runs if r[2] == 'allowed')} accepted as the shape of an API")
unused = set(allow) - {(f, run[0][1]) for f, run, _ in runs}
for f, first in sorted(unused):
    print(f"copy-check: scripts/copy-check.allow names a run that is gone: {f} | {first}")
sys.exit(1 if any(r[2] == "logic" for r in runs) else 0)
PY
