// SPDX-License-Identifier: GPL-2.0-only
/*
 * LSI MegaRAID SAS 2108: QEMU 7.2's megasas-gen2 (hw/scsi/megasas.c: PCI
 * ID 1000:0079, MSI-X table of 15 entries, one MSI vector without
 * per-vector masking, INTx pin A; the firmware status advertises MSI-X
 * when the device has it) and megaraid_sas
 * (drivers/scsi/megaraid/megaraid_sas_base.c, 6.1 and 6.12 alike).
 *
 * The 2108 is an MFI-series adapter, not a Fusion one: megasas_init_fw
 * gives it one reply queue (msix_vectors = 1; the msix_vectors module
 * parameter and the managed spreading over online CPUs + 1 queues apply to
 * Fusion adapters only, which QEMU does not emulate).  Latency mode:
 * low_latency_index_start = 1, then megasas_alloc_irq_vectors ->
 * __megasas_alloc_irq_vectors: pci_alloc_irq_vectors_affinity(1, 1,
 * MSIX | AFFINITY | ALL_TYPES, pre_vectors = 1): the one vector is a
 * pre-vector, so not managed (smp_affinity_enable=0 drops the affinity
 * flags: the same vector).  No MSI-X: one INTx vector.
 * megasas_setup_irqs_msix requests it as "megasas<host>-msix0" (flags 0);
 * on a failure it falls back to INTx ("megasas<host>", IRQF_SHARED,
 * megasas_setup_irqs_ioapic), which also serves the no-MSI-X case.  The
 * recording pc-4cpu-megasas shows `requested/available msix 1/1` and
 * `current msix/online cpus : (1/4)`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

#define MEGASAS_QEMU_MSIX 15       /* msix_init(..., 15, ...) */
#define MEGASAS_MFI_QUEUES 1       /* megasas_init_fw: MFI adapters */

struct megasas_instance {
	unsigned host_no;
	unsigned msix_vectors;     /* after allocation: 0 = INTx */
	unsigned nr_irqs;          /* requested */
	bool intx;                 /* the INTx irq is requested */
	/* one cookie per vector: &ctx[i] is its dev_id (struct megasas_irq_context) */
	unsigned char ctx[MEGASAS_MFI_QUEUES];
};

/* hw/scsi/megasas.c properties */
static const struct devprop megasas_props[] = {
	{ .name = "msix", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "off: no MSI-X capability (the firmware then reports no MSI-X either)" },
	{ .name = "msi", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "off: no MSI capability" },
	DP_IGN_STR("hba_serial"),
	DP_IGN_INT("max_cmds", 0, 0xffffffffLL, 1008),
	DP_IGN_INT("max_sge", 0, 0xffffffffLL, 80),
	DP_IGN_INT("sas_address", 0, 0x7fffffffffffffffLL, 0),
	DP_IGN_BOOL("use_jbod", 0),
};
DEVPROP_CLASS(megasas_devprops, "megasas-gen2", megasas_props, &devprop_pci_device,
	      "megaraid_sas: an MFI adapter (SAS2108): one MSI-X vector \"megasasH-msix0\", non-managed (a "
	      "pre-vector); else INTx \"megasasH\" (H: the SCSI host number).");

static int megasas_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	struct megasas_instance *in = kmem_zalloc(&s->kmem, sizeof(*in));
	if (!in)
		return -1;
	qemu_dev_set_msi_caps(dev, dev_prop_int(dev, "msix") != 1 ? MEGASAS_QEMU_MSIX : 0,
			      dev_prop_int(dev, "msi") != 1 ? 1 : 0);
	dev->drv_cfg = in;
	return 0;
}

static void megasas_free_irqs(struct sim *s, struct pci_dev *dev)
{
	struct megasas_instance *in = dev->drv_cfg;
	for (unsigned i = 0; i < in->nr_irqs; i++) {
		int irq = pci_irq_vector(dev, i);
		if (irq > 0)
			free_irq(s, (unsigned)irq, &in->ctx[i]);
	}
	in->nr_irqs = 0;
	if (in->intx)
		free_irq(s, (unsigned)pci_irq_vector(dev, 0), &in->ctx[0]);
	in->intx = false;
}

