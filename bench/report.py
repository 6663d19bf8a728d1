#!/usr/bin/python3
"""Summarise a bench/run result folder, and quote it in the README.

  bench/report.py RESULTS             write results.csv, results.md, readme.md
                                      and iops-ratio.png into RESULTS
  bench/report.py --readme [RESULTS]  rewrite README.md's benchmark block from
                                      RESULTS (default: the newest run of every
                                      cell and kind under bench/results)
  bench/report.py --check             exit 1 when README.md's block is not what
                                      that newest run gives

Every ratio is taken per round and then summarised as the median (min-max)
over the rounds:
  map/raw        a map against the raw path, same boot;
  rq/bio         the request-based map (default scheduler, or none) against
                 queue_mode bio, same boot;
  patched/stock  the same cell and map on the two kernels, same round;
  A/A            patched-aa over patched, same round: two boots of one
                 kernel. Its largest deviation from 1 over the rounds is the
                 cell's noise floor; a patched/stock median closer to 1 than
                 that is marked as noise (~).
Runs made before bench/run booted an A/A control, balanced its order or
sampled the steady state are still read; what they lack is said.
"""
import csv
import difflib
import os
import statistics
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
README = os.path.join(ROOT, "README.md")
BEGIN = "<!-- begin bench/report.py --readme: generated, do not edit -->"
END = "<!-- end bench/report.py --readme -->"
MAPS = ["raw", "rq", "rq-none", "bio", "native-numa", "native-rr", "native-qd"]
KINDS = ["null_blk", "scsi_debug", "nvme_tcp"]
KERNELS = ["stock", "patched", "patched-aa"]


def med(v):
    return statistics.median(v) if v else float("nan")


def span(v, fmt):
    return f"{fmt(med(v))} ({fmt(min(v))}–{fmt(max(v))})" if v else "–"


def kiops(x):
    return f"{x / 1000:.1f}k"


def dec(n):
    return lambda x: f"{x:.{n}f}"


def rng(v, fmt=dec(2)):
    return f"{fmt(min(v))}–{fmt(max(v))}" if v else "–"


def cell_order(cell):
    order = ["rr4k-qd1", "rr4k-qd1-jN", "rr4k-qd32", "rr4k-qd32-jN", "rw4k-qd1",
             "rw4k-qd1-jN", "rw4k-qd32", "rw4k-qd32-jN", "rrw4k-qd32", "sw4k-qd32",
             "sw128k-qd32", "sr128k-qd32", "sr1m-qd8"]
    return order.index(cell) if cell in order else len(order)


CELL_NAMES = {
    "rr4k-qd1": "4k randread QD1", "rr4k-qd1-jN": "4k randread QD1, N jobs",
    "rr4k-qd32": "4k randread QD32", "rr4k-qd32-jN": "4k randread QD32, N jobs",
    "rw4k-qd1": "4k randwrite QD1", "rw4k-qd1-jN": "4k randwrite QD1, N jobs",
    "rw4k-qd32": "4k randwrite QD32", "rw4k-qd32-jN": "4k randwrite QD32, N jobs",
    "rrw4k-qd32": "4k random 70/30 mix QD32", "sw4k-qd32": "4k seq write QD32",
    "sw128k-qd32": "128k seq write QD32", "sr128k-qd32": "128k seq read QD32",
    "sr1m-qd8": "1M seq read QD8",
}


def words(setup):
    """setup.txt's 'rounds=4 runtime=5s cells=all ...' line as a dict."""
    return dict(w.split("=", 1) for w in ("rounds=" + setup.get("rounds", "")).split() if "=" in w)


