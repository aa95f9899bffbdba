// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCIe port services on QEMU's pcie-root-port (drivers/pci/pcie/portdrv_core.c
 * 6.1, portdrv.c 6.12): the port is enabled (its INTx GSI mapped), one MSI-X
 * vector is allocated for all services (QEMU's root port has a 1-entry
 * table, so the 1..32 request is retried with 1), and the service drivers
 * request it shared: "PCIe PME", "aerdrv" (and "pciehp" with native
 * hotplug).  With _OSC not requested (pcie_aspm=off, pci=nomsi) only the
 * BWNOTIF service is left: the vector is allocated, nothing requests it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drivers/driver.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

static const char *const service_cookie = "pcie-services";

static int pcieport_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	dev->has_msix = true;
	dev->msix_table_size = 1;
	dev->has_msi = true;
	dev->msi_vec_count = 1;
	dev->msi_maskable = true;
	return 0;
}

/* pcie_portdrv_probe -> pcie_port_device_register */
static int pcieport_probe(struct sim *s, struct pci_dev *dev)
{
	/* drivers/acpi/pci_root.c: without ASPM/ClockPM/MSI support _OSC is not
	 * requested and the OS owns neither PME nor AER */
	bool osc = !s->params.pcie_aspm_off && !s->params.pci_nomsi;
	if (s->params.pcie_ports && !strcmp(s->params.pcie_ports, "compat"))
		return 0;
	pci_enable_device(s, dev);
	/* pcie_init_service_irqs -> pcie_port_enable_irq_vec */
	int n = pci_alloc_irq_vectors_affinity(s, dev, 1, 32, PCI_IRQ_MSIX | PCI_IRQ_MSI, NULL);
	if (n < 0)
		n = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_LEGACY, NULL);
	if (n < 0)
		return 0;
	int irq = pci_irq_vector(dev, 0);
	if (irq <= 0 || !osc)
		return 0;
	/* services bind in creation order: PME, AER (pciehp needs native hotplug) */
	if (!request_irq(s, (unsigned)irq, IRQF_SHARED, "PCIe PME", service_cookie))
		sim_log(s, LOG_INFO, "pcieport %s: PME: Signaling with IRQ %d", dev->name, irq);
	if (!request_irq(s, (unsigned)irq, IRQF_SHARED, "aerdrv", service_cookie + 1))
		sim_log(s, LOG_INFO, "pcieport %s: AER: enabled with IRQ %d", dev->name, irq);
	return 0;
}

static void pcieport_remove(struct sim *s, struct pci_dev *dev)
{
	int irq = pci_irq_vector(dev, 0);
	if (irq > 0) {
		free_irq(s, (unsigned)irq, service_cookie + 1);
		free_irq(s, (unsigned)irq, service_cookie);
	}
	pci_free_irq_vectors(s, dev);
}

const struct driver_model pcieport_driver = {
	.qemu_name = "pcie-root-port",
	.kernel_name = "pcieport",
	.builtin = true,
	.setup = pcieport_setup,
	.probe = pcieport_probe,
	.remove = pcieport_remove,
};
