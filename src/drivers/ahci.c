// SPDX-License-Identifier: GPL-2.0-only
/*
 * AHCI SATA controllers: QEMU 7.2's ich9-ahci (hw/ide/ich.c: 6 ports, one
 * MSI vector without per-vector masking, no MSI-X, INTx pin A).  Every q35
 * machine has one at 00:1f.2; a scenario names it with
 * 'device ich9-ahci,addr=1f.2' on q35 to say its driver is loaded (the
 * conformance harness then only loads the module).  Without that line the
 * function is there but unbound, as in an initramfs without ahci: it takes
 * no vector.  Elsewhere the line adds a controller (-device ich9-ahci).
 *
 * Driver side, drivers/ata/ahci.c (6.1 and 6.12 alike): ahci_init_one
 * enables the device (pcim_enable_device maps the INTx GSI), then
 * ahci_init_msi: with more than one port pci_alloc_irq_vectors(n_ports,
 * INT_MAX, MSIX|MSI) for one vector per port (QEMU's single MSI vector
 * cannot give 6), then one MSI vector, then one MSI-X vector; none is
 * managed.  Without any, pci_irq_vector gives the INTx line.
 * ahci_host_activate -> ata_host_activate requests it, IRQF_SHARED, as
 * "ahci[<pci name>]".  Each port becomes a SCSI host (ata1..ata6).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

#define ICH9_AHCI_PORTS 6

struct ahci_host {
	unsigned n_ports;
	int irq;                /* the requested irq, 0 if none */
	char name[40];          /* "ahci[0000:00:1f.2]" */
};

/* hw/ide/ich.c: no properties beyond PCI's */
const struct devprop_class ahci_devprops = {
	.name = "ich9-ahci",
	.parent = &devprop_pci_device,
	.doc = "ahci: one MSI vector (QEMU offers one, not one per port), shared handler, non-managed; "
	       "on q35, addr=1f.2 names the chipset's own controller (its driver loaded).",
};

static int ahci_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	struct ahci_host *h = kmem_zalloc(&s->kmem, sizeof(*h));
	if (!h)
		return -1;
	h->n_ports = ICH9_AHCI_PORTS;
	qemu_dev_set_msi_caps(dev, 0, 1);
	dev->drv_cfg = h;
	return 0;
}

/* ahci_init_msi: the number of vectors, or -errno (then INTx) */
static int ahci_init_msi(struct sim *s, struct pci_dev *dev, unsigned n_ports)
{
	if (n_ports > 1) {
		sim_explain(s, "ahci_init_msi: pci_alloc_irq_vectors(%u, INT_MAX, MSIX|MSI): a vector per port", n_ports);
		int nvec = pci_alloc_irq_vectors_affinity(s, dev, n_ports, INT_MAX, PCI_IRQ_MSIX | PCI_IRQ_MSI, NULL);
		if (nvec > 0)
			return nvec; /* QEMU's HOST_CTL never has MRSM set */
	}
	sim_explain(s, "ahci_init_msi: pci_alloc_irq_vectors(1, 1, MSI)");
	int nvec = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSI, NULL);
	if (nvec == 1)
		return nvec;
	sim_explain(s, "ahci_init_msi: pci_alloc_irq_vectors(1, 1, MSIX)");
	return pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSIX, NULL);
}

static int ahci_probe(struct sim *s, struct pci_dev *dev)
{
	struct ahci_host *h = dev->drv_cfg;
	pci_enable_device(s, dev);
	/* ata_host_alloc_pinfo: a SCSI host per port */
	s->scsi_host_next += h->n_ports;
	int nvec = ahci_init_msi(s, dev, h->n_ports);
	if (nvec > 1) {
		/* one irq per port (ahci_host_activate_multi_irqs): QEMU never gets here */
		sim_explain(s, "  %d vectors: per-port irqs are not modelled", nvec);
		pci_free_irq_vectors(s, dev);
		return -ENODEV;
	}
	if (pci_irq_vector(dev, 0) <= 0) {
		/* no MSI and no INTx line: libata polls */
		sim_explain(s, "  no irq: the ports are polled");
		return 0;
	}
	snprintf(h->name, sizeof(h->name), "ahci[%s]", dev->name);
	int r = qemu_dev_request_vector0(s, dev, IRQF_SHARED, h->name, h, &h->irq);
	if (r)
		pci_free_irq_vectors(s, dev);
	return r;
}

static void ahci_remove(struct sim *s, struct pci_dev *dev)
{
	struct ahci_host *h = dev->drv_cfg;
	qemu_dev_release(s, dev, &h->irq, h);
}

const struct driver_model ahci_driver = {
	.qemu_name = "ich9-ahci",
	.props = &ahci_devprops,
	.kernel_name = "ahci",
	.setup = ahci_setup,
	.probe = ahci_probe,
	.remove = ahci_remove,
};
