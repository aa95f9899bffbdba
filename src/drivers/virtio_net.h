/* SPDX-License-Identifier: GPL-2.0-only */
/* virtio-net rules (drivers/net/virtio_net.c), exposed for the unit tests. */
#ifndef IRQSIM_VIRTIO_NET_H
#define IRQSIM_VIRTIO_NET_H

#include "irq/cpumask.h"

/*
 * virtnet_set_affinity's CPU groups: masks[i] (i < curr_queue_pairs) is the
 * mask both vectors of queue pair i get, for the given online CPUs.
 */
void virtnet_pair_masks(const struct cpumask *online, unsigned nr_cpu_ids, unsigned curr_queue_pairs,
			struct cpumask *masks);

#endif
