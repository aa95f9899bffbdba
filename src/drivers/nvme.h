/* SPDX-License-Identifier: GPL-2.0-only */
/* NVMe PCI driver rules (drivers/nvme/host/pci.c), exposed for the unit tests. */
#ifndef IRQSIM_NVME_H
#define IRQSIM_NVME_H

#include "irq/affinity.h"

/* enum hctx_type: HCTX_TYPE_DEFAULT, HCTX_TYPE_READ, HCTX_TYPE_POLL */
enum { NVME_HCTX_DEFAULT, NVME_HCTX_READ, NVME_HCTX_POLL, NVME_HCTX_NR };

/* The part of struct nvme_dev that nvme_calc_irq_sets reads and writes (affd->priv). */
struct nvme_queue_counts {
	unsigned nr_write_queues;          /* write_queues, sampled at reset */
	unsigned io_queues[NVME_HCTX_NR];
};

/*
 * nvme_calc_irq_sets: split 'nrirqs' spread vectors into the default and
 * read sets (affd->priv is a struct nvme_queue_counts).
 */
void nvme_calc_irq_sets(struct irq_affinity *affd, unsigned nrirqs);

#endif
