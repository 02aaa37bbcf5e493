#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench: this project's rpmsg stack against Linux's own, side by side.

Boots the debian-6.1 target in QEMU (tools/testing/vmtest.py, one boot at
a time) alternately with this project's transport and char device
(ohost_virtio_rpmsg, ohost_rpmsg_char) and with Linux 6.1's own
(virtio_rpmsg_bus, rpmsg_ns, rpmsg_ctrl, rpmsg_char, built unmodified by
tools/bench/build-intree.sh; vmtest.py's INTREE=1).  Everything else is
the same in both boots: the kernel, ohost_rproc + ohost_vrproc, vrprocd
and its ohost-echo.elf firmware, and the benchmarks (rpmsg-bench through
/dev/rpmsgN, and ohost_rpmsg_kbench, an in-kernel client on the rpmsg API
that measures the transport alone; the guest test
tools/testing/guest/tests/bench.sh).  This project's stack also runs
with 64 KiB buffers (ohost-echo-64k.elf), against the in-tree stack's
best at 496 bytes, and with busy polling of the RX ring (busy_poll_us,
fw "poll"), against its own runs without ("plain") in the same boot.  Both
stacks time the load of a 16 MiB firmware image (ohost-echo-16m.elf, the
same driver ohost_vrproc under both) against reading the file plus one
copy (fwload-bench).

Pairs are interleaved, their order alternating (project first, then
in-tree first, ...) so that a drift of the host's load hits both alike.
For every measurement the table shows the median over the boots of each
stack, the median of the per-pair ratios project / in-tree and their
spread (lowest-highest per-pair ratio).  Raw results and the summary go
to build/bench/bench-<time>.json (and build/bench/latest.json).

A PNG of the ratios goes next to the JSON when python3-matplotlib is
installed (make bench installs it).

Latency under load, PREEMPT_RT against not (--hog-pairs, default 1; --hog
alone skips everything else): boots debian-6.1 and debian-6.1-rt, order
alternating, with this project's stack only; each runs the guest test
bench-hog.sh: 1000 round trips of 64 bytes with the guest idle, with a
busy loop on every CPU (nice 0, bounded in time), and with the busy loops
while the RX thread runs SCHED_FIFO 50 (rx_priority=50).  The table gives each kernel's median, p99 and max round
trip (median over its boots) and the median of the per-pair ratios
rt / non-rt.  About 3 minutes a pair.

    tools/bench/bench.py [--pairs N] [--hog-pairs N] [--target debian-6.1]
    tools/bench/bench.py --hog [--hog-pairs N]           # that part alone
    tools/bench/bench.py --from build/bench/latest.json   # tables again
"""

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "build", "bench")
VMTEST = os.path.join(ROOT, "tools", "testing", "vmtest.py")

COMMON = """TESTS=bench:900
KERNELS=debian-6.1
DAEMON=build/tools/host/vrprocd --socket {sock} --shm {shm} --size 32M --mem-size 0x10f0000 --vectors 3
QEMU_ARGS=-chardev socket,path={sock},id=ivsh -device ivshmem-doorbell,chardev=ivsh,vectors=3
LARGE_FIRMWARE=ohost-echo-16m.elf
TIMEOUT=1200
"""
STACKS = {
    "project": "MODULES=ohost_rproc ohost_vrproc ohost_virtio_rpmsg "
               "ohost_rpmsg_char ohost_rpmsg_kbench\n",
    "intree": "MODULES=ohost_rproc ohost_vrproc ohost_rpmsg_kbench\n"
              "INTREE=1\n",
}

# (row name, test, inflight or None, JSON field, better: "low" or "high"
#  [, the in-tree stack's test when it lacks this one])
ROWS = [
    ("RTT median us", "rtt", None, "median_us", "low"),
    ("RTT p99 us", "rtt", None, "p99_us", "low"),
    ("RTT max us", "rtt", None, "max_us", "low"),
    ("msgs/s 1 in flight", "pipe", 1, "msgs_per_s", "high"),
    ("msgs/s 8 in flight", "pipe", 8, "msgs_per_s", "high"),
    ("msgs/s 32 in flight", "pipe", 32, "msgs_per_s", "high"),
    ("msgs/s 128 in flight", "pipe", 128, "msgs_per_s", "high"),
    ("MB/s 128 in flight", "pipe", 128, "mb_per_s", "high"),
    ("CPU us/msg (RTT)", "rtt", None, "cpu_us_per_msg", "low"),
    ("CPU us/msg (128)", "pipe", 128, "cpu_us_per_msg", "low"),
    ("IRQs/msg (RTT)", "rtt", None, "irqs_per_msg", "low"),
    ("IRQs/msg (128)", "pipe", 128, "irqs_per_msg", "low"),
    # doorbells Linux rang to the remote (ohost_vrproc's debugfs "kicks")
    ("kicks/msg (RTT)", "rtt", None, "kicks_per_msg", "low"),
    ("kicks/msg (128)", "pipe", 128, "kicks_per_msg", "low"),
    ("allocs/msg (RTT)", "rtt", None, "allocs_per_msg", "low"),
    ("allocs/msg (128)", "pipe", 128, "allocs_per_msg", "low"),
    # io_uring: Linux 6.1's rpmsg_char never completed a request here
    # (bench.sh's uring_probe), so against its 32 in flight
    ("io_uring msgs/s (32)", "uring", 32, "msgs_per_s", "high", "pipe"),
    ("io_uring CPU us/msg", "uring", 32, "cpu_us_per_msg", "low", "pipe"),
    # OHOST_RPMSG_*_MMSG: 32 messages per call, against the in-tree
    # stack's 32 in flight (one message per call is all it has)
    ("mmsg msgs/s (32)", "mmsg", 32, "msgs_per_s", "high", "pipe"),
    ("mmsg CPU us/msg (32)", "mmsg", 32, "cpu_us_per_msg", "low", "pipe"),
    # the in-kernel client (ohost_rpmsg_kbench): the transport alone
    ("kernel RTT median us", "kernel", 1, "median_us", "low"),
    ("kernel RTT p99 us", "kernel", 1, "p99_us", "low"),
    ("kernel msgs/s 8", "kernel", 8, "msgs_per_s", "high"),
    ("kernel msgs/s 128", "kernel", 128, "msgs_per_s", "high"),
    ("longest gap ms", "gap", None, "gap_max_us", "low"),
]
BENCH_LINE = re.compile(r"# bench: (\{.*\})\s*$")

# Latency under a CPU hog (--hog): the non-rt and the rt kernel, the
# guest test's labels and the round-trip fields compared.
HOG_TARGETS = ("debian-6.1", "debian-6.1-rt")
HOG_LABELS = ("idle", "hog", "hog-prio")
HOG_FIELDS = ("median_us", "p99_us", "max_us")
HOG_RUN = """# Generated by tools/bench/bench.py: round trips under a CPU hog.
TESTS=bench-hog:600
KERNELS=debian-6.1 debian-6.1-rt
DAEMON=build/tools/host/vrprocd --socket {sock} --shm {shm} --size 4M --vectors 3
QEMU_ARGS=-chardev socket,path={sock},id=ivsh -device ivshmem-doorbell,chardev=ivsh,vectors=3
MODULES=ohost_rproc ohost_vrproc ohost_virtio_rpmsg ohost_rpmsg_char
TIMEOUT=900
"""


def write_runs():
    os.makedirs(os.path.join(OUT, "runs"), exist_ok=True)
    paths = {}
    for stack, extra in STACKS.items():
        path = os.path.join(OUT, "runs", "bench-" + stack)
        with open(path, "w") as f:
            f.write(f"# Generated by tools/bench/bench.py: the {stack} "
                    "stack.\n" + COMMON + extra)
        paths[stack] = path
    return paths


def boot(target, stack, run):
    """One boot; the measurements rpmsg-bench printed, as dicts."""
    res = subprocess.run(["nice", "-n", "10", VMTEST, "--target", target,
                          "--run", run, "--quiet"], cwd=ROOT)
    log = os.path.join(ROOT, "build", "logs", target,
                       os.path.basename(run) + ".log")
    if res.returncode:
        sys.exit(f"bench: the {stack} boot failed (log: {log})")
    with open(log, errors="replace") as f:
        out = [json.loads(m.group(1)) for m in map(BENCH_LINE.search, f)
               if m]
    if not out or any(m["label"] != stack for m in out):
        sys.exit(f"bench: the {stack} boot measured "
                 f"{sorted(set(m['label'] for m in out))} (log: {log})")
    return out


def hog_boot(target):
    """One boot of bench-hog.sh on TARGET: its round-trip lines."""
    run = os.path.join(OUT, "runs", "bench-hog")
    os.makedirs(os.path.dirname(run), exist_ok=True)
    with open(run, "w") as f:
        f.write(HOG_RUN)
    res = subprocess.run(["nice", "-n", "10", VMTEST, "--target", target,
                          "--run", run, "--quiet"], cwd=ROOT)
    log = os.path.join(ROOT, "build", "logs", target, "bench-hog.log")
    if res.returncode:
        sys.exit(f"bench: the hog boot on {target} failed (log: {log})")
    with open(log, errors="replace") as f:
        out = [json.loads(m.group(1)) for m in map(BENCH_LINE.search, f)
               if m]
    if sorted(m["label"] for m in out) != sorted(HOG_LABELS):
        sys.exit(f"bench: the hog boot on {target} measured "
                 f"{sorted(m['label'] for m in out)} (log: {log})")
    return {m["label"]: m for m in out}


def run_hog(npairs):
    """NPAIRS pairs of hog boots, non-rt and rt, the order alternating."""
    pairs = []
    for i in range(npairs):
        order = HOG_TARGETS if i % 2 == 0 else HOG_TARGETS[::-1]
        pair = {}
        for target in order:
            print(f"bench: hog pair {i + 1}/{npairs}: {target}", flush=True)
            pair[target] = hog_boot(target)
        pairs.append(pair)
    return pairs


def summarize_hog(pairs):
    plain, rt = HOG_TARGETS
    rows = []
    for label in HOG_LABELS:
        for field in HOG_FIELDS:
            a = [p[plain][label][field] for p in pairs]
            b = [p[rt][label][field] for p in pairs]
            ratios = [y / x for x, y in zip(a, b) if x]
            rows.append({"load": label, "metric": field,
                         plain: statistics.median(a),
                         rt: statistics.median(b),
                         "ratio": statistics.median(ratios) if ratios else None,
                         "ratio_min": min(ratios, default=None),
                         "ratio_max": max(ratios, default=None)})
    return rows


def print_hog(rows, npairs):
    if not rows:
        return
    plain, rt = HOG_TARGETS
    print(f"\nRound trips of 64 bytes under a CPU hog, {plain} against "
          f"{rt} (PREEMPT_RT), {npairs} pair(s); ratio = median of the "
          "per-pair ratios rt / non-rt.  idle: no load; hog: a busy loop "
          "on every CPU; hog-prio: the same with rx_priority=50 (the RX "
          "thread SCHED_FIFO 50)\n")
    head = f"| {'load':<8} | {'metric':<9} | {plain:>10} | {rt:>13} | " \
           f"{'ratio':>6} | {'spread':>13} |"
    print_head(head)
    for r in rows:
        spread = f"{fmt(r['ratio_min'])}-{fmt(r['ratio_max'])}"
        print(f"| {r['load']:<8} | {r['metric']:<9} | {fmt(r[plain]):>10} | "
              f"{fmt(r[rt]):>13} | {fmt(r['ratio']):>6} | {spread:>13} |")


def value(meas, fw, size, test, inflight, field):
    """One boot's value of a table row, or None."""
    meas = [m for m in meas if m.get("fw") == fw and m["size"] == size]
    if test == "gap":   # the longest gap of every run at this size
        gaps = [m[field] for m in meas if field in m]
        return max(gaps) / 1000 if gaps else None
    for m in meas:
        if m["test"] == test and \
                (inflight is None or m.get("inflight") == inflight):
            return m.get(field)
    return None


def summarize(pairs):
    fws = sorted({m.get("fw") for p in pairs for m in p["project"]},
                 key=str)
    sizes = sorted({m["size"] for p in pairs for m in p["project"]})
    rows = []
    for fw, size in ((f, s) for f in fws for s in sizes):
        for name, test, inflight, field, better, *intree_test in ROWS:
            proj = [value(p["project"], fw, size, test, inflight, field)
                    for p in pairs]
            intr = [value(p["intree"], fw, size,
                          intree_test[0] if intree_test else test,
                          inflight, field) for p in pairs]
            if None in proj or None in intr:
                continue
            ratios = [a / b for a, b in zip(proj, intr) if b]
            rows.append({
                "fw": fw, "size": size, "metric": name, "better": better,
                "project": statistics.median(proj),
                "intree": statistics.median(intr),
                "ratio": statistics.median(ratios) if ratios else None,
                "ratio_min": min(ratios) if ratios else None,
                "ratio_max": max(ratios) if ratios else None,
            })
    return rows


def best_mb_per_s(meas, fw, size):
    """The best pipelined payload MB/s of one boot at one size, or None."""
    v = [m["mb_per_s"] for m in meas if m.get("fw") == fw and
         m["size"] == size and m["test"] in ("pipe", "uring")]
    return max(v) if v else None


def summarize_big(pairs):
    """Large buffers: this project's best MB/s per size with 64 KiB
    buffers (fw "big") against the in-tree stack's best at 496 bytes, its
    largest message (fw "plain"), boot pair by boot pair."""
    sizes = sorted({m["size"] for p in pairs for m in p["project"]
                    if m.get("fw") == "big"})
    rows = []
    for size in sizes:
        proj = [best_mb_per_s(p["project"], "big", size) for p in pairs]
        intr = [best_mb_per_s(p["intree"], "plain", 496) for p in pairs]
        if None in proj or None in intr:
            continue
        ratios = [a / b for a, b in zip(proj, intr) if b]
        rows.append({
            "size": size, "project": statistics.median(proj),
            "intree_496": statistics.median(intr),
            "ratio": statistics.median(ratios) if ratios else None,
            "ratio_min": min(ratios) if ratios else None,
            "ratio_max": max(ratios) if ratios else None,
        })
    return rows


def spread(values):
    """Median, lowest and highest of per-pair values (None if any missing)."""
    if not values or None in values:
        return None
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values)}


