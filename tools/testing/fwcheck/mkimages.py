#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write good and bad remote processor firmware images for rproc-fwcheck.

    mkimages.py OUTDIR

Writes OUTDIR/*.elf (and a few other files) plus OUTDIR/expect.tsv, one
line per check run.sh makes:

    FILE <TAB> EXIT <TAB> OPTIONS <TAB> REASON

EXIT is rproc-fwcheck's expected exit status (0 accepted, 1 rejected);
OPTIONS are extra command-line options ("-" for none); REASON is text the one-line
rejection must contain (for accepted images: text stdout must contain).
Images are built from scratch here: ELF header, program headers, segment
data, sections (.resource_table, .shstrtab) and section headers.
"""

import os
import struct
import sys

EM_ARM = 40
EM_AARCH64 = 183
PT_LOAD = 1
PT_NOTE = 4
SHT_PROGBITS = 1
SHT_STRTAB = 3

# --------------------------------------------------------------------------
# Resource table


def rsc_name(name):
    raw = name if isinstance(name, bytes) else name.encode()
    return raw.ljust(32, b"\0")[:32]


def carveout(da, pa, length, name, flags=0, rtype=0):
    return struct.pack("<6I", rtype, da, pa, length, flags, 0) + rsc_name(name)


def devmem(da, pa, length, name, flags=0):
    return carveout(da, pa, length, name, flags, rtype=1)


def trace(da, length, name):
    return struct.pack("<4I", 2, da, length, 0) + rsc_name(name)


def vring(da, align=0x1000, num=256, notifyid=0xFFFFFFFF):
    return struct.pack("<5I", da, align, num, notifyid, 0)


def vdev(vrings, config=b"", vid=7, notifyid=31, dfeatures=1,
         num_of_vrings=None, reserved=0):
    n = len(vrings) if num_of_vrings is None else num_of_vrings
    return (struct.pack("<6IBBH", 3, vid, notifyid, dfeatures, 0,
                        len(config), 0, n, reserved)
            + b"".join(vrings) + config)


def vendor(rtype, data=b"\0" * 4):
    return struct.pack("<I", rtype) + data


def rsc_table(entries, version=1, reserved=(0, 0), offsets=None, cut=0):
    """Header, offset array, then each entry 4-byte aligned.  @offsets
    overrides single offsets ({index: value}); @cut drops bytes at the end."""
    head = 16 + 4 * len(entries)
    offs, body = [], b""
    for e in entries:
        offs.append(head + len(body))
        body += e + b"\0" * (-len(e) % 4)
    for i, v in (offsets or {}).items():
        offs[i] = v
    table = (struct.pack("<4I", version, len(entries), *reserved)
             + struct.pack("<%dI" % len(offs), *offs) + body)
    return table[:len(table) - cut]

# --------------------------------------------------------------------------
# ELF


def elf(is64, machine, segments, sections, data_enc=1):
    """segments: (p_type, paddr, data, memsz[, p_offset override]);
    sections: (name, sh_type, data).  Returns the image bytes."""
    ehsize, phentsize, shentsize = (64, 56, 64) if is64 else (52, 32, 40)
    phoff = ehsize
    pos = phoff + phentsize * len(segments)
    blobs, seg_offs = [], []
    for seg in segments:
        seg_offs.append(seg[4] if len(seg) > 4 else pos)
        blobs.append((pos, seg[2]))
        pos += len(seg[2])
    strtab = b"\0"
    names = []
    for name, _, _ in sections:
        names.append(len(strtab))
        strtab += name.encode() + b"\0"
    shstr_name = len(strtab)
    strtab += b".shstrtab\0"
    sec_offs = []
    for _, _, data in sections:
        pos += -pos % 4
        sec_offs.append(pos)
        blobs.append((pos, data))
        pos += len(data)
    str_off = pos
    blobs.append((pos, strtab))
    pos += len(strtab)
    pos += -pos % 8
    shoff = pos
    nsh = len(sections) + 2
    size = shoff + nsh * shentsize
    img = bytearray(size)
    for off, data in blobs:
        img[off:off + len(data)] = data

    ident = b"\x7fELF" + bytes([2 if is64 else 1, data_enc, 1]) + b"\0" * 9
    if is64:
        hdr = struct.pack("<16sHHIQQQIHHHHHH", ident, 2, machine, 1, 0,
                          phoff, shoff, 0, ehsize, phentsize, len(segments),
                          shentsize, nsh, nsh - 1)
    else:
        hdr = struct.pack("<16sHHIIIIIHHHHHH", ident, 2, machine, 1, 0,
                          phoff, shoff, 0, ehsize, phentsize, len(segments),
                          shentsize, nsh, nsh - 1)
    img[0:len(hdr)] = hdr

    for i, seg in enumerate(segments):
        ptype, paddr, data, memsz = seg[:4]
        if is64:
            ph = struct.pack("<IIQQQQQQ", ptype, 7, seg_offs[i], paddr,
                             paddr, len(data), memsz, 0x1000)
        else:
            ph = struct.pack("<8I", ptype, seg_offs[i], paddr, paddr,
                             len(data), memsz, 7, 0x1000)
        at = phoff + i * phentsize
        img[at:at + phentsize] = ph

    shdrs = [(0, 0, 0, 0)]
    for i, (_, stype, data) in enumerate(sections):
        shdrs.append((names[i], stype, sec_offs[i], len(data)))
    shdrs.append((shstr_name, SHT_STRTAB, str_off, len(strtab)))
    for i, (name, stype, off, sz) in enumerate(shdrs):
        if is64:
            sh = struct.pack("<IIQQQQIIQQ", name, stype, 0, 0, off, sz,
                             0, 0, 1, 0)
        else:
            sh = struct.pack("<10I", name, stype, 0, 0, off, sz, 0, 0, 1, 0)
        at = shoff + i * shentsize
        img[at:at + shentsize] = sh
    return bytes(img)


def good_table(extra=False):
    entries = [
        carveout(0x3ED00000, 0x3ED00000, 0x40000, "text"),
        carveout(0x3ED40000, 0x3ED40000, 0x100000, "vdev0buffer"),
        trace(0x3ED30000, 0x8000, "trace0"),
        vdev([vring(0x3ED40000, notifyid=1), vring(0x3ED44000, notifyid=2)],
             config=b"\x01\x00\x02\x00\x00\x02\x00\x00" if extra else b""),
    ]
    if extra:
        entries.insert(2, devmem(0xFF340000, 0xFF340000, 0x1000, "ipi"))
        entries.append(vendor(128, b"OEM!"))
    return entries


def segments(code=0x3ED00000, data=0x3ED20000):
    return [(PT_LOAD, code, b"\x11" * 0x100, 0x200),
            (PT_LOAD, data, b"\x22" * 0x40, 0x80),
            (PT_NOTE, 0, b"\0" * 16, 0)]


def image(is64=False, machine=EM_ARM, segs=None, table=None, rsc=True,
          **kw):
    if table is None:
        table = rsc_table(good_table(extra=is64))
    secs = [(".text", SHT_PROGBITS, b"\x11" * 16)]
    if rsc:
        secs.append((".resource_table", SHT_PROGBITS, table))
    return elf(is64, machine, segs or segments(), secs, **kw)


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) == 2 else 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    expect = []

    def add(name, data, code, reason, opts=""):
        if data is not None:
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        expect.append((name, str(code), opts or "-", reason))

    good32 = image()
    good64 = image(is64=True, machine=EM_AARCH64)
    add("good-elf32-arm.elf", good32, 0, "vring 1: da 0x3ed44000",
        "--machine arm")
    add("good-elf32-arm.elf", None, 0, '"vdev0buffer"', "--machine 40")
    add("good-elf64-aarch64.elf", good64, 0, "config: 01 00 02 00",
        "--machine aarch64")
    add("good-elf64-aarch64.elf", None, 0, "[5] vendor", "")
    add("good-no-rsc.elf", image(rsc=False), 0, "no resource table")
    add("good-no-rsc.elf", None, 1, "no .resource_table section",
        "--require-rsc-table")
    add("good-3-vrings.elf", image(table=rsc_table([
        vdev([vring(0x1000), vring(0x5000), vring(0x9000)])])), 0,
        "vring 2: da 0x9000", "--max-vrings 3")
    add("good-adjacent-segments.elf",
        image(segs=segments(code=0x1000, data=0x1200)), 0, "ok")

    # ELF level
    add("not-elf.bin", b"#!/bin/sh\necho hello\n", 1, "not an ELF file")
    add("truncated-header.elf", good32[:40], 1,
        "truncated ELF header: ELF32 needs 52 bytes, file has 40")
    add("truncated-segments.elf", good32[:0x100], 1,
        "program header 0: segment runs past the end of the file")
    add("big-endian.elf", image(data_enc=2), 1,
        "ELF data encoding 2 is not little-endian")
    add("wrong-machine.elf", good64, 1, "ELF machine 183, expected 40",
        "--machine arm")
    add("overlapping-load.elf",
        image(segs=segments(code=0x1000, data=0x11F0)), 1,
        "program headers 0 and 1 overlap in device memory "
        "([0x1000, 0x1200) and [0x11f0, 0x1270))")
    add("filesz-gt-memsz.elf", image(segs=[
        (PT_LOAD, 0x1000, b"\x11" * 0x100, 0xFF)]), 1,
        "program header 0: p_filesz 0x100 > p_memsz 0xff")
    add("paddr-wraps.elf", image(segs=[
        (PT_LOAD, 0xFFFFFF80, b"\x11" * 0x10, 0x100)]), 1,
        "program header 0: p_paddr 0xffffff80 + p_memsz 0x100 overflows")
    add("segment-offset-past-end.elf", image(segs=[
        (PT_LOAD, 0x1000, b"\x11" * 0x10, 0x10, 0x7FFFFFF0)]), 1,
        "program header 0: segment runs past the end of the file")
    bad = bytearray(good32)
    struct.pack_into("<I", bad, 28, len(bad) - 8)       # e_phoff
    add("phdrs-past-end.elf", bytes(bad), 1,
        "program header table runs past the end of the file")

    # Section level
    bad = bytearray(good32)
    shoff, = struct.unpack_from("<I", bad, 32)
    struct.pack_into("<I", bad, shoff + 40 * 2, 0x10000)  # sh_name of rsc
    add("section-name-outside-shstrtab.elf", bytes(bad), 1,
        "section 2: name offset 0x10000 is outside .shstrtab")

    # Resource table level
    add("rsc-bad-version.elf", image(table=rsc_table(good_table(),
                                                     version=2)), 1,
        "resource table: version 2, expected 1")
    add("rsc-reserved.elf", image(table=rsc_table(good_table(),
                                                  reserved=(0, 1))), 1,
        "resource table: reserved words are not zero")
    add("rsc-offset-outside.elf",
        image(table=rsc_table(good_table(), offsets={3: 0x1000})), 1,
        "resource 3 (?): offset 0x1000 is outside the table")
    add("rsc-offset-in-header.elf",
        image(table=rsc_table(good_table(), offsets={0: 20})), 1,
        "resource 0 (?): offset 0x14 overlaps the table header (ends at 0x20)")
    add("rsc-offset-unaligned.elf",
        image(table=rsc_table(good_table(), offsets={1: 0x5A})), 1,
        "resource 1 (?): offset 0x5a is not 4-byte aligned")
    add("rsc-offsets-unordered.elf",
        image(table=rsc_table(good_table(), offsets={1: 0x20})), 1,
        "resource 1 (?): offset 0x20 is not above resource 0's 0x20")
    add("vring-past-table.elf",
        image(table=rsc_table([vdev([vring(0x1000), vring(0x5000)])],
                              cut=20)), 1,
        "resource 0 (vdev): vring array runs past the table end "
        "(offset 0x30 + 40 > 0x44)")
    add("config-past-table.elf",
        image(table=rsc_table([vdev([vring(0x1000)], config=b"\1" * 8)],
                              cut=4)), 1,
        "resource 0 (vdev): config space runs past the table end "
        "(offset 0x44 + 8 > 0x48)")
    add("vring-num-not-pow2.elf",
        image(table=rsc_table([vdev([vring(0x1000),
                                     vring(0x5000, num=100)])])), 1,
        "resource 0 (vdev): vring 1: num 100 is not a nonzero power of two")
    add("vring-align-zero.elf",
        image(table=rsc_table([vdev([vring(0x1000, align=0)])])), 1,
        "resource 0 (vdev): vring 0: align 0 is not a nonzero power of two")
    add("too-many-vrings.elf", image(table=rsc_table([
        vdev([vring(0x1000), vring(0x5000), vring(0x9000)])])), 1,
        "resource 0 (vdev): 3 vrings, at most 2 allowed")
    add("unknown-rsc-type.elf",
        image(table=rsc_table(good_table() + [vendor(5)])), 1,
        "resource 4 (unknown): unknown resource type 5")
    add("name-unterminated.elf", image(table=rsc_table([
        carveout(0x1000, 0x1000, 0x1000, b"X" * 32)])), 1,
        "resource 0 (carveout): name is not NUL-terminated within 32 bytes")
    add("carveout-wraps.elf", image(table=rsc_table([
        carveout(0xFFFFF000, 0x1000, 0x2000, "big")])), 1,
        "resource 0 (carveout): da 0xfffff000 + len 0x2000 overflows 32 bits")
    add("vdev-reserved.elf", image(table=rsc_table([
        vdev([vring(0x1000)], reserved=0x100)])), 1,
        "resource 0 (vdev): reserved bytes are not zero")

    with open(os.path.join(out, "expect.tsv"), "w") as f:
        for row in expect:
            f.write("\t".join(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
