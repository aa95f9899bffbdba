// SPDX-License-Identifier: GPL-2.0-only
/*
 * i40e (Intel X710/XL710/X722 Ethernet, one PCI function per port), a
 * synthetic device: QEMU cannot emulate it.  Scenario:
 * 'device i40e[,id=ID][,count=PORTS][,msix=N][,vmdq=on|off][,iwarp=on|off]'
 * (msix = the function's MSI-X table size, func_caps.num_msix_vectors,
 * default 129 as on an XL710 PF; vmdq = the VMDq function capability,
 * default on; iwarp = X722 RDMA, default off).
 *
 * drivers/net/ethernet/intel/i40e/i40e_main.c of 6.1 (shared/spec/drivers.md
 * 7), used for every kernel line: the out-of-tree 2.x driver of seed 001's
 * 3.10 host could not be read.  i40e_sw_init enables VMDq and iWARP only
 * with more than one online CPU; i40e_init_msix budgets
 *   1 misc + min(cpus, (V - 1) / 2) LAN + 1 sideband flow director
 *   + iWARP (cpus + 1) + VMDq (8 VSIs x 1 queue, 4 on X722) + LAN top-up to cpus
 * and asks pci_enable_msix_range(2, budget): no affinity, non-managed.  With
 * one CPU (a kdump kernel): 3 vectors per port.  Only the misc vector is
 * requested at probe; the queue vectors are requested when the interface is
 * brought up, which scenarios do not model (they keep their vectors: 3.10
 * assigned them at pci_enable_msix, 4.18+ hold them as reservations).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/i40e.h"
#include "drivers/driver.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

#define I40E_MIN_MSIX 2
#define I40E_DEFAULT_NUM_VMDQ_VSI 8

struct i40e_pf {
	bool vmdq_cap, iwarp_cap;  /* device options */
	bool misc_irq;             /* the misc vector is requested */
	char int_name[48];         /* "i40e-0000:01:00.0:misc" */
};

void i40e_msix_budget(unsigned table_size, unsigned cpus, bool vmdq_cap, bool iwarp_cap, struct i40e_budget *b)
{
	unsigned left = table_size;
	*b = (struct i40e_budget){ 0 };
	if (left) {
		b->misc = 1;
		left--;
	}
	b->lan = cpus < left / 2 ? cpus : left / 2;
	left -= b->lan;
	/* sideband flow director: the XL710 reports filters, so it is enabled */
	if (left) {
		b->fdsb = 1;
		left--;
	}
	if (iwarp_cap && cpus != 1) {
		unsigned want = cpus + 1;
		b->iwarp = !left ? 0 : left < want ? 1 : want;
		left -= b->iwarp;
	}
	if (vmdq_cap && cpus != 1 && left) {
		/* i40e_default_queues_per_vmdq: 4 with RSS_AQ (X722), else 1 */
		unsigned qps = iwarp_cap ? 4 : 1;
		unsigned want = I40E_DEFAULT_NUM_VMDQ_VSI * qps;
		if (left < want)
			want = I40E_DEFAULT_NUM_VMDQ_VSI;
		b->vmdq = left < want ? left : want;
		left -= b->vmdq;
	}
	unsigned extra = cpus - b->lan < left ? cpus - b->lan : left;
	b->lan += extra;
	b->total = b->misc + b->lan + b->fdsb + b->iwarp + b->vmdq;
}

/* a synthetic device (one function a port): irqsim's properties and PCI's */
static const struct devprop i40e_props[] = {
	{ .name = "msix", .type = DP_INT, .use = DP_IRQSIM, .min = 0, .max = 2048, .def = 129,
	  .doc = "MSI-X table size (0: MSI only)" },
	{ .name = "vmdq", .type = DP_BOOL, .use = DP_IRQSIM, .def = 1, .doc = "the VMDq capability" },
	{ .name = "iwarp", .type = DP_BOOL, .use = DP_IRQSIM, .def = 0, .doc = "the iWARP capability" },
};
DEVPROP_CLASS(i40e_devprops, "i40e", i40e_props, &devprop_pci_device,
	      "A synthetic device, one function a port.");