def floor_of(meas):
    """One boot's platform floor (bench.sh's "floor" line), or None."""
    return next((m for m in meas if m["test"] == "floor"), None)


def spread_row(name, per_pair, target):
    """A row of the floor table: median and spread over the pairs that
    have the value."""
    v = [x for x in per_pair if x is not None]
    return {"measure": name, "target": target,
            **(spread(v) or {"median": None, "min": None, "max": None})}


def summarize_floor(pairs):
    """The platform's own costs, measured in every boot (same driver and
    daemon for both stacks), and the issue's targets relative to them:
    each boot's numbers against that boot's floor."""
    rows = []
    for stack in ("project", "intree"):
        fl = [floor_of(p[stack]) for p in pairs]
        for name, field, scale in (
                ("doorbell RTT median us", "rtt_median_ns", 1e-3),
                ("doorbell RTT p99 us", "rtt_p99_ns", 1e-3),
                ("memcpy into the window MB/s, write-combined",
                 "copy_mb_per_s", 1),
                ("memcpy into the window MB/s, write-back",
                 "copy_wb_mb_per_s", 1)):
            rows.append(spread_row(f"{stack}: {name}",
                                   [f[field] * scale if f else None
                                    for f in fl], None))

    def rtt_over_floor(meas, fw, inflight, test):
        fl, rtt = floor_of(meas), value(meas, fw, 1, test, inflight,
                                         "median_us")
        return rtt / (fl["rtt_median_ns"] / 1000) if fl and rtt else None

    for stack in ("project", "intree"):
        rows.append(spread_row(
            f"{stack}: 1-byte RTT median / doorbell RTT (rpmsg_char)",
            [rtt_over_floor(p[stack], "plain", None, "rtt") for p in pairs],
            "<= 3 (project)"))
        rows.append(spread_row(
            f"{stack}: 1-byte RTT median / doorbell RTT (kernel client)",
            [rtt_over_floor(p[stack], "kernel", 1, "kernel")
             for p in pairs], None))

    def big_over_copy(meas, field):
        fl, mb = floor_of(meas), best_mb_per_s(meas, "big", 65520)
        return 100 * mb / fl[field] if fl and mb and fl.get(field) \
            else None

    # The buffers are write-combined (the pool's mapping): that is the
    # memcpy the target compares with; write-back for reference.
    for field, how, target in (("copy_mb_per_s", "write-combined", ">= 25"),
                               ("copy_wb_mb_per_s", "write-back", None)):
        rows.append(spread_row(
            f"project: 64 KiB MB/s, % of memcpy ({how})",
            [big_over_copy(p["project"], field) for p in pairs], target))
    return [r for r in rows if r["median"] is not None]


