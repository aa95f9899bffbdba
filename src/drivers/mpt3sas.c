// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpt3sas (Broadcom/LSI SAS3 HBA), a synthetic device: QEMU cannot emulate
 * it.  Scenario: 'device mpt3sas[,id=ID][,msix=N]' (msix = the MSI-X table
 * size, "MSI-X vectors supported", default 96 as in seed 001).
 *
 * Interrupt set-up, mpt3sas_base_map_resources -> _base_enable_msix:
 *  - 4.18 and later: drivers/scsi/mpt3sas/mpt3sas_base.c of 6.1
 *    (shared/spec/drivers.md 6.1): reply queues = min(online CPUs, table),
 *    at most max_msix_vectors, which defaults to 1 under reset_devices
 *    (kdump) and 8 otherwise; pci_alloc_irq_vectors_affinity(0, queues,
 *    MSIX | AFFINITY | ALL_TYPES); one request_irq per reply queue.
 *  - 3.10: the out-of-tree 15.x/21.x driver of seed 001 (drivers.md 6.2):
 *    pci_enable_msix(entries, min(online CPUs, table)); any non-zero return
 *    is a failure (printed only with debug logging).
 * Either way a failure goes to try_ioapic: request_irq(pdev->irq, IRQF_SHARED,
 * "mpt3sasN"); its failure prints "unable to allocate interrupt N!" and the
 * attach unwinds through _base_unmap_resources -> pci_disable_device, which
 * on 3.10 tears down the IO-APIC mapping (x86-vector.md 15).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "drivers/mpt3sas.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

/* drivers/scsi/mpt3sas/mpt3sas_base.h: MPT3SAS_DRIVER_VERSION (6.1); seed 001's out-of-tree driver */
#define MPT3SAS_VERSION_6_1 "43.100.00.00"
#define MPT3SAS_VERSION_3_10 "21.00.00.00"

struct mpt3sas_ioc {
	unsigned id;              /* mpt3_ids: mpt3sas_cm<id>, mpt3sas<id> */
	unsigned nr_irqs;         /* reply queues with a requested irq */
	bool msix_enable;
	char name[32];            /* "mpt3sas_cm0" */
};

extern const struct driver_model mpt3sas_driver;

/* a synthetic device: QEMU has no mpt3sas, so its only properties are irqsim's and PCI's */
static const struct devprop mpt3sas_props[] = {
	{ .name = "msix", .type = DP_INT, .use = DP_IRQSIM, .min = 0, .max = 2048, .def = 96,
	  .doc = "MSI-X table size (0: MSI only)" },
};
DEVPROP_CLASS(mpt3sas_devprops, "mpt3sas", mpt3sas_props, &devprop_pci_device,
	      "A synthetic device: QEMU cannot emulate it.");

static int mpt3sas_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	unsigned msix = (unsigned)dev_prop_int(dev, "msix");
	dev->has_msix = msix > 0;
	dev->msix_table_size = msix;
	dev->has_msi = true;
	dev->msi_vec_count = 1;
	struct mpt3sas_ioc *ioc = kmem_zalloc(&s->kmem, sizeof(*ioc));
	if (!ioc)
		return -1;
	dev->drv_cfg = ioc;
	return 0;
}

unsigned mpt3sas_reply_queues(enum kernel_line k, unsigned cpus, unsigned table_size, bool reset_devices)
{
	unsigned q = cpus < table_size ? cpus : table_size;
	/* 4.18+: max_msix_vectors == -1 without RDPQ: 1 queue under reset_devices (kdump), else 8 */
	unsigned local_max = reset_devices ? 1 : 8;
	if (k != KERNEL_3_10 && q > local_max)
		q = local_max;
	return q;
}

/* reply_q cookies: one per reply queue of each adapter */
static const void *reply_q(const struct pci_dev *dev, unsigned index)
{
	return (const char *)dev + 1 + index;
}

