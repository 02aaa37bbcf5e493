#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make check: build everything and run every test on every kernel target.

Steps, each counted: module builds per target, userspace tools and
firmware, host-side test suites (tools/testing/*/run.sh, TAP on stdout),
then every VM run of tools/testing/runs/ on each target it names in
KERNELS, and with --long (make check-long) also in LONG_KERNELS: runs too
slow to repeat on every target in make check, mostly on the debug kernel,
whose boots cost the most.

Two lanes run side by side: the VM lane boots one guest at a time, target
by target; the host lane (niced) builds what later targets need (the
debug kernel), runs the host-side suites and builds the full-system root
filesystem when a selected run needs one, so that on a fresh machine
those builds overlap the stock kernels' boots.  Full-system runs (BOOT=rootfs) come last: they install
the packages the host suites build.

Ends with one line 'N passed, N failed, N skipped' and a non-zero exit
status on any failure.  Logs of failing steps stay under build/logs/.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmtest  # noqa: E402  (shares the KTAP judge)

ROOT = vmtest.ROOT
TESTING = vmtest.TESTING
ALL_TARGETS = ["debian-6.1", "debian-6.12", "debian-6.1-rt", "debian-6.12-rt",
               "debug"]


class Totals:
    """Counts of both lanes (threads)."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []
        self.lock = threading.Lock()

    def add(self, what, passed, failed, skipped=0, detail=""):
        with self.lock:
            self._add(what, passed, failed, skipped, detail)

    def _add(self, what, passed, failed, skipped, detail):
        self.passed += passed
        self.failed += failed
        self.skipped += skipped
        if failed:
            self.failures.append(f"{what}{': ' + detail if detail else ''}")


def step(totals, what, cmd, log_name):
    """Run a build step; one check, its output kept in a log."""
    log = os.path.join(ROOT, "build", "logs", log_name)
    os.makedirs(os.path.dirname(log), exist_ok=True)
    t0 = time.time()
    with open(log, "w") as f:
        rc = subprocess.call(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT)
    dt = time.time() - t0
    if rc == 0:
        print(f"ok - {what} ({dt:.0f} s)", flush=True)
        totals.add(what, 1, 0)
        return True
    print(f"not ok - {what} (exit {rc}, log: {log})", flush=True)
    with open(log) as f:
        tail = f.readlines()[-25:]
    sys.stdout.write("".join("#   " + line for line in tail))
    totals.add(what, 0, 1, detail=f"see {log}")
    return False


def host_suite(totals, script, name=None):
    name = name or os.path.basename(os.path.dirname(script))
    log = os.path.join(ROOT, "build", "logs", "host", name + ".log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    judge = vmtest.Judge()
    with open(log, "w") as f:
        proc = subprocess.Popen(["bash", script], cwd=ROOT,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        for line in proc.stdout:
            f.write(line)
            judge.line(line)
        rc = proc.wait()
    if rc != 0 and judge.failed == 0:
        judge.failed += 1
        judge.problems.append(f"exit status {rc}")
    if judge.passed + judge.failed + judge.skipped == 0:
        judge.failed += 1
        judge.problems.append("ran no test")
    status = "ok" if not judge.failed else "not ok"
    print(f"{status} - host/{name}: {judge.passed} passed, {judge.failed} "
          f"failed, {judge.skipped} skipped"
          f"{'' if not judge.failed else ' (log: ' + log + ')'}", flush=True)
    for p in judge.problems:
        print(f"#   {p}")
    totals.add(f"host/{name}", judge.passed, judge.failed, judge.skipped,
               "; ".join(judge.problems))


def vm_run(totals, target, run, env):
    name = os.path.basename(run)
    rc = subprocess.call([sys.executable, os.path.join(TESTING, "vmtest.py"),
                          "--target", target, "--run", run, "--quiet",
                          "--env", env], cwd=ROOT)
    summary = os.path.join(ROOT, "build", "logs", target, name + ".json")
    try:
        with open(summary) as f:
            s = json.load(f)
    except (OSError, ValueError):
        s = {"passed": 0, "failed": 1, "skipped": 0,
             "problems": [f"vmtest exit {rc}, no summary"]}
    failed = s["failed"] or (1 if rc else 0)
    totals.add(f"{target}/{name}", s["passed"], failed, s["skipped"],
               "; ".join(s["problems"][:3]))


def runs_for(target, long):
    for run in sorted(glob.glob(os.path.join(TESTING, "runs", "*"))):
        conf = vmtest.parse_run(run)
        kernels = conf["KERNELS"].split()
        if long:
            kernels += conf["LONG_KERNELS"].split()
        if target in kernels and vmtest.selected_tests(conf, target):
            yield run


def host_lane(totals, targets, rootfs_targets, ready):
    """Work that needs no VM, beside the VM lane: the kernel targets'
    preparation (the debug kernel build), the host-side suites, the
    full-system root filesystem, so a fresh machine builds while it
    boots.  Niced: the VM lane's guests come first."""
    os.nice(10)
    # Kernels first: on a fresh machine the debug kernel build is the
    # longest step, and the VM lane reaches that target last.
    for target in targets:
        prepare_target(totals, target, ready)
    for script in sorted(glob.glob(os.path.join(TESTING, "*", "run.sh"))):
        host_suite(totals, script)
    ready["host suites"].set()
    if "debug" in targets and ready["debug"].ok:
        host_suite(totals, os.path.join(ROOT, "tools", "lint.sh"), "lint")
    for target in rootfs_targets:
        step(totals, f"root filesystem {target}",
             [os.path.join(TESTING, "rootfs.sh"), "prepare", target],
             f"rootfs-{target}.log")
    ready["rootfs"].set()


class Ready(threading.Event):
    """A preparation finished; ok says whether it succeeded, env is the
    target's env file (kernels.sh prepare's last line)."""
    ok = False
    env = None


def prepare_target(totals, target, ready):
    """Kernel and modules of TARGET, once, whichever lane asks first."""
    with ready[target].lock:
        if ready[target].is_set():
            return ready[target].ok
        ready[target].ok = step(
            totals, f"kernel {target}",
            [os.path.join(TESTING, "kernels.sh"), "prepare", target],
            f"kernel-{target}.log") and step(
            totals, f"modules for {target}",
            [os.path.join(ROOT, "tools", "build-modules.sh"), target],
            f"modules-{target}.log")
        if ready[target].ok:
            with open(os.path.join(ROOT, "build", "logs",
                                   f"kernel-{target}.log")) as f:
                ready[target].env = f.read().split()[-1]
        ready[target].set()
        return ready[target].ok


def is_rootfs(run):
    return vmtest.parse_run(run)["BOOT"] == "rootfs"


def vm_lane(totals, targets, long, ready):
    """Every VM run, one at a time.  Full-system runs (BOOT=rootfs) go
    last: they install the packages the host suites build (make deb)."""
    deferred = []
    for target in targets:
        if not prepare_target(totals, target, ready):
            continue
        for run in runs_for(target, long):
            if is_rootfs(run):
                deferred.append((target, run))
            else:
                vm_run(totals, target, run, ready[target].env)
    if deferred:
        ready["host suites"].wait()
        ready["rootfs"].wait()
    for target, run in deferred:
        vm_run(totals, target, run, ready[target].env)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("targets", nargs="*", default=ALL_TARGETS)
    ap.add_argument("--long", action="store_true",
                    help="also the runs' LONG_KERNELS (make check-long)")
    args = ap.parse_args()
    totals = Totals()
    t0 = time.time()

    step(totals, "host packages", [os.path.join(TESTING, "kernels.sh"),
                                   "host-deps"], "host-deps.log")
    step(totals, "userspace tools", ["make", "-C", "tools"], "tools.log")
    if os.path.exists(os.path.join(ROOT, "tools", "firmware", "Makefile")):
        step(totals, "firmware images", ["make", "-C", "tools/firmware"],
             "firmware.log")
    ready = {name: Ready() for name in
             args.targets + ["host suites", "rootfs"]}
    for t in args.targets:
        ready[t].lock = threading.Lock()
    # The VM lane prepares the stock kernels itself (seconds, cached);
    # the host lane gets to the debug kernel build while guests run.
    rootfs_targets = [t for t in args.targets
                      if any(is_rootfs(r) for r in runs_for(t, args.long))]
    host = threading.Thread(target=host_lane,
                            args=(totals, args.targets, rootfs_targets,
                                  ready))
    host.start()
    vm_lane(totals, args.targets, args.long, ready)
    host.join()

    print(f"# {time.time() - t0:.0f} s")
    for f in totals.failures:
        print(f"# FAILED: {f}")
    print(f"{totals.passed} passed, {totals.failed} failed, "
          f"{totals.skipped} skipped")
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main())
