// SPDX-License-Identifier: GPL-2.0-only
/*
 * e1000e (Intel 82574L): QEMU 7.2's e1000e (hw/net/e1000e.c: MSI-X table
 * of 5 entries, one MSI vector without per-vector masking, INTx pin A).
 *
 * Driver, drivers/net/ethernet/intel/e1000e/netdev.c (6.1 and 6.12 alike):
 * e1000_probe -> e1000_sw_init -> e1000e_set_interrupt_capability takes the
 * vectors at probe time: MSI-X with exactly 3 (pci_enable_msix_range(3, 3):
 * rx, tx, other), else MSI (pci_enable_msi), else nothing (INTx).  None is
 * managed.  The irqs themselves ("ethN-rx-0", "ethN-tx-0", "ethN"; MSI
 * "ethN", INTx "ethN" shared) are requested when the interface is opened,
 * which no scenario step does: until then the vectors are allocated and
 * unrequested.  The IntMode module parameter (0 INTx, 1 MSI, 2 MSI-X) is
 * not modelled (default MSI-X).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

#define E1000E_QEMU_MSIX 5      /* hw/net/e1000e.c: E1000E_MSIX_VEC_NUM */
#define E1000E_NUM_VECTORS 3    /* RxQ0, TxQ0, other */

/* hw/net/e1000e.c properties (and the NIC's) */
static const struct devprop e1000e_props[] = {
	DP_IGN_STR("netdev"),
	DP_IGN_STR("mac"),
	DP_IGN_INT("bootindex", -0x80000000LL, 0x7fffffffLL, -1),
	DP_IGN_INT("disable_vnet_hdr", 0, 255, 0),
	DP_IGN_BOOL("init-vet", 1),
	DP_IGN_INT("subsys", 0, 0xffff, 0),
	DP_IGN_INT("subsys_ven", 0, 0xffff, 0x8086),
};
DEVPROP_CLASS(e1000e_devprops, "e1000e", e1000e_props, &devprop_pci_device,
	      "e1000e: 3 MSI-X vectors at probe (exactly 3), else one MSI, else INTx; non-managed, "
	      "unrequested until the interface is opened.");

static int e1000e_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	qemu_dev_set_msi_caps(dev, E1000E_QEMU_MSIX, 1);
	return 0;
}

/* e1000e_set_interrupt_capability from e1000_sw_init */
static int e1000e_probe(struct sim *s, struct pci_dev *dev)
{
	/* pci_enable_device_mem maps the INTx line too */
	pci_enable_device(s, dev);
	sim_explain(s, "e1000e_set_interrupt_capability: pci_enable_msix_range(%u, %u)", E1000E_NUM_VECTORS,
		    E1000E_NUM_VECTORS);
	int r = pci_alloc_irq_vectors_affinity(s, dev, E1000E_NUM_VECTORS, E1000E_NUM_VECTORS, PCI_IRQ_MSIX, NULL);
	if (r > 0)
		return 0;
	sim_log(s, LOG_ERR, "e1000e %s: Failed to initialize MSI-X interrupts.  Falling back to MSI interrupts.",
		dev->name);
	r = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSI, NULL);
	if (r > 0)
		return 0;
	sim_log(s, LOG_ERR, "e1000e %s: Failed to initialize MSI interrupts.  Falling back to legacy interrupts.",
		dev->name);
	/* the system default: pdev->irq, when the function has an INTx route */
	pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_LEGACY, NULL);
	return 0;
}

static void e1000e_remove(struct sim *s, struct pci_dev *dev)
{
	int none = 0;
	qemu_dev_release(s, dev, &none, NULL);
}

const struct driver_model e1000e_driver = {
	.qemu_name = "e1000e",
	.props = &e1000e_devprops,
	.kernel_name = "e1000e",
	.setup = e1000e_setup,
	.probe = e1000e_probe,
	.remove = e1000e_remove,
};
