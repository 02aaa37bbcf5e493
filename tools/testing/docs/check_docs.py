#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Consistency checks of Documentation/ against the tree (tools/testing/docs).

  check_docs.py toctree DOCDIR          every .rst reachable from index's toctree
  check_docs.py ioctls DOCDIR ROOT      every ioctl and uAPI struct documented
  check_docs.py links ROOT FILE...      local paths named in FILEs exist
  check_docs.py kernels DOCDIR ROOT     supported-kernels table = runs' KERNELS
  check_docs.py version DOCDIR ROOT     conf.py release = debian/changelog

Each prints one line per problem on stdout and exits 1 if there was any,
0 otherwise, 2 on usage errors.  ROOT may be a copy of the tree with
mutations: run.sh uses that to show each check can fail.
"""

import glob
import os
import re
import sys

# Directories of Documentation/ that conf.py excludes from Sphinx.
NOT_SPHINX = ("man", "ABI", "devicetree", "_build")


def rst_files(docdir):
    found = []
    for path in glob.glob(os.path.join(docdir, "**", "*.rst"), recursive=True):
        rel = os.path.relpath(path, docdir)
        if rel.split(os.sep)[0] not in NOT_SPHINX:
            found.append(rel[:-len(".rst")])
    return sorted(found)


def toctree_entries(text):
    """Document names listed in the text's toctree directives."""
    entries, inside = [], False
    for line in text.splitlines():
        if re.match(r"^\s*\.\. toctree::", line):
            inside = True
            continue
        if inside:
            if line.strip() == "" or re.match(r"^\s+:", line):
                continue
            if re.match(r"^\s+\S", line):
                entries.append(line.strip())
                continue
            inside = False
    return entries


def check_toctree(docdir):
    docs = set(rst_files(docdir))
    seen, todo = set(), ["index"]
    problems = []
    while todo:
        doc = todo.pop()
        if doc in seen:
            continue
        seen.add(doc)
        if doc not in docs:
            problems.append("toctree names a missing document: %s" % doc)
            continue
        with open(os.path.join(docdir, doc + ".rst")) as f:
            todo.extend(toctree_entries(f.read()))
    for doc in sorted(docs - seen):
        problems.append("not reachable from index's toctree: %s.rst" % doc)
    return problems


def uapi_names(root):
    """ioctl macros and structs of the project's uAPI headers."""
    ioctls, structs = set(), set()
    for hdr in glob.glob(os.path.join(root, "include/uapi/linux/*.h")):
        with open(hdr) as f:
            text = f.read().replace("\\\n", " ")
        ioctls.update(re.findall(r"^#define\s+(\w+)\s+_IO[RW]{0,2}\(", text, re.M))
        structs.update(re.findall(r"^struct\s+(\w+)\s*\{", text, re.M))
    return ioctls, structs


def driver_ioctls(root):
    """Upstream rpmsg ioctl commands the drivers handle (case/compare)."""
    found = set()
    for src in glob.glob(os.path.join(root, "drivers/rpmsg/*.c")):
        with open(src) as f:
            found.update(re.findall(r"\b(RPMSG_[A-Z_]+(?:IOCTL|FLOWCONTROL))\b", f.read()))
    return found


def check_ioctls(docdir, root):
    with open(os.path.join(docdir, "uapi.rst")) as f:
        page = f.read()
    ioctls, structs = uapi_names(root)
    problems = []
    if not ioctls:
        problems.append("no ioctl found in include/uapi/linux/*.h")
    for name in sorted(ioctls | driver_ioctls(root)):
        if not re.search(r"``%s``" % name, page):
            problems.append("ioctl not documented in uapi.rst: %s" % name)
    for name in sorted(structs):
        if not re.search(r"struct %s\b" % name, page):
            problems.append("struct not documented in uapi.rst: %s" % name)
    return problems


