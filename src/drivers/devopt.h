/* SPDX-License-Identifier: GPL-2.0-only */
/* Device options of a scenario's device line, checked the way QEMU would refuse them. */
#ifndef IRQSIM_DEVOPT_H
#define IRQSIM_DEVOPT_H

#include <stdbool.h>
#include <stddef.h>

struct pci_dev;

/* key=N with min <= N <= max (default def if absent): 0, or -1 with "LINE:COL: message". */
int driver_opt_uint(const struct pci_dev *dev, const char *key, unsigned def, unsigned min, unsigned max,
		    unsigned *out, char *err, size_t errlen);
/* key=on|off (default def if absent): 0, or -1 with "LINE:COL: message". */
int driver_opt_bool(const struct pci_dev *dev, const char *key, bool def, bool *out, char *err, size_t errlen);

#endif