/* _base_request_irq: 0, or -EBUSY after "unable to allocate interrupt N!" */
static int base_request_irq(struct sim *s, struct pci_dev *dev, struct mpt3sas_ioc *ioc, unsigned index)
{
	char qname[48];
	if (ioc->msix_enable)
		snprintf(qname, sizeof(qname), "mpt3sas%u-msix%u", ioc->id, index);
	else
		snprintf(qname, sizeof(qname), "mpt3sas%u", ioc->id);
	int irq = pci_irq_vector(dev, index);
	int r = irq >= 0 ? request_irq(s, (unsigned)irq, IRQF_SHARED, qname, reply_q(dev, index)) : irq;
	if (r) {
		sim_log(s, LOG_ERR, "%s: unable to allocate interrupt %d!", qname, irq);
		sim_explain(s, "  %s: request_irq(%d) = %d%s", qname, irq, r,
			    r == -ENOSYS ? " (-ENOSYS): __setup_irq finds the irq on no_irq_chip" : "");
		return -EBUSY;
	}
	ioc->nr_irqs = index + 1;
	return 0;
}

static void base_free_irq(struct sim *s, struct pci_dev *dev, struct mpt3sas_ioc *ioc)
{
	for (unsigned i = 0; i < ioc->nr_irqs; i++) {
		int irq = pci_irq_vector(dev, i);
		if (irq >= 0)
			free_irq(s, (unsigned)irq, reply_q(dev, i));
	}
	ioc->nr_irqs = 0;
}

/* MSI-X as the 3.10 out-of-tree driver asks for it; 0 or the pci_enable_msix result */
static int enable_msix_3_10(struct sim *s, struct pci_dev *dev, struct mpt3sas_ioc *ioc, unsigned cpus,
			    unsigned *queues)
{
	*queues = mpt3sas_reply_queues(s->prof->line, cpus, dev->msix_table_size, s->params.reset_devices);
	sim_log(s, LOG_INFO, "%s: MSI-X vectors supported: %u, no of cores: %u, max_msix_vectors: -1", ioc->name,
		dev->msix_table_size, cpus);
	int r = pci_enable_msix(s, dev, *queues);
	if (r) {
		/* dfailprintk: visible with the driver's debug logging, as in the seed */
		sim_log(s, LOG_DEBUG, "%s: pci_enable_msix failed (r=%d) !!!", ioc->name, r);
		sim_explain(s, "  %s: pci_enable_msix(%u) = %d: try_ioapic", ioc->name, *queues, r);
		if (r > 0)
			pci_free_irq_vectors(s, dev);
	}
	return r;
}

/* MSI-X as 6.1's _base_enable_msix asks for it; 0 or the pci_alloc_irq_vectors error */
static int enable_msix_6_1(struct sim *s, struct pci_dev *dev, struct mpt3sas_ioc *ioc, unsigned cpus,
			   unsigned *queues)
{
	sim_log(s, LOG_INFO, "%s: MSI-X vectors supported: %u", ioc->name, dev->msix_table_size);
	sim_log(s, LOG_INFO, "\t no of cores: %u, max_msix_vectors: -1", cpus);
	unsigned q = mpt3sas_reply_queues(s->prof->line, cpus, dev->msix_table_size, s->params.reset_devices);
	sim_log(s, LOG_INFO, "%s:  0 %u %u", ioc->name, q, q);
	struct irq_affinity desc = { 0 };
	int r = pci_alloc_irq_vectors_affinity(s, dev, 0, q, PCI_IRQ_MSIX | PCI_IRQ_AFFINITY | PCI_IRQ_ALL_TYPES,
					       &desc);
	if (r < 0) {
		sim_log(s, LOG_INFO, "%s: pci_alloc_irq_vectors failed (r=%d) !!!", ioc->name, r);
		sim_explain(s, "  %s: pci_alloc_irq_vectors_affinity(0, %u) = %d: try_ioapic", ioc->name, q, r);
		return r;
	}
	*queues = (unsigned)r < q ? (unsigned)r : q;
	return 0;
}

