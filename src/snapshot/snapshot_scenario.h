/* SPDX-License-Identifier: GPL-2.0-only */
/* A snapshot turned into a scenario (run --from-snapshot, the doctor's model run). */
#ifndef IRQSIM_SNAPSHOT_SCENARIO_H
#define IRQSIM_SNAPSHOT_SCENARIO_H

#include "kernel/version.h"
#include "snapshot/snapshot.h"

struct snap_scenario_info {
	enum kernel_line line;   /* the kernel line the release maps to */
	struct kernel_sel sel;   /* ... with the point release's switches */
	char line_note[512];     /* which line was chosen and what that leaves out */
	bool qemu_machine;       /* the host bridge is QEMU pc's or q35's */
	unsigned devices;        /* modelled PCI functions carried over */
	unsigned unmodelled;     /* functions with MSI irqs (or unplaceable) left out */
	unsigned generic;        /* functions without a model of their own, written as pci-generic */
};

/* The nearest modelled kernel line of a release ("6.1.0-56-amd64" -> 6.1); -1 if not a version. */
int snapshot_kernel_line(const char *release, enum kernel_line *line, char *note, size_t len);
/* The same with the point release's switches (kernel_sel_parse) when the release names a line */
int snapshot_kernel_sel(const char *release, struct kernel_sel *sel, char *note, size_t len);
/* The QEMU -device name of a function irqsim models, or NULL. */
const char *snapshot_qemu_device(const struct snap_pci *p);
/* Scenario text (caller frees), or NULL with err. */
char *snapshot_scenario(const struct snapshot *s, struct snap_scenario_info *info, char *err, size_t errlen);

#endif
