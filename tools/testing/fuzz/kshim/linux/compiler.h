/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel stand-in for the vring fuzz harness: see ../kshim.h. */
#include "../kshim.h"
