#!/usr/bin/python3
"""Where a request-based I/O spends its time beyond the raw path's:
    bench/profile-breakdown.py RESULTS KERNEL MAP
From the inclusive profiles bench/profile wrote (KERNEL-raw-children.txt,
KERNEL-MAP-children.txt, with their self column) and the IOPS of each run:
the self time of each function in microseconds per I/O (its share of the
samples x 2 vCPUs / IOPS), MAP minus raw, summed over groups of related
functions, largest first. Prints a Markdown table."""
import os
import re
import sys

res, kernel, mp = sys.argv[1:]
GROUPS = [
    ("clone bios", r"bio_alloc_clone|bio_alloc_bioset|mempool_|kmem_cache_alloc|kmem_cache_free"
     r"|blk_rq_prep_clone|bio_put|bio_free|rio_bio|should_failslab|__bio_clone|bio_uninit"
     r"|blk_rq_unprep_clone|bio_init"),
    ("issuing the clone", r"blk_insert_cloned_request|blk_recalc_rq_segments|blk_account_io"
     r"|update_io_ticks|blk_mq_request_issue_directly|blk_mq_run_dispatch|__blk_mq_issue_directly"
     r"|blk_rq_get_max|ktime_get|part_stat"),
    ("the clone request", r"blk_mq_alloc_request|__blk_mq_alloc_requests|blk_mq_rq_ctx_init"
     r"|__blk_mq_free_request|blk_mq_free_request|sbitmap|blk_mq_get_tag|__blk_mq_get_tag|blk_mq_put_tag"),
    ("dm's dispatch of the original", r"rio_queue_rq|rio_dispatch|rio_fits|dm_mq_queue_rq|map_request"
     r"|blk_mq_start_request|blk_mq_plug_issue_direct|blk_mq_flush_plug_list|blk_add_timer|blk_mq_dispatch"
     r"|blk_mq_sched|__blk_mq_sched|dd_|blk_mq_run_hw_queue|kblockd"),
    ("path selection", r"rr_select_path|multipath_clone_and_map|mpath_|choose_|ql_|st_|dm_ps_"),
    ("completion", r"rio_clone|rio_end|dm_softirq_done|dm_done|dm_end_request|end_clone_request"
     r"|multipath_rq_end_io|multipath_end_io|multipath_free_clone|blk_update_request|__blk_mq_end_request"
     r"|blk_mq_end_request|blk_mq_complete|bio_endio"),
    ("context switches, softirqs, work items", r"finish_task_switch|schedule|__schedule|raise_softirq"
     r"|handle_softirqs|__do_softirq|mod_delayed_work_on|process_one_work|worker_thread|try_to_wake_up"),
]


def load(name):
    self_pct = {}
    for line in open(os.path.join(res, f"{kernel}-{name}-children.txt")):
        f = line.split()
        if len(f) >= 4 and f[0].endswith("%") and f[1].endswith("%"):
            self_pct[f[3]] = float(f[1][:-1])
    iops = int(open(os.path.join(res, f"{kernel}-{name}.iops")).read())
    # two vCPUs sampled: a share of all samples is that much of 2 CPU-seconds a second
    return {s: p / 100 * 2e6 / iops for s, p in self_pct.items()}, iops


raw, raw_iops = load("raw")
mapped, map_iops = load(mp)
busy = lambda d: sum(v for s, v in d.items() if s != "default_idle")
rows, used = [], set()
for name, rx in GROUPS:
    syms = sorted(s for s in set(raw) | set(mapped) if re.match(rx, s) and s not in used)
    used |= set(syms)
    delta = sum(mapped.get(s, 0) - raw.get(s, 0) for s in syms)
    rows.append((delta, name, syms))
rest = sum(mapped.get(s, 0) - raw.get(s, 0) for s in set(raw) | set(mapped)
           if s not in used and s != "default_idle")
print(f"{kernel}, {mp} vs raw: {map_iops} vs {raw_iops} IOPS; CPU time per I/O in the "
      f"functions listed (self time over 0.3% of samples): raw {busy(raw):.2f} µs, "
      f"{mp} {busy(mapped):.2f} µs\n")
print("| functions | µs per I/O over raw | largest of them |")
print("|---|---|---|")
for delta, name, syms in sorted(rows, reverse=True):
    top = sorted(syms, key=lambda s: mapped.get(s, 0) - raw.get(s, 0), reverse=True)[:4]
    print(f"| {name} | {delta:+.2f} | {', '.join(top)} |")
print(f"| everything else | {rest:+.2f} | |")
