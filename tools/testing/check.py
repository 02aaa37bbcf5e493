#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make check: build everything and run every test on every kernel target.

Steps, each counted: module builds per target, userspace tools and
firmware, host-side test suites (tools/testing/*/run.sh, TAP on stdout),
then every VM run of tools/testing/runs/ on each target it names in
KERNELS, and with --long (make check-long) also in LONG_KERNELS: runs too
slow to repeat on every target in make check, mostly on the debug kernel,
whose boots cost the most.  Ends
with one line 'N passed, N failed, N skipped' and a non-zero exit status
on any failure.  Logs of failing steps stay under build/logs/.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmtest  # noqa: E402  (shares the KTAP judge)

ROOT = vmtest.ROOT
TESTING = vmtest.TESTING
ALL_TARGETS = ["debian-6.1", "debian-6.12", "debug"]


class Totals:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def add(self, what, passed, failed, skipped=0, detail=""):
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


def vm_run(totals, target, run):
    name = os.path.basename(run)
    rc = subprocess.call([sys.executable, os.path.join(TESTING, "vmtest.py"),
                          "--target", target, "--run", run, "--quiet"],
                         cwd=ROOT)
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
    for script in sorted(glob.glob(os.path.join(TESTING, "*", "run.sh"))):
        host_suite(totals, script)
    for target in args.targets:
        if not step(totals, f"kernel {target}",
                    [os.path.join(TESTING, "kernels.sh"), "prepare", target],
                    f"kernel-{target}.log"):
            continue
        if not step(totals, f"modules for {target}",
                    [os.path.join(ROOT, "tools", "build-modules.sh"), target],
                    f"modules-{target}.log"):
            continue
        if target == "debug":
            host_suite(totals, os.path.join(ROOT, "tools", "lint.sh"),
                       "lint")
        for run in runs_for(target, args.long):
            vm_run(totals, target, run)

    print(f"# {time.time() - t0:.0f} s")
    for f in totals.failures:
        print(f"# FAILED: {f}")
    print(f"{totals.passed} passed, {totals.failed} failed, "
          f"{totals.skipped} skipped")
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main())
