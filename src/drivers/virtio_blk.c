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

#include "drivers/devprops.h"
#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "kernel/sim.h"
#include "lib/strjoin.h"
#include "pci/pci.h"

struct virtio_blk_cfg {
	unsigned num_queues;  /* device side */
	bool unmanaged;       /* managed-affinity=off: the driver patched as seed 000's first fix */
};

/* The modelled entries of virtio_blk_props, which the set-up of every disk reads by address */
enum { VBLK_NUM_QUEUES, VBLK_VECTORS, VBLK_MANAGED_AFFINITY };

/* hw/block/virtio-blk.c, hw/virtio/virtio-blk-pci.c and the block layer's common properties */
static const struct devprop virtio_blk_props[] = {
	/* QEMU's uint16 (65535 = auto); realize refuses 0 and aborts above 1024 (VIRTIO_QUEUE_MAX) */
	[VBLK_NUM_QUEUES] = { .name = "num-queues", .type = DP_INT, .use = DP_MODELLED, .min = 1, .max = 1024,
	  .def_doc = "the boot vCPU count, at most 1024 (QEMU 7.2's virtio_pci_optimal_num_queues)",
	  .doc = "request virtqueues" },
	[VBLK_VECTORS] = { .name = "vectors", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL,
	  .def_doc = "num-queues + 1",
	  .doc = "MSI-X table size (0: INTx only; QEMU 7.2 builds the device without MSI-X above 2048, as with 0)" },
	[VBLK_MANAGED_AFFINITY] = { .name = "managed-affinity", .type = DP_BOOL, .use = DP_IRQSIM, .def = 1,
	  .doc = "off: the driver without its managed affinity descriptor" },
	DP_IGN_BOOL("ioeventfd", 1),
	DP_IGN_STR("serial"),
	DP_IGN_INT("bootindex", -0x80000000LL, 0x7fffffffLL, -1),
	DP_IGN_STR("iothread"),
	DP_IGN_INT("queue-size", 4, 1024, 256), /* realize: above 2, a power of 2 */
	DP_IGN_BOOL("seg-max-adjust", 1),
	DP_IGN_BOOL("config-wce", 1),
	DP_IGN_BOOL("request-merging", 1),
	DP_IGN_BOOL("discard", 1),
	DP_IGN_BOOL("report-discard-granularity", 1),
	DP_IGN_BOOL("write-zeroes", 1),
	DP_IGN_INT("max-discard-sectors", 1, 0x3fffffLL, 0x3fffffLL),
	DP_IGN_INT("max-write-zeroes-sectors", 1, 0x3fffffLL, 0x3fffffLL),
	DP_IGN_BOOL("x-enable-wce-if-config-wce", 1),
	DP_IGN_INT("class", 0, 0xffffffffLL, 0),
	DP_BLOCK_PROPS,
	DP_IGN_ENUM("rerror", devprop_blockdev_on_error, 4),
	DP_IGN_ENUM("werror", devprop_blockdev_on_error, 4),
	DP_IGN_BOOL("scsi", 0),
	DP_IGN_INT("cyls", 0, 0xffffffffLL, 0),
	DP_IGN_INT("heads", 0, 0xffffffffLL, 0),
	DP_IGN_INT("secs", 0, 0xffffffffLL, 0),
	DP_IGN_INT("lcyls", 0, 0xffffffffLL, 0),
	DP_IGN_INT("lheads", 0, 0xffffffffLL, 0),
	DP_IGN_INT("lsecs", 0, 0xffffffffLL, 0),
};
DEVPROP_CLASS(virtio_blk_devprops, "virtio-blk-pci", virtio_blk_props, &devprop_virtio_pci,
	      "A disk: a config vector plus one managed vector per request queue.");

