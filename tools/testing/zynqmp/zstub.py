# SPDX-License-Identifier: GPL-2.0
"""The EL3 stub's state page (stub_state.h) as seen from a host process.

Guest RAM is QEMU's memory-backend-file: guest-physical address A is at
file offset A - RAM_BASE.  Offsets and rules are those of stub_state.h
(version 2); a host writes only the words it owns (the trig/ack words of
the agents it plays, host_pid).
"""

import mmap
import os
import struct
import time

RAM_BASE = 0x40000000
STATE_ADDR = 0xff9f0000
IPI_BUF_ADDR = 0xff990000
MAGIC = 0x5453505a
VERSION = 2
AGENTS = 16
MSG_SIZE = 32

OFF_SEQ, OFF_BOOTED, OFF_RPU_MODE, OFF_TCM_COMB = 12, 16, 20, 24
OFF_SYS_OFF, OFF_IPI_SPI, OFF_HOST_PID, OFF_HOST_RUNNING = 40, 44, 48, 52
OFF_TRIG = 64
OFF_ACK = OFF_TRIG + 4 * AGENTS * AGENTS
OFF_OPEN = OFF_ACK + 4 * AGENTS * AGENTS
OFF_IRQ_EN = OFF_OPEN + 4 * AGENTS
OFF_NODE = OFF_IRQ_EN + 4 * AGENTS
NODE_SIZE = 48
NODE_FIELDS = ("power", "running", "requested", "capabilities", "wake_count",
               "pwrdwn_count", "bootmem")

# Xilinx IPI buffer layout: agent -> block offset, agent -> slot index.
IPI_BLOCK = {0: 0x400, 1: 0x000, 2: 0x200, 7: 0x600, 8: 0x800, 9: 0xa00,
             10: 0xc00}
IPI_SLOT = {0: 2, 1: 0, 2: 1, 7: 3, 8: 4, 9: 5, 10: 6}

NODE_RPU_0, NODE_RPU_1 = 7, 8


class StubState:
    """Map the guest RAM file and read/write the stub state page."""

    def __init__(self, ram_path, timeout=60):
        end = time.time() + timeout
        need = STATE_ADDR - RAM_BASE + 0x10000
        while True:
            try:
                if os.path.getsize(ram_path) >= need:
                    break
            except OSError:
                pass
            if time.time() > end:
                raise TimeoutError(f"{ram_path}: no guest RAM file")
            time.sleep(0.05)
        fd = os.open(ram_path, os.O_RDWR)
        # Map only the top of RAM below 4 GiB: IPI buffers, state, TCM.
        self.base = 0xff000000
        self.mm = mmap.mmap(fd, 0x1000000, mmap.MAP_SHARED,
                            mmap.PROT_READ | mmap.PROT_WRITE,
                            offset=self.base - RAM_BASE)
        os.close(fd)
        self.words = memoryview(self.mm).cast("I")   # aligned 32-bit access

    def _w(self, addr):
        return (addr - self.base) // 4

    def read32(self, addr):
        return self.words[self._w(addr)]

    def write32(self, addr, val):
        self.words[self._w(addr)] = val & 0xffffffff

    def field(self, off):
        return self.read32(STATE_ADDR + off)

    def wait_magic(self, timeout=60):
        end = time.time() + timeout
        while self.field(0) != MAGIC or self.field(4) != VERSION:
            if time.time() > end:
                raise TimeoutError("stub state page never initialised")
            time.sleep(0.01)

    def trig(self, src, dst):
        return self.field(OFF_TRIG + 4 * (src * AGENTS + dst))

    def ack(self, src, dst):
        return self.field(OFF_ACK + 4 * (src * AGENTS + dst))

    def set_trig(self, src, dst, val):
        self.write32(STATE_ADDR + OFF_TRIG + 4 * (src * AGENTS + dst), val)

    def set_ack(self, src, dst, val):
        self.write32(STATE_ADDR + OFF_ACK + 4 * (src * AGENTS + dst), val)

    def irq_enabled(self, agent, src):
        return bool(self.field(OFF_IRQ_EN + 4 * agent) & (1 << src))

    def node(self, nid):
        off = STATE_ADDR + OFF_NODE + NODE_SIZE * nid
        n = {k: self.read32(off + 4 * i) for i, k in enumerate(NODE_FIELDS)}
        n["boot_addr"] = self.read32(off + 32) | (self.read32(off + 36) << 32)
        return n

    def buf(self, sender, peer, response=False):
        """Address of sender's request to peer (or response to peer's)."""
        return IPI_BUF_ADDR + IPI_BLOCK[sender] + 0x40 * IPI_SLOT[peer] + \
            (0x20 if response else 0)

    def read_buf(self, addr):
        o = addr - self.base
        return bytes(self.mm[o:o + MSG_SIZE])

    def write_buf(self, addr, data):
        o = addr - self.base
        self.mm[o:o + MSG_SIZE] = data[:MSG_SIZE].ljust(MSG_SIZE, b"\0")