def print_floor(rows):
    if not rows:
        return
    print("\nPlatform floor: ohost_vrproc's debugfs \"floor\" in every "
          "boot (PING doorbell round trips to vrprocd and back; memcpy "
          "into the write-combined shared window), and the targets "
          "measured against each boot's own floor\n")
    head = f"| {'measure':<58} | {'median':>8} | {'spread':>15} | " \
           f"{'target':>14} |"
    print_head(head)
    for r in rows:
        spread = f"{fmt(r['min'])}-{fmt(r['max'])}"
        print(f"| {r['measure']:<58} | {fmt(r['median']):>8} | "
              f"{spread:>15} | {r['target'] or '':>14} |")


def load_value(meas, field):
    """One boot's firmware load measurement (bench.sh's fw "load")."""
    for m in meas:
        if m.get("fw") == "load" and m["test"] == "fwload":
            return m.get(field)
    return None


LOAD_FIELDS = ("load_ms", "small_boot_ms", "big_boot_ms", "read_copy_ms")


def summarize_load(pairs):
    """The 16 MiB firmware load: per stack the medians over its boots and
    the load / (read + one copy) ratio of each boot; project / in-tree
    load time boot pair by boot pair."""
    out = {}
    for stack in ("project", "intree"):
        vals = {f: [load_value(p[stack], f) for p in pairs]
                for f in LOAD_FIELDS}
        if any(None in v for v in vals.values()):
            return {}
        row = {f: statistics.median(v) for f, v in vals.items()}
        row["ratio"] = spread([a / b for a, b in zip(vals["load_ms"],
                                                      vals["read_copy_ms"])
                               if b])
        out[stack] = row
    out["project_vs_intree"] = spread(
        [load_value(p["project"], "load_ms") /
         load_value(p["intree"], "load_ms") for p in pairs
         if load_value(p["intree"], "load_ms")])
    return out


