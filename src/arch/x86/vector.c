// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86 vector domain on top of the matrix: reservation mode, managed
 * reservations, activation, moves and teardown, following
 * arch/x86/kernel/apic/vector.c (see shared/spec/x86-vector.md).
 */
#include "arch/x86/vector.h"

#include <errno.h>
#include <stdlib.h>

#include "arch/x86/vector_legacy.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "irq/matrix.h"
#include "kernel/sim.h"
#include "pci/pci.h"

/* 3.10: the per-CPU vector_irq allocator of arch/x86/vector_legacy.c */
static bool legacy(const struct sim *s)
{
	return s->prof->legacy_vector_alloc;
}

static void matrix_trace_sink(void *ctx, const struct matrix_trace *t)
{
	struct sim *s = ctx;
	struct trace_log *tl = &s->trace;
	/* every state change of the matrix ends in a tracepoint: check it here */
	if (s->check_invariants && !s->invariant_error[0])
		irq_matrix_check_invariants(s->matrix, s->invariant_error, sizeof(s->invariant_error));
	/* counted by trace_log_push: the run then fails rather than show a shortened trace */
	trace_log_push(tl, t);
}

static void matrix_warn_sink(void *ctx, const char *msg)
{
	sim_log(ctx, LOG_WARNING, "%s", msg);
}

int x86_vector_init(struct sim *s)
{
	if (legacy(s))
		return legacy_vector_init(s);
	/* arch_early_irq_init: irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR) */
	s->matrix = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, s->prof->first_system_vector,
				     s->topo.nr_cpu_ids, s->prof->line);
	if (!s->matrix)
		return -ENOMEM;
	/* the run's own profile: a point release may differ from its line's base (kernel_sel overrides) */
	s->matrix->empty_mask_einval = s->prof->matrix_empty_mask_einval;
	s->matrix->free_warn_return = s->prof->matrix_free_warn_return;
	s->matrix->allocated_counts_managed = s->prof->allocated_counts_managed;
	/* nothing to record and nothing to check: the tracepoints cost nothing (5% of a sweep) */
	s->matrix->trace = s->trace.omitted && !s->check_invariants ? NULL : matrix_trace_sink;
	s->matrix->warn = matrix_warn_sink;
	s->matrix->trace_ctx = s;
	return 0;
}

void vector_node_mask(struct sim *s, int node, struct cpumask *out)
{
	if (node < 0 || (unsigned)node >= s->topo.nr_node_ids) {
		cpumask_clear(out);
		return;
	}
	/* x86 node_to_cpumask_map holds the CPUs that were brought up */
	cpumask_and(out, &s->topo.node_mask[node], &s->cpu_online_mask);
}

static bool cpu_online(struct sim *s, unsigned cpu)
{
	return cpu < NR_CPUS && cpumask_test_cpu(cpu, &s->cpu_online_mask);
}

/* apic_update_irq_cfg: program the hardware and the effective affinity */
static void apic_update_irq_cfg(struct irq_desc *desc, unsigned vector, unsigned cpu)
{
	desc->apicd->hw_vector = vector;
	desc->apicd->hw_cpu = cpu;
	desc->has_effective = true;
	desc->effective_is_affinity = false;
	desc->effective_cpu = cpu;
}

/* vector_assign_managed_shutdown: point at the shutdown vector on the first online CPU */
static void vector_assign_managed_shutdown(struct sim *s, struct irq_desc *desc)
{
	apic_update_irq_cfg(desc, MANAGED_IRQ_SHUTDOWN_VECTOR, cpumask_first(&s->cpu_online_mask));
}

/*
 * The device the next matrix events are for (matrix_trace.dev): 1 + the
 * index of desc's PCI function among the sim's devices (pci_add_device_at
 * numbers it as it appends it), 0 for an irq of no device.
 */
static void trace_for(struct sim *s, struct irq_desc *desc)
{
	if (s->matrix)
		s->matrix->trace_dev = desc->dev ? desc->dev->trace_id : 0;
}

