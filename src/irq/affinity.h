/* SPDX-License-Identifier: GPL-2.0-only */
/* Multi-queue affinity spreading: kernel/irq/affinity.c, lib/group_cpus.c */
#ifndef IRQSIM_AFFINITY_H
#define IRQSIM_AFFINITY_H

#include "arch/x86/topology.h"
#include "kernel/version.h"

#define IRQ_AFFINITY_MAX_SETS 4

/* include/linux/interrupt.h: struct irq_affinity */
struct irq_affinity {
	unsigned pre_vectors;
	unsigned post_vectors;
	unsigned nr_sets;
	unsigned set_size[IRQ_AFFINITY_MAX_SETS];
	void (*calc_sets)(struct irq_affinity *, unsigned nvecs);
	void *priv;
};

/* include/linux/interrupt.h: struct irq_affinity_desc */
struct irq_affinity_desc {
	struct cpumask *mask;   /* cpumask_size() bytes, in the array's own allocation */
	bool is_managed;
};

struct kernel_profile;
struct kmem;

/* kernel/irq/affinity.c: irq_calc_affinity_vectors */
unsigned irq_calc_affinity_vectors(const struct cpu_topology *t, unsigned minvec,
				   unsigned maxvec, const struct irq_affinity *affd);

/*
 * kernel/irq/affinity.c: irq_create_affinity_masks.  Returns an array of
 * nvec entries and their masks, one block of km (kmem_free releases it),
 * or NULL (no descriptors: every vector gets the default affinity and is
 * not managed).  default_affinity is irq_default_affinity.
 */
struct irq_affinity_desc *irq_create_affinity_masks(struct kmem *km, const struct cpu_topology *t,
						    const struct kernel_profile *k,
						    const struct cpumask *default_affinity,
						    unsigned nvec, struct irq_affinity *affd);

/*
 * lib/group_cpus.c: group_cpus_evenly.  Returns a calloc'ed array of numgrps
 * masks or NULL for numgrps == 0.  The profile's switches select the
 * lib/sort.c heapsort variant and the 4.18 whole-node mask; a simulation
 * passes its own profile (point-release overrides included).
 */
struct cpumask *group_cpus_evenly(const struct cpu_topology *t, const struct kernel_profile *k,
				  unsigned numgrps);

/* The cache of a topology's groups (struct cpu_topology.groups): NULL if out of memory. */
struct group_cache *group_cache_new(void);
void group_cache_clear(struct group_cache *c);
void group_cache_free(struct group_cache *c);

#endif
