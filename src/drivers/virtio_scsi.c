// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio-scsi: drivers/scsi/virtio_scsi.c virtscsi_probe (request queue
 * count) and virtscsi_init (vq list, struct irq_affinity with two pre
 * vectors: control and event keep the default affinity, the request queues
 * are spread and managed; 6.12 adds virtscsi_poll_queues, the last request
 * queues without a callback, and prints the queue split).  Device side:
 * QEMU 7.2 virtio-scsi-pci (hw/virtio/virtio-scsi-pci.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "kernel/sim.h"
#include "pci/pci.h"

/* virtqueues before the request queues: control, event (VIRTIO_SCSI_VQ_BASE) */
#define VIRTIO_SCSI_VQ_BASE 2u

struct virtio_scsi_cfg {
	unsigned num_queues;  /* device side */
};

/* hw/scsi/virtio-scsi.c and hw/virtio/virtio-scsi-pci.c */
static const struct devprop virtio_scsi_props[] = {
	{ .name = "num_queues", .type = DP_INT, .use = DP_MODELLED, .min = 1, .max = 1024 - VIRTIO_SCSI_VQ_BASE,
	  .def_doc = "the boot vCPU count, at most 1022 (QEMU 7.2's virtio_pci_optimal_num_queues)", .doc = "request virtqueues" },
	{ .name = "vectors", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL, .def_doc = "num_queues + 3",
	  .doc = "MSI-X table size (0: INTx only; QEMU 7.2 builds the device without MSI-X above 2048, as with 0)" },
	DP_IGN_BOOL("ioeventfd", 1),
	DP_IGN_INT("virtqueue_size", 3, 1024, 256), /* realize: above 2; QEMU aborts above 1024 */
	DP_IGN_BOOL("seg_max_adjust", 1),
	DP_IGN_INT("max_sectors", 0, 0xffffffffLL, 0xffff),
	DP_IGN_INT("cmd_per_lun", 0, 0xffffffffLL, 128),
	DP_IGN_BOOL("hotplug", 1),
	DP_IGN_BOOL("param_change", 1),
	DP_IGN_STR("iothread"),
};
DEVPROP_CLASS(virtio_scsi_devprops, "virtio-scsi-pci", virtio_scsi_props, &devprop_virtio_pci,
	      "Config, control and event vectors plus managed request vectors.");

static int virtio_scsi_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	/* QEMU >= 5.2: num_queues defaults to the vCPU count (virtio_pci_optimal_num_queues) */
	unsigned nq = s->topo.cpus < 1024 - VIRTIO_SCSI_VQ_BASE ? s->topo.cpus : 1024 - VIRTIO_SCSI_VQ_BASE;
	if (dev_prop_set(dev, "num_queues"))
		nq = (unsigned)dev_prop_int(dev, "num_queues");
	/* vectors defaults to num_queues + the two fixed vqs + config */
	unsigned vectors = dev_prop_set(dev, "vectors") ? (unsigned)dev_prop_int(dev, "vectors")
			 : nq + VIRTIO_SCSI_VQ_BASE + 1;
	struct virtio_scsi_cfg *cfg = kmem_zalloc(&s->kmem, sizeof(*cfg));
	if (!cfg)
		return -1;
	cfg->num_queues = nq;
	dev->msix_table_size = virtio_pci_msix_entries(vectors);
	dev->has_msix = dev->msix_table_size > 0;
	dev->drv_cfg = cfg;
	return 0;
}

/* virtscsi_probe -> virtscsi_init */
static int virtio_scsi_probe(struct sim *s, struct pci_dev *dev)
{
	struct virtio_pci_device *vp = dev->drvdata;
	const struct virtio_scsi_cfg *cfg = dev->drv_cfg;
	/* scsi_host_alloc: the host number other SCSI drivers' irq names count on */
	s->scsi_host_next++;
	/* min(nr_cpu_ids, num_queues ?: 1) */
	unsigned num_queues = cfg->num_queues ? cfg->num_queues : 1;
	if (num_queues > s->topo.nr_cpu_ids)
		num_queues = s->topo.nr_cpu_ids;
	unsigned num_poll = 0;
	if (s->prof->virtio_scsi_poll_queues) {
		num_poll = s->params.virtio_scsi_poll_queues;
		if (num_poll > num_queues - 1)
			num_poll = num_queues - 1;
		sim_log(s, LOG_INFO, "virtio_scsi %s: %u/0/%u default/read/poll queues", vp->name,
			num_queues - num_poll, num_poll);
	}
	unsigned num_vqs = num_queues + VIRTIO_SCSI_VQ_BASE;
	struct virtqueue_info *vqs = nomem_check(calloc(num_vqs, sizeof(*vqs)));
	if (!vqs)
		return -ENOMEM;
	vqs[0] = (struct virtqueue_info){ .name = "control", .callback = true };
	vqs[1] = (struct virtqueue_info){ .name = "event", .callback = true };
	for (unsigned i = VIRTIO_SCSI_VQ_BASE; i < num_vqs; i++) {
		bool polled = i >= num_vqs - num_poll;
		vqs[i] = (struct virtqueue_info){ .name = polled ? "request_poll" : "request", .callback = !polled };
	}
	/* config (virtio's own pre vector), control and event are not spread */
	struct irq_affinity desc = { .pre_vectors = 2 };
	int err = vp_find_vqs(s, dev, num_vqs, vqs, !s->prof->no_managed_irqs ? &desc : NULL);
	free(vqs);
	return err;
}

/* config, control and event: the request queues carry the I/O (per-vq mode) */
static unsigned virtio_scsi_idle_vectors(const struct pci_dev *dev)
{
	const struct virtio_pci_device *vp = dev->drvdata;
	return vp && vp->mode == VP_MODE_PER_VQ ? 1 + VIRTIO_SCSI_VQ_BASE : 1;
}

const struct driver_model virtio_scsi_driver = {
	.qemu_name = "virtio-scsi-pci",
	.props = &virtio_scsi_devprops,
	.kernel_name = "virtio_scsi",
	.is_virtio = true,
	.setup = virtio_scsi_setup,
	.probe = virtio_scsi_probe,
	.remove = virtio_driver_remove,
	.idle_vectors = virtio_scsi_idle_vectors,
};
