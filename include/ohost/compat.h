/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the supported kernels (Debian's
 * 6.1 and 6.12, and boards' own kernels) are bridged.  Drivers include
 * this instead of testing LINUX_VERSION_CODE themselves.
 */
#ifndef OHOST_COMPAT_H
#define OHOST_COMPAT_H

#include <linux/version.h>

#endif /* OHOST_COMPAT_H */
