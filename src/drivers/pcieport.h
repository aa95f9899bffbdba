/* SPDX-License-Identifier: GPL-2.0-only */
/* PCIe port services (drivers/pci/pcie/portdrv.h) and the pciehp hooks the sim uses */
#ifndef IRQSIM_PCIEPORT_H
#define IRQSIM_PCIEPORT_H

#include <stdbool.h>
#include <stddef.h>

struct sim;
struct pci_dev;

/* drivers/pci/pcie/portdrv.h: service bits (the service device ids) */
#define PCIE_PORT_SERVICE_PME     0x01u
#define PCIE_PORT_SERVICE_AER     0x02u
#define PCIE_PORT_SERVICE_HP      0x04u
#define PCIE_PORT_SERVICE_DPC     0x08u
#define PCIE_PORT_SERVICE_BWNOTIF 0x10u

/* portdrv: get_port_device_capability for a QEMU pcie-root-port */
unsigned get_port_device_capability(const struct sim *s, const struct pci_dev *dev);
/*
 * Does QEMU 7.2 refuse a device_add behind 'port'?  true, with QEMU's reason
 * in buf, for a pcie-root-port with hotplug=off, or x-native-hotplug=off
 * under native hot-plug; anything but a pcie-root-port accepts.
 */
bool pcieport_hotplug_refused(const struct sim *s, const struct pci_dev *port, char *buf, size_t len);
/* pciehp is bound to this port (its slot's hot-plug events are handled) */
bool pcieport_has_pciehp(const struct pci_dev *port);
/* The port's pciehp interrupt fires once. */
void pciehp_isr(struct sim *s, struct pci_dev *port);

#endif
