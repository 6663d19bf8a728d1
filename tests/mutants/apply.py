#!/usr/bin/python3
"""One-line breakages of the series, for showing that the cases fail
where the behaviour they test is broken.

  tests/mutants/apply.py TREE

edits TREE (a tree with the series applied): each breakage is guarded by
dm_mod's parameter rqdm_mutant (dm_mod.rqdm_mutant=N on the kernel
command line), so one build holds them all and the kernel with
rqdm_mutant=0 is the series. scripts/mutants.sh makes the tree, builds
it and runs each mutant against the cases named in tests/mutants/list.
Every replacement must match exactly once, or the script stops: when
the series changes under a breakage, the breakage has to be redone.
"""
import sys
root = sys.argv[1]
def sub(path, old, new):
    p = root + "/" + path
    s = open(p).read()
    assert s.count(old) == 1, (path, old, s.count(old))
    open(p, "w").write(s.replace(old, new))

# the switch: dm_mod.rqdm_mutant=N on the kernel command line
sub("drivers/md/dm.c", "module_param(major, uint, 0);",
    "int dm_rqdm_mutant;\nEXPORT_SYMBOL_GPL(dm_rqdm_mutant);\nmodule_param_named(rqdm_mutant, dm_rqdm_mutant, int, 0644);\nmodule_param(major, uint, 0);")
sub("drivers/md/dm-core.h", "extern atomic_t dm_global_event_nr;",
    "extern int dm_rqdm_mutant;\nextern atomic_t dm_global_event_nr;")
sub("drivers/md/dm-mpath.c", "#define DM_MSG_PREFIX \"multipath\"",
    "#define DM_MSG_PREFIX \"multipath\"\n\nextern int dm_rqdm_mutant;")
# 1: every error is a path error
sub("drivers/md/dm-mpath.c", "if (likely(status == BLK_STS_OK) || !blk_path_error(status))",
    "if (likely(status == BLK_STS_OK) || (dm_rqdm_mutant != 1 && !blk_path_error(status)))")
# 2: a busy path at issue is a failed clone
sub("drivers/md/dm-request.c", "\tif (sts != BLK_STS_RESOURCE && sts != BLK_STS_DEV_RESOURCE) {\n\t\t/* mapped but refused: the target has to see it end */\n\t\trio_clone_done(rio, sts);",
    "\tif (dm_rqdm_mutant == 2 || (sts != BLK_STS_RESOURCE && sts != BLK_STS_DEV_RESOURCE)) {\n\t\t/* mapped but refused: the target has to see it end */\n\t\trio_clone_done(rio, dm_rqdm_mutant == 2 ? BLK_STS_IOERR : sts);")
# 3 and 4: blocking paths
sub("drivers/md/dm-request.c", "if (bdev && !(md->rq_tag_set->flags & BLK_MQ_F_BLOCKING)) {",
    "if (dm_rqdm_mutant != 3 && bdev && (dm_rqdm_mutant == 4 || !(md->rq_tag_set->flags & BLK_MQ_F_BLOCKING))) {")
# 5: no type check on load
sub("drivers/md/dm-ioctl.c", "} else if (!is_valid_type(dm_get_md_type(md), dm_table_get_type(t))) {",
    "} else if (dm_rqdm_mutant != 5 && !is_valid_type(dm_get_md_type(md), dm_table_get_type(t))) {")
# 6: the reserve ignores reserved_rq_based_ios
sub("drivers/md/dm-request.c", "unsigned int dm_request_clone_bio_pool(void)\n{\n",
    "unsigned int dm_request_clone_bio_pool(void)\n{\n\tif (dm_rqdm_mutant == 6)\n\t\treturn DM_RIO_CLONE_BIO_POOL;\n")
# 7: no one-target rule
sub("drivers/md/dm-table.c", "if (t->num_targets != 1) {", "if (dm_rqdm_mutant != 7 && t->num_targets != 1) {")
# 8: no partition rule
sub("drivers/md/dm-table.c", "if (bdev_is_partition(bdev)) {\n\t\tDMERR(\"request-based table",
    "if (dm_rqdm_mutant != 8 && bdev_is_partition(bdev)) {\n\t\tDMERR(\"request-based table")
# 9: a noflush suspend does not stop dispatch
sub("drivers/md/dm.c", "\tif (map && dm_is_request_based(md))\n\t\t__dm_stop_requests(md);\n\n\tflush_workqueue(md->wq);",
    "\tif (map && dm_is_request_based(md) && !(dm_rqdm_mutant == 9 && __noflush_suspending(md)))\n\t\t__dm_stop_requests(md);\n\n\tflush_workqueue(md->wq);")
# 10: the suspend wait sees nothing in flight
sub("drivers/md/dm-request.c", "\tif (!dm_request_in_flight(md))\n\t\treturn 0;\n\n\tatomic_inc(&md->rq_drain_waiters);",
    "\tif (dm_rqdm_mutant == 10 || !dm_request_in_flight(md))\n\t\treturn 0;\n\n\tatomic_inc(&md->rq_drain_waiters);")
# 11: busy holds requests back with nothing in flight (the series before 034's fix)
sub("drivers/md/dm-request.c", "if (busy && busy(ti) && dm_request_in_flight(md))",
    "if (busy && busy(ti) && (dm_rqdm_mutant == 11 || dm_request_in_flight(md)))")
# 12: a clone taken apart for a busy path keeps its bios (leak)
sub("drivers/md/dm-request.c", "\trio->clone = NULL;\n\tblk_rq_unprep_clone(clone);\n\tblk_mq_cleanup_rq(clone);",
    "\trio->clone = NULL;\n\tif (dm_rqdm_mutant != 12)\n\t\tblk_rq_unprep_clone(clone);\n\tblk_mq_cleanup_rq(clone);")
# 13: the bios of a clone are not freed as they complete (a leak at every I/O)
sub("drivers/md/dm-request.c", "\t\trio->done += rb->len;\n\t}\n\tbio_put(bio);\n}",
    "\t\trio->done += rb->len;\n\t}\n\tif (dm_rqdm_mutant != 13)\n\t\tbio_put(bio);\n}")
# 14: a path that completes a clone with BLK_STS_RESOURCE is not failed (the series before 035)
sub("drivers/md/dm-mpath.c", "\tif (used)\n\t\tfail_path(used);\n\n\tif (atomic_read(&m->nr_valid_paths) || mpath_holds_io(m))",
    "\tif (dm_rqdm_mutant == 14 && status == BLK_STS_RESOURCE)\n\t\treturn DM_ENDIO_DELAY_REQUEUE;\n\tif (used)\n\t\tfail_path(used);\n\n\tif (atomic_read(&m->nr_valid_paths) || mpath_holds_io(m))")
# 15: held requests are mapped again every 50 ms (the series before 036)
sub("drivers/md/dm-request.c", "\tunsigned int shift = min_t(unsigned int, rio->holds,\n\t\t\t\t   DM_RIO_HOLD_MAX_SHIFT);",
    "\tunsigned int shift = dm_rqdm_mutant == 15 ? 0 : min_t(unsigned int, rio->holds,\n\t\t\t\t   DM_RIO_HOLD_MAX_SHIFT);")
# 16: dispatch starts when a first table is bound, before its targets resumed (the series before 037)
sub("drivers/md/dm.c", "\tmap = __bind(md, table, &limits);\n\tdm_issue_global_event();",
    "\tmap = __bind(md, table, &limits);\n\tif (dm_rqdm_mutant == 16 && dm_is_request_based(md) && !live_map)\n\t\t__dm_start_requests(md);\n\tdm_issue_global_event();")
print("applied")
