#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write ZynqMP R5 firmware images for the board-less R5 (vrprocd --platform zynqmp).

    mkr5fw.py OUTDIR

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


def elf(app, base):
    """Segments: (paddr, flags, data); sections: .resource_table, .shstrtab."""
    segs = [(0x0, PF_R | PF_X, app_segment(app)),
            (base, PF_R | PF_W | PF_X, ddr_segment(base))]
    ehsize, phentsize, shentsize = 52, 32, 40
    off = ehsize + phentsize * len(segs)
    off = (off + 0xFF) & ~0xFF
    body, phdrs, offsets = b"", b"", []
    for paddr, flags, data in segs:
        offsets.append(off + len(body))
        phdrs += struct.pack("<8I", PT_LOAD, off + len(body), paddr, paddr,
                             len(data), len(data), flags, 4)
        body += data
        body += b"\0" * (-len(body) % 0x10)
    shstr = b"\0.resource_table\0.shstrtab\0"
    shstr_off = off + len(body)
    body += shstr
    body += b"\0" * (-len(body) % 4)
    sh_off = off + len(body)
    rsc_file = offsets[1] + RSC_OFF
    shdrs = (b"\0" * shentsize
             + struct.pack("<10I", 1, SHT_PROGBITS, SHF_WRITE | SHF_ALLOC,
                           base + RSC_OFF, rsc_file, RSC_SIZE, 0, 0, 4, 0)
             + struct.pack("<10I", 17, SHT_STRTAB, 0, 0, shstr_off,
                           len(shstr), 0, 0, 1, 0))
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + b"\0" * 8
    eh = ident + struct.pack("<HHIIIIIHHHHHH", 2, EM_ARM, 1, 0x0, ehsize,
                             sh_off, 0x05000400,  # EABI5, hard float
                             ehsize, phentsize, len(segs), shentsize, 3, 2)
    head = eh + phdrs
    return head + b"\0" * (off - len(head)) + body + shdrs


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
    for name, data in images.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
