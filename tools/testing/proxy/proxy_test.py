#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of rpmsg-proxyd's protocol handling, without a kernel.

Each case starts the daemon with --fd 3 on one end of a SOCK_SEQPACKET
socket pair (message boundaries kept, like /dev/rpmsg_proxyN), plays the
remote on the other end with crafted requests, and checks the replies, the
daemon's console (its stdin/stdout) and the files in and around its root.
Prints TAP; exits non-zero on any failure.
"""

import errno
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
DAEMON = os.path.join(ROOT, "build", "tools", "host", "rpmsg-proxyd")

OPEN, CLOSE, WRITE, READ, ACK, TERM = 1, 2, 3, 4, 5, 6
O_RDONLY, O_WRONLY, O_RDWR = 0, 1, 2
O_CREAT, O_EXCL, O_TRUNC, O_APPEND = 0o100, 0o200, 0o1000, 0o2000
O_DIRECTORY_WIRE = 0o200000

n = 0
failed = 0


def ok(cond, desc, diag=""):
    global n, failed
    n += 1
    if cond:
        print(f"ok {n} - {desc}")
    else:
        failed += 1
        print(f"not ok {n} - {desc}")
        for line in str(diag).splitlines():
            print(f"# {line}")
    sys.stdout.flush()
    return cond


def msg(mid, f1=0, f2=0, data=b"", data_len=None):
    if data_len is None:
        data_len = len(data)
    return struct.pack("<IiiI", mid, f1, f2, data_len & 0xffffffff) + data


class Daemon:
    def __init__(self, root, extra=(), stdin_data=b""):
        self.sock, child = socket.socketpair(socket.AF_UNIX,
                                             socket.SOCK_SEQPACKET)
        self.sock.settimeout(5)
        self.out = tempfile.TemporaryFile()
        self.err = tempfile.TemporaryFile()
        inp = tempfile.TemporaryFile()
        inp.write(stdin_data)
        inp.seek(0)
        cfd = child.fileno()
        # The transport is local fd 3: a remote fd 3 must not reach it.
        script = f'exec 3<&{cfd} {cfd}<&-; exec "$0" "$@"'
        self.proc = subprocess.Popen(
            ["sh", "-c", script, DAEMON, "--fd", "3", "--root", root,
             *extra], stdin=inp, stdout=self.out, stderr=self.err,
            pass_fds=(cfd,))
        child.close()
        inp.close()

    def request(self, m):
        self.sock.send(m)
        return self.reply()

    def reply(self):
        r = self.sock.recv(4096)
        mid, f1, f2, dlen = struct.unpack("<IiiI", r[:16])
        return {"id": mid, "f1": f1, "f2": f2, "data_len": dlen,
                "data": r[16:], "len": len(r)}

    def no_reply(self, timeout=0.3):
        self.sock.settimeout(timeout)
        try:
            got = len(self.sock.recv(4096)) > 0   # b"": the daemon closed
        except socket.timeout:
            got = False
        self.sock.settimeout(5)
        return not got

    def open(self, path, flags, mode=0o600):
        if isinstance(path, str):
            path = path.encode()
        return self.request(msg(OPEN, flags, mode, path + b"\0"))["f1"]

    def term(self):
        self.sock.send(msg(TERM))
        try:
            rc = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.sock.close()
        return rc

    def stop(self):
        self.sock.close()
        try:
            return self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def stdout(self):
        self.out.seek(0)
        return self.out.read()

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")


def setup(tmp):
    """tmp/root is served; tmp/outside must never be touched."""
    root = os.path.join(tmp, "root")
    outside = os.path.join(tmp, "outside")
    os.makedirs(os.path.join(root, "sub"))
    os.makedirs(outside)
    with open(os.path.join(outside, "secret"), "w") as f:
        f.write("SECRET")
    with open(os.path.join(root, "hello.txt"), "w") as f:
        f.write("hello from linux\n")
    os.symlink(outside, os.path.join(root, "dirlink"))
    os.symlink(os.path.join(outside, "secret"), os.path.join(root, "filelink"))
    os.symlink(os.path.join(outside, "created"), os.path.join(root, "dangling"))
    os.symlink("../outside/secret", os.path.join(root, "rellink"))
    os.symlink("hello.txt", os.path.join(root, "inlink"))
    os.mkfifo(os.path.join(root, "fifo"))
    return root, outside


def label(mode):
    return "walk" if "--no-openat2" in mode else "openat2"


def test_roundtrip(tmp, mode):
    root, _ = setup(tmp)
    d = Daemon(root, mode)
    mode = label(mode)
    fd = d.open("sub/rpc.txt", O_CREAT | O_WRONLY | O_APPEND, 0o600)
    ok(fd >= 3, f"{mode}: OPEN creates a file, remote fd {fd} >= 3")
    r = d.request(msg(WRITE, fd, 12, b"remote data\n"))
    ok(r["id"] == WRITE and r["f1"] == 12, f"{mode}: WRITE answers 12", r)
    r = d.request(msg(CLOSE, fd))
    ok(r["id"] == CLOSE and r["f1"] == 0, f"{mode}: CLOSE answers 0", r)
    path = os.path.join(root, "sub", "rpc.txt")
    ok(open(path, "rb").read() == b"remote data\n",
       f"{mode}: the file holds what was written")
    ok((os.stat(path).st_mode & 0o777) == 0o600 & ~current_umask(),
       f"{mode}: created with the requested mode")
    fd = d.open("hello.txt", O_RDONLY)
    r = d.request(msg(READ, fd, 100))
    ok(r["id"] == READ and r["f1"] == 17 and r["data_len"] == 17 and
       r["data"] == b"hello from linux\n", f"{mode}: READ returns the file", r)
    r = d.request(msg(READ, fd, 100))
    ok(r["f1"] == 0 and r["len"] == 16, f"{mode}: READ at EOF returns 0", r)
    d.request(msg(CLOSE, fd))
    fd = d.open("inlink", O_RDONLY)
    ok(fd >= 3 if mode == "openat2" else fd < 0,
       f"{mode}: symlink inside the root "
       f"{'refused by the walk' if mode == 'walk' else 'followed'}", fd)
    r = d.request(msg(CLOSE, 3))
    rc = d.term()
    ok(rc == 0, f"{mode}: TERM ends the daemon with status 0", rc)


def current_umask():
    m = os.umask(0)
    os.umask(m)
    return m


def test_traversal(tmp, mode):
    root, outside = setup(tmp)
    d = Daemon(root, mode)
    mode = label(mode)
    cases = [
        ("../created", O_CREAT | O_WRONLY),
        ("sub/../../created", O_CREAT | O_WRONLY),
        (os.path.join(outside, "created"), O_CREAT | O_WRONLY),
        ("/etc/passwd", O_RDONLY),
        ("../outside/secret", O_RDONLY),
        ("dirlink/secret", O_RDONLY),
        ("dirlink/created", O_CREAT | O_WRONLY),
        ("filelink", O_RDONLY),
        ("rellink", O_RDONLY),
        ("dangling", O_CREAT | O_WRONLY),
        ("/proc/self/root/etc/passwd", O_RDONLY),
    ]
    for path, flags in cases:
        fd = d.open(path, flags)
        ok(fd < 0, f"{mode}: OPEN {path!r} refused ({errno_name(fd)})", fd)
    ok(os.listdir(outside) == ["secret"],
       f"{mode}: nothing created outside the root", os.listdir(outside))
    ok(not os.path.exists(os.path.join(tmp, "created")),
       f"{mode}: nothing created next to the root")
    fd = d.open("sub/ok.txt", O_CREAT | O_WRONLY)
    ok(fd >= 3, f"{mode}: still serving after refusals", fd)
    ok(d.term() == 0, f"{mode}: TERM after refusals")


def errno_name(v):
    return "-" + errno.errorcode.get(-v, str(-v)) if v < 0 else str(v)


def test_malformed(tmp):
    root, _ = setup(tmp)
    d = Daemon(root)
    r = d.request(msg(OPEN, O_RDONLY, 0, b"hello.txt\0", data_len=200))
    ok(r["id"] == OPEN and r["f1"] == -errno.EINVAL,
       "data_len past the message: -EINVAL", r)
    r = d.request(msg(99, 1, 2))
    ok(r["id"] == 99 and r["f1"] == -errno.ENOSYS, "unknown id: -ENOSYS", r)
    r = d.request(msg(ACK))
    ok(r["id"] == ACK and r["f1"] == -errno.ENOSYS,
       "ACK from the remote: -ENOSYS", r)
    for fd in (3, 17, 63, 64, 1000, -1, -2147483648):
        r = d.request(msg(READ, fd, 10))
        ok(r["id"] == READ and r["f1"] == -errno.EBADF and r["len"] == 16,
           f"READ on fd {fd} never opened: -EBADF", r)
    r = d.request(msg(WRITE, 3, 4, b"oops"))
    ok(r["f1"] == -errno.EBADF,
       "WRITE on fd 3 (the daemon's own transport fd) is -EBADF", r)
    r = d.request(msg(CLOSE, 40))
    ok(r["f1"] == -errno.EBADF, "CLOSE of an unopened fd: -EBADF", r)
    r = d.request(msg(OPEN, O_RDONLY, 0, b"hello.txt"))
    ok(r["f1"] == -errno.EINVAL, "path without NUL: -EINVAL", r)
    r = d.request(msg(OPEN, O_RDONLY, 0, b""))
    ok(r["f1"] == -errno.EINVAL, "OPEN without data: -EINVAL", r)
    r = d.request(msg(OPEN, O_RDONLY, 0, b"\0"))
    ok(r["f1"] == -errno.ENOENT, "empty path: -ENOENT", r)
    r = d.request(msg(OPEN, O_RDONLY | O_DIRECTORY_WIRE, 0, b"sub\0"))
    ok(r["f1"] == -errno.EINVAL, "unknown open flag bit: -EINVAL", r)
    r = d.request(msg(OPEN, 3, 0, b"hello.txt\0"))
    ok(r["f1"] == -errno.EINVAL, "access mode 3: -EINVAL", r)
    r = d.request(msg(OPEN, O_CREAT | O_WRONLY, 0o4755, b"suid\0"))
    ok(r["f1"] == -errno.EINVAL and
       not os.path.exists(os.path.join(root, "suid")),
       "mode beyond 0777: -EINVAL, nothing created", r)
    r = d.request(msg(WRITE, 1, 600, b"x" * 600))
    ok(r["id"] == WRITE and r["f1"] == -errno.EMSGSIZE,
       "oversized message (616 bytes): -EMSGSIZE", r)
    r = d.request(msg(WRITE, 1, 10, b"abc"))
    ok(r["f1"] == -errno.EINVAL, "WRITE count beyond its data: -EINVAL", r)
    r = d.request(msg(WRITE, 1, -1, b"abc"))
    ok(r["f1"] == -errno.EINVAL, "WRITE negative count: -EINVAL", r)
    r = d.request(msg(READ, 0, -5))
    ok(r["f1"] == -errno.EINVAL, "READ negative count: -EINVAL", r)
    r = d.request(struct.pack("<Iii", OPEN, 0, 0))
    ok(r["id"] == OPEN and r["f1"] == -errno.EINVAL,
       "12-byte message (short header): -EINVAL", r)
    d.sock.send(b"\x01\x00")
    ok(d.no_reply(), "2-byte message: no reply (no id to answer)")
    r = d.request(msg(OPEN, O_RDONLY, 0, b"sub\0"))
    ok(r["f1"] == -errno.EISDIR, "OPEN of a directory: -EISDIR", r)
    r = d.request(msg(OPEN, O_WRONLY, 0, b"fifo\0"))
    ok(r["f1"] < 0, f"OPEN of a FIFO refused without blocking "
       f"({errno_name(r['f1'])})", r)
    r = d.request(msg(OPEN, O_RDONLY, 0, b"fifo\0"))
    ok(r["f1"] == -errno.EACCES, "OPEN of a FIFO for reading: -EACCES", r)
    fds = [d.open(f"f{i}", O_CREAT | O_WRONLY) for i in range(61)]
    ok(fds == list(range(3, 64)), "61 files open as remote fds 3..63", fds)
    fd = d.open("one-too-many", O_CREAT | O_WRONLY)
    ok(fd == -errno.EMFILE, "the 62nd: -EMFILE", fd)
    fd = d.open("hello.txt", O_RDONLY)
    ok(fd == -errno.EMFILE, "still -EMFILE", fd)
    d.request(msg(CLOSE, 10))
    fd = d.open("hello.txt", O_RDONLY)
    ok(fd == 10, "a closed remote fd is reused", fd)
    r = d.request(msg(READ, fd, 100000))
    ok(r["f1"] == 17 and r["len"] <= 496, "READ of 100000 bytes is bounded", r)
    ok(d.proc.poll() is None, "daemon alive after every malformed request")
    ok(d.term() == 0, "TERM after malformed requests: status 0")


def test_read_bound(tmp):
    root, _ = setup(tmp)
    with open(os.path.join(root, "big"), "wb") as f:
        f.write(bytes(range(256)) * 8)
    d = Daemon(root)
    fd = d.open("big", O_RDONLY)
    r = d.request(msg(READ, fd, 2048))
    ok(r["f1"] == 480 and r["data_len"] == 480 and r["len"] == 496 and
       r["data"] == (bytes(range(256)) * 2)[:480],
       "READ 2048 bytes answers 480, a 496-byte message", r["f1"])
    r = d.request(msg(READ, fd, 20))
    ok(r["f1"] == 20 and r["data"] == (bytes(range(256)) * 2)[480:500],
       "the next READ continues where it stopped", r["f1"])
    ok(d.term() == 0, "TERM")


def test_console(tmp):
    root, _ = setup(tmp)
    d = Daemon(root, stdin_data=b"42 from the console\n")
    r = d.request(msg(WRITE, 1, 6, b"hello\n\0"))
    ok(r["id"] == WRITE and r["f1"] == 6,
       "printf: WRITE fd 1, count 6, data_len 7 answers 6", r)
    r = d.request(msg(WRITE, 1, 4, b"bye\n\0"))
    ok(r["f1"] == 4, "older printf: count includes the NUL, answers 4", r)
    r = d.request(msg(WRITE, 1, 3, b"abc"))
    ok(r["f1"] == 3, "plain WRITE on fd 1 without NUL", r)
    r = d.request(msg(WRITE, 2, 4, b"err\n"))
    ok(r["f1"] == 4, "WRITE on fd 2 (stderr)", r)
    r = d.request(msg(READ, 0, 100))
    ok(r["f1"] == 20 and r["data"] == b"42 from the console\n",
       "scanf: READ fd 0 gets the console line", r)
    r = d.request(msg(READ, 0, 100))
    ok(r["f1"] == 0, "READ fd 0 at end of input: 0", r)
    r = d.request(msg(CLOSE, 1))
    ok(r["f1"] == 0, "CLOSE fd 1 answers 0", r)
    r = d.request(msg(WRITE, 1, 2, b"x\n"))
    ok(r["f1"] == -errno.EBADF, "fd 1 is closed for the remote afterwards", r)
    rc = d.term()
    out = d.stdout()
    ok(out == b"hello\nbye\nabc", "console got the text, no stray NUL",
       repr(out))
    ok(b"\0" not in out, "no NUL byte on the console")
    ok("err\n" in d.stderr(), "fd 2 goes to the daemon's stderr")
    ok(rc == 0, "TERM: status 0")


def test_lifecycle(tmp):
    root, _ = setup(tmp)
    d = Daemon(root)
    d.sock.send(msg(TERM))
    ok(d.no_reply(), "TERM is not answered")
    rc = d.proc.wait(5)
    ok(rc == 0, "TERM: exit status 0", rc)
    d.sock.close()
    d = Daemon(root)
    fd = d.open("x", O_CREAT | O_WRONLY)
    rc = d.stop()
    ok(rc == 1, "channel closed before TERM: exit status 1", rc)
    r = subprocess.run([DAEMON, "--fd", "0"], capture_output=True)
    ok(r.returncode == 2 and b"--root" in r.stderr,
       "no --root: usage error, status 2", r.returncode)
    r = subprocess.run([DAEMON, "--help"], capture_output=True)
    ok(r.returncode == 0 and b"Usage:" in r.stdout, "--help: status 0")
    r = subprocess.run([DAEMON, "--bogus"], capture_output=True)
    ok(r.returncode == 2, "unknown option: status 2", r.returncode)
    r = subprocess.run([DAEMON, "--root", os.path.join(tmp, "nope"),
                        "--fd", "0"], capture_output=True)
    ok(r.returncode == 3, "missing root: status 3", r.returncode)
    r = subprocess.run([DAEMON, "--root", root, "--device",
                        os.path.join(tmp, "no-device")], capture_output=True)
    ok(r.returncode == 3, "missing device: status 3", r.returncode)


def main():
    global n
    if len(sys.argv) == 3 and sys.argv[1] == "--first":
        n = int(sys.argv[2]) - 1   # numbering continues run.sh's
    if not os.access(DAEMON, os.X_OK):
        print("1..0 # SKIP rpmsg-proxyd not built")
        return 1
    for name, fn in [
            ("roundtrip", lambda t: test_roundtrip(t, ())),
            ("roundtrip-walk", lambda t: test_roundtrip(t, ("--no-openat2",))),
            ("traversal", lambda t: test_traversal(t, ())),
            ("traversal-walk",
             lambda t: test_traversal(t, ("--no-openat2",))),
            ("malformed", test_malformed),
            ("read-bound", test_read_bound),
            ("console", test_console),
            ("lifecycle", test_lifecycle)]:
        tmp = tempfile.mkdtemp(prefix=f"proxy-{name}-")
        try:
            fn(tmp)
        except Exception as e:  # a crash is a failure, not an abort
            ok(False, f"{name}: raised {type(e).__name__}", e)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
