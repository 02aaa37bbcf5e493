#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A host process playing the ZynqMP R5 cores over the EL3 stub's IPI.

Serves QEMU's ivshmem socket protocol (one ivshmem-doorbell vector: the
R5 -> Linux interrupt, turned into the IPI SPI by the guest module
ohost_testhook_ipi_bridge), maps guest RAM (QEMU's memory-backend-file)
and polls the stub state page (stub_state.h) for Linux's IPI notifies to
RPU0 (agent 1) and RPU1 (agent 2).  Each request from Linux is read from
its buffer and acknowledged; then the "R5" answers with a request of its
own: for "state", a summary of what the stub recorded for its node
("p<power> r<running> w<wakeups> b<boot addr hex> m<rpu mode> t<tcm>"),
for anything else "pong <request>".  It waits for Linux to acknowledge
each of its requests before sending the next, as a real remote must.

    r5host.py --socket PATH --ram PATH [--interval SECONDS]
"""

import argparse
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zstub  # noqa: E402

HOST_ID, GUEST_ID = 0, 1
RPUS = {1: zstub.NODE_RPU_0, 2: zstub.NODE_RPU_1}    # agent -> PM node


def log(msg):
    print(f"r5host: {msg}", flush=True)


def serve_ivshmem(path):
    """Accept QEMU and do the ivshmem setup; return the guest's eventfd."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    conn, _ = srv.accept()
    srv.close()
    shm = os.memfd_create("r5host-ivshmem")
    os.ftruncate(shm, 1 << 20)
    mine, guest = os.eventfd(0, os.EFD_NONBLOCK), os.eventfd(0, os.EFD_NONBLOCK)

    def send(val, fd=None):
        data = [struct.pack("<q", val)]
        if fd is None:
            conn.sendall(data[0])
        else:
            socket.send_fds(conn, data, [fd])

    send(0)                 # protocol version
    send(GUEST_ID)          # QEMU's own peer id
    send(-1, shm)           # the (unused) shared memory
    send(HOST_ID, mine)     # our vector 0: guest -> host (unused)
    send(GUEST_ID, guest)   # QEMU's vector 0: host -> guest
    return conn, guest


def answer(st, agent, req):
    text = req.split(b"\0", 1)[0]
    if text == b"state":
        n = st.node(RPUS[agent])
        return (f"p{n['power']} r{n['running']} w{n['wake_count']} "
                f"b{n['boot_addr']:x} m{st.field(zstub.OFF_RPU_MODE)} "
                f"t{st.field(zstub.OFF_TCM_COMB)}").encode()
    return b"pong " + text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--socket", required=True)
    ap.add_argument("--ram", required=True)
    ap.add_argument("--interval", type=float, default=0.001)
    args = ap.parse_args()

    conn, guest_efd = serve_ivshmem(args.socket)
    st = zstub.StubState(args.ram)
    st.wait_magic()
    st.write32(zstub.STATE_ADDR + zstub.OFF_HOST_PID, os.getpid())
    log(f"stub state v{zstub.VERSION} found; serving agents {sorted(RPUS)}")
    outbox = {a: [] for a in RPUS}       # replies waiting, per agent
    seen_seq, handled = None, 0
    conn.setblocking(False)
    while True:
        try:
            if conn.recv(8) == b"":
                log(f"QEMU left; {handled} requests handled")
                return 0
        except BlockingIOError:
            pass
        seq = st.field(zstub.OFF_SEQ)
        if seq != seen_seq:
            seen_seq = seq
            if st.field(zstub.OFF_SYS_OFF):
                log("guest requested SYSTEM_OFF/RESET")
        for agent in RPUS:
            for src in range(zstub.AGENTS):
                if src in RPUS or src not in zstub.IPI_BLOCK:
                    continue
                trig = st.trig(src, agent)
                if trig == st.ack(src, agent):
                    continue
                req = st.read_buf(st.buf(src, agent))
                st.write_buf(st.buf(agent, src, response=True), b"ack")
                st.set_ack(src, agent, trig)
                handled += 1
                outbox[agent].append((src, answer(st, agent, req)))
            box = outbox[agent]
            if box:
                src, reply = box[0]
                if st.trig(agent, src) == st.ack(agent, src):  # buffer free
                    box.pop(0)
                    st.write_buf(st.buf(agent, src), reply)
                    st.set_trig(agent, src, st.trig(agent, src) + 1)
                    if st.irq_enabled(src, agent):
                        os.eventfd_write(guest_efd, 1)
                    # else: the stub raises the SPI when Linux unmasks
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
