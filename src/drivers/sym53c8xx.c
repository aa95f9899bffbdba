// SPDX-License-Identifier: GPL-2.0-only
/*
 * LSI 53C895A SCSI: QEMU 7.2's lsi53c895a (hw/scsi/lsi53c895a.c: INTx pin
 * A, no MSI or MSI-X) and sym53c8xx (drivers/scsi/sym53c8xx_2/sym_glue.c,
 * 6.1 and 6.12 alike): sym_attach requests pdev->irq, IRQF_SHARED, as
 * "sym53c8xx"; its failure fails the attach.  INTx only: the IO-APIC pin
 * takes one vector.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

struct sym_hcb {
	int irq;     /* requested, 0 if none */
};

/* hw/scsi/lsi53c895a.c: no properties beyond PCI's */
const struct devprop_class sym53c8xx_devprops = {
	.name = "lsi53c895a",
	.parent = &devprop_pci_device,
	.doc = "sym53c8xx: INTx only (QEMU offers no MSI), one shared IO-APIC irq \"sym53c8xx\".",
};

static int sym_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	struct sym_hcb *h = kmem_zalloc(&s->kmem, sizeof(*h));
	if (!h)
		return -1;
	qemu_dev_set_msi_caps(dev, 0, 0);
	dev->drv_cfg = h;
	return 0;
}

static int sym_probe(struct sim *s, struct pci_dev *dev)
{
	struct sym_hcb *h = dev->drv_cfg;
	pci_enable_device(s, dev);
	/* sym_attach: scsi_host_alloc, then the irq */
	s->scsi_host_next++;
	if (qemu_dev_request_vector0(s, dev, IRQF_SHARED, "sym53c8xx", h, &h->irq)) {
		sim_log(s, LOG_ERR, "sym0: request irq %u failure", dev->irq);
		pci_disable_device(s, dev);
		return -ENODEV;
	}
	dev->irq_mode = PCI_IRQ_MODE_INTX;
	return 0;
}

static void sym_remove(struct sim *s, struct pci_dev *dev)
{
	struct sym_hcb *h = dev->drv_cfg;
	qemu_dev_release(s, dev, &h->irq, h);
}

const struct driver_model sym53c8xx_driver = {
	.qemu_name = "lsi53c895a",
	.props = &sym53c8xx_devprops,
	.kernel_name = "sym53c8xx",
	.setup = sym_setup,
	.probe = sym_probe,
	.remove = sym_remove,
};
