#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Mutation check of the fwcheck KUnit suites (slow, by hand; not in make check).

    mutants.py [WORKDIR]      default WORKDIR: /tmp/ohost-fwcheck-mutants

Each mutant removes or weakens one check of drivers/remoteproc/ohost_fwcheck.c.
Every mutant is built, together with ohost_rproc_lib.c and the KUnit suites,
into a module of its own against the debug kernel, in a copy of the tree
under WORKDIR; one VM boot (tools/testing/vmtest.py) loads them one after
the other.  The suites must fail for every mutant and pass for mut_00_none.
Exit status 0 when that holds.  Expect failures and KASAN reports in the
log: that is what killed mutants look like.
"""
import os, re, shutil, subprocess, sys
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
REPO = sys.argv[1] if len(sys.argv) > 1 else "/tmp/ohost-fwcheck-mutants"
Z = "0"
M = [
 # (name, old, new, occurrence)
 ("magic", "size < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' ||\n\t    p[3] != 'F'", "size < 4", 0),
 ("magic_size", "!fw || size < 4 ||", "!fw ||", 0),
 ("ident_size", "size < FW_EI_NIDENT", Z, 0),
 ("class", "else if (p[FW_EI_CLASS] == FW_ELFCLASS64)", "else if (1)", 0),
 ("class32", "if (p[FW_EI_CLASS] == FW_ELFCLASS32)", "if (p[FW_EI_CLASS] != FW_ELFCLASS64)", 0),
 ("data", "p[FW_EI_DATA] != FW_ELFDATA2LSB", Z, 0),
 ("iversion", "p[FW_EI_VERSION] != FW_EV_CURRENT", Z, 0),
 ("ehsize", "size < l->ehsize", Z, 0),
 ("e_version", "fw_rd32(p + 20) != FW_EV_CURRENT", Z, 0),
 ("machine", "policy && policy->machine && elf.machine != policy->machine", Z, 0),
 ("machine_any", "policy && policy->machine && elf.machine", "policy && elf.machine", 0),
 ("phnum0", "!elf.phnum", Z, 0),
 ("phnum_max", "elf.phnum > OHOST_FW_MAX_PHNUM", Z, 0),
 ("entsize", "entsize != want", Z, 0),
 ("range_ovf", "if (check_add_overflow(off, len, end))\n\t\treturn -EOVERFLOW;", "*end = off + len;", 0),
 ("range_end", "return *end > size ? -ERANGE : 0;", "return 0;", 0),
 ("range_end_ge", "return *end > size ? -ERANGE : 0;", "return *end >= size ? -ERANGE : 0;", 0),
 ("table_ovf_msg", "if (ret == -EOVERFLOW)", "if (0)", 0),
 ("seg_ovf_msg", "if (ret == -EOVERFLOW)", "if (0)", 1),
 ("sec_ovf_msg", "if (ret == -EOVERFLOW)", "if (0)", 2),
 ("seg_range", "ret = fw_range(off, filesz, elf->size, &end);", "ret = 0;", 0),
 ("seg_type", "if (fw_rd32(ph) != FW_PT_LOAD)\n\t\t\tcontinue;", "", 0),
 ("seg_load", "ret = fw_check_load(elf, i, &start, &end, err);", "ret = 0;", 0),
 ("filesz", "filesz > memsz", Z, 0),
 ("paddr_ovf", "check_add_overflow(paddr, memsz, end) ||", "(*end = paddr + memsz, 0) ||", 0),
 ("paddr32", "(elf->l->word == 4 && *end > FW_ADDR32_LIMIT)", Z, 0),
 ("paddr32_ge", "*end > FW_ADDR32_LIMIT)", "*end >= FW_ADDR32_LIMIT)", 0),
 ("ovl_type_i", "if (fw_rd32(ph) != FW_PT_LOAD ||\n\t\t    fw_check_load(elf, i", "if (fw_check_load(elf, i", 0),
 ("ovl_type_j", "if (fw_rd32(ph) != FW_PT_LOAD ||\n\t\t\t    fw_check_load(elf, j", "if (fw_check_load(elf, j", 0),
 ("ovl_empty_i", "|| s1 == e1", "", 0),
 ("ovl_empty_j", "|| s2 == e2", "", 0),
 ("ovl_cmp1", "s1 < e2 && s2 < e1", "s1 < e2", 0),
 ("ovl_cmp2", "s1 < e2 && s2 < e1", "s2 < e1", 0),
 ("ovl_le", "s1 < e2 && s2 < e1", "s1 <= e2 && s2 <= e1", 0),
 ("ovl_call", "\tif (!ret)\n\t\tret = fw_check_overlaps(&elf, err);", "", 0),
 ("shnum0", "!elf.shnum", Z, 0),
 ("shstrndx", "elf.shstrndx >= elf.shnum", Z, 0),
 ("name_off", "off >= strsz", Z, 0),
 ("name_nul", "!memchr(strtab + off, '\\0', strsz - off)", Z, 0),
 ("nobits", "fw_rd32(sh + elf->l->sh_type) == FW_SHT_NOBITS", Z, 0),
 ("sec_range", "ret = fw_range(*off, *len, elf->size, &end);", "ret = 0; end = 0;", 0),
 ("rsc_hdr_len", "!w->table || w->len < OHOST_RSC_HDR_SIZE", "!w->table", 0),
 ("rsc_ver", "ver != 1", Z, 0),
 ("rsc_res0", "fw_rd32(w->table + 8) || ", "", 0),
 ("rsc_res1", " || fw_rd32(w->table + 12)", "", 0),
 ("rsc_offarr", "OHOST_RSC_HDR_SIZE + (u64)num * 4 > w->len", Z, 0),
 ("ent_hdr", "rsc->offset < hdr_end", Z, 0),
 ("ent_align", "rsc->offset % 4", Z, 0),
 ("ent_order", "rsc->index && rsc->offset <= prev_off", Z, 0),
 ("ent_order_lt", "rsc->index && rsc->offset <= prev_off", "rsc->index && rsc->offset < prev_off", 0),
 ("ent_overlap", "rsc->index && rsc->offset < prev_end", Z, 0),
 ("ent_inside", "(u64)rsc->offset + 4 > w->len", Z, 0),
 ("vendor_lo", "rsc->type >= OHOST_RSC_VENDOR_START &&\n\t    rsc->type <= OHOST_RSC_VENDOR_END)\n\t\treturn 0;", "rsc->type <= OHOST_RSC_VENDOR_END)\n\t\treturn 0;", 0),
 ("vendor_hi", "rsc->type >= OHOST_RSC_VENDOR_START &&\n\t    rsc->type <= OHOST_RSC_VENDOR_END)\n\t\treturn 0;", "rsc->type >= OHOST_RSC_VENDOR_START)\n\t\treturn 0;", 0),
 ("vendor_gt", "rsc->type >= OHOST_RSC_VENDOR_START &&\n\t    rsc->type <= OHOST_RSC_VENDOR_END)\n\t\treturn 0;", "rsc->type > OHOST_RSC_VENDOR_START &&\n\t    rsc->type <= OHOST_RSC_VENDOR_END)\n\t\treturn 0;", 0),
 ("vendor_lt", "rsc->type >= OHOST_RSC_VENDOR_START &&\n\t    rsc->type <= OHOST_RSC_VENDOR_END)\n\t\treturn 0;", "rsc->type >= OHOST_RSC_VENDOR_START &&\n\t    rsc->type < OHOST_RSC_VENDOR_END)\n\t\treturn 0;", 0),
 ("part_ge", "if (off + len > w->len)", "if (off + len >= w->len)", 0),
 ("part_mem", 'ret = fw_rsc_part(w, rsc, "entry", rsc->offset, rsc->size);', "ret = 0;", 0),
 ("part_trace", 'ret = fw_rsc_part(w, rsc, "entry", rsc->offset, rsc->size);', "ret = 0;", 1),
 ("part_vdev", 'ret = fw_rsc_part(w, rsc, "entry", rsc->offset, rsc->size);', "ret = 0;", 2),
 ("part_vring", 'ret = fw_rsc_part(w, rsc, "vring array", vr_off, vr_len);', "ret = 0;", 0),
 ("part_config", 'ret = fw_rsc_part(w, rsc, "config space", cfg_off,\n\t\t\t  rsc->vdev.config_len);', "ret = 0;", 0),
 ("addr_any", "addr != OHOST_RSC_ADDR_ANY && ", "", 0),
 ("addr_ge", "(u64)addr + len > FW_ADDR32_LIMIT", "(u64)addr + len >= FW_ADDR32_LIMIT", 0),
 ("addr_mem_da", 'ret = fw_rsc_addr(w, rsc, "da", rsc->mem.da, rsc->mem.len);', "ret = 0;", 0),
 ("addr_mem_pa", 'ret = fw_rsc_addr(w, rsc, "pa", rsc->mem.pa, rsc->mem.len);', "ret = 0;", 0),
 ("addr_trace", 'ret = fw_rsc_addr(w, rsc, "da", rsc->trace.da, rsc->trace.len);', "ret = 0;", 0),
 ("name_mem", "ret = fw_rsc_name(w, rsc, p + 24, &rsc->mem.name);", "rsc->mem.name = (const char *)p + 24;", 0),
 ("name_trace", "ret = fw_rsc_name(w, rsc, p + 16, &rsc->trace.name);", "rsc->trace.name = (const char *)p + 16;", 0),
 ("unknown", 'return fw_rsc_fail(w, rsc, "unknown resource type %u", rsc->type);', "return 0;", 0),
 ("vdev_res26", "p[26] || p[27]", "p[27]", 0),
 ("vdev_res27", "p[26] || p[27]", "p[26]", 0),
 ("vdev_max", "rsc->vdev.num_of_vrings > w->max_vrings", Z, 0),
 ("vdev_max_ge", "rsc->vdev.num_of_vrings > w->max_vrings", "rsc->vdev.num_of_vrings >= w->max_vrings", 0),
 ("policy_vrings", "if (policy && policy->max_vrings)", "if (0)", 0),
 ("vring_num", "!fw_is_pow2(num)", Z, 0),
 ("vring_align", "!fw_is_pow2(align)", Z, 0),
 ("pow2_zero", "return v && !(v & (v - 1));", "return !(v & (v - 1));", 0),
 ("vring_res", "if (fw_rd32(v + 16))", "if (0)", 0),
 ("vring_loop", "ret = fw_rsc_vring(w, rsc, i);", "ret = 0;", 0),
 ("walk_prepass", "ret = fw_rsc_pass(&w, NULL, NULL);", "ret = 0;", 0),
 ("require", "if (policy && policy->require_rsc_table)", "if (0)", 0),
 ("require1", "if (policy && policy->require_rsc_table)", "if (1)", 0),
 ("check_rsc", "return ohost_fw_check_rsc_table((const u8 *)fw + off, len, policy,\n\t\t\t\t\terr);", "return 0;", 0),
]

def mutate(src, old, new, occ):
    idx = -1
    for _ in range(occ + 1):
        idx = src.find(old, idx + 1)
        if idx < 0:
            sys.exit(f"mutant pattern not found: {old!r} #{occ}")
    return src[:idx] + new + src[idx + len(old):]

def strip_exports(s):
    return re.sub(r"^EXPORT_SYMBOL_GPL\(\w+\);\n", "", s, flags=re.M)

def main():
    env = dict(l.split("=", 1) for l in open(subprocess.check_output(
        [SRC + "/tools/testing/kernels.sh", "env", "debug"], text=True).strip()).read().split())
    shutil.rmtree(REPO, ignore_errors=True)
    subprocess.run(["rsync", "-a", "--exclude", "build", "--exclude", ".git", SRC + "/", REPO + "/"], check=True)
    out = f"{REPO}/build/debug/mut"
    os.makedirs(out)
    shutil.copytree(SRC + "/include", out + "/include")
    fw = open(SRC + "/drivers/remoteproc/ohost_fwcheck.c").read()
    lib = strip_exports(open(SRC + "/drivers/remoteproc/ohost_rproc_lib.c").read())
    test = open(SRC + "/drivers/remoteproc/tests/ohost_fwcheck_test.c").read()
    kb = ["ccflags-y += -I$(src)/include"]
    names = [("none", None, None, 0)] + M
    for k, (name, old, new, occ) in enumerate(names):
        src = fw if old is None else mutate(fw, old, new, occ)
        mod = f"mut_{k:02d}_{name}"
        open(f"{out}/{mod}_f.c", "w").write(strip_exports(src))
        open(f"{out}/{mod}_l.c", "w").write(lib)
        open(f"{out}/{mod}_t.c", "w").write(test)
        kb.append(f"obj-m += {mod}.o\n{mod}-y := {mod}_f.o {mod}_l.o {mod}_t.o")
    open(out + "/Kbuild", "w").write("\n".join(kb) + "\n")
    subprocess.run(["make", "-s", "-C", env["KDIR"], f"M={out}", "ARCH=arm64",
                    "CROSS_COMPILE=aarch64-linux-gnu-", f"-j{os.cpu_count()}", "modules"], check=True)
    mods = [f"mut_{k:02d}_{n[0]}" for k, n in enumerate(names)]
    groups = [mods[i:i + 12] for i in range(0, len(mods), 12)]
    for g, group in enumerate(groups):
        with open(f"{REPO}/tools/testing/guest/tests/mutants{g}.sh", "w") as f:
            f.write(". /ohost/lib.sh\nmodprobe kunit\n")
            for m in group:
                f.write(f"dmesg -c >/dev/null; modprobe {m}; "
                        f"if dmesg | grep -q 'not ok'; then echo 'MUTANT {m} killed'; "
                        f"else echo 'MUTANT {m} survived'; fi; rmmod {m}\n")
            f.write("ok 1 mutants\ndone_testing\n")
    run = f"{REPO}/mutants.run"
    with open(run, "w") as f:
        f.write(f"TESTS={' '.join('mutants%d' % g for g in range(len(groups)))}\nKERNELS=debug\nMODULES={' '.join(mods)}\nTIMEOUT=3000\nMEMORY=2048\n")
    subprocess.run([sys.executable, f"{REPO}/tools/testing/vmtest.py",
                    "--target", "debug", "--run", run, "--quiet"])
    log = open(f"{REPO}/build/logs/debug/mutants.run.log", errors="replace").read()
    verdict = dict(re.findall(r"^\s*MUTANT (\S+) (killed|survived)", log, re.M))
    for m in mods:   # a verdict line can be torn apart by kernel messages
        if m not in verdict and f"EXPECTATION FAILED at {out}/{m}_t.c" in log:
            verdict[m] = "killed"
    bad = [m for m in mods if verdict.get(m) != ("survived" if m == mods[0] else "killed")]
    for m in mods:
        print(f"{'not ok' if m in bad else 'ok'} {mods.index(m) + 1} - {m} {verdict.get(m, 'not run')}")
    print(f"1..{len(mods)}")
    return 1 if bad else 0


sys.exit(main())