/* apic_update_vector */
static void apic_update_vector(struct sim *s, struct irq_desc *desc, unsigned newvec, unsigned newcpu)
{
	trace_for(s, desc);
	struct apic_chip_data *apicd = desc->apicd;
	apicd->prev_vector = 0;
	if (apicd->vector && apicd->vector != MANAGED_IRQ_SHUTDOWN_VECTOR) {
		if (cpu_online(s, apicd->cpu)) {
			/* freed when the first interrupt arrives on the new vector */
			apicd->move_in_progress = true;
			apicd->prev_vector = apicd->vector;
			apicd->prev_cpu = apicd->cpu;
		} else {
			irq_matrix_free(s->matrix, apicd->cpu, apicd->vector, desc->affinity_managed);
		}
	}
	apicd->vector = newvec;
	apicd->cpu = newcpu;
}

/* reserve_irq_vector_locked */
static void reserve_irq_vector_locked(struct sim *s, struct irq_desc *desc)
{
	trace_for(s, desc);
	irq_matrix_reserve(s->matrix);
	desc->apicd->can_reserve = true;
	desc->apicd->has_reserved = true;
	desc->can_reserve = true;
	vector_assign_managed_shutdown(s, desc);
}

/* Why irq_matrix_reserve_managed refused: the first CPU of the mask with no free vector. */
static void explain_reserve_failure(struct sim *s, const struct irq_desc *desc)
{
	char mask[256];
	unsigned cpu;
	if (!sim_explaining(s))
		return;
	cpumask_print_list(mask, sizeof(mask), desc->affinity, s->topo.nr_cpu_ids);
	for_each_cpu(cpu, desc->affinity) {
		const struct cpumap *cm = &s->matrix->maps[cpu];
		if (cm->available == 0) {
			/* seed 000's second stack: under remapping the IR domain's alloc calls the vector domain's */
			sim_explain(s, "  irq %u (mask %s): %sx86_vector_alloc_irqs -> reserve_managed_vector -> "
				       "irq_matrix_reserve_managed: -ENOSPC, CPU %u has no free vector (%u usable: %u "
				       "managed reservations, %u other allocations)",
				    desc->irq, mask, desc->is_msi && s->irq_remapping ? "intel_irq_remapping_alloc -> " : "",
				    cpu, s->matrix->alloc_size - s->matrix->systembits_inalloc, cm->managed,
				    cm->allocated - cm->managed_allocated);
			return;
		}
	}
	sim_explain(s, "  irq %u (mask %s): irq_matrix_reserve_managed: -ENOSPC", desc->irq, mask);
}

/* Why irq_matrix_alloc refused (activation or a move). */
static void explain_alloc_failure(struct sim *s, const struct irq_desc *desc, const struct cpumask *dest, int err)
{
	char mask[256];
	if (!sim_explaining(s))
		return;
	cpumask_print_list(mask, sizeof(mask), dest, s->topo.nr_cpu_ids);
	/* seed 000's stack: __irq_domain_activate_irq <- irq_domain_activate_irq <- msi_domain_alloc_irqs */
	sim_explain(s, "  irq %u: %sactivate -> assign_vector_locked -> irq_matrix_alloc: %d, no free vector on CPUs %s "
		       "(global_available %u, managed reservations hold the rest)",
		    desc->irq, s->msi_alloc_activating ? "msi_domain_alloc_irqs -> irq_domain_activate_irq -> x86_vector_" : "",
		    err, mask, s->matrix->global_available);
}

/* assign_vector_locked */
static int assign_vector_locked(struct sim *s, struct irq_desc *desc, const struct cpumask *dest)
{
	trace_for(s, desc);
	struct apic_chip_data *apicd = desc->apicd;
	unsigned cpu = apicd->cpu;
	if (apicd->vector && cpu_online(s, cpu) && cpumask_test_cpu(cpu, dest))
		return 0;
	if (apicd->move_in_progress)
		return -EBUSY;
	int vector = irq_matrix_alloc(s->matrix, dest, apicd->has_reserved, &cpu);
	if (vector < 0) {
		explain_alloc_failure(s, desc, dest, vector);
		return vector;
	}
	apic_update_vector(s, desc, (unsigned)vector, cpu);
	apic_update_irq_cfg(desc, (unsigned)vector, cpu);
	return 0;
}

