/* SPDX-License-Identifier: GPL-2.0 */
/* Module ohost_rproc: shared between its own files only. */
#ifndef OHOST_RPROC_INTERNAL_H
#define OHOST_RPROC_INTERNAL_H

struct ohost_rproc_glue;

void ohost_rproc_gate_add(struct ohost_rproc_glue *glue);
int ohost_rproc_add_dump_segments(struct ohost_rproc_glue *glue);

#endif /* OHOST_RPROC_INTERNAL_H */
