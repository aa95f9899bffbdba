// SPDX-License-Identifier: GPL-2.0-only
/*
 * Model invariants that tie the vector matrix to the irq descriptors (see
 * invariants.h).  The kernel keeps the same relation in per-CPU vector_irq
 * tables (arch/x86/kernel/apic/vector.c: apic_update_vector installs a
 * descriptor where the matrix handed out the bit, free_moved_vector and
 * clear_irq_vector take it away with the bit); a bit without an owner is a
 * leaked vector, two owners a corrupted table.
 */
#include "kernel/invariants.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/sim.h"
#include "lib/compiler.h"

/* The irq holding (cpu, vector) as its current or previous vector. */
__no_sanitize_coverage static int claim(uint32_t *owner, unsigned nr_cpus, unsigned cpu, unsigned vector, unsigned irq, char *buf,
		 size_t len)
{
	if (cpu >= nr_cpus || vector >= IRQ_MATRIX_BITS) {
		snprintf(buf, len, "irq %u holds vector %u on cpu %u, outside the matrix", irq, vector, cpu);
		return -1;
	}
	uint32_t *o = &owner[(size_t)cpu * IRQ_MATRIX_BITS + vector];
	if (*o) {
		snprintf(buf, len, "vector %u on cpu %u is held by irq %u and irq %u", vector, cpu, *o - 1, irq);
		return -1;
	}
	*o = irq + 1;
	return 0;
}

__no_sanitize_coverage static int check_owners(struct sim *s, char *buf, size_t len)
{
	const struct irq_matrix *m = s->matrix;
	unsigned nr = m->nr_maps;
	uint32_t *owner = nomem_check(calloc((size_t)nr * IRQ_MATRIX_BITS, sizeof(*owner)));
	int ret = -1;
	if (!owner) {
		snprintf(buf, len, "out of memory checking vector owners");
		return -1;
	}
	for (unsigned irq = 0; irq < s->irqs.size; irq++) {
		const struct irq_desc *d = s->irqs.descs[irq];
		const struct apic_chip_data *a = d ? d->apicd : NULL;
		/* a PIC-handled legacy irq uses its ISA vector, a system vector */
		if (!a || a->is_legacy_pic)
			continue;
		if (a->vector && claim(owner, nr, a->cpu, a->vector, irq, buf, len))
			goto out;
		if (a->prev_vector && claim(owner, nr, a->prev_cpu, a->prev_vector, irq, buf, len))
			goto out;
	}
	for (unsigned cpu = 0; cpu < nr; cpu++) {
		const struct cpumap *cm = &m->maps[cpu];
		for (unsigned v = 0; v < IRQ_MATRIX_BITS; v++) {
			uint32_t o = owner[(size_t)cpu * IRQ_MATRIX_BITS + v];
			bool allocated = vecmap_test(&cm->alloc_map, v);
			if (allocated && !o) {
				snprintf(buf, len, "vector %u on cpu %u is allocated but no irq holds it", v, cpu);
				goto out;
			}
			if (!allocated && o) {
				snprintf(buf, len, "irq %u holds vector %u on cpu %u, which the matrix has free", o - 1, v,
					 cpu);
				goto out;
			}
		}
	}
	ret = 0;
out:
	free(owner);
	return ret;
}

__no_sanitize_coverage static int check_effective(struct sim *s, char *buf, size_t len)
{
	for (unsigned irq = 0; irq < s->irqs.size; irq++) {
		const struct irq_desc *d = s->irqs.descs[irq];
		if (!d || !d->has_effective || d->effective_is_affinity)
			continue;
		unsigned cpu = d->effective_cpu;
		if (cpu >= s->topo.nr_cpu_ids || !cpumask_test_cpu(cpu, &s->cpu_online_mask)) {
			snprintf(buf, len, "irq %u: effective cpu %u is not online", irq, cpu);
			return -1;
		}
		const struct apic_chip_data *a = d->apicd;
		if (!s->matrix || !a || a->is_legacy_pic || !a->vector)
			continue;
		/* apic_update_irq_cfg: the effective affinity is the vector's CPU */
		if (cpu != a->cpu) {
			snprintf(buf, len, "irq %u: effective cpu %u but its vector %u is on cpu %u", irq, cpu,
				 a->vector, a->cpu);
			return -1;
		}
		/*
		 * Only managed irqs are bound to their mask: a non-managed one
		 * falls back to any online CPU when the mask's CPUs are full
		 * (assign_irq_vector_any_locked).
		 */
		if (a->is_managed && !cpumask_test_cpu(cpu, d->affinity)) {
			snprintf(buf, len, "managed irq %u: effective cpu %u is outside its affinity mask", irq, cpu);
			return -1;
		}
	}
	return 0;
}

__no_sanitize_coverage int sim_check_invariants(struct sim *s, char *buf, size_t len)
{
	if (s->matrix && check_owners(s, buf, len))
		return -1;
	return check_effective(s, buf, len);
}
