#!/usr/bin/python3
"""Mutational fuzzer for device-mapper's ioctl interface, against a live
multipath map; and races of table loads and resumes, from threads.

    dmfuzz.py --map NAME --paths MAJ:MIN MAJ:MIN --sectors N
              [--cases N] [--seed N] [--out DIR]
    dmfuzz.py race-first --rq TABLE --bio TABLE [--rounds N] [--threads N]
              [--loads N] [--seed N]
    dmfuzz.py race-live --map NAME --rq TABLE... --bio TABLE
              [--swaps N] [--threads N] [--seed N]

Every case is one ioctl on /dev/mapper/control, built by hand (no
libdevmapper, so that framing errors libdevmapper would never send get
through too):

  table    DM_TABLE_LOAD of a mutated multipath table into the map's
           inactive slot: counts off by one, huge and negative numbers,
           unknown words, missing, duplicate or absent devices, truncated
           strings, dropped, repeated and swapped words. A table that is
           accepted is cleared again with DM_TABLE_CLEAR: the live table
           never changes.
  message  DM_TARGET_MSG with a mutated multipath message. When one is
           accepted, the map is put back: both paths reinstated, every
           group enabled, queue_if_no_path on.
  frame    DM_TABLE_LOAD of a good table in a broken ioctl buffer: target
           count too high, a target's next offset outside the buffer, a
           data size smaller than the header, parameters without their
           terminating NUL, an empty or unterminated device name.

After every case the live table must read back as before and the map must
still exist. Cases whose refusal is certain (an absent device, an unknown
target type, any framing error) must be refused. Writes to DIR:
results.txt (one line a case: number, kind, errno or "ok", the input),
accepted.txt (the mutated inputs the kernel took) and summary.txt.
Exit status 0 when every check held, 1 otherwise.

race-first: for each round, a new device with no table gets a
request-based table loaded from THREADS threads and a bio-based one from
THREADS others, all at the same moment (a barrier releases them; each
thread loads LOADS times in a row), and a resume from one more. The loads of one type must all be accepted and
those of the other all fail with EINVAL; once resumed, the device is of
the winner's type (blk-mq or not, in sysfs), its table reads back as the
winner's, and a direct write through it reads back. Counts how often
each type won, and in how many rounds loads of both types were in the
kernel at the same time (their ioctls overlapped).

race-live: against a live request-based map in use, THREADS threads load
the bio-based table again and again, while another swaps the
request-based tables in turn (load, then resume: a suspend, flush and
noflush alternately, the swap and the resume). Every bio-based load must
fail with EINVAL, every request-based load and resume must succeed, the
live table must read back as the one swapped in and the device stay
blk-mq. Counts the bio-based loads that overlapped a swap.

TABLE is a whole table line, "START LENGTH multipath PARAMETERS".
"""
import argparse
import collections
import errno
import fcntl
import mmap
import os
import random
import stat
import struct
import sys
import tempfile
import threading
import time

DM_IOCTL = 0xFD
DM_NAME_LEN = 128
DM_UUID_LEN = 129
HDR = struct.Struct("=3IIIIiIII Q 128s 129s 7s")  # struct dm_ioctl
SPEC = struct.Struct("=QQiI16s")                 # struct dm_target_spec
assert HDR.size == 312 and SPEC.size == 40

DM_DEV_CREATE, DM_DEV_REMOVE, DM_DEV_SUSPEND = 3, 4, 6
DM_DEV_STATUS, DM_TABLE_LOAD, DM_TABLE_CLEAR = 7, 9, 10
DM_TABLE_STATUS, DM_TARGET_MSG = 12, 14
DM_STATUS_TABLE_FLAG = 1 << 4
DM_BUFFER_FULL_FLAG = 1 << 8
DM_NOFLUSH_FLAG = 1 << 11


def iowr(nr):
    return (3 << 30) | (HDR.size << 16) | (DM_IOCTL << 8) | nr


