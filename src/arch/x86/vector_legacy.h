/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 3.10 (CentOS/RHEL 7) x86 vector allocator, before the matrix:
 * arch/x86/kernel/apic/io_apic.c __assign_irq_vector / __clear_irq_vector /
 * __setup_vector_irq over the per-CPU vector_irq[] tables of
 * arch/x86/kernel/irq.c.  Selected by kernel_profile.legacy_vector_alloc.
 */
#ifndef IRQSIM_VECTOR_LEGACY_H
#define IRQSIM_VECTOR_LEGACY_H

#include <stdbool.h>
#include <stdint.h>

#include "irq/cpumask.h"

struct sim;
struct irq_desc;

/* include/asm/hw_irq.h (3.10): a free vector_irq[] slot */
#define VECTOR_UNDEFINED (-1)
/* arch/x86/include/asm/irq_vectors.h (3.10, x86_64) */
#define VECTOR_OFFSET_START 1u
#define IRQ_MOVE_CLEANUP_VECTOR 0x20u

/*
 * The APIC driver's vector_allocation_domain (arch/x86/include/asm/apic.h,
 * arch/x86/kernel/apic/x2apic_cluster.c, apic_flat_64.c of 3.10):
 *  - X2APIC_CLUSTER (default): a CentOS 7 guest on KVM (x2apic offered by
 *    the hypervisor) and a VT-d host like seed 001's Purley both run
 *    "Switched APIC routing to cluster x2apic".  Device bring-up asks for
 *    x2apic_cluster_target_cpus() and gets a single CPU; an explicit mask
 *    (affinity write) gets the mask's CPUs in the first CPU's cluster.
 *  - PHYSFLAT (> 8 CPUs without x2apic): always the single CPU.
 *  - FLAT (<= 8 CPUs, no x2apic, e.g. a TCG guest): logical flat mode,
 *    APIC_ALL_CPUS: one vector number taken on every online CPU.
 */
enum legacy_apic_driver { APIC_X2APIC_CLUSTER, APIC_PHYSFLAT, APIC_FLAT };

struct legacy_vector_state {
	enum legacy_apic_driver apic;
	unsigned nr_cpus;            /* nr_cpu_ids: rows of vector_irq */
	int *vector_irq;             /* per_cpu(vector_irq, cpu)[vector] = irq or VECTOR_UNDEFINED */
	uint64_t used_vectors[4];    /* arch/x86/kernel/traps.c used_vectors: system vectors */
	unsigned first_system_vector;
	/* the statics of __assign_irq_vector: the search resumes after the last hit */
	unsigned current_vector, current_offset;
	struct cpumask all_cpus;     /* cpu_all_mask (x2apic_cluster_target_cpus) */
};

/* Boot: used_vectors, the legacy ISA vectors on CPU 0 (init_IRQ). 0 or -ENOMEM. */
int legacy_vector_init(struct sim *s);
void legacy_vector_destroy(struct legacy_vector_state *v);

/* Slot of vector_irq for (cpu, vector). */
static inline int *legacy_vector_irq(struct legacy_vector_state *v, unsigned cpu, unsigned vector)
{
	return &v->vector_irq[(size_t)cpu * 256u + vector];
}

/* The irq descriptor joins the vector allocator (alloc_irq_cfg); 'isa' presets its ISA vector. */
int legacy_irq_cfg_alloc(struct sim *s, struct irq_desc *desc, bool isa);
/* __assign_irq_vector(irq, cfg, mask): 0, -EBUSY (move pending) or -ENOSPC. */
int legacy_assign_irq_vector(struct sim *s, struct irq_desc *desc, const struct cpumask *mask);
/* apic->target_cpus() of the APIC driver in use */
const struct cpumask *legacy_target_cpus(struct sim *s);
/* __clear_irq_vector: false if the irq had no vector (BUG_ON(!cfg->vector) in 3.10). */
bool legacy_clear_irq_vector(struct sim *s, struct irq_desc *desc);
/* __setup_vector_irq: a CPU comes online and rebuilds its vector_irq table. */
void legacy_setup_vector_irq(struct sim *s, unsigned cpu);
/* irq_complete_move / smp_irq_move_cleanup_interrupt: free the old domain's vectors. */
void legacy_complete_move(struct sim *s, struct irq_desc *desc);

/* Vectors a device irq may use on one CPU (0x20..first_system_vector-1 minus used_vectors). */
unsigned legacy_vectors_usable(const struct sim *s);
/* Vectors of that range held by an irq on this CPU. */
unsigned legacy_vectors_allocated(const struct sim *s, unsigned cpu);

#endif