def print_load(load):
    if not load:
        return
    print("\nFirmware load (16 MiB): ohost-echo-16m.elf against "
          "ohost-echo.elf, load = median boot time (echo start) of the "
          "large image minus the small one's, 5 boots each; read+copy = "
          "reading the file and copying it once (fwload-bench, "
          "prefaulted buffers); target load <= 1.1x read+copy\n")
    head = f"| {'stack':<7} | {'load ms':>7} | {'small boot ms':>13} | " \
           f"{'read+copy ms':>12} | {'load/(read+copy)':>16} | " \
           f"{'spread':>13} |"
    print_head(head)
    for stack, name in (("project", "project"), ("intree", "in-tree")):
        r = load[stack]
        rs = r["ratio"] or {}
        spr = f"{fmt(rs.get('min'))}-{fmt(rs.get('max'))}"
        print(f"| {name:<7} | {fmt(r['load_ms']):>7} | "
              f"{fmt(r['small_boot_ms']):>13} | "
              f"{fmt(r['read_copy_ms']):>12} | "
              f"{fmt(rs.get('median')):>16} | {spr:>13} |")
    pv = load.get("project_vs_intree")
    if pv:
        print(f"\nload time project / in-tree: {fmt(pv['median'])} "
              f"(per pair {fmt(pv['min'])}-{fmt(pv['max'])})")


