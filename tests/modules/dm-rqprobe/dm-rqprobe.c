// SPDX-License-Identifier: GPL-2.0-only
/*
 * A request-based device-mapper target for the test suite: it maps every
 * request to one device, like a one-path multipath, and shows what dm
 * core asked of it and when.
 *
 *   table:  <dev> <preresume failures>
 *   status: maps <n> unresumed_maps <n> preresumes <n> resumes <n>
 *
 * The first <preresume failures> preresumes fail with -EIO.
 * unresumed_maps counts the requests dm core asked it to map while it was
 * not resumed: before its first resume, after a failed preresume, or
 * after a postsuspend.  dm core must never do that.
 */
#include <linux/blk-mq.h>
#include <linux/device-mapper.h>
#include <linux/module.h>

#define DM_MSG_PREFIX "rqprobe"

struct rqprobe {
	struct dm_dev *dev;
	unsigned int preresume_failures;	/* left to fail */
	bool resumed;
	atomic_t maps;
	atomic_t unresumed_maps;
	atomic_t preresumes;
	atomic_t resumes;
};

static int rqprobe_ctr(struct dm_target *ti, unsigned int argc, char **argv)
{
	struct rqprobe *p;
	int r;

	if (argc != 2) {
		ti->error = "need <dev> <preresume failures>";
		return -EINVAL;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		ti->error = "out of memory";
		return -ENOMEM;
	}
	if (kstrtouint(argv[1], 10, &p->preresume_failures)) {
		ti->error = "bad preresume failure count";
		r = -EINVAL;
		goto free_probe;
	}
	r = dm_get_device(ti, argv[0], dm_table_get_mode(ti->table), &p->dev);
	if (r) {
		ti->error = "device lookup failed";
		goto free_probe;
	}
	ti->num_flush_bios = 1;
	ti->private = p;
	return 0;

free_probe:
	kfree(p);
	return r;
}

static void rqprobe_dtr(struct dm_target *ti)
{
	struct rqprobe *p = ti->private;

	dm_put_device(ti, p->dev);
	kfree(p);
}

static int rqprobe_clone_and_map_rq(struct dm_target *ti, struct request *rq,
				    union map_info *info,
				    struct request **clone_out)
{
	struct rqprobe *p = ti->private;
	struct request *clone;

	atomic_inc(&p->maps);
	if (!READ_ONCE(p->resumed))
		atomic_inc(&p->unresumed_maps);

	clone = blk_mq_alloc_request(bdev_get_queue(p->dev->bdev),
				     rq->cmd_flags | REQ_NOMERGE,
				     BLK_MQ_REQ_NOWAIT);
	if (IS_ERR(clone))
		return DM_MAPIO_REQUEUE;
	*clone_out = clone;
	return DM_MAPIO_REMAPPED;
}

static void rqprobe_release_clone_rq(struct request *clone,
				     union map_info *info)
{
	blk_mq_free_request(clone);
}

static int rqprobe_rq_end_io(struct dm_target *ti, struct request *clone,
			     blk_status_t error, union map_info *info)
{
	return DM_ENDIO_DONE;
}

static int rqprobe_preresume(struct dm_target *ti)
{
	struct rqprobe *p = ti->private;

	atomic_inc(&p->preresumes);
	if (p->preresume_failures) {
		p->preresume_failures--;
		return -EIO;
	}
	return 0;
}

static void rqprobe_resume(struct dm_target *ti)
{
	struct rqprobe *p = ti->private;

	atomic_inc(&p->resumes);
	WRITE_ONCE(p->resumed, true);
}

static void rqprobe_postsuspend(struct dm_target *ti)
{
	struct rqprobe *p = ti->private;

	WRITE_ONCE(p->resumed, false);
}

static void rqprobe_status(struct dm_target *ti, status_type_t type,
			   unsigned int status_flags, char *result,
			   unsigned int maxlen)
{
	struct rqprobe *p = ti->private;
	unsigned int sz = 0;

	switch (type) {
	case STATUSTYPE_INFO:
		DMEMIT("maps %d unresumed_maps %d preresumes %d resumes %d",
		       atomic_read(&p->maps), atomic_read(&p->unresumed_maps),
		       atomic_read(&p->preresumes), atomic_read(&p->resumes));
		break;
	case STATUSTYPE_TABLE:
		DMEMIT("%s %u", p->dev->name, p->preresume_failures);
		break;
	case STATUSTYPE_IMA:
		*result = '\0';
		break;
	}
}

static int rqprobe_iterate_devices(struct dm_target *ti,
				   iterate_devices_callout_fn fn, void *data)
{
	struct rqprobe *p = ti->private;

	return fn(ti, p->dev, 0, ti->len, data);
}

static struct target_type rqprobe_target = {
	.name = "rqprobe",
	.version = {1, 0, 0},
	.features = DM_TARGET_SINGLETON | DM_TARGET_IMMUTABLE,
	.module = THIS_MODULE,
	.ctr = rqprobe_ctr,
	.dtr = rqprobe_dtr,
	.clone_and_map_rq = rqprobe_clone_and_map_rq,
	.release_clone_rq = rqprobe_release_clone_rq,
	.rq_end_io = rqprobe_rq_end_io,
	.preresume = rqprobe_preresume,
	.resume = rqprobe_resume,
	.postsuspend = rqprobe_postsuspend,
	.status = rqprobe_status,
	.iterate_devices = rqprobe_iterate_devices,
};
module_dm(rqprobe);

MODULE_DESCRIPTION("device-mapper request-based test target");
MODULE_LICENSE("GPL");