/* assign_irq_vector_any_locked: the search order differs between 4.18 and 6.x */
static int assign_irq_vector_any_locked(struct sim *s, struct irq_desc *desc)
{
	struct cpumask search, nodemask;
	const struct cpumask *affmsk = desc->affinity;
	int node = desc->node;
	bool has_node = node != NUMA_NO_NODE;
	if (has_node)
		vector_node_mask(s, node, &nodemask);

	if (has_node) {
		cpumask_and(&search, &nodemask, affmsk);
		if (!assign_vector_locked(s, desc, &search))
			return 0;
	}
	if (s->prof->any_locked_aff_before_node) {
		cpumask_and(&search, affmsk, &s->cpu_online_mask);
		if (!assign_vector_locked(s, desc, &search))
			return 0;
		if (has_node && !assign_vector_locked(s, desc, &nodemask))
			return 0;
	} else {
		if (has_node && !assign_vector_locked(s, desc, &nodemask))
			return 0;
		cpumask_and(&search, affmsk, &s->cpu_online_mask);
		if (!assign_vector_locked(s, desc, &search))
			return 0;
	}
	return assign_vector_locked(s, desc, &s->cpu_online_mask);
}

/* assign_managed_vector */
static int assign_managed_vector(struct sim *s, struct irq_desc *desc, const struct cpumask *dest)
{
	trace_for(s, desc);
	struct apic_chip_data *apicd = desc->apicd;
	struct cpumask search;
	unsigned cpu;
	cpumask_and(&search, dest, desc->affinity);
	if (apicd->vector && cpumask_test_cpu(apicd->cpu, &search))
		return 0;
	int vector = irq_matrix_alloc_managed(s->matrix, &search, &cpu);
	if (vector < 0)
		return vector;
	apic_update_vector(s, desc, (unsigned)vector, cpu);
	apic_update_irq_cfg(desc, (unsigned)vector, cpu);
	return 0;
}

/*
 * 3.10: the vector is assigned when the irq is set up, on apic->target_cpus()
 * (create_irq_nr/arch_setup_hwirq for MSI, setup_ioapic_irq for a pin; an
 * ISA irq keeps its IRQ0_VECTOR + n, its domain shrunk to the boot CPU's).
 * A failing MSI irq is destroyed; a failing IO-APIC pin keeps its irq with
 * no vector and no chip (setup_ioapic_irq returns early).
 */
static int legacy_alloc_irq(struct sim *s, struct irq_desc *desc, enum vector_alloc_kind kind)
{
	int ret = legacy_irq_cfg_alloc(s, desc, kind == VEC_ALLOC_LEGACY);
	if (ret)
		return ret;
	ret = legacy_assign_irq_vector(s, desc, legacy_target_cpus(s));
	if (ret && kind != VEC_ALLOC_IOAPIC)
		irq_desc_apicd_free(desc);
	return ret;
}

int x86_vector_alloc_irq(struct sim *s, struct irq_desc *desc, enum vector_alloc_kind kind)
{
	if (legacy(s))
		return legacy_alloc_irq(s, desc, kind);
	trace_for(s, desc);
	struct apic_chip_data *apicd = irq_desc_apicd_new(desc);
	desc->affinity_on_activate = true;

	if (kind == VEC_ALLOC_LEGACY) {
		/*
		 * vector_configure_legacy: an ISA irq keeps its ISA vector on CPU 0
		 * if it is already active (the timer); otherwise that vector is
		 * given back and the irq is reserved like any other.
		 */
		unsigned vec = ISA_IRQ_VECTOR(desc->irq);
		if (desc->activated) {
			apicd->vector = vec;
			apicd->cpu = 0;
			apic_update_irq_cfg(desc, vec, 0);
			return 0;
		}
		apicd->vector = vec;
		apicd->cpu = 0;
		/* clear_irq_vector */
		irq_matrix_free(s->matrix, 0, vec, false);
		apicd->vector = 0;
		apicd->can_reserve = true;
	}

	/* assign_irq_vector_policy */
	if (desc->affinity_managed) {
		/* reserve_managed_vector: one bit on every CPU of the mask */
		apicd->is_managed = true;
		int ret = irq_matrix_reserve_managed(s->matrix, desc->affinity);
		if (ret)
			explain_reserve_failure(s, desc);
		if (ret)
			irq_desc_apicd_free(desc);
		return ret;
	}
	reserve_irq_vector_locked(s, desc);
	return 0;
}

