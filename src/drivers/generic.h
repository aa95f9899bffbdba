/* SPDX-License-Identifier: GPL-2.0-only */
/* pci-generic: any PCI function, as its driver's interrupt request (generic.c). */
#ifndef IRQSIM_GENERIC_H
#define IRQSIM_GENERIC_H

#include <stddef.h>

struct devprop_class;

/* pci-generic's property class (its pin= places the function's INTx pin) */
extern const struct devprop_class generic_devprops;

/*
 * An irq name from a pci-generic name pattern: %d the driver, %p the PCI
 * name, %i the index in its group, %v the vector's index, %% a '%'.  0, or
 * -1 on another '%' token or a name that does not fit in len.
 */
int generic_name_expand(char *out, size_t len, const char *pat, const char *driver, const char *pci, unsigned idx,
			unsigned vec);

#endif
