#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpora of the fuzz harnesses (committed; rerun after a
change of an input format):

  corpus/fwcheck/   firmware images built by tools/firmware (make -C
                    tools/firmware first), good and bad ones
  corpus/elfload/   the ELF32 ARM (R5, M4) images among them
  corpus/proxyd/    rpmsg-proxyd request sequences (proxyd_fuzz.c's format)
  corpus/vrprocd/   shared-memory snapshots and guest steps (vrprocd_fuzz.c)
  corpus/vring/     driver and remote operations on one ring (vring_fuzz.c)
  corpus/rpmsg_wire/ RX buffers as a remote fills them (rpmsg_wire_fuzz.c)

and the hand-made regression inputs of bugs found by reading the code the
harnesses cover, in regressions/<harness>/ (inputs found by fuzzing are
kept there by run.sh as they are).

  tools/testing/fuzz/mkseeds.py
"""
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
CORPUS = os.path.join(HERE, 'corpus')

FIRMWARE = ['ohost-echo.elf', 'ohost-echo-evidx.elf', 'ohost-echo-bufsz.elf',
            'ohost-bad-bufsz.elf', 'ohost-bad-3vrings.elf',
            'ohost-bad-norsc.elf', 'ohost-bad-segment.elf',
            'ohost-bad-truncated.elf', 'ohost-r5-echo.elf',
            'ohost-r5-bad-segment.elf', 'ohost-m4-echo.elf',
            'ohost-m4-lite-echo.elf', 'ohost-m4-bad-segment.elf']


def write(kind, name, data, where=CORPUS):
    d = os.path.join(where, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


# ---- fwcheck ----------------------------------------------------------------

def fwcheck():
    src = os.path.join(ROOT, 'build', 'firmware')
    for name in FIRMWARE:
        kinds = ['fwcheck']
        if '-r5-' in name or '-m4-' in name:
            kinds.append('elfload')
        for kind in kinds:
            d = os.path.join(CORPUS, kind)
            os.makedirs(d, exist_ok=True)
            shutil.copyfile(os.path.join(src, name), os.path.join(d, name))


# ---- proxyd -----------------------------------------------------------------

OPEN, CLOSE, WRITE, READ, TERM = 1, 2, 3, 4, 6
O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND = 1, 2, 0o100, 0o200, 0o1000, 0o2000


def req(rid, f1=0, f2=0, data=b'', data_len=None):
    n = len(data) if data_len is None else data_len
    return struct.pack('<IiiI', rid, f1, f2, n) + data


def seq(walk, *reqs):
    out = bytes([1 if walk else 0])
    for r in reqs:
        out += struct.pack('<H', len(r)) + r
    return out


def path(p):
    return p.encode() + b'\0'


def proxyd():
    text = b'This is a test string being written to file..'
    rpc = [req(WRITE, 1, 10, b'banner\r\n\0\0', 11),
           req(OPEN, O_CREAT | O_WRONLY | O_APPEND, 0o644, path('remote.file')),
           req(WRITE, 3, len(text), text),
           req(CLOSE, 3),
           req(OPEN, O_RDWR, 0, path('remote.file')),
           req(READ, 3, 480),
           req(CLOSE, 3),
           req(OPEN, O_CREAT | O_WRONLY, 0o644, path('../rpc-escape.file')),
           req(READ, 0, 480),
           req(TERM)]
    for walk in (0, 1):
        sfx = '-walk' if walk else ''
        write('proxyd', 'rpc-demo' + sfx, seq(walk, *rpc))
        write('proxyd', 'read-hello' + sfx,
              seq(walk, req(OPEN, 0, 0, path('hello.txt')), req(READ, 3, 100),
                  req(READ, 3, 100), req(CLOSE, 3), req(CLOSE, 3)))
        write('proxyd', 'escapes' + sfx,
              seq(walk, req(OPEN, 0, 0, path('escape')),
                  req(OPEN, 0, 0, path('abs')),
                  req(OPEN, 0, 0, path('sub/up')),
                  req(OPEN, 0, 0, path('sub/../../secret')),
                  req(OPEN, 0, 0, path('/etc/passwd')),
                  req(OPEN, 0, 0, path('./sub//inner.txt')),
                  req(OPEN, 0, 0, path('sub')),
                  req(OPEN, O_CREAT | O_EXCL | O_WRONLY | O_TRUNC, 0o600,
                      path('sub/new.txt'))))
    write('proxyd', 'malformed',
          seq(0, b'\1\0', req(OPEN)[:10], req(OPEN, 0, 0, b'x', 40),
              req(OPEN, 0, 0, b'noterm'), req(OPEN, 0o7777, 0, path('a')),
              req(OPEN, 0, 0o7777, path('a')), req(OPEN, 3, 0, path('a')),
              req(WRITE, 1, -1), req(WRITE, 1, 9, b'abc'), req(READ, 1, -5),
              req(READ, 99, 5), req(CLOSE, -1), req(CLOSE, 64), req(77),
              req(WRITE, 1, 0, b'x' * 600)))
    write('proxyd', 'console',
          seq(0, req(WRITE, 1, 5, b'hello\0'), req(WRITE, 1, 6, b'hello\0'),
              req(WRITE, 2, 3, b'err'), req(READ, 0, 10), req(CLOSE, 1),
              req(WRITE, 1, 2, b'hi'), req(TERM)))
    # every remote file number in use
    write('proxyd', 'many-files',
          seq(0, *[req(OPEN, 0, 0, path('hello.txt'))] * 31))


# ---- vrprocd ----------------------------------------------------------------

BASE = 0x3ed10000
APP_OFFSET = 0x200
VDEV = 24                       # vdev entry's offset in the table
STATUS = VDEV + 4 + 20          # its status byte
GFEATURES = VDEV + 4 + 12
NUM = 16
VRING = [0x400, 0x800]
RXBUF, TXBUF, BUFSZ = 0x1000, 0x2000, 256
TRACE = 0xc00

MAGIC = 0x5050414f
F_NS, F_EVENT_IDX = 1 << 0, 1 << 29
DRIVER_OK = 4
INJECT = {'hostile-used-id': 1 << 0, 'bad-len': 1 << 1, 'ns-flood': 1 << 2,
          'ns-no-nul': 1 << 3, 'ns-destroy-stall': 1 << 7, 'tx-hold': 1 << 8,
          'desc-next': 1 << 10, 'avail-scribble': 1 << 11,
          'used-dup': 1 << 12}


def avail_off(ring):
    return VRING[ring] + 16 * NUM


def image(app, gfeatures=F_NS, nvrings=2):
    m = bytearray(0x2000 + NUM * BUFSZ)
    # resource table: vdev, trace
    struct.pack_into('<IIII', m, 0, 1, 2, 0, 0)
    struct.pack_into('<II', m, 16, VDEV, VDEV + 4 + 24 + 20 * 2)
    struct.pack_into('<IIIIIIBB2x', m, VDEV, 3, 7, 0, F_NS | F_EVENT_IDX,
                     0, 0, 0, nvrings)
    for i in range(2):
        struct.pack_into('<IIIII', m, VDEV + 28 + 20 * i,
                         BASE + VRING[i], 16, NUM, i, 0)
    t = VDEV + 4 + 24 + 40
    struct.pack_into('<IIII32s', m, t, 2, BASE + TRACE, 0x100, 0, b'trace')
    struct.pack_into('<II24s', m, APP_OFFSET, MAGIC, 1, app.encode())
    # Linux's side, as before DRIVER_OK: RX buffers posted, TX descriptors
    for i in range(NUM):
        struct.pack_into('<QIHH', m, VRING[0] + 16 * i,
                         BASE + RXBUF + BUFSZ * i, BUFSZ, 2, 0)
        struct.pack_into('<H', m, avail_off(0) + 4 + 2 * i, i)
        struct.pack_into('<QIHH', m, VRING[1] + 16 * i,
                         BASE + TXBUF + BUFSZ * i, BUFSZ, 0, 0)
        struct.pack_into('<H', m, avail_off(1) + 4 + 2 * i, i)
    struct.pack_into('<H', m, avail_off(0) + 2, NUM)
    return m, gfeatures


def step(off, data):
    return struct.pack('<IH', off, len(data)) + data


def snapshot(inject, img, steps):
    m = bytes(img[0]).rstrip(b'\0')    # the window starts zeroed
    return struct.pack('<HH', inject, len(m)) + m + b''.join(steps)


class Guest:
    """What Linux does: DRIVER_OK, then messages on vring1."""

    def __init__(self, gfeatures):
        self.steps = [step(GFEATURES, struct.pack('<I', gfeatures)),
                      step(STATUS, bytes([7]))]
        self.tx = 0

    def send(self, src, dst, payload):
        slot = self.tx % NUM
        hdr = struct.pack('<IIIHH', src, dst, 0, len(payload), 0)
        self.steps.append(step(TXBUF + BUFSZ * slot, hdr + payload))
        self.tx += 1
        self.steps.append(step(avail_off(1) + 2, struct.pack('<H', self.tx)))

    def repost_rx(self, total):
        self.steps.append(step(avail_off(0) + 2, struct.pack('<H', total)))


def ns(name, addr, flags):
    return struct.pack('<32sII', name.encode(), addr, flags)


def proxy_reply(rid, f1, data=b''):
    return struct.pack('<IiiI', rid, f1, 0, len(data)) + data


RPC_TEXT = b'This is a test string being written to file..'
# what rpmsg-proxyd answers to app_rpc.c's requests, in order
RPC_ANSWERS = [
    proxy_reply(3, 60), proxy_reply(1, 3), proxy_reply(3, len(RPC_TEXT)),
    proxy_reply(2, 0), proxy_reply(1, 3),
    proxy_reply(4, len(RPC_TEXT), RPC_TEXT), proxy_reply(2, 0),
    proxy_reply(1, -13), proxy_reply(3, 40), proxy_reply(3, 20),
    proxy_reply(4, 5, b'name\n'), proxy_reply(3, 30), proxy_reply(3, 60)]


def vrprocd():
    for app in ('echo', 'matrix'):
        for gf, sfx in ((F_NS, ''), (F_NS | F_EVENT_IDX, '-evidx')):
            g = Guest(gf)
            g.send(0x400, 53, ns('rpmsg-openamp-demo-channel', 0x400, 0))
            if app == 'echo':
                g.send(0x400, 1024, b'hello remote')
                g.send(0x400, 1024, b'x' * 200)
            else:
                mat = struct.pack('<I', 2) + struct.pack('<36I', *range(36))
                g.send(0x400, 1024, mat)
                g.send(0x400, 1024, mat)
            g.send(0x400, 1024, struct.pack('<I', 0xef56a55a))
            g.send(0x400, 53, ns('rpmsg-openamp-demo-channel', 0x400, 1))
            g.steps.append(step(STATUS, b'\0'))     # virtio reset
            write('vrprocd', app + sfx, snapshot(0, image(app, gf), g.steps))

    for app in ('rpc', 'rpc-proxy'):
        g = rpc_conversation(RPC_ANSWERS)
        write('vrprocd', app, snapshot(0, image(app, F_NS), g.steps))

    for knob, bit in INJECT.items():
        g = Guest(F_NS)
        g.send(0x400, 53, ns('rpmsg-openamp-demo-channel', 0x400, 0))
        g.send(0x400, 1024, b'hello remote')
        g.send(0x400, 1024, b'again')
        write('vrprocd', 'inject-' + knob, snapshot(bit, image('echo'), g.steps))

    # hostile guest: avail index far ahead, head out of range, chained desc
    g = Guest(F_NS)
    g.steps.append(step(avail_off(1) + 2, struct.pack('<H', 200)))
    write('vrprocd', 'bad-avail-idx', snapshot(0, image('echo'), g.steps))
    g = Guest(F_NS)
    g.steps.append(step(avail_off(1) + 4, struct.pack('<H', 0x7777)))
    g.steps.append(step(avail_off(1) + 2, struct.pack('<H', 1)))
    write('vrprocd', 'bad-head', snapshot(0, image('echo'), g.steps))
    g = Guest(F_NS)
    g.steps.append(step(VRING[1] + 12, struct.pack('<HH', 1, 1)))
    g.send(0x400, 1024, b'chained')
    write('vrprocd', 'bad-desc-flags', snapshot(0, image('echo'), g.steps))
    g = Guest(F_NS)
    g.steps.append(step(TXBUF + 12, struct.pack('<H', 0xffff)))
    g.steps.append(step(avail_off(1) + 2, struct.pack('<H', 1)))
    write('vrprocd', 'bad-msg-len', snapshot(0, image('echo'), g.steps))
    write('vrprocd', 'bad-3vrings',
          snapshot(0, image('echo', nvrings=3), Guest(F_NS).steps))


# ---- vring ------------------------------------------------------------------

POST, KICK, GET, USED, USED_IDX, USED_FLAGS, SCRIBBLE, MORE, ENABLE, \
    DISABLE, LOST, SET_BUF = range(12)


def vring_ops(cfg, ops):
    return bytes([cfg]) + b''.join(ops)


def post(i, n):
    return struct.pack('<BBH', POST, i, n)


def used(slot, i, n):
    return struct.pack('<BBII', USED, slot, i, n)


def used_idx(idx):
    return struct.pack('<BH', USED_IDX, idx)


def vring():
    for cfg, name in ((4, 'tx'), (4 | 0x10, 'rx'), (4 | 0x08, 'tx-evidx'),
                      (4 | 0x10 | 0x08, 'rx-evidx'), (4 | 0x20, 'tx-be')):
        be = cfg & 0x20
        ops = [bytes([DISABLE])]
        ops += [post(i, 100 + i) for i in range(16)]
        ops += [bytes([KICK, ENABLE])]
        # the remote returns three buffers, one longer than it is
        for k, (i, n) in enumerate(((2, 40), (0, 512), (7, 9999))):
            e = struct.pack('>II' if be else '<II', i, n)
            ops.append(bytes([USED, k]) + e)
        ops.append(struct.pack('<BH', USED_IDX,
                               0x300 if be else 3))
        ops += [bytes([MORE, GET, GET, GET, GET, LOST])]
        ops += [post(2, 10), post(0, 20), post(7, 30), bytes([KICK])]
        ops += [struct.pack('<BBH', SET_BUF, 3, 64)]
        ops += [bytes([ENABLE, DISABLE])]
        write('vring', name, vring_ops(cfg, ops))
    # hostile remote: ids out of range, not held, index far ahead
    write('vring', 'bad-id', vring_ops(4, [post(1, 10), bytes([KICK]),
                                           used(0, 99, 1), used_idx(1),
                                           bytes([GET, GET])]))
    write('vring', 'not-held', vring_ops(4, [post(1, 10), bytes([KICK]),
                                             used(0, 5, 1), used_idx(1),
                                             bytes([GET, GET])]))
    write('vring', 'idx-ahead', vring_ops(4, [post(1, 10), bytes([KICK]),
                                              used_idx(40),
                                              bytes([MORE, GET])]))
    write('vring', 'wrap', vring_ops(0, [post(0, 1), bytes([KICK]),
                                         used(0, 0, 1), used_idx(1),
                                         bytes([GET])] * 4))


def rpc_conversation(answers):
    """rpc app: the init message, then the answers in order."""
    g = Guest(F_NS)
    g.send(0x401, 1024, b'init_msg\0')
    for i, a in enumerate(answers):
        # Linux gives each used RX buffer back: announce, banner, one
        # request per answer so far
        g.repost_rx(NUM + 2 + i)
        g.send(0x401, 1024, a)
    return g


def regressions():
    where = os.path.join(HERE, 'regressions')
    # app_rpc.c passed NULL to memcpy() for requests without data (UBSan)
    g = rpc_conversation(RPC_ANSWERS[:4])
    write('vrprocd', 'ubsan-rpc-memcpy-null',
          snapshot(0, image('rpc'), g.steps), where)
    # app_rpc.c read the console line with strcspn() past the end of
    # vrprocd's message buffer: a 64 KiB message without a line end
    big = 0x10000
    g = rpc_conversation(RPC_ANSWERS[:10])
    line = b'A' * (0x10000 - 32)
    msg = struct.pack('<IIIHH', 0x401, 1024, 0, 16 + len(line), 0) + \
        proxy_reply(4, len(line), line)
    g.steps.append(step(big, msg[:0x8000]))     # steps: at most 65535 bytes
    g.steps.append(step(big + 0x8000, msg[0x8000:]))
    slot = g.tx % NUM
    g.steps.append(step(VRING[1] + 16 * slot,
                        struct.pack('<QIHH', BASE + big, 0x10000, 0, 0)))
    g.repost_rx(NUM + 2 + 10)
    g.steps.append(step(avail_off(1) + 2, struct.pack('<H', g.tx + 1)))
    write('vrprocd', 'asan-rpc-scanf-strcspn',
          snapshot(0, image('rpc'), g.steps), where)


# ---- rpmsg_wire ---------------------------------------------------------------

def wire(buf, big_endian=False, size=512):
    """rpmsg_wire_fuzz.c's input: config byte, buffer size, contents."""
    return struct.pack('<BH', int(big_endian), size & 0xffff) + buf


def rpmsg_msg(src, dst, payload, big_endian=False, length=None):
    o = '>' if big_endian else '<'
    n = len(payload) if length is None else length
    return struct.pack(o + 'IIIHH', src, dst, 0, n, 0) + payload


def ns_msg(name, addr, flags, big_endian=False):
    o = '>' if big_endian else '<'
    return name.ljust(32, b'\0')[:32] + struct.pack(o + 'II', addr, flags)


def rpmsg_wire():
    demo = b'rpmsg-openamp-demo-channel'
    for be in (False, True):
        e = 'be' if be else 'le'
        write('rpmsg_wire', 'ns-create-' + e, wire(
            rpmsg_msg(0x400, 0x35, ns_msg(demo, 0x400, 0, be), be), be))
        write('rpmsg_wire', 'ns-destroy-' + e, wire(
            rpmsg_msg(0x400, 0x35, ns_msg(demo, 0x400, 1, be), be), be))
        write('rpmsg_wire', 'echo-' + e, wire(
            rpmsg_msg(0x400, 0x401, b'hello, remote', be), be))
    write('rpmsg_wire', 'ns-unterminated', wire(
        rpmsg_msg(0x400, 0x35, ns_msg(b'x' * 32, 0x400, 0))))
    write('rpmsg_wire', 'ns-addr-any', wire(
        rpmsg_msg(0x400, 0x35, ns_msg(demo, 0xffffffff, 0))))
    write('rpmsg_wire', 'ns-flags', wire(
        rpmsg_msg(0x400, 0x35, ns_msg(demo, 0x400, 2))))
    write('rpmsg_wire', 'len-past-buffer', wire(
        rpmsg_msg(0x400, 0x401, b'x' * 16, length=512 - 15)))
    write('rpmsg_wire', 'len-fills-buffer', wire(
        rpmsg_msg(0x400, 0x401, b'y' * (64 - 16)), size=64))
    write('rpmsg_wire', 'big-buffer', wire(
        rpmsg_msg(0x400, 0x401, b'z' * 4096), size=0))


def main():
    fwcheck()
    proxyd()
    vrprocd()
    vring()
    rpmsg_wire()
    regressions()
    return 0


if __name__ == '__main__':
    sys.exit(main())