/* clear_irq_vector */
static void clear_irq_vector(struct sim *s, struct irq_desc *desc)
{
	trace_for(s, desc);
	struct apic_chip_data *apicd = desc->apicd;
	bool managed = desc->affinity_managed;
	if (!apicd->vector)
		return;
	irq_matrix_free(s->matrix, apicd->cpu, apicd->vector, managed);
	apicd->vector = 0;
	if (!apicd->prev_vector)
		return;
	irq_matrix_free(s->matrix, apicd->prev_cpu, apicd->prev_vector, managed);
	apicd->prev_vector = 0;
	apicd->move_in_progress = false;
}

/* x86_vector_free_irqs: clear_irq_vector + vector_free_reserved_and_managed */
void x86_vector_free_irq(struct sim *s, struct irq_desc *desc)
{
	trace_for(s, desc);
	struct apic_chip_data *apicd = desc->apicd;
	if (!apicd)
		return;
	if (legacy(s)) {
		/* destroy_irq / arch_teardown_hwirq -> __clear_irq_vector */
		legacy_clear_irq_vector(s, desc);
		irq_desc_apicd_free(desc);
		return;
	}
	clear_irq_vector(s, desc);
	if (apicd->has_reserved)
		irq_matrix_remove_reserved(s->matrix);
	if (apicd->is_managed)
		irq_matrix_remove_managed(s->matrix, desc->affinity);
	irq_desc_apicd_free(desc);
}

/* activate_managed */
static int activate_managed(struct sim *s, struct irq_desc *desc)
{
	struct cpumask search;
	if (!cpumask_and(&search, desc->affinity, &s->cpu_online_mask)) {
		sim_log(s, LOG_ERR, "Managed startup for irq %u, but no CPU", desc->irq);
		/* switch managed_nocpu_positive_einval: 4.18-RHEL returns a positive EINVAL */
		return s->prof->managed_nocpu_positive_einval ? EINVAL : -EINVAL;
	}
	int ret = assign_managed_vector(s, desc, &search);
	if (ret < 0)
		sim_log(s, LOG_ERR, "Managed startup irq %u, no vector available", desc->irq);
	return ret;
}

/* activate_reserved */
static int activate_reserved(struct sim *s, struct irq_desc *desc)
{
	int ret = assign_irq_vector_any_locked(s, desc);
	if (!ret) {
		desc->apicd->has_reserved = false;
		if (!desc->can_reserve)
			desc->apicd->can_reserve = false;
	}
	/* switch warn_affinity_broken (the warning arrived after 4.18) */
	if (s->prof->warn_affinity_broken && desc->has_effective &&
	    !cpumask_test_cpu(desc->effective_cpu, desc->affinity))
		sim_log(s, LOG_WARNING, "irq %u: Affinity broken due to vector space exhaustion.", desc->irq);
	return ret;
}

/* x86_vector_activate */
int x86_vector_activate(struct sim *s, struct irq_desc *desc, bool reserve)
{
	struct apic_chip_data *apicd = desc->apicd;
	/* 3.10 has no activation step: the vector came with the irq */
	if (legacy(s))
		return 0;
	if (!apicd->can_reserve && !apicd->is_managed) {
		/* switch activate_fixed_assigns: 4.18-RHEL activates fixed irqs as a no-op */
		if (s->prof->activate_fixed_assigns)
			assign_irq_vector_any_locked(s, desc);
		return 0;
	}
	if (reserve || (desc->affinity_managed && desc->managed_shutdown)) {
		vector_assign_managed_shutdown(s, desc);
		return 0;
	}
	if (apicd->is_managed)
		return activate_managed(s, desc);
	if (apicd->has_reserved)
		return activate_reserved(s, desc);
	return 0;
}

/* x86_vector_deactivate */
void x86_vector_deactivate(struct sim *s, struct irq_desc *desc)
{
	struct apic_chip_data *apicd = desc->apicd;
	if (legacy(s))
		return;
	if (!apicd->is_managed && !apicd->can_reserve)
		return;
	if (apicd->has_reserved)
		return;
	clear_irq_vector(s, desc);
	if (apicd->can_reserve)
		reserve_irq_vector_locked(s, desc);
	else
		vector_assign_managed_shutdown(s, desc);
}

