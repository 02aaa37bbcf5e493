#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot a kernel target in qemu-system-aarch64 -M virt and run guest tests.

A run file (tools/testing/runs/NAME) says what one boot does:

    TESTS=modules kunit-fwcheck@debug   # guest tests, in order; @k1,k2 limits
    TESTS=vrproc-cycles:900             # :N gives a test N s (default 300)
    KERNELS=debian-6.1 debian-6.12 debug   # required; may be empty
    LONG_KERNELS=debug       # targets of `make check-long` only (check.py)
    DAEMON=build/tools/host/vrprocd --socket {sock}   # optional host process
    DAEMON_RESTART=1         # restart the daemon whenever it exits
    QEMU_ARGS=-chardev socket,path={sock},id=ivsh ...
    MODULES=ohost_rproc ...  # project modules to put in the initramfs
    EXPECT=pass              # or 'fail': the run must be judged failed
    EXPECT_MATCH=regex       # with EXPECT=fail: the reason that must show
    TIMEOUT=600
    MEMORY=1024              # guest RAM in MiB
    APPEND=soak_cycles=20    # added to the kernel command line (NAME=VALUE
                             # without a dot reaches the tests' environment)
    BOOT=zynqmp-stub         # optional: boot through the ZynqMP EL3 stub
                             # (or rootfs: a Debian system, see below)
    ZYNQMP_MODE=lockstep     # with BOOT=zynqmp-stub: add the RPU cluster
                             # node (xlnx,zynqmp-r5fss), lockstep or split
    DTSO=tools/testing/imx/virt-imx8mm.dtso   # BOOT=kernel: overlays
    SHARED_RAM=1             # BOOT=kernel: guest RAM shared at {ram}
    INTREE=1                 # also Linux's own rpmsg modules (make bench)
    LARGE_FIRMWARE=ohost-echo-16m.elf   # images of build/firmware/big/

BOOT=kernel (the default) boots with -kernel/-initrd/-append on
-M virt,gic-version=3 -smp 2.  DTSO= (space-separated overlay sources,
relative to the project root) makes it boot with -dtb: each overlay is
compiled with dtc -@ into build/dtso/ (a dtc warning fails the run),
QEMU's own device tree for the same machine, memory and CPUs is dumped
(dumpdtb), the overlays are applied onto it in order with fdtoverlay;
QEMU still fills /chosen (bootargs, initrd) and /memory at boot.
SHARED_RAM=1 puts guest RAM in a memory-backend-file (share=on) at {ram}
that a host process (DAEMON) maps: offset = guest physical - 0x40000000.
BOOT=zynqmp-stub boots -M
virt,secure=on,gic-version=3 -smp 1 with -bios el3-stub.bin, a device tree
made by tools/testing/zynqmp/boot.py (QEMU's own plus virt-zynqmp.dtbo,
/chosen filled in) and loader devices for the Image and the initramfs;
guest RAM is a shared memory-backend-file at {ram} for the host "R5"
(needs MEMORY=4096: the TCM lies at 0xffe00000).  ZYNQMP_MODE adds the
RPU cluster overlay of that mode (virt-zynqmp-r5-MODE.dtso; the IPI test
client then uses a mailbox of its own).  See Documentation/zynqmp-qemu.rst.

