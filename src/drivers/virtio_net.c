// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio-net: drivers/net/virtio_net.c virtnet_probe (queue pairs),
 * virtnet_find_vqs (the vq list, no affinity descriptor: non-managed
 * vectors), init_vqs -> virtnet_set_affinity (each used pair's rx and tx
 * vectors get a group of consecutive online CPUs), and the cpuhp callbacks
 * that rerun it (virtnet_cpu_online, virtnet_cpu_dead; virtnet_cpu_down_prep
 * only clears the hints).  Same rules in 6.1 and 6.12.  Device side: QEMU
 * 7.2 virtio-net-pci (hw/net/virtio-net.c, hw/virtio/virtio-net-pci.c).
 */
#include "drivers/virtio_net.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "kernel/sim.h"
#include "pci/pci.h"

/* QEMU: VIRTIO_QUEUE_MAX (1024) virtqueues: pairs plus the control vq */
#define VIRTIO_NET_MAX_PAIRS 511u

struct virtio_net_cfg {
	/* device side */
	unsigned queue_pairs;        /* max_virtqueue_pairs (the tap's queues) */
	bool mq;                     /* VIRTIO_NET_F_MQ offered */
	/* driver state (struct virtnet_info) */
	unsigned max_queue_pairs;
	unsigned curr_queue_pairs;
	bool bound;                  /* init_vqs succeeded: cpuhp instance registered */
};

/* hw/net/virtio-net.c and hw/virtio/virtio-net-pci.c */
static const struct devprop virtio_net_props[] = {
	{ .name = "queues", .type = DP_INT, .use = DP_IRQSIM, .min = 1, .max = VIRTIO_NET_MAX_PAIRS, .def = 1,
	  .doc = "queue pairs of a multiqueue tap (QEMU's -netdev ...,queues=N)" },
	{ .name = "mq", .type = DP_BOOL, .use = DP_MODELLED, .def = 0, .def_doc = "on with queues=, else off",
	  .doc = "VIRTIO_NET_F_MQ offered" },
	{ .name = "vectors", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL,
	  .def_doc = "2 x queues + 2 (4 without queues=)", .doc = "MSI-X table size (0: INTx only; QEMU 7.2 builds the device without MSI-X above 2048, as with 0)" },
	DP_IGN_BOOL("ioeventfd", 1),
	DP_IGN_STR("netdev"),
	DP_IGN_STR("mac"),
	DP_IGN_INT("bootindex", -0x80000000LL, 0x7fffffffLL, -1),
	DP_IGN_BOOL("csum", 1),
	DP_IGN_BOOL("guest_csum", 1),
	DP_IGN_BOOL("gso", 1),
	DP_IGN_BOOL("guest_tso4", 1),
	DP_IGN_BOOL("guest_tso6", 1),
	DP_IGN_BOOL("guest_ecn", 1),
	DP_IGN_BOOL("guest_ufo", 1),
	DP_IGN_BOOL("guest_announce", 1),
	DP_IGN_BOOL("host_tso4", 1),
	DP_IGN_BOOL("host_tso6", 1),
	DP_IGN_BOOL("host_ecn", 1),
	DP_IGN_BOOL("host_ufo", 1),
	DP_IGN_BOOL("mrg_rxbuf", 1),
	DP_IGN_BOOL("status", 1),
	DP_IGN_BOOL("ctrl_vq", 1),
	DP_IGN_BOOL("ctrl_rx", 1),
	DP_IGN_BOOL("ctrl_vlan", 1),
	DP_IGN_BOOL("ctrl_rx_extra", 1),
	DP_IGN_BOOL("ctrl_mac_addr", 1),
	DP_IGN_BOOL("ctrl_guest_offloads", 1),
	DP_IGN_BOOL("rss", 0),
	DP_IGN_BOOL("hash", 0),
	DP_IGN_BOOL("guest_rsc_ext", 0),
	DP_IGN_INT("rsc_interval", 0, 0xffffffffLL, 300000),
	DP_IGN_INT("x-txtimer", 0, 0xffffffffLL, 150000),
	DP_IGN_INT("x-txburst", -0x80000000LL, 0x7fffffffLL, 256),
	DP_IGN_STR("tx"),
	DP_IGN_INT("rx_queue_size", 256, 1024, 256),
	DP_IGN_INT("tx_queue_size", 256, 1024, 256),
	DP_IGN_INT("host_mtu", 0, 65535, 0),
	DP_IGN_BOOL("x-mtu-bypass-backend", 1),
	DP_IGN_INT("speed", -1, 0x7fffffffLL, -1),
	DP_IGN_STR("duplex"),
	DP_IGN_BOOL("failover", 0),
};
DEVPROP_CLASS(virtio_net_devprops, "virtio-net-pci", virtio_net_props, &devprop_virtio_pci,
	      "Non-managed input and output vectors, spread by the driver on probe and CPU hot-plug.");

