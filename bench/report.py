#!/usr/bin/python3
"""Summarise a bench/run result folder: results.csv, results.md, iops-ratio.png.

Every figure is a median over the rounds with its min-max. Ratios:
  patched/stock  - the same cell and map on the two kernels;
  map/raw        - a map against the raw path of the same kernel and round
                   (the raw device is the limit).
"""
import csv
import os
import statistics
import subprocess
import sys
from collections import defaultdict

res = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(res, "all.csv"))))
setup = dict(line.rstrip("\n").split("=", 1)
             for line in open(os.path.join(res, "setup.txt")) if "=" in line)
metrics = ["iops", "lat_mean_us", "lat_p99_us", "cpu_us_per_io"]
# per-I/O counters, in runs made since bench/guest.sh counted them
counters = [m for m in ("softirq_per_io", "ipi_per_io", "ctxsw_per_io")
            if rows and rows[0].get(m) not in (None, "")]
metrics += counters

# (kernel, kind, map, cell) -> metric -> [values, one per round]
runs = defaultdict(lambda: defaultdict(list))
# (kernel, kind, map, cell) -> [map/raw IOPS ratio, one per round]
vs_raw = defaultdict(list)
by_round = {}
for r in rows:
    key = (r["kernel"], r["kind"], r["map"], r["cell"])
    for m in metrics:
        runs[key][m].append(float(r[m]))
    by_round[(r["round"],) + key] = float(r["iops"])
for (rnd, kernel, kind, mp, cell), iops in by_round.items():
    raw = by_round.get((rnd, kernel, kind, "raw", cell))
    if raw:
        vs_raw[(kernel, kind, mp, cell)].append(iops / raw)


def med(v):
    return statistics.median(v) if v else float("nan")


def span(v, fmt):
    return f"{fmt(med(v))} ({fmt(min(v))}–{fmt(max(v))})" if v else "–"


def kiops(x):
    return f"{x / 1000:.1f}k"


def num(x):
    return f"{x:.1f}"


def ratio(x):
    return f"{x:.2f}"


keys = sorted({k[1:] for k in runs}, key=lambda k: (k[0], k[2], ["raw", "rq", "rq-none", "bio"].index(k[1])))