/* megasas_setup_irqs_ioapic */
static int megasas_setup_irqs_ioapic(struct sim *s, struct pci_dev *dev)
{
	struct megasas_instance *in = dev->drv_cfg;
	char name[32];
	snprintf(name, sizeof(name), "megasas%u", in->host_no);
	int irq = pci_irq_vector(dev, 0);
	if (irq <= 0 || request_irq(s, (unsigned)irq, IRQF_SHARED, name, &in->ctx[0])) {
		sim_log(s, LOG_ERR, "megaraid_sas %s: Failed to register IRQ from megasas_setup_irqs_ioapic", dev->name);
		return -1;
	}
	in->intx = true;
	dev->irq_mode = PCI_IRQ_MODE_INTX; /* what the function ended in, for the reports */
	return 0;
}

/* megasas_setup_irqs_msix(instance, is_probe = 1) */
static int megasas_setup_irqs_msix(struct sim *s, struct pci_dev *dev)
{
	struct megasas_instance *in = dev->drv_cfg;
	for (unsigned i = 0; i < in->msix_vectors; i++) {
		char name[32];
		snprintf(name, sizeof(name), "megasas%u-msix%u", in->host_no, i);
		int irq = pci_irq_vector(dev, i);
		if (irq <= 0 || request_irq(s, (unsigned)irq, 0, name, &in->ctx[i])) {
			sim_log(s, LOG_ERR, "megaraid_sas %s: Failed to register IRQ for vector %u.", dev->name, i);
			megasas_free_irqs(s, dev);
			in->msix_vectors = 0;
			pci_free_irq_vectors(s, dev);
			return megasas_setup_irqs_ioapic(s, dev);
		}
		in->nr_irqs = i + 1;
	}
	return 0;
}

static int megasas_probe(struct sim *s, struct pci_dev *dev)
{
	struct megasas_instance *in = dev->drv_cfg;
	pci_enable_device(s, dev);
	/* megasas_probe: scsi_host_alloc before megasas_init_fw */
	in->host_no = s->scsi_host_next++;
	in->msix_vectors = 0;
	unsigned online = cpumask_weight(&s->cpu_online_mask);
	if (dev->has_msix) {
		/* MFI: one queue; min(online CPUs + 1, 1) */
		unsigned want = MEGASAS_MFI_QUEUES;
		struct irq_affinity desc = { .pre_vectors = 1 };
		sim_explain(s, "__megasas_alloc_irq_vectors: pci_alloc_irq_vectors_affinity(1, %u, "
			       "MSIX|AFFINITY|ALL_TYPES, pre_vectors=1)", want);
		int got = pci_alloc_irq_vectors_affinity(s, dev, 1, want, PCI_IRQ_MSIX | PCI_IRQ_AFFINITY |
							 PCI_IRQ_ALL_TYPES, &desc);
		sim_log(s, LOG_INFO, "megaraid_sas %s: requested/available msix %u/%d poll_queue 0", dev->name, want, got);
		in->msix_vectors = got > 0 ? (unsigned)got : 0;
	}
	if (!in->msix_vectors && pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_LEGACY, NULL) < 0) {
		pci_disable_device(s, dev);
		return -ENODEV;
	}
	sim_log(s, LOG_INFO, "megaraid_sas %s: current msix/online cpus\t: (%u/%u)", dev->name, in->msix_vectors,
		online);
	int r = in->msix_vectors ? megasas_setup_irqs_msix(s, dev) : megasas_setup_irqs_ioapic(s, dev);
	if (r) {
		pci_free_irq_vectors(s, dev);
		pci_disable_device(s, dev);
		return -ENODEV;
	}
	return 0;
}

static void megasas_remove(struct sim *s, struct pci_dev *dev)
{
	megasas_free_irqs(s, dev);
	pci_free_irq_vectors(s, dev);
	pci_disable_device(s, dev);
}

const struct driver_model megasas_driver = {
	.qemu_name = "megasas-gen2",
	.props = &megasas_devprops,
	.kernel_name = "megaraid_sas",
	.setup = megasas_setup,
	.probe = megasas_probe,
	.remove = megasas_remove,
};
