#!/usr/bin/python3
"""Mutational fuzzer for device-mapper's ioctl interface, against a live
multipath map.

    dmfuzz.py --map NAME --paths MAJ:MIN MAJ:MIN --sectors N
              [--cases N] [--seed N] [--out DIR]

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
"""
import argparse
import collections
import errno
import fcntl
import os
import random
import struct
import sys

DM_IOCTL = 0xFD
DM_NAME_LEN = 128
DM_UUID_LEN = 129
HDR = struct.Struct("=3IIIIiIII Q 128s 129s 7s")  # struct dm_ioctl
SPEC = struct.Struct("=QQiI16s")                 # struct dm_target_spec
assert HDR.size == 312 and SPEC.size == 40

DM_DEV_STATUS, DM_TABLE_LOAD, DM_TABLE_CLEAR = 7, 9, 10
DM_TABLE_STATUS, DM_TARGET_MSG = 12, 14
DM_STATUS_TABLE_FLAG = 1 << 4
DM_BUFFER_FULL_FLAG = 1 << 8


def iowr(nr):
    return (3 << 30) | (HDR.size << 16) | (DM_IOCTL << 8) | nr


class Control:
    def __init__(self):
        self.fd = os.open("/dev/mapper/control", os.O_RDWR)

    def call(self, nr, name, payload=b"", target_count=0, flags=0,
             data_size=None, size=16384, raw_name=None):
        """One ioctl; returns (errno or 0, buffer after the call)."""
        data = payload.ljust(size - HDR.size, b"\0")
        hdr = HDR.pack(4, 0, 0,
                       HDR.size + len(data) if data_size is None else data_size,
                       HDR.size, target_count, 0, flags, 0, 0, 0,
                       raw_name if raw_name is not None else name.encode(),
                       b"", b"")
        buf = bytearray(hdr + data)
        try:
            fcntl.ioctl(self.fd, iowr(nr), buf, True)
        except OSError as e:
            return e.errno, buf
        return 0, buf

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


# ------------------------------------------------------------------ main

def main():
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
