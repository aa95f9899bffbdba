// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pre-matrix x86 vector allocator of 3.10 (CentOS/RHEL 7), see
 * shared/spec/x86-vector.md section 15.  Read from arch/x86/kernel/apic/
 * io_apic.c of RHEL 7 derived trees (OpenVZ vzkernel, which carries the 3.17
 * IO-APIC irqdomain backport seed 001's stack shows):
 *  - every CPU has a table vector_irq[256] (irq number or VECTOR_UNDEFINED);
 *  - used_vectors marks the exceptions, IRQ_MOVE_CLEANUP_VECTOR (0x20), the
 *    syscall gate 0x80 and every alloc_intr_gate vector (>= first_system_vector);
 *  - __assign_irq_vector remembers where the last search succeeded
 *    (current_vector/current_offset) and walks on in steps of 16, one
 *    interrupt priority level each; past first_system_vector it wraps to
 *    the next offset; coming back to the start means "this CPU's domain is
 *    full, try the next CPU of the mask";
 *  - an irq's vector is taken on every online CPU of its domain (the APIC
 *    driver's vector_allocation_domain).
 * There is no reservation: a vector is assigned when the irq is created
 * (create_irq_nr / arch_setup_hwirq for MSI, setup_ioapic_irq for an
 * IO-APIC pin) and held until the irq is destroyed.
 */
#include "arch/x86/vector_legacy.h"

#include <errno.h>
#include <stdlib.h>

#include "arch/x86/vector.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "lib/compiler.h"

static inline bool used_vector(const struct legacy_vector_state *v, unsigned vec)
{
	return (v->used_vectors[vec / 64] >> (vec % 64)) & 1;
}

static void set_used_vector(struct legacy_vector_state *v, unsigned vec)
{
	v->used_vectors[vec / 64] |= 1ull << (vec % 64);
}

int legacy_vector_init(struct sim *s)
{
	struct legacy_vector_state *v = nomem_check(calloc(1, sizeof(*v)));
	if (!v)
		return -ENOMEM;
	v->nr_cpus = s->topo.nr_cpu_ids;
	v->vector_irq = nomem_check(malloc((size_t)v->nr_cpus * NR_VECTORS * sizeof(*v->vector_irq)));
	if (!v->vector_irq) {
		free(v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < (size_t)v->nr_cpus * NR_VECTORS; i++)
		v->vector_irq[i] = VECTOR_UNDEFINED;
	v->apic = APIC_X2APIC_CLUSTER;
	cpumask_setall(&v->all_cpus, v->nr_cpus);
	v->first_system_vector = s->prof->first_system_vector;
	v->current_vector = FIRST_EXTERNAL_VECTOR + VECTOR_OFFSET_START;
	v->current_offset = VECTOR_OFFSET_START % 16;
	/* trap_init: the exceptions; IRQ_MOVE_CLEANUP_VECTOR and the syscall gate */
	for (unsigned i = 0; i < FIRST_EXTERNAL_VECTOR; i++)
		set_used_vector(v, i);
	set_used_vector(v, IRQ_MOVE_CLEANUP_VECTOR);
	set_used_vector(v, IA32_SYSCALL_VECTOR);
	/* alloc_system_vector for every APIC/SMP gate: LOCAL_TIMER_VECTOR 0xef and up */
	for (unsigned i = v->first_system_vector; i < NR_VECTORS; i++)
		set_used_vector(v, i);
	/* init_IRQ: the ISA irqs own IRQ0_VECTOR + i on the boot CPU */
	for (unsigned i = 0; i < 16; i++)
		*legacy_vector_irq(v, 0, ISA_IRQ_VECTOR(i)) = (int)i;
	s->legacy = v;
	return 0;
}

void legacy_vector_destroy(struct legacy_vector_state *v)
{
	if (!v)
		return;
	free(v->vector_irq);
	free(v);
}

static bool online(const struct sim *s, unsigned cpu)
{
	return cpu < NR_CPUS && cpumask_test_cpu(cpu, &s->cpu_online_mask);
}

int legacy_irq_cfg_alloc(struct sim *s, struct irq_desc *desc, bool isa)
{
	struct cpumask *dom = nomem_check(calloc(2, sizeof(*dom)));
	if (!dom)
		return -ENOMEM;
	struct apic_chip_data *cfg = irq_desc_apicd_new(desc);
	cfg->domains = dom;
	if (isa) {
		/* arch_early_irq_init: IRQ0_VECTOR + i on every CPU */
		cfg->vector = ISA_IRQ_VECTOR(desc->irq);
		cpumask_setall(&dom[0], s->topo.nr_cpu_ids);
	}
	return 0;
}

/* cpu_mask_to_apicid_and: the effective destination is the domain's first online CPU */
static void update_effective(struct sim *s, struct irq_desc *desc)
{
	struct apic_chip_data *cfg = desc->apicd;
	struct cpumask m;
	if (!cfg->vector || !cpumask_and(&m, &cfg->domains[0], &s->cpu_online_mask))
		return;
	cfg->cpu = cpumask_first(&m);
	cfg->hw_vector = cfg->vector;
	cfg->hw_cpu = cfg->cpu;
	desc->has_effective = true;
	desc->effective_is_affinity = false;
	desc->effective_cpu = cfg->cpu;
}

const struct cpumask *legacy_target_cpus(struct sim *s)
{
	/* x2apic_cluster_target_cpus is cpu_all_mask; physflat and flat use the online CPUs */
	if (s->legacy->apic == APIC_X2APIC_CLUSTER)
		return &s->legacy->all_cpus;
	return &s->cpu_online_mask;
}

/* x2APIC cluster of a CPU: 16 logical IDs per cluster; QEMU numbers APIC IDs like CPUs */
static void cluster_of(unsigned cpu, struct cpumask *out, unsigned nr_cpu_ids)
{
	cpumask_clear(out);
	for (unsigned c = cpu & ~15u; c < (cpu | 15u) + 1 && c < nr_cpu_ids; c++)
		cpumask_set_cpu(c, out);
}

/* apic->vector_allocation_domain(cpu, retmask, mask) */
static void vector_allocation_domain(struct sim *s, unsigned cpu, struct cpumask *ret, const struct cpumask *mask,
				     bool target)
{
	struct legacy_vector_state *v = s->legacy;
	cpumask_clear(ret);
	switch (v->apic) {
	case APIC_FLAT:
		/* APIC_ALL_CPUS: the 8 logical flat IDs */
		for (unsigned c = 0; c < 8 && c < s->topo.nr_cpu_ids; c++)
			cpumask_set_cpu(c, ret);
		break;
	case APIC_PHYSFLAT:
		cpumask_set_cpu(cpu, ret);
		break;
	case APIC_X2APIC_CLUSTER:
		if (target) {
			cpumask_set_cpu(cpu, ret);
		} else {
			struct cpumask cl;
			cluster_of(cpu, &cl, s->topo.nr_cpu_ids);
			cpumask_and(ret, mask, &cl);
		}
		break;
	}
}

/*
 * The walk of __assign_irq_vector for one domain: from the vector after the
 * last hit (current_vector/current_offset) in steps of 16, one priority
 * level each, wrapping to the next offset past first_system_vector, until
 * it comes back to where it started (that one is not tried).  It takes the
 * first vector that is not a system vector and is free on every online CPU
 * of the domain.  Returns false if the domain is full.
 *
 * Kept out of the fuzzers' coverage: on 3.10 every irq tries CPU 0 first,
 * so once the first CPUs are full every new vector walks each of them
 * again, and this loop was half of fuzz_run's time.  Its two accessors are
 * static inline so that they are inlined into it and not instrumented
 * either: out of line, used_vector would be a call into covered code.
 */
__no_sanitize_coverage static bool legacy_walk(struct sim *s, const struct cpumask *dom, unsigned *vector_out,
					       unsigned *offset_out)
{
	struct legacy_vector_state *v = s->legacy;
	struct cpumask on;
	cpumask_and(&on, dom, &s->cpu_online_mask);
	unsigned vector = v->current_vector, offset = v->current_offset;
	for (;;) {
		vector += 16;
		if (vector >= v->first_system_vector) {
			offset = (offset + 1) % 16;
			vector = FIRST_EXTERNAL_VECTOR + offset;
		}
		if (vector == v->current_vector)
			return false;
		if (used_vector(v, vector))
			continue;
		bool busy = false;
		for (unsigned w = 0; w < cpumask_nr_words && !busy; w++)
			for (uint64_t b = on.bits[w]; b; b &= b - 1) {
				unsigned c = w * 64 + (unsigned)__builtin_ctzll(b);
				if (c < v->nr_cpus && *legacy_vector_irq(v, c, vector) > VECTOR_UNDEFINED) {
					busy = true;
					break;
				}
			}
		if (!busy) {
			*vector_out = vector;
			*offset_out = offset;
			return true;
		}
	}
}

int legacy_assign_irq_vector(struct sim *s, struct irq_desc *desc, const struct cpumask *mask)
{
	struct legacy_vector_state *v = s->legacy;
	struct apic_chip_data *cfg = desc->apicd;
	struct cpumask *domain = &cfg->domains[0], *old = &cfg->domains[1];
	struct cpumask tmp, m;
	bool target = mask == legacy_target_cpus(s);
	unsigned cpu, c;

	if (cfg->move_in_progress)
		return -EBUSY;
	cpumask_clear(old);
	cpumask_and(&m, mask, &s->cpu_online_mask);
	cpu = cpumask_first(&m);
	while (cpu < s->topo.nr_cpu_ids) {
		vector_allocation_domain(s, cpu, &tmp, mask, target);
		if (cpumask_subset(&tmp, domain)) {
			/* the irq already has a vector on all of that domain: keep it, shrink the domain */
			if (!cpumask_equal(&tmp, domain)) {
				cpumask_andnot(old, domain, &tmp);
				cfg->move_in_progress = cpumask_intersects(old, &s->cpu_online_mask);
				cpumask_and(domain, domain, &tmp);
			}
			update_effective(s, desc);
			return 0;
		}
		unsigned vector, offset;
		if (legacy_walk(s, &tmp, &vector, &offset)) {
			v->current_vector = vector;
			v->current_offset = offset;
			if (cfg->vector) {
				cpumask_copy(old, domain);
				cfg->move_in_progress = cpumask_intersects(old, &s->cpu_online_mask);
				cfg->prev_vector = cfg->vector;
			}
			for_each_cpu(c, &tmp)
				if (online(s, c))
					*legacy_vector_irq(v, c, vector) = (int)desc->irq;
			cfg->vector = vector;
			cpumask_copy(domain, &tmp);
			update_effective(s, desc);
			return 0;
		}
		/* this domain is full: the next CPU of the mask outside every domain tried so far */
		cpumask_or(old, old, &tmp);
		cpumask_andnot(&tmp, mask, old);
		cpumask_and(&tmp, &tmp, &s->cpu_online_mask);
		cpu = cpumask_first(&tmp);
	}
	return -ENOSPC;
}

bool legacy_clear_irq_vector(struct sim *s, struct irq_desc *desc)
{
	struct legacy_vector_state *v = s->legacy;
	struct apic_chip_data *cfg = desc->apicd;
	unsigned c;
	if (!cfg || !cfg->vector)
		return false;
	for_each_cpu(c, &cfg->domains[0])
		if (online(s, c) && c < v->nr_cpus)
			*legacy_vector_irq(v, c, cfg->vector) = VECTOR_UNDEFINED;
	cfg->vector = 0;
	cpumask_clear(&cfg->domains[0]);
	desc->has_effective = false;
	if (cfg->move_in_progress)
		legacy_complete_move(s, desc);
	return true;
}

void legacy_complete_move(struct sim *s, struct irq_desc *desc)
{
	struct legacy_vector_state *v = s->legacy;
	struct apic_chip_data *cfg = desc->apicd;
	unsigned c;
	if (!cfg || !cfg->move_in_progress)
		return;
	/* the old domain's CPUs drop whatever slot still names this irq */
	for_each_cpu(c, &cfg->domains[1]) {
		if (!online(s, c) || c >= v->nr_cpus)
			continue;
		for (unsigned vec = FIRST_EXTERNAL_VECTOR; vec < NR_VECTORS; vec++) {
			int *slot = legacy_vector_irq(v, c, vec);
			if (*slot != (int)desc->irq || (vec == cfg->vector && cpumask_test_cpu(c, &cfg->domains[0])))
				continue;
			*slot = VECTOR_UNDEFINED;
			break;
		}
	}
	cpumask_clear(&cfg->domains[1]);
	cfg->move_in_progress = false;
	cfg->prev_vector = 0;
}

void legacy_setup_vector_irq(struct sim *s, unsigned cpu)
{
	struct legacy_vector_state *v = s->legacy;
	if (cpu >= v->nr_cpus)
		return;
	/* mark the vectors of every irq whose domain includes this CPU */
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->apicd || !d->apicd->domains || !d->apicd->vector)
			continue;
		if (cpumask_test_cpu(cpu, &d->apicd->domains[0]))
			*legacy_vector_irq(v, cpu, d->apicd->vector) = (int)d->irq;
	}
	/* and free the slots of irqs that no longer target it */
	for (unsigned vec = 0; vec < NR_VECTORS; vec++) {
		int *slot = legacy_vector_irq(v, cpu, vec);
		if (*slot <= VECTOR_UNDEFINED)
			continue;
		struct irq_desc *d = irq_to_desc(s, (unsigned)*slot);
		if (!d || !d->apicd || !d->apicd->domains || !cpumask_test_cpu(cpu, &d->apicd->domains[0]))
			*slot = VECTOR_UNDEFINED;
	}
}

unsigned legacy_vectors_usable(const struct sim *s)
{
	const struct legacy_vector_state *v = s->legacy;
	unsigned n = 0;
	for (unsigned vec = FIRST_EXTERNAL_VECTOR; vec < v->first_system_vector; vec++)
		n += !used_vector(v, vec);
	return n;
}

unsigned legacy_vectors_allocated(const struct sim *s, unsigned cpu)
{
	struct legacy_vector_state *v = s->legacy;
	unsigned n = 0;
	if (cpu >= v->nr_cpus)
		return 0;
	for (unsigned vec = FIRST_EXTERNAL_VECTOR; vec < v->first_system_vector; vec++)
		n += !used_vector(v, vec) && *legacy_vector_irq(v, cpu, vec) > VECTOR_UNDEFINED;
	return n;
}
