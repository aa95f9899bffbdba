// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio-blk: drivers/block/virtio_blk.c init_vq (queue count, poll queues,
 * managed affinity descriptor) on the virtio-pci transport, and QEMU's
 * virtio-blk-pci defaults (hw/block/virtio-blk.c, hw/virtio/virtio-blk-pci.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/devopt.h"
#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "kernel/sim.h"
#include "pci/pci.h"

struct virtio_blk_cfg {
	unsigned num_queues;  /* device side */
	bool unmanaged;       /* managed-affinity=off: the driver patched as seed 000's first fix */
};

static int virtio_blk_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	unsigned nq, vectors;
	/* QEMU >= 5.2: num-queues defaults to the vCPU count (virtio_pci_optimal_num_queues) */
	unsigned def = s->topo.cpus < 1024 ? s->topo.cpus : 1024;
	if (driver_opt_uint(dev, "num-queues", def, 0, 1024, &nq, err, errlen))
		return -1;
	if (nq == 0) {
		snprintf(err, errlen, "num-queues property must be larger than 0");
		return -1;
	}
	/* vectors defaults to num-queues + 1 */
	if (driver_opt_uint(dev, "vectors", nq + 1, 0, 2048, &vectors, err, errlen))
		return -1;
	dev->has_msix = vectors > 0;
	dev->msix_table_size = vectors;
	/*
	 * managed-affinity=off (irqsim's, not QEMU's): init_vq without its
	 * 'struct irq_affinity desc', i.e. vp_find_vqs(..., NULL): plain
	 * non-managed vectors, no reservation on every CPU of a mask.
	 */
	bool managed;
	if (driver_opt_bool(dev, "managed-affinity", true, &managed, err, errlen))
		return -1;
	struct virtio_blk_cfg *cfg = nomem_check(calloc(1, sizeof(*cfg)));
	if (!cfg)
		return -1;
	cfg->num_queues = nq;
	cfg->unmanaged = !managed;
	dev->drv_cfg = cfg;
	return 0;
}

/* virtblk_probe -> init_vq */
static int virtio_blk_probe(struct sim *s, struct pci_dev *dev)
{
	struct virtio_pci_device *vp = dev->drvdata;
	struct virtio_blk_cfg *cfg = dev->drv_cfg;
	/* VIRTIO_BLK_F_MQ is offered by QEMU only for more than one queue */
	unsigned num_vqs = cfg->num_queues > 1 ? cfg->num_queues : 1;
	unsigned limit = s->params.virtio_blk_num_request_queues ? s->params.virtio_blk_num_request_queues
								 : s->topo.nr_cpu_ids;
	if (s->prof->line >= KERNEL_6_1) {
		/* min(min_not_zero(num_request_queues, nr_cpu_ids), num_vqs) */
		if (limit > s->topo.nr_cpu_ids)
			limit = s->topo.nr_cpu_ids;
	} else {
		limit = s->topo.nr_cpu_ids;
	}
	if (num_vqs > limit)
		num_vqs = limit;
	unsigned num_poll = 0;
	if (s->prof->line >= KERNEL_6_1) {
		num_poll = s->params.virtio_blk_poll_queues;
		if (num_poll > num_vqs - 1)
			num_poll = num_vqs - 1;
		sim_log(s, LOG_INFO, "virtio_blk %s: %u/0/%u default/read/poll queues", vp->name, num_vqs - num_poll,
			num_poll);
	}
	struct virtqueue_info *vqs = nomem_check(calloc(num_vqs, sizeof(*vqs)));
	char (*names)[24] = nomem_check(calloc(num_vqs, sizeof(*names)));
	if (!vqs || !names) {
		free(vqs);
		free(names);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < num_vqs; i++) {
		if (i < num_vqs - num_poll) {
			snprintf(names[i], sizeof(names[i]), "req.%u", i);
			vqs[i].callback = true;
		} else {
			snprintf(names[i], sizeof(names[i]), "req_poll.%u", i);
		}
		vqs[i].name = names[i];
	}
	/* struct irq_affinity desc = { 0, }: managed spreading (commit ad71473d9c43) */
	struct irq_affinity desc;
	memset(&desc, 0, sizeof(desc));
	const struct virtio_blk_cfg *bcfg = dev->drv_cfg;
	bool managed = s->prof->line != KERNEL_3_10 && !bcfg->unmanaged;
	int err = vp_find_vqs(s, dev, num_vqs, vqs, managed ? &desc : NULL);
	free(vqs);
	free(names);
	return err;
}

const struct driver_model virtio_blk_driver = {
	.qemu_name = "virtio-blk-pci",
	.kernel_name = "virtio_blk",
	.is_virtio = true,
	.setup = virtio_blk_setup,
	.probe = virtio_blk_probe,
	.remove = virtio_driver_remove,
	.idle_vectors = virtio_config_vector_idle,
	.block_io = true,
};