/* apic_set_affinity */
int apic_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *dest, bool force)
{
	struct cpumask search;
	/* 3.10 __ioapic_set_affinity: assign_irq_vector(irq, cfg, mask) */
	if (legacy(s))
		return desc->apicd->vector ? legacy_assign_irq_vector(s, desc, dest) : -EINVAL;
	if (!desc->activated)
		return -EIO; /* WARN_ON_ONCE in 6.x */
	cpumask_and(&search, dest, &s->cpu_online_mask);
	if (desc->affinity_managed)
		return assign_managed_vector(s, desc, &search);
	return assign_vector_locked(s, desc, &search);
}

/* free_moved_vector: the old vector of a completed move goes back to the matrix */
static void free_moved_vector(struct sim *s, struct irq_desc *desc)
{
	trace_for(s, desc);
	struct apic_chip_data *apicd = desc->apicd;
	irq_matrix_free(s->matrix, apicd->prev_cpu, apicd->prev_vector, apicd->is_managed);
	apicd->prev_vector = 0;
	apicd->move_in_progress = false;
}

/*
 * __send_cleanup_vector: the old CPU frees the vector in its
 * IRQ_MOVE_CLEANUP_VECTOR IPI (modelled as immediate); an offline old CPU
 * cannot take the IPI, so the vector is freed here with a warning.
 */
static void send_cleanup_vector(struct sim *s, struct irq_desc *desc)
{
	struct apic_chip_data *apicd = desc->apicd;
	apicd->move_in_progress = false;
	if (!cpu_online(s, apicd->prev_cpu))
		sim_log(s, LOG_WARNING, "IRQ %u schedule cleanup for offline CPU %u", desc->irq, apicd->prev_cpu);
	free_moved_vector(s, desc);
}

void vector_send_cleanup(struct sim *s, struct irq_desc *desc)
{
	if (desc->apicd && desc->apicd->move_in_progress && !legacy(s))
		send_cleanup_vector(s, desc);
}

int ir_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *dest, bool force)
{
	int ret = apic_set_affinity(s, desc, dest, force);
	if (ret)
		return ret;
	vector_send_cleanup(s, desc);
	return 0;
}

void irq_complete_move(struct sim *s, struct irq_desc *desc, unsigned cpu)
{
	struct apic_chip_data *apicd = desc->apicd;
	if (!apicd || !apicd->move_in_progress)
		return;
	if (legacy(s)) {
		/* 3.10 irq_complete_move: the new domain took it, the old one cleans up */
		if (cpumask_test_cpu(cpu, &apicd->domains[0]))
			legacy_complete_move(s, desc);
		return;
	}
	/* only an interrupt taken on the new target proves the move complete */
	if (apicd->cpu == cpu)
		send_cleanup_vector(s, desc);
}

void irq_force_complete_move(struct sim *s, struct irq_desc *desc, unsigned cpu)
{
	struct apic_chip_data *apicd = desc->apicd;
	if (apicd && legacy(s)) {
		legacy_complete_move(s, desc);
		return;
	}
	if (!apicd || !apicd->prev_vector || (apicd->cpu != cpu && apicd->prev_cpu != cpu))
		return;
	if (apicd->move_in_progress)
		sim_log(s, LOG_WARNING, "IRQ fixup: irq %u move in progress, old vector %u", desc->irq,
			apicd->prev_vector);
	free_moved_vector(s, desc);
}

/*
 * arch/x86/kernel/idt.c marks a system vector for every gate it installs;
 * the set below is what Debian's configs install on a QEMU/TCG guest
 * (no KVM paravirt features, ia32 emulation on).  Verified by boot traces:
 * 6.1 (tests/conformance/golden/ *-6.1), 6.12 (spec x86-vector.md 2.1),
 * 4.18 from seed 000's system_map dump.
 */
struct vec_range {
	unsigned lo, hi;
};

static bool in_ranges(const struct vec_range *r, unsigned v)
{
	for (; r->hi; r++)
		if (v >= r->lo && v <= r->hi)
			return true;
	return false;
}

/*
 * The system vectors of every 5.x+ line: exceptions 0-19, #VC 29, the
 * syscall gate 0x80, LOCAL_TIMER 0xec and the APIC/IPI gates above.  The
 * switches add the cleanup vector 0x20 (has_cleanup_vector), #VE/#CP
 * (idt_ve_cp_gates), or RHEL 8's whole 0xec-0xff block (sysvec_rhel8_block).
 */