# Busy polling: this project's "poll" runs against its "plain" ones
POLL_ROWS = [r for r in ROWS if r[0] in (
    "RTT median us", "RTT p99 us", "msgs/s 1 in flight",
    "msgs/s 128 in flight", "CPU us/msg (RTT)", "CPU us/msg (128)",
    "IRQs/msg (RTT)", "IRQs/msg (128)")]


def summarize_poll(pairs):
    """Busy polling on (fw "poll") against off (fw "plain"), both from this
    project's boots; the ratio on / off per boot, its median and spread."""
    rows = []
    sizes = sorted({m["size"] for p in pairs for m in p["project"]
                    if m.get("fw") == "poll" and m["test"] != "poll_hits"})
    for size in sizes:
        for name, test, inflight, field, better, *_ in POLL_ROWS:
            on = [value(p["project"], "poll", size, test, inflight, field)
                  for p in pairs]
            off = [value(p["project"], "plain", size, test, inflight, field)
                   for p in pairs]
            if None in on or None in off:
                continue
            ratios = [a / b for a, b in zip(on, off) if b]
            rows.append({
                "size": size, "metric": name, "better": better,
                "off": statistics.median(off), "on": statistics.median(on),
                "ratio": statistics.median(ratios) if ratios else None,
                "ratio_min": min(ratios) if ratios else None,
                "ratio_max": max(ratios) if ratios else None,
            })
    return rows