class Control:
    def __init__(self):
        self.fd = os.open("/dev/mapper/control", os.O_RDWR)

    @staticmethod
    def buffer(name, payload=b"", target_count=0, flags=0, data_size=None,
               size=16384, raw_name=None):
        """The ioctl buffer: struct dm_ioctl, then the payload."""
        data = payload.ljust(size - HDR.size, b"\0")
        hdr = HDR.pack(4, 0, 0,
                       HDR.size + len(data) if data_size is None else data_size,
                       HDR.size, target_count, 0, flags, 0, 0, 0,
                       raw_name if raw_name is not None else name.encode(),
                       b"", b"")
        return bytearray(hdr + data)

    def run(self, nr, buf):
        """One ioctl with a buffer made by buffer(); returns (errno or 0,
        start, end) with the times the ioctl began and returned."""
        t0 = time.monotonic_ns()
        try:
            fcntl.ioctl(self.fd, iowr(nr), buf, True)
            err = 0
        except OSError as e:
            err = e.errno
        return err, t0, time.monotonic_ns()

    def call(self, nr, name, payload=b"", target_count=0, flags=0,
             data_size=None, size=16384, raw_name=None):
        """One ioctl; returns (errno or 0, buffer after the call)."""
        buf = self.buffer(name, payload, target_count, flags, data_size, size, raw_name)
        return self.run(nr, buf)[0], buf

    def close(self):
        os.close(self.fd)

    def dev(self, name):
        """(major, minor) of the device, or None."""
        err, buf = self.call(DM_DEV_STATUS, name)
        if err:
            return None
        d = HDR.unpack_from(buf)[10]
        return (d >> 8) & 0xfff, (d & 0xff) | ((d >> 12) & 0xfff00)

    @staticmethod
    def load_buffer(name, line):
        """The DM_TABLE_LOAD buffer of one table line."""
        start, length, ttype, params = line.split(" ", 3)
        payload = pack_targets([spec(int(start), int(length), ttype.encode(),
                                     params.encode())])
        return Control.buffer(name, payload, target_count=1)

    def load(self, name, line):
        """DM_TABLE_LOAD of one table line; returns (errno, start, end)."""
        return self.run(DM_TABLE_LOAD, self.load_buffer(name, line))

    def resume(self, name, flags=0):
        """DM_DEV_SUSPEND without DM_SUSPEND_FLAG; returns (errno, start, end)."""
        return self.run(DM_DEV_SUSPEND, self.buffer(name, flags=flags))

    def table(self, name):
        """The live table as 'start len type params' lines, or None."""
        err, buf = self.call(DM_TABLE_STATUS, name, flags=DM_STATUS_TABLE_FLAG)
        if err:
            return None
        h = HDR.unpack_from(buf)
        count, start = h[5], h[4]
        lines = []
        off = start
        for _ in range(count):
            s, n, _st, nxt, ttype = SPEC.unpack_from(buf, off)
            params = bytes(buf[off + SPEC.size:]).split(b"\0", 1)[0]
            ttype = ttype.rstrip(b"\0").decode()
            lines.append(f"{s} {n} {ttype} {params.decode()}")
            off = start + nxt
        return "\n".join(lines)