BOOT=rootfs boots a Debian 12 system instead of the initramfs: the disk
image of tools/testing/rootfs.sh for the target (stock kernel image and
headers, DKMS, systemd; snapshot=on), with its own kernel and initramfs.
A second disk (label ohost-test, mounted at /ohost) holds the runner
(guest/rootfs-run, started by systemd), the tests, build/firmware/*.elf
and the packages of build/deb (make deb); MODULES and the initramfs
options do not apply.  Full-system tests install the packages with apt.

INTREE=1 puts the .ko files of build/intree/<target>/ (Linux's own
virtio_rpmsg_bus, rpmsg_ns, rpmsg_ctrl, rpmsg_char, built unmodified by
tools/bench/build-intree.sh) into the initramfs under extra-intree/, so
that `modprobe virtio_rpmsg_bus` loads them; MODULES should then name
none of this project's rpmsg modules.  Only tools/bench uses it.

Every image of build/firmware/ goes into the initramfs's /lib/firmware;
the large ones of build/firmware/big/ (tools/firmware: 16 MiB of
incompressible bytes) only when LARGE_FIRMWARE= names them.

DAEMON and QEMU_ARGS may use {sock}, {shm}, {ram}, {dir} and {root}.

The console is streamed to build/logs/<target>/<run>.log.  The run fails
on any failed KTAP case, on any kernel report in the console (oops, BUG,
WARN, KASAN, UBSAN, lockdep, kmemleak, hung task, panic), on a missing
'done' marker, or on timeout.  A summary is written next to the log as
<run>.json: {"passed": N, "failed": N, "skipped": N, "problems": [...]}.
"""

import argparse
import glob
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TESTING = os.path.join(ROOT, "tools", "testing")

# Kernel reports that fail a run whatever the tests said.
KERNEL_REPORTS = [
    (re.compile(r"------------\[ cut here \]------------"), "WARN/BUG"),
    (re.compile(r"\bWARNING: .*(at|CPU: )"), "WARN"),
    # Named before the generic BUG: the errors PREEMPT_RT turns up first
    # (sleeping locks taken in atomic context, per-CPU use while
    # preemptible), and RCU's own report of a task sleeping in a read-side
    # critical section (a WARN, also under lockdep on debug).
    (re.compile(r"BUG: sleeping function called from invalid context"),
     "might_sleep"),
    (re.compile(r"BUG: scheduling while atomic"), "scheduling while atomic"),
    (re.compile(r"BUG: using (smp_processor_id|__this_cpu_\w+)\(\) "
                r"in preemptible"), "preemptible per-CPU use"),
    (re.compile(r"Voluntary context switch within RCU read-side critical "
                r"section"), "RCU"),
    (re.compile(r"\bBUG: "), "BUG"),
    (re.compile(r"Internal error: Oops"), "oops"),
    (re.compile(r"Unable to handle kernel"), "oops"),
    (re.compile(r"Kernel panic"), "panic"),
    (re.compile(r"KASAN: "), "KASAN"),
    (re.compile(r"UBSAN: "), "UBSAN"),
    (re.compile(r"possible circular locking dependency"), "lockdep"),
    (re.compile(r"possible recursive locking"), "lockdep"),
    (re.compile(r"inconsistent lock state"), "lockdep"),
    (re.compile(r"suspicious RCU usage"), "lockdep"),
    (re.compile(r"INFO: trying to register non-static key"), "lockdep"),
    (re.compile(r"unreferenced object 0x"), "kmemleak"),
    (re.compile(r"blocked for more than \d+ seconds"), "hung task"),
    (re.compile(r"soft lockup"), "soft lockup"),
    (re.compile(r"rcu_.*self-detected stall|rcu: INFO: rcu_.* detected stall"),
     "RCU stall"),
]

RESULT = re.compile(r"^(\s*)(not ok|ok) (\d+)\b ?-? ?(.*?)\s*$")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")


def parse_run(path):
    conf = {"TESTS": "", "KERNELS": None,
            "LONG_KERNELS": "",
            "DAEMON": "", "DAEMON_RESTART": "0", "QEMU_ARGS": "",
            "MODULES": "", "EXPECT": "pass", "EXPECT_MATCH": "",
            "TIMEOUT": "600", "MEMORY": "1024", "BOOT": "kernel",
            "ZYNQMP_MODE": "", "DTSO": "", "SHARED_RAM": "0",
            "INTREE": "0", "LARGE_FIRMWARE": "", "APPEND": ""}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            key, sep, val = line.partition("=")
            if not sep or key not in conf:
                sys.exit(f"{path}:{lineno}: bad line: {line}")
            conf[key] = val.strip()
    # No default: a run file without it would run in make check on every
    # target, however long it is (the soak runs once did).
    if conf["KERNELS"] is None:
        sys.exit(f"{path}: no KERNELS= line (KERNELS= with no target: "
                 "make check-long only)")
    return conf


def target_env(target, path=None):
    """The target's env file (KREL, IMAGE, MODROOT, ...): PATH, as
    `kernels.sh prepare TARGET` printed it, or asked of kernels.sh now
    (seconds of apt-cache: check.py asks once per target)."""
    if not path:
        path = subprocess.run([os.path.join(TESTING, "kernels.sh"),
                               "prepare", target], check=True,
                              stdout=subprocess.PIPE,
                              text=True).stdout.strip().splitlines()[-1]
    env = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            env[k] = v
    return env


def module_index(modroot, krel):
    """Map module name -> (path relative to modroot, [dependency paths])."""
    base = os.path.join(modroot, "lib", "modules", krel)
    index = {}
    with open(os.path.join(base, "modules.dep")) as f:
        for line in f:
            mod, _, deps = line.partition(":")
            name = os.path.basename(mod).split(".ko")[0].replace("-", "_")
            index[name] = (mod, deps.split())
    return base, index


def copy_intree(base, index, name, dest, done):
    """Copy an in-tree module and its dependencies into the initramfs."""
    name = name.replace("-", "_")
    if name in done:
        return
    done.add(name)
    if name not in index:
        return  # built in
    mod, deps = index[name]
    for dep in deps:
        copy_intree(base, index, os.path.basename(dep).split(".ko")[0],
                    dest, done)
    os.makedirs(os.path.dirname(os.path.join(dest, mod)), exist_ok=True)
    shutil.copy2(os.path.join(base, mod), os.path.join(dest, mod))


def module_deps(ko):
    out = subprocess.run(["modinfo", "-F", "depends", ko], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.strip()
    return [d for d in out.split(",") if d]


def copy_bench_intree(target, base, index, mdest, done):
    """Linux's own rpmsg modules, built out of tree (INTREE=1)."""
    src = os.path.join(ROOT, "build", "intree", target)
    kos = sorted(f for f in os.listdir(src) if f.endswith(".ko")) \
        if os.path.isdir(src) else []
    if not kos:
        sys.exit(f"vmtest: INTREE=1: no modules in {src} "
                 "(run tools/bench/build-intree.sh)")
    dest = os.path.join(mdest, "extra-intree")
    os.makedirs(dest, exist_ok=True)
    done.update(ko[:-3] for ko in kos)
    for ko in kos:
        shutil.copy2(os.path.join(src, ko), dest)
        for dep in module_deps(os.path.join(src, ko)):
            copy_intree(base, index, dep, mdest, done)


def selected_tests(conf, target):
    tests = []
    for item in conf["TESTS"].split():
        test, _, kernels = item.partition("@")
        if kernels and target not in kernels.split(","):
            continue
        tests.append(test)
    return tests


def stage_tests(dest, tests):
    """The guest's test runner, its helpers and the run's tests, in DEST."""
    os.makedirs(os.path.join(dest, "tests"), exist_ok=True)
    for f in ("lib.sh", "run-tests"):
        shutil.copy2(os.path.join(TESTING, "guest", f), dest)
    with open(os.path.join(dest, "tests.list"), "w") as f:
        for t in tests:
            name, _, secs = t.partition(":")
            src = os.path.join(TESTING, "guest", "tests", name + ".sh")
            if not os.path.exists(src):
                sys.exit(f"vmtest: no guest test {src}")
            shutil.copy2(src, os.path.join(dest, "tests"))
            f.write(f"{name} {secs or 300}\n")


def build_test_disk(conf, tests, workdir):
    """BOOT=rootfs: an ext4 image labelled ohost-test, mounted by the
    guest at /ohost: the runner (run), the tests, this tree's firmware
    images and its Debian packages (make deb), as a user would copy them
    onto a board."""
    stage = os.path.join(workdir, "disk")
    shutil.rmtree(stage, ignore_errors=True)
    stage_tests(stage, tests)
    shutil.copy2(os.path.join(TESTING, "guest", "rootfs-run"),
                 os.path.join(stage, "run"))
    debs = [p for p in glob.glob(os.path.join(ROOT, "build", "deb", "*.deb"))
            if p.endswith(("_all.deb", "_arm64.deb")) and "-dbgsym_" not in p]
    if not debs:
        sys.exit("vmtest: BOOT=rootfs needs the packages: make deb")
    for sub, paths in (("debs", debs),
                       ("firmware", glob.glob(os.path.join(
                           ROOT, "build", "firmware", "*.elf")))):
        os.makedirs(os.path.join(stage, sub))
        for p in paths:
            shutil.copy2(p, os.path.join(stage, sub))
    size_mb = 64 + sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in
                       os.walk(stage) for f in fs) // (1 << 20)
    disk = os.path.join(workdir, "test.img")
    subprocess.run(["mke2fs", "-q", "-t", "ext4", "-L", "ohost-test", "-d",
                    stage, disk, f"{size_mb}M"], check=True)
    return disk


def build_initramfs(target, env, conf, tests, workdir):
    stage = os.path.join(workdir, "root")
    shutil.rmtree(stage, ignore_errors=True)
    for d in ("bin", "sbin", "proc", "sys", "dev", "tmp", "lib/firmware",
              "ohost/tests", "ohost/bin"):
        os.makedirs(os.path.join(stage, d), exist_ok=True)

    busybox = subprocess.run([os.path.join(TESTING, "kernels.sh"), "busybox"],
                             check=True, stdout=subprocess.PIPE,
                             text=True).stdout.strip().splitlines()[-1]
    shutil.copy2(busybox, os.path.join(stage, "bin", "busybox"))
    shutil.copy2(os.path.join(TESTING, "guest", "init"),
                 os.path.join(stage, "init"))
    os.chmod(os.path.join(stage, "init"), 0o755)
    stage_tests(os.path.join(stage, "ohost"), tests)

    for sub, dest in (("build/tools/aarch64", "ohost/bin"),
                      ("build/firmware", "lib/firmware")):
        src = os.path.join(ROOT, sub)
        if os.path.isdir(src):
            for name in os.listdir(src):
                p = os.path.join(src, name)
                if os.path.isfile(p):
                    shutil.copy2(p, os.path.join(stage, dest, name))

    for name in conf["LARGE_FIRMWARE"].split():
        p = os.path.join(ROOT, "build", "firmware", "big", name)
        if not os.path.isfile(p):
            sys.exit(f"vmtest: LARGE_FIRMWARE: no {p} (make -C tools/firmware)")
        shutil.copy2(p, os.path.join(stage, "lib", "firmware", name))

    krel = env["KREL"]
    base, index = module_index(env["MODROOT"], krel)
    mdest = os.path.join(stage, "lib", "modules", krel)
    os.makedirs(os.path.join(mdest, "extra"), exist_ok=True)
    for f in ("modules.builtin", "modules.builtin.modinfo", "modules.order"):
        if os.path.exists(os.path.join(base, f)):
            shutil.copy2(os.path.join(base, f), mdest)
    built = {}
    for dirpath, _, files in os.walk(os.path.join(ROOT, "build", target)):
        for fn in files:
            if fn.endswith(".ko"):
                built[fn[:-3]] = os.path.join(dirpath, fn)
    wanted = conf["MODULES"].split() or sorted(built)
    done = set(built)
    for name in wanted:
        if name not in built:
            sys.exit(f"vmtest: module {name} not built for {target}")
        shutil.copy2(built[name], os.path.join(mdest, "extra"))
        for dep in module_deps(built[name]):
            copy_intree(base, index, dep, mdest, done)
    if conf["INTREE"] == "1":
        copy_bench_intree(target, base, index, mdest, done)
    elif conf["INTREE"] != "0":
        sys.exit(f"vmtest: INTREE={conf['INTREE']}: 0 or 1")
    # In-tree modules tests load by name (KUnit; the upstream rpmsg_char
    # and rpmsg_ctrl to prove ours refuse to load beside them), when the
    # target has them.
    for extra in ("kunit", "rpmsg_char", "rpmsg_ctrl"):
        copy_intree(base, index, extra, mdest, done)
    subprocess.run(["depmod", "-b", stage, krel], check=True)

    cpio = os.path.join(workdir, "initramfs.cpio.gz")
    with open(cpio, "wb") as out:
        find = subprocess.Popen(["find", "."], cwd=stage,
                                stdout=subprocess.PIPE)
        pack = subprocess.Popen(["cpio", "-o", "-H", "newc", "--quiet"],
                                cwd=stage, stdin=find.stdout,
                                stdout=subprocess.PIPE)
        gz = subprocess.Popen(["gzip", "-1"], stdin=pack.stdout, stdout=out)
        find.stdout.close()
        pack.stdout.close()
        if gz.wait() or pack.wait() or find.wait():
            sys.exit("vmtest: initramfs packing failed")
    return cpio


class Daemon:
    """The host process a run needs (e.g. the virtual remote processor)."""

    def __init__(self, cmd, workdir, log, restart):
        self.cmd, self.workdir, self.log = cmd, workdir, log
        self.restart, self.proc, self.starts = restart, None, 0

    def start(self):
        self.starts += 1
        self.proc = subprocess.Popen(
            ["/bin/sh", "-c", "exec " + self.cmd], cwd=ROOT,
            stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def wait_ready(self, sock, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            if os.path.exists(sock):
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def poll(self):
        if self.proc and self.proc.poll() is not None and self.restart:
            self.start()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class Judge:
    """Counts KTAP leaf results and collects kernel reports."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.problems = []
        self.done = False
        # indentation -> (results seen deeper since the last result at
        # this indentation, any of them failed)
        self.deeper = {}

    def line(self, raw):
        text = TIMESTAMP.sub("", raw.rstrip("\r\n"))
        for pat, what in KERNEL_REPORTS:
            if pat.search(text):
                self.problems.append(f"{what}: {text.strip()}")
                break
        if text.strip() == "ohost-vm: done":
            self.done = True
        m = RESULT.match(text)
        if not m:
            return
        indent, failed, desc = len(m.group(1)), m.group(2) == "not ok", \
            m.group(4)
        # Results seen deeper than this one since the previous result at
        # this level are its children: then this line is a summary.
        had_children, children_failed = self.deeper.pop(indent,
                                                        (False, False))
        for level in [lv for lv in self.deeper if lv > indent]:
            del self.deeper[level]
        for level in range(indent):
            seen, bad = self.deeper.get(level, (False, False))
            self.deeper[level] = (True, bad or failed)
        skipped = "# SKIP" in desc.upper()
        if had_children:
            # A summary line: count it only when it reports a failure its
            # children did not (a crashed or timed-out test program).
            if failed and not children_failed:
                self.failed += 1
                self.problems.append(f"failed: {desc}")
            return
        if failed:
            self.failed += 1
            self.problems.append(f"failed: {desc}")
        elif skipped:
            self.skipped += 1
        else:
            self.passed += 1


def shown(text, mode):
    """Which console lines to echo: results only, or all guest output."""
    if TIMESTAMP.match(text):
        return False        # the kernel's own console messages
    if mode == "results":
        return bool(RESULT.match(text)) or "# Subtest" in text
    stripped = text.strip()
    return not (stripped.startswith("# kmsg:") or
                stripped.startswith("# kmemleak"))


def rootfs_qemu(target, test_disk, conf):
    """BOOT=rootfs: Debian 12 from its own disk, booted by its own
    initramfs; the cached image stays pristine (snapshot=on)."""
    if conf["DTSO"] or conf["SHARED_RAM"] != "0":
        sys.exit("vmtest: DTSO and SHARED_RAM need BOOT=kernel")
    res = subprocess.run([os.path.join(TESTING, "rootfs.sh"), "prepare",
                          target], stdout=subprocess.PIPE, text=True)
    if res.returncode:
        sys.exit(f"vmtest: tools/testing/rootfs.sh prepare {target} failed")
    fs = res.stdout.strip().splitlines()[-1]
    append = "root=/dev/vda rw console=ttyAMA0 loglevel=5 panic=-1 " \
        "systemd.show_status=0"
    return ["qemu-system-aarch64", "-M", "virt,gic-version=3",
            "-cpu", "cortex-a57", "-smp", "2", "-m", conf["MEMORY"],
            "-nographic", "-no-reboot", "-nic", "none",
            "-kernel", os.path.join(fs, "vmlinuz"),
            "-initrd", os.path.join(fs, "initrd.img"), "-append", append,
            "-drive", f"file={os.path.join(fs, 'disk.img')},if=virtio,"
            "format=raw,snapshot=on",
            "-drive", f"file={test_disk},if=virtio,format=raw,readonly=on"]


def base_qemu(target, env, cpio, conf, subst):
    if conf["BOOT"] == "rootfs":
        return rootfs_qemu(target, cpio, conf)
    append = "console=ttyAMA0 loglevel=5 panic=-1 rdinit=/init " + \
        conf["APPEND"]
    if conf["BOOT"] != "kernel" and (conf["DTSO"] or conf["SHARED_RAM"] != "0"):
        sys.exit("vmtest: DTSO and SHARED_RAM need BOOT=kernel")
    if conf["BOOT"] == "zynqmp-stub":
        sys.path.insert(0, os.path.join(TESTING, "zynqmp"))
        import boot as zynqmp_boot
        return zynqmp_boot.qemu_args(env["IMAGE"], cpio, subst["dir"],
                                     int(conf["MEMORY"]), append,
                                     conf["ZYNQMP_MODE"] or None)
    if conf["BOOT"] != "kernel":
        sys.exit(f"vmtest: unknown BOOT={conf['BOOT']}")
    machine = "virt,gic-version=3"
    common = ["-cpu", "cortex-a57", "-smp", "2", "-m", conf["MEMORY"]]
    args = []
    if conf["SHARED_RAM"] == "1":
        if os.path.exists(subst["ram"]):
            os.unlink(subst["ram"])
        args += ["-object", f"memory-backend-file,id=ram,"
                 f"size={conf['MEMORY']}M,mem-path={subst['ram']},share=on"]
        machine += ",memory-backend=ram"
    elif conf["SHARED_RAM"] != "0":
        sys.exit(f"vmtest: SHARED_RAM={conf['SHARED_RAM']}: 0 or 1")
    if conf["DTSO"]:
        args += ["-dtb", overlaid_dtb(conf["DTSO"].split(),
                                      "virt,gic-version=3", common,
                                      subst["dir"])]
    return ["qemu-system-aarch64", "-M", machine] + common + args + [
            "-nographic", "-no-reboot", "-nic", "none", "-kernel", env["IMAGE"],
            "-initrd", cpio, "-append", append]


def compile_dtso(src):
    """dtc -@ SRC into build/dtso/NAME.dtbo; any warning is an error."""
    path = os.path.join(ROOT, src)
    out = os.path.join(ROOT, "build", "dtso",
                       os.path.splitext(os.path.basename(src))[0] + ".dtbo")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    res = subprocess.run(["dtc", "-@", "-I", "dts", "-O", "dtb", "-o", out,
                          path], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    if res.returncode or res.stdout.strip():
        sys.exit(f"vmtest: dtc {src}:\n{res.stdout}")
    return out


def overlaid_dtb(dtsos, machine, common, workdir):
    """QEMU's own DTB for this machine with the overlays applied."""
    dtbos = [compile_dtso(s) for s in dtsos]
    base = os.path.join(workdir, "virt.dtb")
    dtb = os.path.join(workdir, "virt-overlaid.dtb")
    subprocess.run(["qemu-system-aarch64", "-M", f"{machine},dumpdtb={base}"]
                   + common + ["-nographic", "-nic", "none"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["fdtoverlay", "-i", base, "-o", dtb] + dtbos, check=True)
    return dtb


def run_qemu(target, env, cpio, conf, subst, log, daemon, judge, echo):
    """CPIO: the initramfs, or with BOOT=rootfs the test disk."""
    qemu = base_qemu(target, env, cpio, conf, subst)
    qemu += [a.format(**subst) for a in shlex.split(conf["QEMU_ARGS"])]
    log.write(("# " + " ".join(shlex.quote(a) for a in qemu) + "\n").encode())
    proc = subprocess.Popen(qemu, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        stream_console(proc, conf, log, daemon, judge, echo)
    finally:
        if proc.poll() is None:   # interrupted: never leave QEMU behind
            proc.kill()
            proc.wait()


def stream_console(proc, conf, log, daemon, judge, echo):
    deadline = time.time() + int(conf["TIMEOUT"])
    buf = b""
    timed_out = False
    while True:
        if time.time() > deadline:
            timed_out = True
            proc.kill()
            break
        r, _, _ = select.select([proc.stdout], [], [], 0.5)
        if daemon:
            daemon.poll()
        if not r:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        log.write(chunk)
        log.flush()
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            text = line.decode("utf-8", "replace")
            judge.line(text)
            if echo and shown(text, echo):
                print(text.rstrip("\r"), flush=True)
    if buf:
        judge.line(buf.decode("utf-8", "replace"))
    proc.wait()
    if timed_out:
        judge.problems.append(f"timeout after {conf['TIMEOUT']} s")
    elif not judge.done:
        judge.problems.append("guest did not finish (no 'ohost-vm: done')")


def main():
    # SIGTERM (timeout(1), CI) unwinds like Ctrl-C, so the cleanup in the
    # finally blocks stops QEMU and the daemon.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", required=True)
    ap.add_argument("--run", required=True, help="run file or name")
    ap.add_argument("--quiet", action="store_true",
                    help="print only the summary")
    ap.add_argument("--console", action="store_true",
                    help="echo all guest output, not only results")
    ap.add_argument("--env", metavar="FILE",
                    help="the target's env file, as `kernels.sh prepare "
                    "TARGET` printed it (saves asking it again)")
    args = ap.parse_args()

    run_path = args.run if os.path.sep in args.run else \
        os.path.join(TESTING, "runs", args.run)
    run_name = os.path.basename(run_path)
    conf = parse_run(run_path)
    logdir = os.path.join(ROOT, "build", "logs", args.target)
    os.makedirs(logdir, exist_ok=True)
    # One work directory per invocation: runs may go on concurrently.
    vmdir = os.path.join(ROOT, "build", "vm", args.target)
    os.makedirs(vmdir, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix=run_name + ".", dir=vmdir)
    log_path = os.path.join(logdir, run_name + ".log")

    env = target_env(args.target, args.env)
    tests = selected_tests(conf, args.target)
    if conf["BOOT"] == "rootfs":
        cpio = build_test_disk(conf, tests, workdir)
    else:
        cpio = build_initramfs(args.target, env, conf, tests, workdir)
    subst = {"sock": os.path.join(workdir, "ivshmem.sock"),
             "shm": os.path.join(workdir, "shm"), "dir": workdir,
             "ram": os.path.join(workdir, "ram"), "root": ROOT}
    for p in (subst["sock"],):
        if os.path.exists(p):
            os.unlink(p)

    judge = Judge()
    daemon = None
    with open(log_path, "wb") as log:
        try:
            if conf["DAEMON"]:
                daemon = Daemon(conf["DAEMON"].format(**subst), workdir, log,
                                conf["DAEMON_RESTART"] == "1")
                daemon.start()
                if not daemon.wait_ready(subst["sock"]):
                    judge.problems.append("daemon did not create its socket")
            if not judge.problems:
                echo = None if args.quiet else \
                    "console" if args.console else "results"
                run_qemu(args.target, env, cpio, conf, subst, log, daemon,
                         judge, echo)
        finally:
            if daemon:
                daemon.stop()

    failed_run = bool(judge.problems) or judge.failed > 0
    summary = {"target": args.target, "run": run_name, "log": log_path,
               "passed": judge.passed, "failed": judge.failed,
               "skipped": judge.skipped, "problems": judge.problems}
    if conf["EXPECT"] == "fail":
        # A harness self-test: the run must be judged failed, for the
        # expected reason; then it counts as one passing check.
        why = "\n".join(judge.problems)
        ok = failed_run and re.search(conf["EXPECT_MATCH"] or ".", why)
        summary.update(passed=1 if ok else 0, failed=0 if ok else 1,
                       skipped=0, expected_failure=why)
        summary["problems"] = [] if ok else \
            [f"expected a failure matching '{conf['EXPECT_MATCH']}', got: "
             f"{why or 'none'}"]
        failed_run = not ok
    with open(os.path.join(logdir, run_name + ".json"), "w") as f:
        json.dump(summary, f, indent=1)
    shutil.rmtree(workdir, ignore_errors=True)
    for p in summary["problems"]:
        print(f"vmtest: {args.target}/{run_name}: {p}", file=sys.stderr)
    print(f"vmtest: {args.target}/{run_name}: {summary['passed']} passed, "
          f"{summary['failed']} failed, {summary['skipped']} skipped"
          f"{' (log: ' + log_path + ')' if failed_run else ''}")
    return 1 if failed_run else 0


if __name__ == "__main__":
    sys.exit(main())