def poll_hits(pairs):
    """Per boot: (busy_poll_us, messages that polling found) of fw "poll"."""
    return [(m.get("busy_poll_us"), m.get("hits"))
            for p in pairs for m in p["project"]
            if m.get("fw") == "poll" and m["test"] == "poll_hits"]


def print_poll(rows, hits):
    if not rows:
        return
    us = sorted({h[0] for h in hits if h[0] is not None})
    print("\nBusy polling: this project's stack with busy_poll_us "
          f"{'/'.join(map(str, us)) or '?'} (on, fw poll) against 0 (off, fw "
          "plain), same boots; ratio = median of the per-boot ratios "
          "on/off\n")
    head = f"| {'size':>4} | {'metric':<22} | {'off':>9} | {'on':>9} | " \
           f"{'ratio':>6} | {'spread':>13} | better |"
    print_head(head)
    for r in rows:
        spread = f"{fmt(r['ratio_min'])}-{fmt(r['ratio_max'])}"
        print(f"| {r['size']:>4} | {r['metric']:<22} | {fmt(r['off']):>9} | "
              f"{fmt(r['on']):>9} | {fmt(r['ratio']):>6} | {spread:>13} | "
              f"{'<1' if r['better'] == 'low' else '>1':>6} |")
    print("\nmessages found by polling, per boot: " +
          ", ".join(str(h[1]) for h in hits))