static int virtio_net_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	/* irqsim's queues=N: a multiqueue tap with N pairs, which the harness
	 * gives QEMU as mq=on,vectors=2N+2 */
	unsigned queues = (unsigned)dev_prop_int(dev, "queues");
	bool has_queues = dev_prop_set(dev, "queues");
	bool mq = dev_prop_set(dev, "mq") ? dev_prop_bool(dev, "mq") : has_queues;
	/* QEMU 7.2's virtio_net_pci_realize: two per queue pair of the netdev
	 * (1 without queues=), the config vector and the control vq's */
	unsigned long long vectors = dev_prop_set(dev, "vectors") ? (unsigned long long)dev_prop_int(dev, "vectors")
				     : 2ull * queues + 2;
	struct virtio_net_cfg *cfg = kmem_zalloc(&s->kmem, sizeof(*cfg));
	if (!cfg)
		return -1;
	cfg->queue_pairs = queues;
	cfg->mq = mq;
	dev->msix_table_size = virtio_pci_msix_entries(vectors);
	dev->has_msix = dev->msix_table_size > 0;
	dev->drv_cfg = cfg;
	return 0;
}

/* vq index of rx queue i and tx queue i: rxq2vq, txq2vq */
static unsigned rxq2vq(unsigned i)
{
	return 2 * i;
}

static unsigned txq2vq(unsigned i)
{
	return 2 * i + 1;
}

/*
 * virtnet_set_affinity: n online CPUs over the current pairs; pair i takes
 * stride (+1 for the first n % pairs when there are at least as many CPUs
 * as pairs) consecutive online CPUs, starting at the first online CPU and
 * wrapping.  Both vectors of the pair get that mask.
 */
void virtnet_pair_masks(const struct cpumask *online, unsigned nr_cpu_ids, unsigned curr_queue_pairs,
			struct cpumask *masks)
{
	unsigned num_cpu = cpumask_weight(online);
	unsigned stride = num_cpu / curr_queue_pairs > 1 ? num_cpu / curr_queue_pairs : 1;
	unsigned stragglers = num_cpu >= curr_queue_pairs ? num_cpu % curr_queue_pairs : 0;
	unsigned cpu = cpumask_first(online);
	for (unsigned i = 0; i < curr_queue_pairs; i++) {
		unsigned group_size = stride + (i < stragglers ? 1 : 0);
		cpumask_clear(&masks[i]);
		for (unsigned j = 0; j < group_size; j++) {
			cpumask_set_cpu(cpu, &masks[i]);
			/* cpumask_next_wrap(cpu, cpu_online_mask, nr_cpu_ids, false) */
			unsigned next = cpumask_next_from(online, cpu + 1);
			cpu = next < nr_cpu_ids ? next : cpumask_first(online);
		}
	}
}

