/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel stand-in for the fuzz harnesses: see ../kshim.h. */
#include "../kshim.h"