def print_probes(pairs):
    """What the in-tree stack could not run (rpmsg-bench's uring_probe)."""
    for i, p in enumerate(pairs):
        for m in p["intree"]:
            if m["test"] == "uring_probe":
                state = "works" if m.get("ok") else "failed"
                print(f"\npair {i + 1}: io_uring on the in-tree stack {state}"
                      f"{': ' + m['detail'].strip() if m.get('detail') else ''}")


def print_head(head):
    """A markdown table's header line and the line under it."""
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) +
          "|")


def print_big(rows):
    if not rows:
        return
    print("\nLarge buffers: this project with 64 KiB buffers "
          "(ohost-echo-64k.elf, VIRTIO_RPMSG_F_BUFSZ) against the in-tree "
          "stack's 496-byte messages (the most its 512-byte buffers carry);"
          " best pipelined payload MB/s of each boot\n")
    head = f"| {'size':>5} | {'project MB/s':>12} | " \
           f"{'in-tree MB/s at 496':>19} | {'ratio':>6} | {'spread':>13} |"
    print_head(head)
    for r in rows:
        spread = f"{fmt(r['ratio_min'])}-{fmt(r['ratio_max'])}"
        print(f"| {r['size']:>5} | {fmt(r['project']):>12} | "
              f"{fmt(r['intree_496']):>19} | {fmt(r['ratio']):>6} | "
              f"{spread:>13} |")


PLOT_METRICS = ["RTT median us", "msgs/s 128 in flight", "mmsg msgs/s (32)",
                "io_uring msgs/s (32)",
                "CPU us/msg (128)", "IRQs/msg (128)",
                "kernel RTT median us", "kernel msgs/s 128"]


