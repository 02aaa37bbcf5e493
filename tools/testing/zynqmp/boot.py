#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot a kernel on QEMU's virt machine through the ZynqMP EL3 stub.

Builds the stub and the overlays (make -C tools/testing/zynqmp), dumps
QEMU's own device tree for the machine, applies virt-zynqmp.dtbo (and,
with a mode, the RPU cluster overlay virt-zynqmp-r5-MODE.dtbo), sets
/chosen (bootargs, initrd range) and returns the QEMU arguments: -bios
el3-stub.bin, -dtb, loader devices for the raw Image and the initramfs,
and guest RAM in a shared memory-backend-file (the host "R5" maps it).

Used by tools/testing/vmtest.py for runs with BOOT=zynqmp-stub; also a
command line tool for direct runs:

    boot.py --image vmlinuz --initrd initramfs.cpio.gz --dir /tmp/z \\
            [--append ARGS] [--memory MiB] [--mode lockstep|split] \\
            [--run]                                  # --run: exec QEMU
"""

import argparse
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
OUT = os.path.join(ROOT, "build", "zynqmp")

# ../stub_state.h
KERNEL_ADDR = 0x40400000
INITRD_ADDR = 0x48000000
RAM_BASE = 0x40000000

MACHINE = "virt,secure=on,gic-version=3"
CPU = "cortex-a57"


MODES = ("lockstep", "split")


def build(mode=None):
    """The stub and the overlays to apply, in order."""
    subprocess.run(["make", "-s", "-C", HERE], check=True)
    dtbos = [os.path.join(OUT, "virt-zynqmp.dtbo")]
    if mode:
        if mode not in MODES:
            sys.exit(f"zynqmp boot: mode {mode!r} is not one of {MODES}")
        dtbos.append(os.path.join(OUT, f"virt-zynqmp-r5-{mode}.dtbo"))
    return os.path.join(OUT, "el3-stub.bin"), dtbos


def ram_path(workdir):
    """The guest RAM file a host process maps (offset = addr - RAM_BASE)."""
    return os.path.join(workdir, "ram")


def make_dtb(workdir, stub, dtbos, memory, initrd_size, append):
    base = os.path.join(workdir, "virt.dtb")
    dtb = os.path.join(workdir, "virt-zynqmp.dtb")
    subprocess.run(["qemu-system-aarch64", "-M",
                    f"{MACHINE},dumpdtb={base}", "-cpu", CPU, "-smp", "1",
                    "-m", f"{memory}M", "-bios", stub, "-nographic",
                    "-nic", "none"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    subprocess.run(["fdtoverlay", "-i", base, "-o", dtb] + dtbos, check=True)
    end = INITRD_ADDR + initrd_size
    for prop, val in (("linux,initrd-start", INITRD_ADDR),
                      ("linux,initrd-end", end)):
        subprocess.run(["fdtput", "-t", "x", dtb, "/chosen", prop,
                        f"{val >> 32:x}", f"{val & 0xffffffff:x}"],
                       check=True)
    subprocess.run(["fdtput", "-t", "s", dtb, "/chosen", "bootargs", append],
                   check=True)
    return dtb


def qemu_args(image, initrd, workdir, memory=4096,
              append="console=ttyAMA0 loglevel=5 panic=-1 rdinit=/init",
              mode=None):
    """QEMU command line (without extra devices) for one boot.

    mode: None (no RPU cluster node), "lockstep" or "split"."""
    if memory < 4096:
        sys.exit("zynqmp boot: the TCM at 0xffe00000 needs MEMORY >= 4096")
    stub, dtbos = build(mode)
    if INITRD_ADDR - KERNEL_ADDR < os.path.getsize(image) + (16 << 20):
        sys.exit("zynqmp boot: kernel image too large for its slot")
    dtb = make_dtb(workdir, stub, dtbos, memory, os.path.getsize(initrd),
                   append)
    ram = ram_path(workdir)
    if os.path.exists(ram):
        os.unlink(ram)
    return ["qemu-system-aarch64",
            "-M", f"{MACHINE},memory-backend=ram", "-cpu", CPU,
            "-smp", "1", "-m", f"{memory}M",
            "-object", f"memory-backend-file,id=ram,size={memory}M,"
                       f"mem-path={ram},share=on",
            "-nographic", "-no-reboot", "-nic", "none",
            "-bios", stub, "-dtb", dtb,
            "-device", f"loader,file={image},addr={KERNEL_ADDR:#x},"
                       "force-raw=on",
            "-device", f"loader,file={initrd},addr={INITRD_ADDR:#x},"
                       "force-raw=on"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--image", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--dir", required=True, help="work directory")
    ap.add_argument("--memory", type=int, default=4096, help="MiB")
    ap.add_argument("--append",
                    default="console=ttyAMA0 loglevel=5 panic=-1 rdinit=/init")
    ap.add_argument("--mode", choices=MODES, help="RPU cluster node")
    ap.add_argument("--run", action="store_true", help="exec QEMU")
    ap.add_argument("extra", nargs="*", help="more QEMU arguments")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    cmd = qemu_args(args.image, args.initrd, args.dir, args.memory,
                    args.append, args.mode) + args.extra
    if args.run:
        os.execvp(cmd[0], cmd)
    print(" ".join(shlex.quote(a) for a in cmd))


if __name__ == "__main__":
    main()