static void virtnet_set_affinity(struct sim *s, struct pci_dev *dev)
{
	struct virtio_net_cfg *cfg = dev->drv_cfg;
	struct cpumask *masks = nomem_check(calloc(cfg->curr_queue_pairs, sizeof(*masks)));
	if (!masks)
		return;
	virtnet_pair_masks(&s->cpu_online_mask, s->topo.nr_cpu_ids, cfg->curr_queue_pairs, masks);
	for (unsigned i = 0; i < cfg->curr_queue_pairs; i++) {
		vp_set_vq_affinity(s, dev, rxq2vq(i), &masks[i]);
		vp_set_vq_affinity(s, dev, txq2vq(i), &masks[i]);
	}
	free(masks);
}

/* virtnet_probe -> init_vqs -> virtnet_find_vqs, virtnet_set_affinity */
static int virtio_net_probe(struct sim *s, struct pci_dev *dev)
{
	struct virtio_net_cfg *cfg = dev->drv_cfg;
	/* VIRTIO_NET_F_MQ with the control vq (QEMU offers ctrl_vq by default) */
	cfg->max_queue_pairs = cfg->mq ? cfg->queue_pairs : 1;
	unsigned online = cpumask_weight(&s->cpu_online_mask);
	cfg->curr_queue_pairs = online >= cfg->max_queue_pairs ? cfg->max_queue_pairs : online;

	unsigned total_vqs = cfg->max_queue_pairs * 2 + 1;
	struct virtqueue_info *vqs = nomem_check(calloc(total_vqs, sizeof(*vqs)));
	char (*names)[24] = nomem_check(calloc(total_vqs, sizeof(*names)));
	if (!vqs || !names) {
		free(vqs);
		free(names);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < cfg->max_queue_pairs; i++) {
		snprintf(names[rxq2vq(i)], sizeof(names[0]), "input.%u", i);
		snprintf(names[txq2vq(i)], sizeof(names[0]), "output.%u", i);
		vqs[rxq2vq(i)] = (struct virtqueue_info){ .name = names[rxq2vq(i)], .callback = true };
		vqs[txq2vq(i)] = (struct virtqueue_info){ .name = names[txq2vq(i)], .callback = true };
	}
	/* the control vq is polled: no callback, no vector */
	vqs[total_vqs - 1] = (struct virtqueue_info){ .name = "control", .callback = false };
	sim_explain(s, "virtnet_probe: %u queue pair%s (%u in use), %u vqs with a callback, no affinity descriptor",
		    cfg->max_queue_pairs, cfg->max_queue_pairs == 1 ? "" : "s", cfg->curr_queue_pairs,
		    2 * cfg->max_queue_pairs);
	int err = vp_find_vqs(s, dev, total_vqs, vqs, NULL);
	free(vqs);
	free(names);
	if (err)
		return err;
	virtnet_set_affinity(s, dev);
	/* virtnet_cpu_notif_add after register_netdevice */
	cfg->bound = true;
	return 0;
}

static void virtio_net_cpuhp(struct sim *s, struct pci_dev *dev, unsigned cpu)
{
	(void)cpu;
	struct virtio_net_cfg *cfg = dev->drv_cfg;
	if (cfg && cfg->bound)
		virtnet_set_affinity(s, dev);
}

/* virtnet_remove: cpuhp instances removed, then virtnet_del_vqs */
static void virtio_net_remove(struct sim *s, struct pci_dev *dev)
{
	struct virtio_net_cfg *cfg = dev->drv_cfg;
	if (cfg)
		cfg->bound = false;
	virtio_driver_remove(s, dev);
}

const struct driver_model virtio_net_driver = {
	.qemu_name = "virtio-net-pci",
	.props = &virtio_net_devprops,
	.kernel_name = "virtio_net",
	.is_virtio = true,
	.setup = virtio_net_setup,
	.probe = virtio_net_probe,
	.remove = virtio_net_remove,
	.cpu_online = virtio_net_cpuhp,
	.cpu_dead = virtio_net_cpuhp,
	.idle_vectors = virtio_config_vector_idle,
};