def plot(rows, big_rows, path):
    """Ratios project / in-tree per size as a PNG, when matplotlib is
    there (make bench installs python3-matplotlib)."""
    try:
        import matplotlib
    except ImportError:
        # another python3 first in PATH (pyenv): Debian's package is there
        sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import matplotlib
        except ImportError:
            print("bench: no plot (python3-matplotlib is not installed)")
            return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for fw, style in (("plain", "-"), ("evidx", "--"), ("kernel", ":")):
        for metric in PLOT_METRICS:
            pts = [(r["size"], r["ratio"]) for r in rows
                   if r["fw"] == fw and r["metric"] == metric and r["ratio"]]
            if pts:
                axes[0].plot(*zip(*pts), style, marker="o",
                             label=f"{metric} ({fw})")
    axes[0].axhline(1, color="grey", linewidth=0.8)
    axes[0].set_xscale("log", base=2)
    axes[0].set_xlabel("payload bytes")
    axes[0].set_ylabel("project / in-tree")
    axes[0].set_title("ratios, median of the boot pairs")
    axes[0].legend(fontsize=6)
    if big_rows:
        axes[1].plot([r["size"] for r in big_rows],
                     [r["ratio"] for r in big_rows], marker="o")
        axes[1].set_xscale("log", base=2)
    axes[1].set_xlabel("payload bytes (64 KiB buffers)")
    axes[1].set_ylabel("MB/s / in-tree MB/s at 496 bytes")
    axes[1].set_title("large buffers")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print(f"bench: plot in {os.path.relpath(path, ROOT)}")


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def print_table(rows, npairs):
    print(f"\nmake bench: project / in-tree, {npairs} interleaved boot "
          "pairs (debian-6.1, QEMU TCG)")
    print("ratio = median of the per-pair ratios project/in-tree; better "
          "is the direction that favours the project; fw: the echo "
          "firmware without (plain) and with (evidx) "
          "VIRTIO_RING_F_EVENT_IDX\n")
    head = f"| {'fw':<5} | {'size':>4} | {'metric':<22} | {'project':>9} | " \
           f"{'in-tree':>9} | {'ratio':>6} | {'spread':>13} | better |"
    print_head(head)
    for r in rows:
        spread = f"{fmt(r['ratio_min'])}-{fmt(r['ratio_max'])}"
        print(f"| {r['fw'] or '-':<5} | {r['size']:>4} | {r['metric']:<22} | "
              f"{fmt(r['project']):>9} | {fmt(r['intree']):>9} | "
              f"{fmt(r['ratio']):>6} | {spread:>13} | "
              f"{'<1' if r['better'] == 'low' else '>1':>6} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=3,
                    help="interleaved boot pairs (default 3, at least 1)")
    ap.add_argument("--target", default="debian-6.1",
                    help="kernel target (the in-tree modules exist for "
                         "debian-6.1 only)")
    ap.add_argument("--hog-pairs", type=int, default=1,
                    help="pairs of boots (debian-6.1, debian-6.1-rt) "
                         "measuring round trips under a CPU hog (default 1; "
                         "0: none)")
    ap.add_argument("--hog", action="store_true",
                    help="only the CPU-hog measurement")
    ap.add_argument("--from", dest="from_json", metavar="JSON",
                    help="no boots: the tables (and plot) of a saved run")
    args = ap.parse_args()
    if args.pairs < 1:
        ap.error("--pairs must be at least 1")
    if args.from_json:
        with open(args.from_json) as f:
            saved = json.load(f)
        pairs = saved.get("pairs", [])
        print_hog(saved.get("hog", []), len(saved.get("hog_pairs", [])))
        if not pairs:
            return 0
        rows, big_rows = summarize(pairs), summarize_big(pairs)
        print_table(rows, len(pairs))
        print_probes(pairs)
        print_big(big_rows)
        print_floor(summarize_floor(pairs))
        print_load(summarize_load(pairs))
        print_poll(summarize_poll(pairs), poll_hits(pairs))
        plot(rows, big_rows,
             os.path.splitext(os.path.abspath(args.from_json))[0] + ".png")
        return 0

    if args.hog:
        save({"target": "debian-6.1 debian-6.1-rt"}, [],
             run_hog(max(args.hog_pairs, 1)))
        return 0

    runs = write_runs()
    pairs = []
    for i in range(args.pairs):
        order = ("project", "intree") if i % 2 == 0 else \
            ("intree", "project")
        pair = {"order": list(order)}
        for stack in order:
            print(f"bench: pair {i + 1}/{args.pairs}: {stack}", flush=True)
            pair[stack] = boot(args.target, stack, runs[stack])
        pairs.append(pair)

    rows = summarize(pairs)
    big_rows = summarize_big(pairs)
    floor_rows = summarize_floor(pairs)
    load = summarize_load(pairs)
    poll_rows = summarize_poll(pairs)
    print_table(rows, len(pairs))
    print_probes(pairs)
    print_big(big_rows)
    print_floor(floor_rows)
    print_load(load)
    print_poll(poll_rows, poll_hits(pairs))
    result = {"target": args.target, "summary": rows,
              "large_buffers": big_rows, "floor": floor_rows,
              "firmware_load": load, "busy_polling": poll_rows}
    path = save(result, pairs, run_hog(args.hog_pairs))
    plot(rows, big_rows, os.path.splitext(path)[0] + ".png")
    return 0


def save(result, pairs, hog_pairs):
    """Print the hog table, write RESULT with the raw boots; its path."""
    hog_rows = summarize_hog(hog_pairs) if hog_pairs else []
    print_hog(hog_rows, len(hog_pairs))
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    result.update({"time": stamp, "pairs": pairs, "hog_pairs": hog_pairs,
                   "hog": hog_rows})
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"bench-{stamp}.json")
    for p in (path, os.path.join(OUT, "latest.json")):
        with open(p, "w") as f:
            json.dump(result, f, indent=1)
    print(f"\nbench: results in {os.path.relpath(path, ROOT)}")
    return path


if __name__ == "__main__":
    sys.exit(main())