/* _base_enable_msix with its try_ioapic fallback */
static int base_enable_msix(struct sim *s, struct pci_dev *dev, struct mpt3sas_ioc *ioc)
{
	bool legacy = s->prof->line == KERNEL_3_10;
	unsigned cpus = cpumask_weight(&s->cpu_online_mask), queues = 0;
	if (dev->has_msix) {
		int r = legacy ? enable_msix_3_10(s, dev, ioc, cpus, &queues) : enable_msix_6_1(s, dev, ioc, cpus, &queues);
		if (!r) {
			ioc->msix_enable = true;
			for (unsigned i = 0; i < queues; i++) {
				if (base_request_irq(s, dev, ioc, i)) {
					base_free_irq(s, dev, ioc);
					pci_free_irq_vectors(s, dev);
					ioc->msix_enable = false;
					goto try_ioapic;
				}
			}
			if (!legacy)
				sim_log(s, LOG_INFO, "%s: High IOPs queues : disabled", ioc->name);
			return 0;
		}
	}
try_ioapic:
	if (!legacy) {
		sim_log(s, LOG_INFO, "%s: High IOPs queues : disabled", ioc->name);
		if (pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_LEGACY, NULL) < 0)
			return -ENODEV;
	}
	return base_request_irq(s, dev, ioc, 0);
}

/* _scsih_probe -> mpt3sas_base_attach -> mpt3sas_base_map_resources */
static int mpt3sas_probe(struct sim *s, struct pci_dev *dev)
{
	struct mpt3sas_ioc *ioc = dev->drv_cfg;
	bool legacy = s->prof->line == KERNEL_3_10;
	/* mpt3_ids: instances in probe order; the module banner comes with the first */
	unsigned id = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++)
		if (s->pdevs[i] != dev && s->pdevs[i]->drv == &mpt3sas_driver && s->pdevs[i]->probed)
			id++;
	if (!id)
		sim_log(s, LOG_INFO, "mpt3sas version %s loaded", legacy ? MPT3SAS_VERSION_3_10 : MPT3SAS_VERSION_6_1);
	memset(ioc, 0, sizeof(*ioc));
	ioc->id = id;
	snprintf(ioc->name, sizeof(ioc->name), "mpt3sas_cm%u", id);
	/* pci_enable_device_mem: on x86 this maps the INTx GSI too */
	pci_enable_device(s, dev);
	int r = base_enable_msix(s, dev, ioc);
	if (!r) {
		for (unsigned i = 0; i < ioc->nr_irqs; i++) {
			if (ioc->msix_enable)
				sim_log(s, LOG_INFO, "mpt3sas%u-msix%u: PCI-MSI-X enabled: IRQ %d", id, i,
					pci_irq_vector(dev, i));
			else
				sim_log(s, LOG_INFO, "mpt3sas%u: IO-APIC enabled: IRQ %d", id, pci_irq_vector(dev, i));
		}
		return 0;
	}
	/* out_fail: _base_unmap_resources */
	base_free_irq(s, dev, ioc);
	pci_free_irq_vectors(s, dev);
	pci_disable_device(s, dev);
	if (s->panicked)
		return -ENOSYS; /* the request_irq error that led here; the probe never returns */
	sim_log(s, LOG_ERR, "%s: failure at drivers/scsi/mpt3sas/mpt3sas_scsih.c:12365/_scsih_probe()!", ioc->name);
	return -ENODEV;
}

static void mpt3sas_remove(struct sim *s, struct pci_dev *dev)
{
	struct mpt3sas_ioc *ioc = dev->drv_cfg;
	base_free_irq(s, dev, ioc);
	pci_free_irq_vectors(s, dev);
	pci_disable_device(s, dev);
}

const struct driver_model mpt3sas_driver = {
	.qemu_name = "mpt3sas",
	.props = &mpt3sas_devprops,
	.kernel_name = "mpt3sas",
	.setup = mpt3sas_setup,
	.probe = mpt3sas_probe,
	.remove = mpt3sas_remove,
};
