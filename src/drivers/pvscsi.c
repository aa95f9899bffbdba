// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMware PVSCSI: QEMU 7.2's pvscsi (hw/scsi/vmw_pvscsi.c: one MSI vector
 * without per-vector masking, no MSI-X, INTx pin A) and vmw_pvscsi
 * (drivers/scsi/vmw_pvscsi.c, 6.1 and 6.12 alike): pvscsi_probe asks
 * pci_alloc_irq_vectors(1, 1, MSIX|MSI|LEGACY) (the disable_msix and
 * disable_msi module parameters drop a type) and requests vector 0 as
 * "vmw_pvscsi" (IRQF_SHARED only on INTx).  Not managed.  Its failure fails
 * the probe.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

struct pvscsi_adapter {
	int irq;     /* requested, 0 if none */
};

/* hw/scsi/vmw_pvscsi.c properties */
static const struct devprop pvscsi_props[] = {
	DP_IGN_INT("use_msg", 0, 255, 1),
	DP_IGN_BOOL("x-disable-pcie", 0),
	DP_IGN_BOOL("x-old-pci-configuration", 0),
};
DEVPROP_CLASS(pvscsi_devprops, "pvscsi", pvscsi_props, &devprop_pci_device,
	      "vmw_pvscsi: one MSI vector \"vmw_pvscsi\" (QEMU has no MSI-X), else INTx; non-managed.");

static int pvscsi_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	struct pvscsi_adapter *a = kmem_zalloc(&s->kmem, sizeof(*a));
	if (!a)
		return -1;
	qemu_dev_set_msi_caps(dev, 0, 1);
	dev->drv_cfg = a;
	return 0;
}

static int pvscsi_probe(struct sim *s, struct pci_dev *dev)
{
	struct pvscsi_adapter *a = dev->drv_cfg;
	pci_enable_device(s, dev);
	/* scsi_host_alloc */
	s->scsi_host_next++;
	sim_explain(s, "pvscsi_probe: pci_alloc_irq_vectors(1, 1, MSIX|MSI|LEGACY)");
	int r = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_ALL_TYPES, NULL);
	if (r < 0) {
		pci_disable_device(s, dev);
		return r;
	}
	bool intx = dev->irq_mode == PCI_IRQ_MODE_INTX;
	sim_log(s, LOG_INFO, "vmw_pvscsi: using %s", intx ? "INTx" : "MSI");
	r = qemu_dev_request_vector0(s, dev, intx ? IRQF_SHARED : 0, "vmw_pvscsi", a, &a->irq);
	if (r) {
		sim_log(s, LOG_ERR, "vmw_pvscsi: unable to request IRQ: %d", r);
		qemu_dev_release(s, dev, &a->irq, a);
	}
	return r;
}

static void pvscsi_remove(struct sim *s, struct pci_dev *dev)
{
	struct pvscsi_adapter *a = dev->drv_cfg;
	qemu_dev_release(s, dev, &a->irq, a);
}

const struct driver_model pvscsi_driver = {
	.qemu_name = "pvscsi",
	.props = &pvscsi_devprops,
	.kernel_name = "vmw_pvscsi",
	.setup = pvscsi_setup,
	.probe = pvscsi_probe,
	.remove = pvscsi_remove,
};