class Run:
    """One result folder: every row by (round, kernel, kind, map, cell)."""

    def __init__(self, res):
        self.res = res
        self.name = os.path.basename(os.path.normpath(res))
        self.rows = list(csv.DictReader(open(os.path.join(res, "all.csv"))))
        self.setup = dict(line.rstrip("\n").split("=", 1)
                          for line in open(os.path.join(res, "setup.txt")) if "=" in line)
        cols = self.rows[0].keys() if self.rows else []
        # total latency (submission + completion) since the steady-state
        # sampler; completion latency (mean, p99) before
        self.total_lat = "tlat_mean_us" in cols
        self.steady = "steady" in cols
        self.v = {}
        for r in self.rows:
            self.v[(r["round"], r["kernel"], r["kind"], r["map"], r["cell"])] = r
        self.rounds = sorted({r["round"] for r in self.rows}, key=int)
        self.kernels = [k for k in KERNELS if any(r["kernel"] == k for r in self.rows)]
        self.aa = "patched-aa" in self.kernels
        self.keys = sorted({(r["kind"], r["map"], r["cell"]) for r in self.rows},
                           key=lambda k: (KINDS.index(k[0]) if k[0] in KINDS else 9,
                                          cell_order(k[2]), MAPS.index(k[1])))
        self.kinds = [k for k in KINDS if any(x[0] == k for x in self.keys)]

    def cells(self, kind):
        return sorted({c for k, m, c in self.keys if k == kind}, key=cell_order)

    def maps(self, kind, cell):
        return [m for m in MAPS if (kind, m, cell) in self.keys]

    def get(self, rnd, kernel, kind, mp, cell, m):
        r = self.v.get((rnd, kernel, kind, mp, cell))
        if r is None or r.get(m) in (None, ""):
            return None
        return float(r[m])

    def values(self, kernel, kind, mp, cell, m):
        return [x for x in (self.get(rnd, kernel, kind, mp, cell, m) for rnd in self.rounds)
                if x is not None]

    def ratio(self, num, den, m="iops"):
        """Per-round ratios; num and den are (kernel, kind, map, cell)."""
        out = []
        for rnd in self.rounds:
            a, b = self.get(rnd, *num, m), self.get(rnd, *den, m)
            if a is not None and b:
                out.append(a / b)
        return out

    def vs_raw(self, kernel, kind, mp, cell):
        return self.ratio((kernel, kind, mp, cell), (kernel, kind, "raw", cell))

    def vs_bio(self, kernel, kind, mp, cell):
        return self.ratio((kernel, kind, mp, cell), (kernel, kind, "bio", cell))

    def ps(self, kind, mp, cell, m="iops"):
        return self.ratio(("patched", kind, mp, cell), ("stock", kind, mp, cell), m)

    def aa_ratio(self, kind, mp, cell, m="iops"):
        return self.ratio(("patched-aa", kind, mp, cell), ("patched", kind, mp, cell), m)

    def floor(self, kind, mp, cell, m="iops"):
        """The A/A noise floor: the largest deviation of patched-aa/patched from 1."""
        a = self.aa_ratio(kind, mp, cell, m)
        return max(abs(x - 1) for x in a) if a else None

    def noise(self, kind, mp, cell, m="iops"):
        """True when patched/stock is within the A/A floor, None without one."""
        f, p = self.floor(kind, mp, cell, m), self.ps(kind, mp, cell, m)
        if f is None or not p:
            return None
        return abs(med(p) - 1) <= f

    def ps_text(self, kind, mp, cell, m="iops"):
        p = self.ps(kind, mp, cell, m)
        if not p:
            return "–"
        return span(p, dec(2)) + (" ~" if self.noise(kind, mp, cell, m) else "")

    def floor_text(self, kind, mp, cell, m="iops"):
        f = self.floor(kind, mp, cell, m)
        return f"±{100 * f:.1f}%" if f is not None else "–"

    def adds(self, kernel, kind, mp, cell):
        """Per-round microseconds a map adds over raw to the mean total latency."""
        m = "tlat_mean_us" if self.total_lat else "lat_mean_us"
        out = []
        for rnd in self.rounds:
            a, b = self.get(rnd, kernel, kind, mp, cell, m), self.get(rnd, kernel, kind, "raw", cell, m)
            if a is not None and b is not None:
                out.append(a - b)
        return out

    def sub(self, name):
        p = os.path.join(self.res, name)
        return list(csv.DictReader(open(p))) if os.path.exists(p) else []

    def caveats(self):
        """What this run lacks that a reviewer needs to know."""
        out = []
        if "order" not in self.setup:
            out.append("boot order: stock before patched in every round (not balanced)")
        if not self.aa:
            out.append("no A/A boot: no noise floor; patched/stock is not marked")
        if not self.steady:
            out.append("CPU per I/O: busy jiffies (HZ 250) over the whole fio run, its "
                       "start-up and exit included, not the steady state")
        if not self.total_lat:
            out.append("latency: completion latency (mean, p99), not total latency")
        bad = [r for r in self.rows if r.get("steady") == "0"]
        if bad:
            out.append(f"{len(bad)} of {len(self.rows)} fio runs had a sampling window "
                       "outside their steady state (listed in results.md)")
        pat = self.setup.get("patched", "")
        hashes = set(pat.split("bzImage")[-1].split()) if "bzImage" in pat else set()
        if len(hashes) > 1:
            out.append("the patched kernel changed during the run (bzImage "
                       + ", ".join(sorted(hashes)) + "): the A/A control is not one kernel")
        return out