static int i40e_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	unsigned msix = (unsigned)dev_prop_int(dev, "msix");
	bool vmdq = dev_prop_bool(dev, "vmdq"), iwarp = dev_prop_bool(dev, "iwarp");
	dev->has_msix = msix > 0;
	dev->msix_table_size = msix;
	dev->has_msi = true;
	dev->msi_vec_count = 1;
	struct i40e_pf *pf = kmem_zalloc(&s->kmem, sizeof(*pf));
	if (!pf)
		return -1;
	pf->vmdq_cap = vmdq;
	pf->iwarp_cap = iwarp;
	dev->drv_cfg = pf;
	return 0;
}

/* i40e_init_interrupt_scheme: MSI-X, else MSI, else legacy INTx */
static void init_interrupt_scheme(struct sim *s, struct pci_dev *dev, struct i40e_pf *pf)
{
	struct i40e_budget b;
	unsigned cpus = cpumask_weight(&s->cpu_online_mask);
	i40e_msix_budget(dev->msix_table_size, cpus, pf->vmdq_cap, pf->iwarp_cap, &b);
	/* i40e_reserve_msix_vectors: pci_enable_msix_range(pdev, entries, I40E_MIN_MSIX, budget) */
	int got = dev->has_msix ? pci_alloc_irq_vectors_affinity(s, dev, I40E_MIN_MSIX, b.total, PCI_IRQ_MSIX, NULL)
				: -EINVAL;
	if (got < 0) {
		sim_log(s, LOG_INFO, "i40e %s: MSI-X vector reservation failed: %d", dev->name, got);
		sim_explain(s, "  %s: pci_enable_msix_range(2, %u) = %d", dev->name, b.total, got);
		got = 0;
	}
	if (got >= I40E_MIN_MSIX) {
		if (got != I40E_MIN_MSIX && (unsigned)got != b.total)
			sim_log(s, LOG_INFO,
				"i40e %s: MSI-X vector limit reached with %d, wanted %u, attempting to redistribute vectors",
				dev->name, got, b.total);
		return;
	}
	if (got > 0)
		pci_free_irq_vectors(s, dev);
	sim_log(s, LOG_INFO, "i40e %s: MSI-X not available, trying MSI", dev->name);
	int r = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSI, NULL);
	if (r < 0) {
		sim_log(s, LOG_INFO, "i40e %s: MSI init failed - %d", dev->name, r);
		sim_log(s, LOG_INFO, "i40e %s: MSI-X and MSI not available, falling back to Legacy IRQ", dev->name);
	}
}

/* i40e_probe, the interrupt part */
static int i40e_probe(struct sim *s, struct pci_dev *dev)
{
	struct i40e_pf *pf = dev->drv_cfg;
	/* pci_enable_device_mem: on x86 this maps the INTx GSI too */
	pci_enable_device(s, dev);
	snprintf(pf->int_name, sizeof(pf->int_name), "i40e-%s:misc", dev->name);
	init_interrupt_scheme(s, dev, pf);
	/* i40e_setup_misc_vector: only with MSI-X; MSI/INTx irqs are requested at open */
	if (dev->irq_mode != PCI_IRQ_MODE_MSIX)
		return 0;
	int irq = pci_irq_vector(dev, 0);
	int err = request_irq(s, (unsigned)irq, 0, pf->int_name, pf);
	if (err) {
		sim_log(s, LOG_INFO, "i40e %s: request_irq for %s failed: %d", dev->name, pf->int_name, err);
		sim_explain(s, "  %s: request_irq(%d) = %d", pf->int_name, irq, err);
		pci_free_irq_vectors(s, dev);
		pci_disable_device(s, dev);
		return -EFAULT;
	}
	pf->misc_irq = true;
	return 0;
}

static void i40e_remove(struct sim *s, struct pci_dev *dev)
{
	struct i40e_pf *pf = dev->drv_cfg;
	if (pf->misc_irq)
		free_irq(s, (unsigned)pci_irq_vector(dev, 0), pf);
	pf->misc_irq = false;
	pci_free_irq_vectors(s, dev);
	pci_disable_device(s, dev);
}

const struct driver_model i40e_driver = {
	.qemu_name = "i40e",
	.props = &i40e_devprops,
	.kernel_name = "i40e",
	.setup = i40e_setup,
	.probe = i40e_probe,
	.remove = i40e_remove,
};
