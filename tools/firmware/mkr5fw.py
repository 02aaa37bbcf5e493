#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write R5 and M4 firmware images for the board-less cores (vrprocd --platform zynqmp, imx).

    mkr5fw.py OUTDIR

ZynqMP R5 (vrprocd --platform zynqmp):

ELF32, EM_ARM, little endian, laid out like OpenAMP's zynqmp_r5 firmware
(openamp-system-reference legacy_apps, machine/xlnx/zynqmp_r5):

  PT_LOAD 0  R5-local 0x0 (ATCM, boot vector LOVEC): 8 exception vectors
             ("b ."), then at 0x20 the app descriptor vrprocd runs
             (struct ohost_vrproc_app: "OAPP", version 1, name[24]);
  PT_LOAD 1  the core's firmware-image carveout (QEMU map: 0x7ed00000 RPU0,
             0x7ef00000 RPU1): at +0 the Xilinx attach metadata
             struct rsc_tbl_data {u32 version 1; u32 magic 'xamp'; u32 ~magic;
             u32 rsc_tbl_size; u32 rsc_tbl}, at +0x100 section .resource_table:
             one vdev (id 7 rpmsg, notifyid 31, dfeatures VIRTIO_RPMSG_F_NS),
             two vrings {da 0xFFFFFFFF, align 0x1000, num 256, notifyid 1 / 2},
             as OpenAMP's rsc_table.c (sizeof 0x100).

DDR addresses are absolute (the R5 sees DDR at its physical address), so
split mode needs one image per core: NAME.elf for RPU0, NAME-1.elf for RPU1.

Images: ohost-r5-{echo,matrix,rpc,rpc-proxy}[-1].elf, and
ohost-r5-bad-segment.elf (its DDR segment at 0x50000000, outside every R5
memory: the driver must refuse it).

i.MX8MM M4 (vrprocd --platform imx, tools/testing/imx/virt-imx8mm.dtso),
ELF32 EM_ARM, laid out like NXP's rpmsg firmware built for DDR:

  PT_LOAD 0  m4_reserved, da 0x80000000: the Cortex-M vector table (initial
             SP, reset handler, 0x240 bytes), at 0x400 the app descriptor,
             at 0x440 the "code" (Thumb "b .", the entry point);
  PT_LOAD 1  the rsc-table region, da 0xb80ff000: section .resource_table,
             one vdev (rpmsg, dfeatures VIRTIO_RPMSG_F_NS), vrings at the
             vdev0vring0/1 regions {0xb8000000 / 0xb8008000, align 0x1000,
             num 256, notifyid 0 / 1}, where a running M4 keeps it (attach).