def spec(start, length, ttype, params, pad=True):
    """One target: spec, params and NUL, padded to 8 bytes; next is set by
    the caller."""
    body = params + (b"\0" if pad else b"")
    if pad:
        body = body.ljust((SPEC.size + len(body) + 7) // 8 * 8 - SPEC.size, b"\0")
    return [start, length, 0, 0, ttype], body


def pack_targets(targets):
    """targets: [(fields, body)] -> payload. On input, a spec's next is the
    offset of the following spec from this one (dm-ioctl's next_target());
    on output it is counted from the start of the data area."""
    out = b""
    for fields, body in targets:
        fields = list(fields)
        fields[3] = SPEC.size + len(body)
        out += SPEC.pack(*fields) + body
    return out


# ------------------------------------------------------------------ inputs

def base_tables(a, b):
    """Good multipath tables over paths a and b (parameters only)."""
    return [
        f"0 0 1 1 round-robin 0 2 1 {a} 1 {b} 1",
        f"1 queue_if_no_path 0 1 1 round-robin 0 2 1 {a} 1 {b} 1",
        f"0 0 2 1 round-robin 0 1 1 {a} 1 round-robin 0 1 1 {b} 1",
        f"0 0 1 1 queue-length 0 2 1 {a} 1 {b} 1",
        f"0 0 1 1 service-time 0 2 2 {a} 1 1 {b} 1 1",
        f"0 0 1 1 historical-service-time 0 2 1 {a} 0 {b} 0",
        f"0 0 1 1 io-affinity 0 2 1 {a} 1 {b} 2",
        f"3 queue_if_no_path pg_init_retries 3 0 1 1 round-robin 0 2 1 {a} 1 {b} 1",
        f"2 pg_init_delay_msecs 100 0 1 1 round-robin 0 2 1 {a} 1 {b} 1",
        f"1 retain_attached_hw_handler 0 2 2 round-robin 0 1 1 {a} 1 queue-length 0 1 1 {b} 1",
    ]


def base_messages(a, b):
    return [
        f"fail_path {a}", f"reinstate_path {b}", "queue_if_no_path",
        "switch_group 1", "enable_group 1", "disable_group 1",
        "fail_if_no_path",
    ]


HUGE = ["4294967295", "4294967296", "18446744073709551615",
        "18446744073709551616", "99999999999999999999999", "2147483648",
        "-1", "-2147483648", "0x10", "1e3", "+1", "007", ""]
WORDS = ["frobnicate", "queue_if_no_path", "queue_mode", "bio", "mq", "rq",
         "round-robin", "queue-length", "service-time", "multipath",
         "pg_init_retries", "no_partitions", "alua", "emc", "rdac",
         "hp_sw", "\t", "%s%n", "A" * 300, "\u00e9", "0", "1"]


def mutate(tokens, rnd, a, b, absent):
    """One mutation of a token list; returns (tokens, label, certain)
    where certain says the result must be refused."""
    t = list(tokens)
    nums = [i for i, w in enumerate(t) if w.lstrip("-").isdigit()]
    devs = [i for i, w in enumerate(t) if w in (a, b)]
    op = rnd.choice(["off-by-one", "huge", "negative", "unknown-word",
                     "drop", "repeat", "swap", "truncate", "absent-device",
                     "duplicate-device", "missing-device", "empty"])
    if op == "off-by-one" and nums:
        i = rnd.choice(nums)
        t[i] = str(int(t[i]) + rnd.choice([-1, 1]))
    elif op == "huge" and nums:
        t[rnd.choice(nums)] = rnd.choice(HUGE)
    elif op == "negative" and nums:
        i = rnd.choice(nums)
        t[i] = "-" + t[i].lstrip("-")
    elif op == "unknown-word":
        t.insert(rnd.randrange(len(t) + 1), rnd.choice(WORDS))
    elif op == "drop" and t:
        del t[rnd.randrange(len(t))]
    elif op == "repeat" and t:
        i = rnd.randrange(len(t))
        t.insert(i, t[i])
    elif op == "swap" and len(t) > 1:
        i, j = rnd.sample(range(len(t)), 2)
        t[i], t[j] = t[j], t[i]
    elif op == "truncate" and " ".join(t):
        s = " ".join(t)
        return s[:rnd.randrange(len(s))].split(" "), op, False
    elif op == "absent-device" and devs:
        t[rnd.choice(devs)] = rnd.choice(absent)
        return t, op, True
    elif op == "duplicate-device" and len(devs) > 1:
        i, j = rnd.sample(devs, 2)
        t[i] = t[j]
    elif op == "missing-device" and devs:
        del t[rnd.choice(devs)]
    elif op == "empty":
        return [], op, False
    else:
        return mutate(tokens, rnd, a, b, absent)
    return t, op, False


# ------------------------------------------------------------------ races

def ename(err):
    return errno.errorcode.get(err, str(err)) if err else "ok"


def overlap(a, b):
    """Were the two ioctls (errno, start, end) in the kernel together?"""
    return max(a[1], b[1]) < min(a[2], b[2])


def is_mq(dev):
    return os.path.isdir("/sys/dev/block/%d:%d/mq" % dev)


def direct_rw(node, offset):
    """Write 4 KiB of random data at offset through node and read it back;
    returns None or what went wrong."""
    data = os.urandom(4096)
    w, r = mmap.mmap(-1, 4096), mmap.mmap(-1, 4096)
    w.write(data)
    try:
        fd = os.open(node, os.O_RDWR | os.O_DIRECT)
        try:
            if os.pwritev(fd, [w], offset) != 4096 or os.preadv(fd, [r], offset) != 4096:
                return "short I/O"
        finally:
            os.close(fd)
    except OSError as e:
        return "I/O error %s" % ename(e.errno)
    return None if r[:] == data else "other data read back"


def race_first(o):
    rnd = random.Random(o.seed)
    dm = Control()
    nodes = tempfile.mkdtemp(prefix="dmrace")
    won = collections.Counter()
    together = 0
    problems = []
    kinds = ["rq"] * o.threads + ["bio"] * o.threads + ["resume"]
    for i in range(o.rounds):
        name = "%s%d" % (o.prefix, i)
        err, _ = dm.call(DM_DEV_CREATE, name)
        if err:
            problems.append("round %d: cannot create %s: %s" % (i, name, ename(err)))
            break
        res = [[] for _ in kinds]
        barrier = threading.Barrier(len(kinds))

        def run(j):
            # everything but the ioctls before the barrier
            c = Control()
            if kinds[j] == "resume":
                nr, bufs = DM_DEV_SUSPEND, [Control.buffer(name)]
            else:
                line = o.rq if kinds[j] == "rq" else o.bio
                nr, bufs = DM_TABLE_LOAD, [Control.load_buffer(name, line) for _ in range(o.loads)]
            barrier.wait()
            for buf in bufs:
                res[j].append(c.run(nr, buf))
            c.close()

        threads = [threading.Thread(target=run, args=(j,)) for j in range(len(kinds))]
        rnd.shuffle(threads)
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rq = [r for k, rr in zip(kinds, res) if k == "rq" for r in rr]
        bio = [r for k, rr in zip(kinds, res) if k == "bio" for r in rr]
        rs = res[-1][0]
        both = any(overlap(a, b) for a in rq for b in bio)
        together += both
        line = "round %d: rq loads %s, bio loads %s, resume %s, loads of both types overlapped: %s" % (
            i, ",".join(ename(r[0]) for r in rq), ",".join(ename(r[0]) for r in bio),
            ename(rs[0]), "yes" if both else "no")
        print(line)
        bad = []
        rq_ok = any(r[0] == 0 for r in rq)
        bio_ok = any(r[0] == 0 for r in bio)
        if rq_ok == bio_ok:
            bad.append("loads of exactly one type must be accepted")
        elif any(r[0] not in (0, errno.EINVAL) for r in rq + bio):
            bad.append("a load failed with another error than EINVAL")
        elif any(r[0] for r in (rq if rq_ok else bio)):
            bad.append("a load of the winning type was refused")
        if rs[0]:
            bad.append("the racing resume failed")
        if not bad:
            kind = "rq" if rq_ok else "bio"
            won[kind] += 1
            err = dm.resume(name)[0]
            dev = dm.dev(name)
            want = o.rq if kind == "rq" else o.bio
            live = dm.table(name)
            if err:
                bad.append("resume after the race: %s" % ename(err))
            elif dev is None or is_mq(dev) != (kind == "rq"):
                bad.append("the %s-based table won but the device is %s" %
                           (kind, "blk-mq" if dev and is_mq(dev) else "not blk-mq"))
            elif live is None or live.rstrip() != want:
                bad.append("live table %r, expected %r" % (live, want))
            else:
                node = os.path.join(nodes, name)
                os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(*dev))
                why = direct_rw(node, i * 4096)
                os.unlink(node)
                if why:
                    bad.append("write and read back through it: " + why)
        for b in bad:
            problems.append("round %d: %s (%s)" % (i, b, line))
        err, _ = dm.call(DM_DEV_REMOVE, name)
        if err:
            problems.append("round %d: cannot remove %s: %s" % (i, name, ename(err)))
            break
    os.rmdir(nodes)
    print("RESULT rq_won=%d bio_won=%d together=%d rounds=%d problems=%d" %
          (won["rq"], won["bio"], together, o.rounds, len(problems)))
    for p in problems:
        print("PROBLEM " + p)
    return 1 if problems else 0


