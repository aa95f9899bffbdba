/* SPDX-License-Identifier: GPL-2.0-only */
/* shpchp on QEMU's pci-bridge (q35, ACPI hot-plug): its probe fails and leaves the bridge's INTx GSI mapped. */
#ifndef IRQSIM_SHPCHP_H
#define IRQSIM_SHPCHP_H

#include <stdbool.h>

struct sim;
struct pci_dev;

/* Does built-in shpchp probe this function (a q35 pci-bridge with SHPC, ACPI hot-plug)? */
bool shpchp_binds(const struct sim *s, const struct pci_dev *d);
/* Its probe, as the recorded guests show it fail (drivers/shpchp.c) */
void shpchp_probe(struct sim *s, struct pci_dev *br);

#endif