static int virtio_blk_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	/* its own table's entries, by address: no lookup by name for each of hundreds of disks */
	const struct devprop_value *v;
	/* QEMU >= 5.2: num-queues defaults to the vCPU count (virtio_pci_optimal_num_queues) */
	unsigned nq = s->topo.cpus < 1024 ? s->topo.cpus : 1024;
	if ((v = devprops_given_entry(dev->props, &virtio_blk_props[VBLK_NUM_QUEUES])))
		nq = (unsigned)v->n;
	/* vectors defaults to num-queues + 1 */
	v = devprops_given_entry(dev->props, &virtio_blk_props[VBLK_VECTORS]);
	unsigned long long vectors = v ? (unsigned long long)v->n : nq + 1ull;
	dev->msix_table_size = virtio_pci_msix_entries(vectors);
	dev->has_msix = dev->msix_table_size > 0;
	/*
	 * managed-affinity=off (irqsim's, not QEMU's): init_vq without its
	 * 'struct irq_affinity desc', i.e. vp_find_vqs(..., NULL): plain
	 * non-managed vectors, no reservation on every CPU of a mask.
	 */
	bool managed = devprops_entry_value(dev->props, &virtio_blk_props[VBLK_MANAGED_AFFINITY]) != 0;
	struct virtio_blk_cfg *cfg = kmem_zalloc(&s->kmem, sizeof(*cfg));
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
	if (s->prof->virtio_blk_num_request_queues) {
		/* min(min_not_zero(num_request_queues, nr_cpu_ids), num_vqs) */
		if (limit > s->topo.nr_cpu_ids)
			limit = s->topo.nr_cpu_ids;
	} else {
		limit = s->topo.nr_cpu_ids;
	}
	if (num_vqs > limit)
		num_vqs = limit;
	unsigned num_poll = 0;
	if (s->prof->virtio_blk_poll_queues) {
		num_poll = s->params.virtio_blk_poll_queues;
		if (num_poll > num_vqs - 1)
			num_poll = num_vqs - 1;
		sim_log(s, LOG_INFO, "virtio_blk %s: %u/0/%u default/read/poll queues", vp->name, num_vqs - num_poll,
			num_poll);
	}
	/*
	 * The queues' descriptions live only for the call below (vp_find_vqs
	 * copies the names): on the stack for a few queues, as most disks have,
	 * allocated for more (two allocations a disk were most of its probe
	 * outside vp_find_vqs)
	 */
	enum { VQS_ON_STACK = 16 };
	struct virtqueue_info vqs_stack[VQS_ON_STACK];
	char names_stack[VQS_ON_STACK][24];
	bool on_stack = num_vqs <= VQS_ON_STACK;
	struct virtqueue_info *vqs = on_stack ? vqs_stack : nomem_zalloc(num_vqs, sizeof(*vqs));
	char (*names)[24] = on_stack ? names_stack : nomem_zalloc(num_vqs, sizeof(*names));
	if (!vqs || !names) {
		free(vqs);
		free(names);
		return -ENOMEM;
	}
	if (on_stack)
		memset(vqs_stack, 0, num_vqs * sizeof(vqs_stack[0]));
	/* init_vq's "req.%u" names of the first queues, made once (two joins a disk were 2% of seed 000) */
	static const char *const req_name[VQS_ON_STACK] = {
		"req.0", "req.1", "req.2",  "req.3",  "req.4",  "req.5",  "req.6",  "req.7",
		"req.8", "req.9", "req.10", "req.11", "req.12", "req.13", "req.14", "req.15",
	};
	for (unsigned i = 0; i < num_vqs; i++) {
		if (i < num_vqs - num_poll) {
			vqs[i].callback = true;
			if (i < VQS_ON_STACK) {
				vqs[i].name = req_name[i];
				continue;
			}
			str_join_uint(names[i], sizeof(names[i]), "req.", i);
		} else {
			str_join_uint(names[i], sizeof(names[i]), "req_poll.", i);
		}
		vqs[i].name = names[i];
	}
	/* struct irq_affinity desc = { 0, }: managed spreading (commit ad71473d9c43) */
	struct irq_affinity desc;
	memset(&desc, 0, sizeof(desc));
	const struct virtio_blk_cfg *bcfg = dev->drv_cfg;
	bool managed = !s->prof->no_managed_irqs && !bcfg->unmanaged;
	int err = vp_find_vqs(s, dev, num_vqs, vqs, managed ? &desc : NULL);
	if (!on_stack) {
		free(vqs);
		free(names);
	}
	return err;
}

const struct driver_model virtio_blk_driver = {
	.qemu_name = "virtio-blk-pci",
	.props = &virtio_blk_devprops,
	.kernel_name = "virtio_blk",
	.is_virtio = true,
	.setup = virtio_blk_setup,
	.probe = virtio_blk_probe,
	.remove = virtio_driver_remove,
	.idle_vectors = virtio_config_vector_idle,
	.block_io = true,
};