static const struct vec_range sysvec_base[] = {
	{ 0, 19 }, { 29, 29 }, { 128, 128 }, { 236, 236 },
	{ 240, 242 }, { 244, 244 }, { 246, 255 }, { 0, 0 },
};

static bool is_system_vector(const struct kernel_profile *p, unsigned v)
{
	if (p->has_cleanup_vector && v == IRQ_MOVE_CLEANUP_VECTOR)
		return true;
	if (p->idt_ve_cp_gates && (v == 20 || v == 21))
		return true;
	if (p->sysvec_rhel8_block && v >= 236)
		return true;
	/* switch no_mce_vectors: without CONFIG_X86_MCE idt.c sets no #MC gate,
	 * THRESHOLD_APIC_VECTOR or DEFERRED_ERROR_VECTOR in system_vectors */
	if (p->no_mce_vectors && (v == 18 || v == 0xf4 || v == 0xf9))
		return false;
	return in_ranges(sysvec_base, v);
}

void x86_assign_system_vectors_prof(struct irq_matrix *m, const struct kernel_profile *p)
{
	/* every bit of system_vectors, ascending (lapic_assign_system_vectors) */
	for (unsigned b = 0; b < NR_VECTORS; b++)
		if (is_system_vector(p, b))
			irq_matrix_assign_system(m, b, false);
	/* PIC cascade (IRQ2): every QEMU machine has the legacy PIC (nr_legacy_irqs() > 1) */
	irq_matrix_assign_system(m, ISA_IRQ_VECTOR(2), false);
}

void x86_assign_system_vectors(struct irq_matrix *m, enum kernel_line line)
{
	x86_assign_system_vectors_prof(m, kernel_profile_get(line));
}

void lapic_assign_system_vectors(struct sim *s)
{
	/* 3.10: used_vectors and init_IRQ's ISA vectors are set up by legacy_vector_init */
	if (legacy(s))
		return;
	sim_set_this_cpu(s, 0);
	x86_assign_system_vectors_prof(s->matrix, s->prof);
	irq_matrix_online(s->matrix);
	/* legacy ISA vectors on the boot CPU (lapic_assign_legacy_vector) */
	for (unsigned i = 0; i < 16; i++)
		if (i != 2)
			irq_matrix_assign(s->matrix, ISA_IRQ_VECTOR(i));
}

void lapic_online_cpu(struct sim *s, unsigned cpu)
{
	if (legacy(s)) {
		legacy_setup_vector_irq(s, cpu);
		return;
	}
	sim_set_this_cpu(s, cpu);
	irq_matrix_online(s->matrix);
}

unsigned vector_cpu_allocated(const struct sim *s, unsigned cpu)
{
	if (legacy(s))
		return legacy_vectors_allocated(s, cpu);
	return s->matrix->maps[cpu].allocated;
}

unsigned vector_cpu_available(const struct sim *s, unsigned cpu)
{
	if (legacy(s))
		return legacy_vectors_usable(s) - legacy_vectors_allocated(s, cpu);
	return s->matrix->maps[cpu].available;
}

unsigned vector_total_allocated(const struct sim *s)
{
	if (!legacy(s))
		return s->matrix->total_allocated;
	unsigned n = 0, cpu;
	for_each_cpu(cpu, &s->cpu_online_mask)
		n += legacy_vectors_allocated(s, cpu);
	return n;
}

unsigned vector_global_available(const struct sim *s)
{
	if (!legacy(s))
		return s->matrix->global_available;
	unsigned n = 0, cpu;
	for_each_cpu(cpu, &s->cpu_online_mask)
		n += vector_cpu_available(s, cpu);
	return n;
}

const struct irq_arch_ops x86_vector_ops = {
	.activate = x86_vector_activate,
	.deactivate = x86_vector_deactivate,
	.set_affinity = apic_set_affinity,
	.complete_move = irq_complete_move,
	.force_complete_move = irq_force_complete_move,
	.node_mask = vector_node_mask,
};

void irq_remapping_mark(struct sim *s, struct irq_desc *desc)
{
	/* 3.10's remapped irqs move in process context too, but its allocator's
	 * move path is not modelled for them: they keep the pending move */
	desc->remapped = s->irq_remapping && !s->prof->legacy_vector_alloc;
}