def race_live(o):
    dm = Control()
    dev = dm.dev(o.map)
    if dev is None or not is_mq(dev):
        sys.exit("map %s not found or not request-based" % o.map)
    stop = threading.Event()
    lock = threading.Lock()
    loads, swaps, problems = [], [], []

    def load_bio(seed):
        c, rnd = Control(), random.Random(seed)
        while not stop.is_set():
            r = c.load(o.map, o.bio)
            with lock:
                loads.append(r)
                if r[0] == 0:
                    problems.append("a bio-based load into the request-based map was accepted")
            if r[0] == 0:
                c.call(DM_TABLE_CLEAR, o.map)
            elif r[0] != errno.EINVAL:
                with lock:
                    problems.append("a bio-based load failed with %s, not EINVAL" % ename(r[0]))
            time.sleep(rnd.random() * 0.002)
        c.close()

    threads = [threading.Thread(target=load_bio, args=(o.seed + k,)) for k in range(o.threads)]
    for t in threads:
        t.start()
    for k in range(o.swaps):
        want = o.rq[k % len(o.rq)]
        flags = DM_NOFLUSH_FLAG if k % 2 else 0
        r = dm.load(o.map, want)
        if r[0]:
            problems.append("swap %d: request-based load failed: %s" % (k, ename(r[0])))
            continue
        r = dm.resume(o.map, flags)
        swaps.append(r)
        if r[0]:
            problems.append("swap %d: resume (%s) failed: %s" %
                            (k, "noflush" if flags else "flush", ename(r[0])))
        live = dm.table(o.map)
        if live is None or live.rstrip() != want:
            problems.append("swap %d: live table %r, expected %r" % (k, live, want))
        if not is_mq(dev):
            problems.append("swap %d: the map is no longer blk-mq" % k)
    stop.set()
    for t in threads:
        t.join()
    together = sum(1 for b in loads if any(overlap(b, s) for s in swaps))
    refused = sum(1 for b in loads if b[0])
    print("RESULT swaps=%d bio_loads=%d refused=%d together=%d problems=%d" %
          (len(swaps), len(loads), refused, together, len(problems)))
    for p in problems[:20]:
        print("PROBLEM " + p)
    return 1 if problems else 0


