// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMware vmxnet3: QEMU 7.2's vmxnet3 (hw/net/vmxnet3.c: device revision 1,
 * MSI-X table of 25 entries, one MSI vector without per-vector masking,
 * INTx pin A; GET_CONF_INTR answers "auto") and the vmxnet3 driver
 * (drivers/net/vmxnet3/vmxnet3_drv.c, 6.1 and 6.12 alike).
 *
 * vmxnet3_probe_device: with MSI enabled (not pci=nomsi) and enable_mq,
 * tx and rx queues = min(32, online CPUs), rounded down to a power of two
 * and capped at 8 for a revision below 6 (QEMU's); equal counts share a
 * vector per tx/rx pair (BUDDYSHARE).  vmxnet3_alloc_intr_resources asks
 * pci_enable_msix_range(n, n) for n = pairs + 1 (link event), at least 3;
 * on -ENOSPC it retries with 3 (then one rx queue), then MSI (pci_enable_msi,
 * one rx queue), then INTx.  Not managed.  The irqs ("ethN-rxtx-K",
 * "ethN-event-K") are requested when the interface is opened, which no
 * scenario step does: until then the vectors are allocated, unrequested.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

#define VMXNET3_QEMU_MSIX 25         /* VMXNET3_MAX_INTRS */
#define VMXNET3_DEVICE_MAX_QUEUES 32
#define VMXNET3_DEVICE_DEFAULT_QUEUES 8
#define VMXNET3_LINUX_MIN_MSIX_VECT 3

/* hw/net/vmxnet3.c properties (and the NIC's) */
static const struct devprop vmxnet3_props[] = {
	DP_IGN_STR("netdev"),
	DP_IGN_STR("mac"),
	DP_IGN_INT("bootindex", -0x80000000LL, 0x7fffffffLL, -1),
	DP_IGN_BOOL("x-disable-pcie", 0),
	DP_IGN_BOOL("x-old-msi-offsets", 0),
};
DEVPROP_CLASS(vmxnet3_devprops, "vmxnet3", vmxnet3_props, &devprop_pci_device,
	      "vmxnet3: MSI-X for min(8, online CPUs rounded down to a power of two) tx/rx pairs + 1 event "
	      "(at least 3), retry 3, else MSI, else INTx; non-managed, unrequested until the interface is opened.");

static unsigned rounddown_pow_of_two(unsigned n)
{
	unsigned p = 1;
	while (p * 2 <= n)
		p *= 2;
	return p;
}

static int vmxnet3_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	qemu_dev_set_msi_caps(dev, VMXNET3_QEMU_MSIX, 1);
	return 0;
}

static int vmxnet3_probe(struct sim *s, struct pci_dev *dev)
{
	pci_enable_device(s, dev);
	unsigned online = cpumask_weight(&s->cpu_online_mask);
	/* enable_mq is cleared without MSI (pci_msi_enabled) */
	unsigned q = s->params.pci_nomsi ? 1 : online < VMXNET3_DEVICE_MAX_QUEUES ? online : VMXNET3_DEVICE_MAX_QUEUES;
	q = rounddown_pow_of_two(q);
	if (q > VMXNET3_DEVICE_DEFAULT_QUEUES)
		q = VMXNET3_DEVICE_DEFAULT_QUEUES;
	sim_log(s, LOG_INFO, "vmxnet3 %s: # of Tx queues : %u, # of Rx queues : %u", dev->name, q, q);
	/* tx == rx: BUDDYSHARE, one vector per pair and one for the link event */
	unsigned nvec = q + 1 > VMXNET3_LINUX_MIN_MSIX_VECT ? q + 1 : VMXNET3_LINUX_MIN_MSIX_VECT;
	sim_explain(s, "vmxnet3_alloc_intr_resources: pci_enable_msix_range(%u, %u)", nvec, nvec);
	int r = pci_alloc_irq_vectors_affinity(s, dev, nvec, nvec, PCI_IRQ_MSIX, NULL);
	if (r == -ENOSPC && nvec > VMXNET3_LINUX_MIN_MSIX_VECT) {
		sim_log(s, LOG_ERR, "vmxnet3 %s: Failed to enable %u MSI-X, trying %u", dev->name, nvec,
			VMXNET3_LINUX_MIN_MSIX_VECT);
		r = pci_alloc_irq_vectors_affinity(s, dev, VMXNET3_LINUX_MIN_MSIX_VECT, VMXNET3_LINUX_MIN_MSIX_VECT,
						   PCI_IRQ_MSIX, NULL);
	}
	if (r > 0)
		return 0;
	sim_log(s, LOG_INFO, "vmxnet3 %s: Failed to enable MSI-X, error %d. Limiting #rx queues to 1, try MSI.",
		dev->name, r);
	if (pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSI, NULL) > 0)
		return 0;
	sim_log(s, LOG_INFO, "vmxnet3 %s: Using INTx interrupt, #Rx queues: 1.", dev->name);
	/* the system default: pdev->irq, when the function has an INTx route */
	pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_LEGACY, NULL);
	return 0;
}

static void vmxnet3_remove(struct sim *s, struct pci_dev *dev)
{
	int none = 0;
	qemu_dev_release(s, dev, &none, NULL);
}

const struct driver_model vmxnet3_driver = {
	.qemu_name = "vmxnet3",
	.props = &vmxnet3_devprops,
	.kernel_name = "vmxnet3",
	.setup = vmxnet3_setup,
	.probe = vmxnet3_probe,
	.remove = vmxnet3_remove,
};