Images: ohost-m4-{echo,matrix,rpc,rpc-proxy}.elf; ohost-m4-lite-echo.elf (rpmsg-lite style: PT_LOAD 0 only, no
.resource_table); ohost-m4-bad-segment.elf (PT_LOAD 0 at da 0x30000000,
outside every M4 memory: the driver must refuse it).
"""

import os
import struct
import sys

EM_ARM = 40
PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4
SHT_PROGBITS, SHT_STRTAB = 1, 3
SHF_WRITE, SHF_ALLOC = 1, 2

FW_BASE = {0: 0x7ed00000, 1: 0x7ef00000}
APP_MAGIC = 0x5050414F          # "OAPP" (include/ohost/vrproc_shm.h)
XAMP = 0x78616D70               # 'xamp' (RSC_TBL_XLNX_MAGIC)
RSC_OFF = 0x100                 # .resource_table after the metadata
RSC_SIZE = 0x100                # OpenAMP's table is aligned(0x100)
B_SELF = 0xEAFFFFFE             # ARM "b ."


def app_segment(name):
    vectors = struct.pack("<8I", *([B_SELF] * 8))
    desc = struct.pack("<II", APP_MAGIC, 1) + name.encode().ljust(24, b"\0")
    return vectors + desc                                   # 0x40 bytes


def rsc_table():
    """OpenAMP zynqmp_r5 rsc_table.c: 1 entry, the rpmsg vdev."""
    hdr = struct.pack("<4I", 1, 1, 0, 0) + struct.pack("<8I", 48, 0, 0, 0,
                                                          0, 0, 0, 0)
    vdev = struct.pack("<6IBBH", 3, 7, 31, 1, 0, 0, 0, 2, 0)
    rings = b"".join(struct.pack("<5I", 0xFFFFFFFF, 0x1000, 256, n, 0)
                     for n in (1, 2))
    t = hdr + vdev + rings
    return t.ljust(RSC_SIZE, b"\0")


def ddr_segment(base):
    meta = struct.pack("<5I", 1, XAMP, ~XAMP & 0xFFFFFFFF, RSC_SIZE,
                       base + RSC_OFF)
    text = struct.pack("<4I", B_SELF, 0, 0, 0)  # a stand-in for .text
    return meta.ljust(RSC_OFF, b"\0") + rsc_table() + text.ljust(0x100, b"\0")


def build_elf(segs, rsc, entry, flags):
    """segs: [(paddr, flags, data)]; rsc: (segment, offset in it) of the
    .resource_table section, or None."""
    ehsize, phentsize, shentsize = 52, 32, 40
    off = ehsize + phentsize * len(segs)
    off = (off + 0xFF) & ~0xFF
    body, phdrs, offsets = b"", b"", []
    for paddr, pflags, data in segs:
        offsets.append(off + len(body))
        phdrs += struct.pack("<8I", PT_LOAD, off + len(body), paddr, paddr,
                             len(data), len(data), pflags, 4)
        body += data
        body += b"\0" * (-len(body) % 0x10)
    shstr = b"\0.resource_table\0.shstrtab\0"
    shstr_off = off + len(body)
    body += shstr
    body += b"\0" * (-len(body) % 4)
    sh_off = off + len(body)
    shdrs = b"\0" * shentsize
    if rsc:
        seg, at = rsc
        shdrs += struct.pack("<10I", 1, SHT_PROGBITS, SHF_WRITE | SHF_ALLOC,
                             segs[seg][0] + at, offsets[seg] + at, RSC_SIZE,
                             0, 0, 4, 0)
    shdrs += struct.pack("<10I", 17, SHT_STRTAB, 0, 0, shstr_off,
                         len(shstr), 0, 0, 1, 0)
    nsec = 3 if rsc else 2
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + b"\0" * 8
    eh = ident + struct.pack("<HHIIIIIHHHHHH", 2, EM_ARM, 1, entry, ehsize,
                             sh_off, flags, ehsize, phentsize, len(segs),
                             shentsize, nsec, nsec - 1)
    head = eh + phdrs
    return head + b"\0" * (off - len(head)) + body + shdrs


def elf(app, base):
    """An R5 image: TCM vectors + app descriptor, DDR metadata + table."""
    segs = [(0x0, PF_R | PF_X, app_segment(app)),
            (base, PF_R | PF_W | PF_X, ddr_segment(base))]
    return build_elf(segs, (1, RSC_OFF), 0x0, 0x05000400)  # EABI5, hard float


# ---- i.MX8MM M4 ----

M4_DDR = 0x80000000             # m4_reserved
M4_RSC = 0xB80FF000             # rsc-table region
M4_VRING = (0xB8000000, 0xB8008000)
M4_APP_OFF = 0x400              # after the vector table (16 + 128 IRQs)
M4_CODE_OFF = 0x440
THUMB_B_SELF = 0xE7FE


def m4_rsc_table():
    """NXP's i.MX8MM rpmsg rsc_table layout: 1 entry, the rpmsg vdev."""
    hdr = struct.pack("<4I", 1, 1, 0, 0) + struct.pack("<I", 20)
    vdev = struct.pack("<6IBBH", 3, 7, 0, 1, 0, 0, 0, 2, 0)
    rings = b"".join(struct.pack("<5I", da, 0x1000, 256, n, 0)
                     for n, da in enumerate(M4_VRING))
    return (hdr + vdev + rings).ljust(RSC_SIZE, b"\0")


def m4_code_segment(app, base):
    """Vector table, app descriptor, code; linked at the M4 address base."""
    entry = base + M4_CODE_OFF + 1                      # Thumb
    vectors = struct.pack("<2I", M4_DDR + 0x100000, entry) + \
        struct.pack("<142I", *([entry] * 142))
    desc = struct.pack("<II", APP_MAGIC, 1) + app.encode().ljust(24, b"\0")
    code = struct.pack("<H", THUMB_B_SELF)
    return (vectors.ljust(M4_APP_OFF, b"\0") + desc).ljust(M4_CODE_OFF, b"\0") + \
        code.ljust(0xC0, b"\0")


def m4_elf(app, base=M4_DDR, rsc=True):
    segs = [(base, PF_R | PF_W | PF_X, m4_code_segment(app, base))]
    if rsc:
        segs.append((M4_RSC, PF_R | PF_W, m4_rsc_table()))
    return build_elf(segs, (1, 0) if rsc else None, base + M4_CODE_OFF + 1,
                     0x05000200)                        # EABI5, soft float


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    images = {}
    for app in ("echo", "matrix", "rpc", "rpc-proxy"):
        images[f"ohost-r5-{app}.elf"] = elf(app, FW_BASE[0])
        images[f"ohost-r5-{app}-1.elf"] = elf(app, FW_BASE[1])
    images["ohost-r5-bad-segment.elf"] = elf("echo", 0x50000000)
    for app in ("echo", "matrix", "rpc", "rpc-proxy"):
        images[f"ohost-m4-{app}.elf"] = m4_elf(app)
    images["ohost-m4-lite-echo.elf"] = m4_elf("echo", rsc=False)
    images["ohost-m4-bad-segment.elf"] = m4_elf("echo", base=0x30000000)
    for name, data in images.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