with open(os.path.join(res, "results.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["kind", "map", "cell", "kernel"]
               + [f"{m}_{s}" for m in metrics for s in ("median", "min", "max")]
               + ["iops_vs_raw_median", "patched_vs_stock_iops"])
    for kind, mp, cell in keys:
        st = med(runs[("stock", kind, mp, cell)]["iops"])
        for kernel in ("stock", "patched"):
            d = runs[(kernel, kind, mp, cell)]
            if not d["iops"]:
                continue
            row = [kind, mp, cell, kernel]
            for m in metrics:
                row += [f"{med(d[m]):.2f}", f"{min(d[m]):.2f}", f"{max(d[m]):.2f}"]
            row.append(f"{med(vs_raw[(kernel, kind, mp, cell)]):.3f}")
            row.append(f"{med(d['iops']) / st:.3f}" if kernel == "patched" and st else "")
            w.writerow(row)

with open(os.path.join(res, "results.md"), "w") as f:
    f.write(f"# Benchmark {setup.get('date', '')}\n\n")
    for k in ("accel", "machine", "guest", "stock", "patched", "rounds", "elapsed"):
        f.write(f"- {k}: {setup.get(k, '?')}\n")
    f.write("\nMedians over the rounds, (min–max). `vs raw`: IOPS of the map over "
            "IOPS of the raw path, same kernel and round. `patched/stock`: median "
            "IOPS of the patched kernel over stock's, same map and cell. CPU: "
            "the guest's busy time per I/O.\n")
    for kind in sorted({k[0] for k in keys}):
        f.write(f"\n## {kind} paths\n\n")
        f.write("| cell | map | stock IOPS | patched IOPS | patched/stock | stock vs raw "
                "| patched vs raw | stock p99 µs | patched p99 µs | stock CPU µs/IO "
                "| patched CPU µs/IO |\n")
        f.write("|---|---|---|---|---|---|---|---|---|---|---|\n")
        for k2, mp, cell in keys:
            if k2 != kind:
                continue
            s = runs[("stock", kind, mp, cell)]
            p = runs[("patched", kind, mp, cell)]
            ps = med(p["iops"]) / med(s["iops"]) if s["iops"] and p["iops"] else float("nan")
            f.write(f"| {cell} | {mp} | {span(s['iops'], kiops)} | {span(p['iops'], kiops)} "
                    f"| {ps:.2f} | {span(vs_raw[('stock', kind, mp, cell)], ratio)} "
                    f"| {span(vs_raw[('patched', kind, mp, cell)], ratio)} "
                    f"| {span(s['lat_p99_us'], num)} | {span(p['lat_p99_us'], num)} "
                    f"| {span(s['cpu_us_per_io'], num)} | {span(p['cpu_us_per_io'], num)} |\n")

# Merging: write requests at the paths for the same sequential writes.
mpath = os.path.join(res, "merge.csv")
if os.path.exists(mpath):
    merge = defaultdict(list)
    writes = {}
    for r in csv.DictReader(open(mpath)):
        merge[(r["kind"], r["map"], r["kernel"])].append(int(r["requests"]))
        writes[r["kind"]] = r["writes"]
    with open(os.path.join(res, "results.md"), "a") as f:
        f.write("\n## Merging\n\nWrite requests that reached the paths for "
                "sequential 4k direct writes submitted 32 at a time (round-robin, "
                "repeat count 1); medians (min–max).\n\n")
        f.write("| paths | writes | map | stock | patched |\n|---|---|---|---|---|\n")
        for kind in sorted(writes):
            for mp in ("raw", "rq", "bio"):
                s_ = merge.get((kind, mp, "stock"), [])
                p_ = merge.get((kind, mp, "patched"), [])
                f.write(f"| {kind} | {writes[kind]} | {mp} | {span(s_, lambda x: f'{x:.0f}')} "
                        f"| {span(p_, lambda x: f'{x:.0f}')} |\n")

def dec(n):
    return lambda x: f"{x:.{n}f}"


# Per-I/O counters: what an I/O costs besides CPU time.
if counters:
    with open(os.path.join(res, "results.md"), "a") as f:
        f.write("\n## Per-I/O counters\n\nSoftirqs raised, IPIs (function call and "
                "rescheduling interrupts) and context switches in the whole guest "
                "during a run, divided by the I/Os; medians over the rounds, "
                "stock → patched.\n\n")
        f.write("| paths | cell | map | CPU µs/IO | softirqs/IO | IPIs/IO | context switches/IO |\n")
        f.write("|---|---|---|---|---|---|---|\n")
        for kind, mp, cell in keys:
            s_ = runs[("stock", kind, mp, cell)]
            p_ = runs[("patched", kind, mp, cell)]
            cols = []
            for m, n in (("cpu_us_per_io", 1), ("softirq_per_io", 2),
                         ("ipi_per_io", 2), ("ctxsw_per_io", 2)):
                cols.append(f"{med(s_[m]):.{n}f} → {med(p_[m]):.{n}f}")
            f.write(f"| {kind} | {cell} | {mp} | " + " | ".join(cols) + " |\n")

# Failover: completion gaps while a path goes offline under load.
fpath = os.path.join(res, "failover.csv")
if os.path.exists(fpath):
    fo = defaultdict(lambda: defaultdict(list))
    for r in csv.DictReader(open(fpath)):
        for m in ("iops", "gap_base_ms", "gap_max_ms", "clat_max_ms", "errors"):
            fo[(r["map"], r["kernel"])][m].append(float(r[m]))
    with open(os.path.join(res, "results.md"), "a") as f:
        f.write("\n## Failover\n\n4k random reads, QD32, over the two scsi_debug paths "
                "(round-robin); 3 s in, the first path goes offline, 3 s later it comes "
                "back and is reinstated. Longest time without a completion before the "
                "failure (the noise floor) and over the whole run (the failure), the "
                "slowest I/O, and fio's I/O errors (summed over the rounds); medians "
                "(min–max).\n\n")
        f.write("| map | kernel | IOPS | gap before ms | longest gap ms | slowest I/O ms | I/O errors |\n")
        f.write("|---|---|---|---|---|---|---|\n")
        for mp in ("rq", "bio"):
            for kernel in ("stock", "patched"):
                d = fo.get((mp, kernel))
                if not d:
                    continue
                f.write(f"| {mp} | {kernel} | {span(d['iops'], kiops)} "
                        f"| {span(d['gap_base_ms'], dec(0))} | {span(d['gap_max_ms'], dec(0))} "
                        f"| {span(d['clat_max_ms'], dec(1))} | {sum(d['errors']):.0f} |\n")

# Load balancing: a 50 us and a 2 ms null_blk path under each selector.
lpath = os.path.join(res, "lb.csv")
if os.path.exists(lpath):
    lb = defaultdict(lambda: defaultdict(list))
    for r in csv.DictReader(open(lpath)):
        tot = int(r["fast_reqs"]) + int(r["slow_reqs"])
        d = lb[(r["map"], r["selector"], r["kernel"])]
        d["iops"].append(float(r["iops"]))
        d["fast"].append(100.0 * int(r["fast_reqs"]) / tot if tot else 0)
    with open(os.path.join(res, "results.md"), "a") as f:
        f.write("\n## Load balancing\n\nTwo null_blk paths, one completing each request "
                "after 50 µs and one after 2 ms (timer mode); 4k random reads, QD32. "
                "IOPS and the share of the requests the fast path served; medians "
                "(min–max).\n\n")
        f.write("| map | selector | stock IOPS | patched IOPS | patched/stock "
                "| stock fast-path share % | patched fast-path share % |\n")
        f.write("|---|---|---|---|---|---|---|\n")
        for mp in ("rq", "bio"):
            for sel in ("round-robin", "queue-length", "service-time"):
                s_ = lb.get((mp, sel, "stock"))
                p_ = lb.get((mp, sel, "patched"))
                if not s_ or not p_:
                    continue
                f.write(f"| {mp} | {sel} | {span(s_['iops'], kiops)} | {span(p_['iops'], kiops)} "
                        f"| {med(p_['iops']) / med(s_['iops']):.2f} "
                        f"| {span(s_['fast'], dec(1))} | {span(p_['fast'], dec(1))} |\n")

# Chart: IOPS of each map relative to the raw path, per cell, both kernels.
dat = os.path.join(res, "iops-ratio.dat")
labels = []
with open(dat, "w") as f:
    for kind, mp, cell in keys:
        if mp == "raw":
            continue
        s = med(vs_raw[("stock", kind, mp, cell)])
        p = med(vs_raw[("patched", kind, mp, cell)])
        labels.append(f"{kind} {mp} {cell}")
        f.write(f"\"{kind} {mp} {cell}\" {s:.3f} {p:.3f}\n")
if labels:
    width = max(900, 20 * len(labels) + 160)
    script = f"""
set terminal pngcairo noenhanced size {width},760 font ",9"
set bmargin 15
set rmargin 8
set output "{os.path.join(res, 'iops-ratio.png')}"
set title "IOPS of the map / IOPS of the raw path ({setup.get('accel', '?').upper()}, {setup.get('date', '')[:10]})"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -90 scale 0
set yrange [0:*]
set grid ytics
set key top right
plot "{dat}" using 2:xtic(1) title "stock 6.12", "" using 3 title "patched"
"""
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if r.returncode:
        print("gnuplot failed:", r.stderr, file=sys.stderr)
print(open(os.path.join(res, "results.md")).read())