# A path into the tree: starts at one of its top-level directories.
TREE_DIRS = ("Documentation", "drivers", "include", "tools", "dts", "debian")
PATH_RE = re.compile(r"(?<![\w/.-])((?:%s)/[\w./,{}*+-]*)" % "|".join(TREE_DIRS))
MD_LINK_RE = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def brace_expand(path):
    m = re.search(r"\{([^{}]*)\}", path)
    if not m:
        return [path]
    out = []
    for alt in m.group(1).split(","):
        out += brace_expand(path[:m.start()] + alt + path[m.end():])
    return out


def named_paths(text):
    paths = set(MD_LINK_RE.findall(text))
    for p in PATH_RE.findall(text):
        paths.add(p.rstrip(".,"))
    return {p for p in paths if "://" not in p and not p.startswith("mailto:")}


def check_links(root, files):
    problems = []
    for fname in files:
        with open(fname) as f:
            text = f.read()
        base = os.path.dirname(os.path.abspath(fname))
        for p in sorted(named_paths(text)):
            for alt in brace_expand(p):
                # Markdown links are relative to the file, paths to the tree.
                here = root if alt.split("/")[0] in TREE_DIRS else base
                if not glob.glob(os.path.join(here, alt)):
                    problems.append("%s: %s does not exist" %
                                    (os.path.relpath(fname, root), alt))
    return problems


# The columns of supported-kernels.rst's run table, in order (check.py's
# ALL_TARGETS).
KERNEL_TARGETS = ("debian-6.1", "debian-6.12", "debian-6.1-rt",
                  "debian-6.12-rt", "debug")


def runs_kernels(root):
    table = {}
    for run in sorted(glob.glob(os.path.join(root, "tools/testing/runs/*"))):
        with open(run) as f:
            text = f.read()
        k = re.search(r"^KERNELS=(.*)$", text, re.M)
        lk = re.search(r"^LONG_KERNELS=([^#\n]*)", text, re.M)
        row = []
        for t in KERNEL_TARGETS:
            if k and t in k.group(1).split():
                row.append("yes")
            elif lk and t in lk.group(1).split():
                row.append("check-long")
            else:
                row.append("")
        table[os.path.basename(run)] = row
    return table


def documented_kernels(docdir):
    with open(os.path.join(docdir, "supported-kernels.rst")) as f:
        text = f.read()
    table = {}
    rows = re.findall(r"^   \* - ``([\w.-]+)``\n((?:     -.*\n){%d})"
                      % len(KERNEL_TARGETS), text, re.M)
    for name, cells in rows:
        table[name] = [c[len("     -"):].strip() for c in cells.splitlines()]
    return table


def check_kernels(docdir, root):
    want, have = runs_kernels(root), documented_kernels(docdir)
    problems = []
    for run in sorted(set(want) | set(have)):
        if run not in have:
            problems.append("run %s missing from supported-kernels.rst" % run)
        elif run not in want:
            problems.append("supported-kernels.rst lists run %s, which does not exist" % run)
        elif want[run] != have[run]:
            problems.append("run %s: supported-kernels.rst says %s, the run file %s" %
                            (run, have[run], want[run]))
    return problems


def check_version(docdir, root):
    with open(os.path.join(root, "debian/changelog")) as f:
        m = re.match(r"\S+ \(([^)]+)\)", f.readline())
    with open(os.path.join(docdir, "conf.py")) as f:
        r = re.search(r'^release = "([^"]*)"', f.read(), re.M)
    if not m or not r:
        return ["cannot read the version of debian/changelog or conf.py"]
    if m.group(1) != r.group(1):
        return ["conf.py release %s, debian/changelog %s" % (r.group(1), m.group(1))]
    return []


def main(argv):
    checks = {
        "toctree": (1, lambda a: check_toctree(a[0])),
        "ioctls": (2, lambda a: check_ioctls(a[0], a[1])),
        "links": (2, lambda a: check_links(a[0], a[1:])),
        "kernels": (2, lambda a: check_kernels(a[0], a[1])),
        "version": (2, lambda a: check_version(a[0], a[1])),
    }
    if len(argv) < 2 or argv[1] not in checks or len(argv) - 2 < checks[argv[1]][0]:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    problems = checks[argv[1]][1](argv[2:])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