def race_main(argv):
    ap = argparse.ArgumentParser(prog="dmfuzz.py " + argv[0])
    ap.add_argument("--rq", required=True, nargs="+" if argv[0] == "race-live" else None)
    ap.add_argument("--bio", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    if argv[0] == "race-first":
        ap.add_argument("--rounds", type=int, default=40)
        ap.add_argument("--loads", type=int, default=1)
        ap.add_argument("--prefix", default="race")
        sys.exit(race_first(ap.parse_args(argv[1:])))
    ap.add_argument("--map", required=True)
    ap.add_argument("--swaps", type=int, default=20)
    sys.exit(race_live(ap.parse_args(argv[1:])))


# ------------------------------------------------------------------ main

def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("race-first", "race-live"):
        race_main(sys.argv[1:])
    ap = argparse.ArgumentParser()
    ap.add_argument("--map", required=True)
    ap.add_argument("--paths", nargs=2, required=True)
    ap.add_argument("--sectors", type=int, required=True)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=".")
    o = ap.parse_args()
    a, b = o.paths
    rnd = random.Random(o.seed)
    dm = Control()
    absent = ["/dev/nonexistent", "8:250", "240:1", "259:999", "0:0", "/dev/null",
              "4095:1048575"]
    live0 = dm.table(o.map)
    if live0 is None:
        sys.exit(f"map {o.map} not found")
    tables = base_tables(a, b)
    msgs = base_messages(a, b)
    res = open(os.path.join(o.out, "results.txt"), "w")
    acc = open(os.path.join(o.out, "accepted.txt"), "w")
    stats = collections.Counter()
    errnos = collections.Counter()
    problems = []

    def restore():
        for p in (a, b):
            dm.call(DM_TARGET_MSG, o.map, struct.pack("=Q", 0) + f"reinstate_path {p}".encode() + b"\0")
        for g in (1, 2):
            dm.call(DM_TARGET_MSG, o.map, struct.pack("=Q", 0) + f"enable_group {g}".encode() + b"\0")
        dm.call(DM_TARGET_MSG, o.map, struct.pack("=Q", 0) + b"queue_if_no_path\0")

    for i in range(o.cases):
        r = rnd.random()
        certain = False
        if r < 0.6:
            kind = "table"
            toks = rnd.choice(tables).split(" ")
            for _ in range(rnd.choice([1, 1, 1, 2, 3])):
                toks, label, c = mutate(toks, rnd, a, b, absent)
                certain = certain or c
            params = " ".join(toks)
            ttype, start, length = b"multipath", 0, o.sectors
            x = rnd.random()
            if x < 0.03:
                ttype, certain = rnd.choice([b"multipth", b"", b"multipath2"]), True
            elif x < 0.06:
                length = rnd.choice([0, 1, o.sectors + 1, 2 ** 63, 2 ** 64 - 1])
            elif x < 0.08:
                start = rnd.choice([1, 2 ** 63])
            payload = pack_targets([spec(start, length, ttype, params.encode("utf-8", "replace"))])
            err, _ = dm.call(DM_TABLE_LOAD, o.map, payload, target_count=1)
            text = f"{start} {length} {ttype.decode()} {params}"
            if not err:
                dm.call(DM_TABLE_CLEAR, o.map)
        elif r < 0.9:
            kind = "message"
            toks = rnd.choice(msgs).split(" ")
            for _ in range(rnd.choice([0, 1, 1, 2])):
                toks, label, c = mutate(toks, rnd, a, b, absent)
                certain = certain or (c and len(toks) == 2 and
                                      toks[0] in ("fail_path", "reinstate_path"))
            text = " ".join(toks)
            sector = 0 if rnd.random() < 0.9 else rnd.choice([1, 2 ** 63])
            err, _ = dm.call(DM_TARGET_MSG, o.map,
                             struct.pack("=Q", sector) + text.encode("utf-8", "replace") + b"\0")
            if not err:
                restore()
        else:
            kind, certain = "frame", True
            params = rnd.choice(tables).encode()
            fields, body = spec(0, o.sectors, b"multipath", params)
            how = rnd.choice(["count", "next", "size", "nul", "name", "noname"])
            count, data_size, raw_name = 1, None, None
            if how == "count":
                count = rnd.choice([2, 3, 1000, 2 ** 31])
                payload = pack_targets([(fields, body)])
            elif how == "next":
                fields[3] = rnd.choice([16384, 2 ** 31, 2 ** 32 - 8, 8])
                payload = SPEC.pack(*fields) + body
                count = 2
            elif how == "size":
                payload = pack_targets([(fields, body)])
                data_size = rnd.choice([0, 8, HDR.size - 1])
            elif how == "nul":
                # parameters run to the end of the buffer with no NUL
                payload = pack_targets([(fields, b"")])
                payload += b"1" * (16384 - HDR.size - len(payload))
            elif how == "name":
                payload = pack_targets([(fields, body)])
                raw_name = b"x" * DM_NAME_LEN
            else:
                payload = pack_targets([(fields, body)])
                raw_name = b""
            err, _ = dm.call(DM_TABLE_LOAD, o.map, payload, target_count=count,
                             data_size=data_size, raw_name=raw_name)
            text = how
            if not err:
                dm.call(DM_TABLE_CLEAR, o.map)
        stats[(kind, "refused" if err else "accepted")] += 1
        if err:
            errnos[errno.errorcode.get(err, str(err))] += 1
        else:
            acc.write(f"{i} {kind} {text}\n")
        res.write(f"{i} {kind} {errno.errorcode.get(err, 'ok') if err else 'ok'} {text!r}\n")
        if certain and not err:
            problems.append(f"case {i}: {kind} '{text}' must be refused but was accepted")
        live = dm.table(o.map)
        if live != live0:
            problems.append(f"case {i}: live table changed after {kind} '{text}': {live!r}")
            break

    summary = [f"cases {o.cases} seed {o.seed}"]
    for kind in ("table", "message", "frame"):
        summary.append(f"{kind}: {stats[(kind, 'refused')]} refused, "
                       f"{stats[(kind, 'accepted')]} accepted")
    summary.append("errors returned: " + ", ".join(f"{k} {v}" for k, v in errnos.most_common()))
    summary += problems
    open(os.path.join(o.out, "summary.txt"), "w").write("\n".join(summary) + "\n")
    print("\n".join(summary))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