def write_results(run):
    res = run.res
    metrics = ["iops", "cpu_us_per_io"]
    if run.total_lat:
        metrics += ["tlat_mean_us", "tlat_p50_us", "tlat_p99_us", "tlat_p999_us", "tlat_max_us",
                    "cpu_tick_us_per_io", "softirq_per_io", "ipi_per_io", "ctxsw_per_io",
                    "cmds_per_io", "path1_share"]
    else:
        metrics += [m for m in ("lat_mean_us", "lat_p99_us", "softirq_per_io", "ipi_per_io",
                                "ctxsw_per_io") if run.rows and run.rows[0].get(m) not in (None, "")]
    with open(os.path.join(res, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        head = ["kind", "map", "cell", "kernel"]
        head += [f"{m}_{s}" for m in metrics for s in ("median", "min", "max")]
        head += [f"{r}_{s}" for r in ("iops_vs_raw", "iops_vs_bio", "iops_patched_vs_stock",
                                      "iops_aa", "cpu_patched_vs_stock", "cpu_aa")
                 for s in ("median", "min", "max")]
        head += ["iops_noise", "cpu_noise"]
        w.writerow(head)
        for kind, mp, cell in run.keys:
            for kernel in run.kernels:
                if not run.values(kernel, kind, mp, cell, "iops"):
                    continue
                row = [kind, mp, cell, kernel]
                for m in metrics:
                    v = run.values(kernel, kind, mp, cell, m)
                    row += [f"{med(v):.3f}", f"{min(v):.3f}", f"{max(v):.3f}"] if v else ["", "", ""]
                pat = kernel == "patched"
                for v in (run.vs_raw(kernel, kind, mp, cell) if mp != "raw" else [],
                          run.vs_bio(kernel, kind, mp, cell) if mp in ("rq", "rq-none") else [],
                          run.ps(kind, mp, cell) if pat else [],
                          run.aa_ratio(kind, mp, cell) if pat else [],
                          run.ps(kind, mp, cell, "cpu_us_per_io") if pat else [],
                          run.aa_ratio(kind, mp, cell, "cpu_us_per_io") if pat else []):
                    row += [f"{med(v):.3f}", f"{min(v):.3f}", f"{max(v):.3f}"] if v else ["", "", ""]
                for m in ("iops", "cpu_us_per_io"):
                    n = run.noise(kind, mp, cell, m) if pat else None
                    row.append("" if n is None else int(n))
                w.writerow(row)

    s = run.setup
    md = [f"# Benchmark {s.get('date', '')}", ""]
    for k in ("accel", "machine", "guest", "stock", "patched", "series", "config", "rounds",
              "order", "host_load", "elapsed"):
        if k in s:
            md.append(f"- {k}: {s[k]}")
    md += ["", "Ratios, each taken per round and summarised as the median (min–max) over the rounds:", "",
           "- map/raw: a map against the raw path, same boot;",
           "- rq/bio: the request-based map (default scheduler, or none) against `queue_mode bio`, same boot;",
           "- patched/stock: the same cell and map on the two kernels, same round;",
           "- A/A: patched-aa over patched, same round: two boots of one kernel. Its largest "
           "deviation from 1 over the rounds is the cell's noise floor; a patched/stock median "
           "closer to 1 than that is marked `~` (noise).", ""]
    if run.steady:
        md += ["CPU per I/O: the guest's busy time (CPUs × the window, less the idle and "
               "iowait time NO_HZ_IDLE measures at each idle entry and exit) over a window "
               "inside fio's steady state, per I/O of that window; `tick`: the same from "
               "the tick-sampled user, system, irq and softirq times. Latency: fio's total "
               "latency (submission + completion). Commands per I/O: requests the paths "
               "completed in the window per I/O of fio; path 1: its part of them.", ""]
    for c in run.caveats():
        md.append(f"- **{c}**")
    if run.caveats():
        md.append("")

    if run.aa:
        md += ["## The raw paths and the noise floor", "",
               "dm is not involved on the raw path, so patched/stock there should be noise. "
               "`A/A`: patched-aa/patched per round; `floor`: its largest deviation from 1; "
               "`~`: the patched/stock median is within the floor.", "",
               "| paths | cell | IOPS patched/stock | IOPS A/A | IOPS floor | CPU/IO patched/stock "
               "| CPU/IO A/A | CPU/IO floor |", "|---|---|---|---|---|---|---|---|"]
        for kind in run.kinds:
            for cell in run.cells(kind):
                if "raw" not in run.maps(kind, cell):
                    continue
                md.append(f"| {kind} | {cell} | {run.ps_text(kind, 'raw', cell)} "
                          f"| {span(run.aa_ratio(kind, 'raw', cell), dec(2))} "
                          f"| {run.floor_text(kind, 'raw', cell)} "
                          f"| {run.ps_text(kind, 'raw', cell, 'cpu_us_per_io')} "
                          f"| {span(run.aa_ratio(kind, 'raw', cell, 'cpu_us_per_io'), dec(2))} "
                          f"| {run.floor_text(kind, 'raw', cell, 'cpu_us_per_io')} |")
        md.append("")
        md.append(raw_summary(run))
        md.append("")

    for kind in run.kinds:
        md += [f"## {kind} paths: IOPS", "",
               "| cell | map | stock | patched | patched/stock | A/A floor | stock map/raw "
               "| patched map/raw | stock rq/bio | patched rq/bio |",
               "|---|---|---|---|---|---|---|---|---|---|"]
        for cell in run.cells(kind):
            for mp in run.maps(kind, cell):
                rb = mp in ("rq", "rq-none")
                md.append(
                    f"| {cell} | {mp} | {span(run.values('stock', kind, mp, cell, 'iops'), kiops)} "
                    f"| {span(run.values('patched', kind, mp, cell, 'iops'), kiops)} "
                    f"| {run.ps_text(kind, mp, cell)} | {run.floor_text(kind, mp, cell)} "
                    f"| {span(run.vs_raw('stock', kind, mp, cell), dec(2)) if mp != 'raw' else ''} "
                    f"| {span(run.vs_raw('patched', kind, mp, cell), dec(2)) if mp != 'raw' else ''} "
                    f"| {span(run.vs_bio('stock', kind, mp, cell), dec(2)) if rb else ''} "
                    f"| {span(run.vs_bio('patched', kind, mp, cell), dec(2)) if rb else ''} |")
        md.append("")
        md += [f"## {kind} paths: CPU per I/O (µs)", ""]
        if run.steady:
            md += ["| cell | map | stock | patched | patched/stock | A/A floor | stock tick "
                   "| patched tick | softirqs/IO | IPIs/IO | context switches/IO |",
                   "|---|---|---|---|---|---|---|---|---|---|---|"]
        else:
            md += ["| cell | map | stock | patched | patched/stock |", "|---|---|---|---|---|"]
        for cell in run.cells(kind):
            for mp in run.maps(kind, cell):
                line = (f"| {cell} | {mp} | {span(run.values('stock', kind, mp, cell, 'cpu_us_per_io'), dec(1))} "
                        f"| {span(run.values('patched', kind, mp, cell, 'cpu_us_per_io'), dec(1))} "
                        f"| {run.ps_text(kind, mp, cell, 'cpu_us_per_io')} ")
                if run.steady:
                    line += (f"| {run.floor_text(kind, mp, cell, 'cpu_us_per_io')} "
                             f"| {dec(1)(med(run.values('stock', kind, mp, cell, 'cpu_tick_us_per_io')))} "
                             f"| {dec(1)(med(run.values('patched', kind, mp, cell, 'cpu_tick_us_per_io')))} ")
                    for m in ("softirq_per_io", "ipi_per_io", "ctxsw_per_io"):
                        line += (f"| {med(run.values('stock', kind, mp, cell, m)):.3f} → "
                                 f"{med(run.values('patched', kind, mp, cell, m)):.3f} ")
                md.append(line + "|")
        md.append("")
        if run.total_lat:
            md += [f"## {kind} paths: total latency (µs)", "",
                   "p50 / p99 / p99.9 / max, medians over the rounds.", "",
                   "| cell | map | stock | patched |", "|---|---|---|---|"]
            for cell in run.cells(kind):
                for mp in run.maps(kind, cell):
                    cols = []
                    for kernel in ("stock", "patched"):
                        cols.append(" / ".join(
                            f"{med(run.values(kernel, kind, mp, cell, m)):.0f}"
                            for m in ("tlat_p50_us", "tlat_p99_us", "tlat_p999_us", "tlat_max_us")))
                    md.append(f"| {cell} | {mp} | {cols[0]} | {cols[1]} |")
            md.append("")
            md += [f"## {kind} paths: commands at the paths", "",
                   "Requests the two paths completed per I/O of fio, and path 1's part of "
                   "them; medians over the rounds.", "",
                   "| cell | map | stock commands/IO | patched commands/IO | stock path 1 "
                   "| patched path 1 |", "|---|---|---|---|---|---|"]
            for cell in run.cells(kind):
                for mp in run.maps(kind, cell):
                    md.append(f"| {cell} | {mp} "
                              f"| {med(run.values('stock', kind, mp, cell, 'cmds_per_io')):.2f} "
                              f"| {med(run.values('patched', kind, mp, cell, 'cmds_per_io')):.2f} "
                              f"| {100 * med(run.values('stock', kind, mp, cell, 'path1_share')):.0f}% "
                              f"| {100 * med(run.values('patched', kind, mp, cell, 'path1_share')):.0f}% |")
            md.append("")

    md += qd1_table(run, "## What a map adds to each I/O at QD1")

    merge = defaultdict(list)
    writes = {}
    for r in run.sub("merge.csv"):
        merge[(r["kind"], r["map"], r["kernel"])].append(int(r["requests"]))
        writes[r["kind"]] = r["writes"]
    if writes:
        md += ["## Merging", "", "Write requests that reached the paths for sequential 4k direct "
               "writes submitted 32 at a time (round-robin, repeat count 1); medians (min–max).", "",
               "| paths | writes | map | stock | patched |", "|---|---|---|---|---|"]
        for kind in sorted(writes):
            for mp in ("raw", "rq", "bio"):
                md.append(f"| {kind} | {writes[kind]} | {mp} | {span(merge.get((kind, mp, 'stock'), []), dec(0))} "
                          f"| {span(merge.get((kind, mp, 'patched'), []), dec(0))} |")
        md.append("")

    fo = defaultdict(lambda: defaultdict(list))
    for r in run.sub("failover.csv"):
        for m in ("iops", "gap_base_ms", "gap_max_ms", "clat_max_ms", "errors"):
            fo[(r["map"], r["kernel"])][m].append(float(r[m]))
    if fo:
        md += ["## Failover", "", "4k random reads, QD32, over the two scsi_debug paths "
               "(round-robin); 3 s in, the first path goes offline, 3 s later it comes back and "
               "is reinstated. Longest time without a completion before the failure (the noise "
               "floor) and over the whole run (the failure), the slowest I/O, and fio's I/O "
               "errors (summed over the rounds); medians (min–max).", "",
               "| map | kernel | IOPS | gap before ms | longest gap ms | slowest I/O ms | I/O errors |",
               "|---|---|---|---|---|---|---|"]
        for mp in ("rq", "bio"):
            for kernel in run.kernels:
                d = fo.get((mp, kernel))
                if d:
                    md.append(f"| {mp} | {kernel} | {span(d['iops'], kiops)} "
                              f"| {span(d['gap_base_ms'], dec(0))} | {span(d['gap_max_ms'], dec(0))} "
                              f"| {span(d['clat_max_ms'], dec(1))} | {sum(d['errors']):.0f} |")
        md.append("")

    lb = load_balance(run)
    if lb:
        md += ["## Load balancing", "", "Two null_blk paths, one completing each request after "
               "50 µs and one after 2 ms (timer mode); 4k random reads, QD32. IOPS and the share "
               "of the requests the fast path served; medians (min–max).", "",
               "| map | selector | stock IOPS | patched IOPS | patched/stock "
               "| stock fast-path share % | patched fast-path share % |", "|---|---|---|---|---|---|---|"]
        for mp in ("rq", "bio"):
            for sel in ("round-robin", "queue-length", "service-time"):
                s_, p_ = lb.get((mp, sel, "stock")), lb.get((mp, sel, "patched"))
                if s_ and p_:
                    md.append(f"| {mp} | {sel} | {span(s_['iops'], kiops)} | {span(p_['iops'], kiops)} "
                              f"| {span(lb_ps(run, mp, sel), dec(2))} "
                              f"| {span(s_['fast'], dec(1))} | {span(p_['fast'], dec(1))} |")
        md.append("")

    nv = os.path.join(res, "nvme.txt")
    if os.path.exists(nv) and os.path.getsize(nv):
        md += ["## NVMe/TCP: how each path and map was reached", "", "```",
               open(nv).read().rstrip(), "```", ""]

    bad = [r for r in run.rows if r.get("steady") == "0"]
    if bad:
        md += ["## Windows outside the steady state", "",
               "fio runs whose second snapshot came after a job had ended, or whose first "
               "came before the last job's ramp was over (their per-I/O figures are less "
               "exact):", ""]
        md += [f"- round {r['round']} {r['kernel']} {r['kind']} {r['map']} {r['cell']} "
               f"(window {r['window_s']} s)" for r in bad]
        md.append("")

    open(os.path.join(res, "results.md"), "w").write("\n".join(md))
    open(os.path.join(res, "readme.md"), "w").write(readme_block(run))
    chart(run)


def lb_rows(run):
    out = defaultdict(dict)
    for r in run.sub("lb.csv"):
        out[(r["map"], r["selector"])][(r["round"], r["kernel"])] = r
    return out


def load_balance(run):
    lb = defaultdict(lambda: defaultdict(list))
    for r in run.sub("lb.csv"):
        tot = int(r["fast_reqs"]) + int(r["slow_reqs"])
        d = lb[(r["map"], r["selector"], r["kernel"])]
        d["iops"].append(float(r["iops"]))
        d["fast"].append(100.0 * int(r["fast_reqs"]) / tot if tot else 0)
    return lb


def lb_ps(run, mp, sel):
    rows = lb_rows(run)[(mp, sel)]
    out = []
    for rnd in run.rounds:
        p, s = rows.get((rnd, "patched")), rows.get((rnd, "stock"))
        if p and s and float(s["iops"]):
            out.append(float(p["iops"]) / float(s["iops"]))
    return out


def raw_summary(run):
    """One sentence: how many raw cells agree across kernels within the A/A floor."""
    parts = []
    for m, what in (("iops", "IOPS"), ("cpu_us_per_io", "CPU per I/O")):
        n = [run.noise(kind, "raw", cell, m) for kind in run.kinds for cell in run.cells(kind)
             if "raw" in run.maps(kind, cell)]
        n = [x for x in n if x is not None]
        p = [med(run.ps(kind, "raw", cell, m)) for kind in run.kinds for cell in run.cells(kind)
             if run.ps(kind, "raw", cell, m)]
        parts.append(f"{what} patched/stock {rng(p)}, within the A/A floor in {sum(n)} of {len(n)} cells")
    return "Raw paths: " + "; ".join(parts) + "."


def qd1_table(run, title, kinds=KINDS):
    cells = [(kind, cell) for kind in run.kinds for cell in run.cells(kind)
             if kind in kinds and cell.endswith("-qd1") and "raw" in run.maps(kind, cell)]
    if not cells:
        return []
    what = "mean total latency" if run.total_lat else "mean completion latency"
    maps = [m for m in MAPS[1:] if any(m in run.maps(k, c) for k, c in cells)]
    out = [title, "", f"Microseconds of {what} a map adds over the raw path at QD1, per round "
           "in one boot; median (min–max).", "",
           "| paths | cell | kernel | " + " | ".join(maps) + " |",
           "|---|---|---|" + "---|" * len(maps)]
    for kind, cell in cells:
        for kernel in ("stock", "patched"):
            out.append(f"| {kind} | {cell} | {kernel} | " + " | ".join(
                span(run.adds(kernel, kind, m, cell), dec(1)) for m in maps) + " |")
    return out + [""]


def readme_block(run):
    """The README's benchmark figures: generated, quoted between BEGIN and END."""
    s = run.setup
    rel = os.path.relpath(run.res, ROOT)
    out = [BEGIN, "",
           f"{s.get('date', '')[:10]}, {s.get('accel', '?').upper()}, {s.get('machine', '?')}; "
           f"guest {s.get('guest', '?')}; stock {s.get('stock', '?')}; patched {s.get('patched', '?')}. "
           f"{words(s).get('rounds', '?')} rounds, {words(s).get('runtime', '?')} a cell, "
           f"{s.get('elapsed', '?').split(',')[0]} in all."]
    if "order" in s:
        out[-1] += f" Boot order by round: {s['order']}."
    if "series" in s:
        out[-1] += f" Series: {s['series']}."
    out[-1] += f" Full tables: [`{rel}/results.md`]({rel}/results.md)."
    cav = run.caveats()
    if cav:
        out += ["", "What this run lacks:", ""] + [f"- {c}" for c in cav]

    kind = "null_blk" if "null_blk" in run.kinds else (run.kinds[0] if run.kinds else None)
    if kind:
        maps = [m for m in ("rq", "rq-none", "bio") if any(m in run.maps(kind, c) for c in run.cells(kind))]
        out += ["", f"IOPS of each map over the raw path in the same boot, {kind} paths, median of the "
                "rounds; patched/stock of the request-based map paired by round"
                + (" (`~`: within the A/A noise floor)" if run.aa else "")
                + "; rq/bio on the patched kernel:", "",
                "| cell | " + " | ".join(f"stock {m}" for m in maps) + " | "
                + " | ".join(f"patched {m}" for m in maps) + " | patched/stock rq | patched rq/bio |",
                "|---|" + "---|" * (2 * len(maps) + 2)]
        for cell in run.cells(kind):
            cols = [f"{med(run.vs_raw(k, kind, m, cell)):.2f}" for k in ("stock", "patched") for m in maps]
            ps = run.ps(kind, "rq", cell)
            pst = f"{med(ps):.2f}" + (" ~" if run.noise(kind, "rq", cell) else "") if ps else "–"
            rb = run.vs_bio("patched", kind, "rq", cell)
            out.append(f"| {CELL_NAMES.get(cell, cell)} | " + " | ".join(cols)
                       + f" | {pst} | {med(rb):.2f} |")
        out += [""]
        four = [c for c in run.cells(kind) if "4k" in c]
        bullets = []
        p_rq = [med(run.vs_raw("patched", kind, "rq", c)) for c in four]
        p_bio = [med(run.vs_raw("patched", kind, "bio", c)) for c in four]
        s_rq = [med(run.vs_raw("stock", kind, "rq", c)) for c in four]
        ps_rq = [med(run.ps(kind, "rq", c)) for c in four]
        rb = [med(run.vs_bio("patched", kind, "rq", c)) for c in four]
        bullets.append(f"4k cells over {kind}: the patched request-based map runs at {rng(p_rq)} of "
                       f"the raw path, bio-based at {rng(p_bio)}, stock's request-based map at "
                       f"{rng(s_rq)}; patched/stock {rng(ps_rq)}; rq/bio on patched {rng(rb)}.")
        ps_bio = [med(run.ps(k, "bio", c)) for k in run.kinds for c in run.cells(k) if run.ps(k, "bio", c)]
        if ps_bio:
            bullets.append(f"patched/stock of `queue_mode bio` (dm's bio-based core, unchanged by the "
                           f"series) over every kind and cell: {rng(ps_bio)}.")
        if run.aa:
            fl = {m: [run.floor(k, mp, c, m) for k, mp, c in run.keys] for m in ("iops", "cpu_us_per_io")}
            fl = {m: [x for x in v if x is not None] for m, v in fl.items()}
            bullets.append(f"Noise floor (each cell's largest A/A deviation), median over the "
                           f"{len(fl['iops'])} cells: IOPS ±{100 * med(fl['iops']):.1f}%, CPU per I/O "
                           f"±{100 * med(fl['cpu_us_per_io']):.1f}%.")
            bullets.append(raw_summary(run))
        else:
            ps_raw = [med(run.ps(k, "raw", c)) for k in run.kinds for c in run.cells(k) if run.ps(k, "raw", c)]
            pc_raw = [med(run.ps(k, "raw", c, "cpu_us_per_io")) for k in run.kinds for c in run.cells(k)
                      if run.ps(k, "raw", c, "cpu_us_per_io")]
            bullets.append(f"Raw paths (dm not involved): patched/stock IOPS {rng(ps_raw)}, CPU per I/O "
                           f"{rng(pc_raw)}, with no A/A control to tell order from kernel.")
        cell = "rr4k-qd32"
        if cell in run.cells(kind):
            fig = []
            for m in ["raw"] + maps:
                fig.append(f"{m} {med(run.values('stock', kind, m, cell, 'cpu_us_per_io')):.1f} → "
                           f"{med(run.values('patched', kind, m, cell, 'cpu_us_per_io')):.1f}")
            bullets.append(f"CPU per I/O ({'steady state' if run.steady else 'whole fio run'}), "
                           f"4k random read QD32 over {kind}, stock → patched, µs: " + "; ".join(fig) + ".")
        if "scsi_debug" in run.kinds:
            sd = [med(run.vs_raw(k, "scsi_debug", m, c)) for k in ("stock", "patched")
                  for c in run.cells("scsi_debug") for m in ("rq", "rq-none", "bio")
                  if run.vs_raw(k, "scsi_debug", m, c)]
            bullets.append(f"scsi_debug paths: every map at {rng(sd)} of raw on both kernels.")
        out += [f"- {b}" for b in bullets] + [""]

    if "nvme_tcp" in run.kinds:
        maps = [m for m in MAPS[1:] if any(m in run.maps("nvme_tcp", c) for c in run.cells("nvme_tcp"))]
        out += ["NVMe/TCP paths (two links in the guest, nvmet over null_blk): IOPS over the raw "
                "path, patched kernel (stock's request-based map in the last column); how each "
                "path is reached is listed in the full tables.", "",
                "| cell | raw IOPS | " + " | ".join(maps) + " | stock rq |",
                "|---|---|" + "---|" * (len(maps) + 1)]
        for cell in run.cells("nvme_tcp"):
            out.append(f"| {CELL_NAMES.get(cell, cell)} | {kiops(med(run.values('patched', 'nvme_tcp', 'raw', cell, 'iops')))} | "
                       + " | ".join(f"{med(run.vs_raw('patched', 'nvme_tcp', m, cell)):.2f}" for m in maps)
                       + f" | {med(run.vs_raw('stock', 'nvme_tcp', 'rq', cell)):.2f} |")
        out.append("")

    if run.total_lat:
        out += qd1_table(run, "At QD1:", ("null_blk", "nvme_tcp"))

    fo = defaultdict(list)
    for r in run.sub("failover.csv"):
        fo[(r["map"], r["kernel"])].append(r)
    if fo:
        parts = []
        for kernel in ("patched", "stock"):
            d = fo.get(("rq", kernel), [])
            if d:
                parts.append(f"{kernel} request-based {span([float(x['gap_max_ms']) for x in d], dec(0))} ms")
        base = [float(x["gap_base_ms"]) for v in fo.values() for x in v]
        err = sum(int(float(x["errors"])) for v in fo.values() for x in v)
        out += [f"- Failover (scsi_debug, a path offlined under 4k random reads QD32): {err} I/O "
                f"errors; longest time without a completion {', '.join(parts)}, against "
                f"{rng(base, dec(0))} ms before the failure."]
    lb = load_balance(run)
    if lb:
        parts = []
        for sel in ("round-robin", "queue-length", "service-time"):
            d = lb.get(("rq", sel, "patched"))
            if d:
                parts.append(f"{sel} {med(d['fast']):.0f}% (patched/stock IOPS {med(lb_ps(run, 'rq', sel)):.2f})")
        out += ["- Load balancing (a 50 µs and a 2 ms null_blk path, QD32), request-based, share "
                "of the requests on the fast path: " + ", ".join(parts) + "."]
    merge = defaultdict(list)
    for r in run.sub("merge.csv"):
        merge[(r["kind"], r["map"], r["kernel"])].append(int(r["requests"]))
    if merge:
        parts = []
        for kind in KINDS:
            for mp in ("raw", "rq", "bio"):
                s_, p_ = merge.get((kind, mp, "stock")), merge.get((kind, mp, "patched"))
                if s_ and p_:
                    parts.append(f"{kind} {mp} {med(s_):.0f} → {med(p_):.0f}")
        out += ["- Merging: requests at the paths for 16,384 sequential 4k writes, stock → "
                "patched (medians): " + ", ".join(parts) + "."]
    if os.path.exists(os.path.join(run.res, "iops-ratio.png")):
        out += ["", f"![IOPS of each map over the raw path]({rel}/iops-ratio.png)"]
    out += ["", END]
    return "\n".join(out) + "\n"


def chart(run):
    dat = os.path.join(run.res, "iops-ratio.dat")
    labels = []
    with open(dat, "w") as f:
        for kind, mp, cell in run.keys:
            if mp == "raw":
                continue
            s = med(run.vs_raw("stock", kind, mp, cell))
            p = med(run.vs_raw("patched", kind, mp, cell))
            labels.append(f"{kind} {mp} {cell}")
            f.write(f"\"{kind} {mp} {cell}\" {s:.3f} {p:.3f}\n")
    if not labels:
        return
    width = max(900, 20 * len(labels) + 160)
    script = f"""
set terminal pngcairo noenhanced size {width},760 font ",9"
set bmargin 15
set rmargin 8
set output "{os.path.join(run.res, 'iops-ratio.png')}"
set title "IOPS of the map / IOPS of the raw path, median of per-round ratios ({run.setup.get('accel', '?').upper()}, {run.setup.get('date', '')[:10]})"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -90 scale 0
set yrange [0:*]
set grid ytics
set key top right
plot "{dat}" using 2:xtic(1) title "stock 6.12", "" using 3 title "patched"
"""
    try:
        r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    except FileNotFoundError:
        print("no gnuplot: no chart", file=sys.stderr)
        return
    if r.returncode:
        print("gnuplot failed:", r.stderr, file=sys.stderr)


def newest():
    """The newest run of every cell and kind: what the README quotes."""
    for d in sorted(os.listdir(RESULTS), reverse=True):
        p = os.path.join(RESULTS, d, "setup.txt")
        if not os.path.exists(p) or not os.path.exists(os.path.join(RESULTS, d, "all.csv")):
            continue
        s = dict(line.rstrip("\n").split("=", 1) for line in open(p) if "=" in line)
        w = words(s)
        if w.get("cells") == "all" and w.get("kinds", "all") == "all":
            return os.path.join(RESULTS, d)
    sys.exit("no run of every cell and kind under bench/results")


def readme_parts():
    text = open(README).read()
    if BEGIN not in text or END not in text:
        sys.exit(f"README.md has no block between '{BEGIN}' and '{END}'")
    head, rest = text.split(BEGIN, 1)
    block, tail = rest.split(END, 1)
    return head, BEGIN + block + END + "\n", tail.lstrip("\n")


def main(argv):
    if argv and argv[0] == "--readme":
        run = Run(argv[1] if len(argv) > 1 else newest())
        head, _, tail = readme_parts()
        open(README, "w").write(head + readme_block(run) + "\n" + tail)
        return 0
    if argv and argv[0] == "--check":
        run = Run(newest())
        _, block, _ = readme_parts()
        want = readme_block(run)
        if block != want:
            sys.stdout.writelines(difflib.unified_diff(
                block.splitlines(True), want.splitlines(True), "README.md",
                f"bench/report.py --readme {os.path.relpath(run.res, ROOT)}"))
            print(f"README.md's benchmark figures are not {os.path.relpath(run.res, ROOT)}'s: "
                  "run bench/report.py --readme", file=sys.stderr)
            return 1
        return 0
    if len(argv) != 1:
        sys.exit(__doc__)
    run = Run(argv[0])
    write_results(run)
    print(open(os.path.join(run.res, "results.md")).read())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
