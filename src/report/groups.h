/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Devices in ranges: runs of devices (with a driver, in creation order) that
 * ended the same way by the same steps, only their numbers differing.  The
 * explain view, the summary's text and the map group devices by this one rule.
 */
#ifndef IRQSIM_REPORT_GROUPS_H
#define IRQSIM_REPORT_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

struct sim;
struct pci_dev;

struct dev_group {
	size_t first, last;            /* indexes among the devices with a driver (the summary's #N) */
	const struct pci_dev *d0, *dn; /* the first and the last device */
	size_t count;
	bool fell_back;                /* shared, INTx, failed or fewer vectors than asked */
};

/*
 * The groups of s's devices: their number, with *out (the caller frees it),
 * or -1 on no memory.  A group continues while the driver, the interrupt
 * mode, whether it fell back and the causal chain with its digits folded
 * (irq, CPU and counter numbers) stay the same.
 */
long report_device_groups(const struct sim *s, struct dev_group **out);

/*
 * The line of d's causal chain that says why it fell back: the last attempt
 * line before the first result that is an error, else the first line that
 * names an errno (-ENOSPC), spaces trimmed ("" if the chain has neither).
 * Returns buf.
 */
char *report_cause_line(const struct pci_dev *d, char *buf, size_t len);

#endif
