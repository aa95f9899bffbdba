// SPDX-License-Identifier: GPL-2.0-only
/*
 * LSI MegaRAID SAS 2208: QEMU 7.2's megasas-gen2 (hw/scsi/megasas.c: MSI-X
 * table of 15 entries, one MSI vector without per-vector masking, INTx pin
 * A; the firmware's outbound scratch pad 1 reads 15, i.e. 16 reply queues)
 * and megaraid_sas (drivers/scsi/megaraid/megaraid_sas_base.c, 6.1 and 6.12
 * alike; the 2208 is a Fusion "Thunderbolt" adapter).
 *
 * megasas_init_fw: with MSI-X advertised (firmware status bit 26, set when
 * the device has MSI-X) the reply queue count is the firmware's, capped by
 * the msix_vectors module parameter, then by online CPUs + 1 (one
 * management queue before the I/O queues: low_latency_index_start = 1; the
 * balanced mode with 8 high-IOPS queues needs interrupt coalescing, which
 * QEMU does not report).  megasas_alloc_irq_vectors ->
 * __megasas_alloc_irq_vectors: pci_alloc_irq_vectors_affinity(1, queues,
 * MSIX | AFFINITY | ALL_TYPES, pre_vectors = 1): vector 0 non-managed, the
 * others spread and managed; with smp_affinity_enable=0 MSI-X only, no
 * affinity.  No MSI-X at all: one INTx vector.  megasas_setup_irqs_msix
 * requests each vector as "megasas<host>-msix<i>" (flags 0); on a failure
 * it frees them and falls back to INTx ("megasas<host>", IRQF_SHARED,
 * megasas_setup_irqs_ioapic), which also serves the no-MSI-X case.
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
#define MEGASAS_QEMU_FW_QUEUES 16  /* (MFI_OSP1 & 0x1f) + 1 */
#define MEGASAS_MAX_MSIX_QUEUES 128

struct megasas_instance {
	unsigned host_no;
	unsigned msix_vectors;     /* after allocation: 0 = INTx */
	unsigned nr_irqs;          /* requested */
	bool intx;                 /* the INTx irq is requested */
	/* one cookie per vector: &ctx[i] is its dev_id (struct megasas_irq_context) */
	unsigned char ctx[MEGASAS_MAX_MSIX_QUEUES];
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
	      "megaraid_sas: min(online CPUs + 1, 16, msix_vectors=) MSI-X vectors from a table of 15, the first "
	      "non-managed and the rest spread and managed (smp_affinity_enable=0: none managed); else INTx.");

static int megasas_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	struct megasas_instance *in = calloc(1, sizeof(*in));
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
		unsigned fw = MEGASAS_QEMU_FW_QUEUES;
		sim_log(s, LOG_INFO, "megaraid_sas %s: firmware supports msix\t: (%u)", dev->name, fw);
		if (s->params.megaraid_sas_msix_vectors && s->params.megaraid_sas_msix_vectors < fw)
			fw = s->params.megaraid_sas_msix_vectors;
		unsigned want = online + 1 < fw ? online + 1 : fw;
		bool affinity = !s->params.megaraid_sas_no_smp_affinity;
		struct irq_affinity desc = { .pre_vectors = 1 };
		unsigned flags = PCI_IRQ_MSIX | (affinity ? PCI_IRQ_AFFINITY | PCI_IRQ_ALL_TYPES : 0);
		sim_explain(s, "__megasas_alloc_irq_vectors: pci_alloc_irq_vectors_affinity(1, %u, MSIX%s, pre_vectors=1)",
			    want, affinity ? "|AFFINITY|ALL_TYPES" : "");
		int got = pci_alloc_irq_vectors_affinity(s, dev, 1, want, flags, affinity ? &desc : NULL);
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

/* vector 0 is the management queue's */
static unsigned megasas_idle_vectors(const struct pci_dev *dev)
{
	const struct megasas_instance *in = dev->drv_cfg;
	return in && in->msix_vectors > 1 ? 1 : 0;
}

const struct driver_model megasas_driver = {
	.qemu_name = "megasas-gen2",
	.props = &megasas_devprops,
	.kernel_name = "megaraid_sas",
	.setup = megasas_setup,
	.probe = megasas_probe,
	.remove = megasas_remove,
	.idle_vectors = megasas_idle_vectors,
};
