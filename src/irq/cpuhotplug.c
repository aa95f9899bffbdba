// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU hot-unplug and hot-plug as far as interrupt vectors go (6.1/6.12):
 * arch/x86/kernel/smpboot.c native_cpu_disable -> lapic_can_unplug_cpu,
 * cpu_disable_common -> fixup_irqs -> kernel/irq/cpuhotplug.c
 * irq_migrate_all_off_this_cpu, lapic_offline -> irq_matrix_offline; and on
 * the way up lapic_online -> irq_matrix_online, then
 * irq_affinity_online_cpu (managed irqs restarted).  See shared/spec/hotplug.md.
 *
 * Everything the dying CPU does happens after it left cpu_online_mask, so
 * none of it reaches the trace (tracepoints only fire on online CPUs).
 */
#include "irq/cpuhotplug.h"

#include <errno.h>
#include <stdio.h>

#include "arch/x86/vector.h"
#include "drivers/driver.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"

/* arch/x86/kernel/apic/vector.c: lapic_can_unplug_cpu */
static int lapic_can_unplug_cpu(struct sim *s, unsigned cpu)
{
	sim_set_this_cpu(s, cpu);
	unsigned tomove = irq_matrix_allocated(s->matrix);
	unsigned avl = irq_matrix_available(s->matrix, true);
	int ret = 0;
	if (avl < tomove) {
		sim_log(s, LOG_WARNING, "CPU %u has %u vectors, %u available. Cannot disable CPU", cpu, tomove, avl);
		ret = -ENOSPC;
	} else {
		unsigned rsvd = irq_matrix_reserved(s->matrix);
		if (avl < rsvd)
			sim_log(s, LOG_WARNING, "Reserved vectors %u > available %u. IRQ request may fail", rsvd, avl);
	}
	sim_set_this_cpu(s, 0);
	return ret;
}

/* kernel/irq/cpuhotplug.c: migrate_one_irq */
static void migrate_one_irq(struct sim *s, struct irq_desc *d, unsigned cpu)
{
	struct apic_chip_data *apicd = d->apicd;
	if (!apicd || d->per_cpu)
		return;
	s->irq_arch->force_complete_move(s, d, cpu);
	if (!d->started || !d->has_effective || d->effective_cpu != cpu) {
		/* irq_fixup_move_pending(desc, false): drop a move whose only target is this CPU */
		if (d->move_pending && !cpumask_intersects(d->pending_mask, &s->cpu_online_mask))
			d->move_pending = false;
		return;
	}
	/* irq_fixup_move_pending(desc, true): a pending change is not lost */
	struct cpumask target;
	if (d->move_pending && cpumask_intersects(d->pending_mask, &s->cpu_online_mask))
		cpumask_copy(&target, d->pending_mask);
	else
		cpumask_copy(&target, d->affinity);
	d->move_pending = false;
	bool brokeaff = false;
	if (!cpumask_intersects(&target, &s->cpu_online_mask)) {
		if (d->affinity_managed) {
			/* irq_shutdown_and_deactivate: nothing is migrated */
			d->managed_shutdown = true;
			irq_shutdown(s, d);
			irq_domain_deactivate_irq(s, d);
			return;
		}
		cpumask_copy(&target, &s->cpu_online_mask);
		brokeaff = true;
	}
	int err = irq_do_set_affinity(s, d, &target, false);
	if (err)
		sim_log(s, LOG_WARNING, "IRQ%u: set affinity failed(%d).", d->irq, err);
	/* the kernel only says so with pr_debug ("IRQ %u: no longer affine to CPU%u"); the steps view says it */
	if (brokeaff && !err)
		d->broke_affinity = true;
}

int cpu_offline(struct sim *s, unsigned cpu, char *why, size_t len)
{
	if (cpu >= s->topo.nr_cpu_ids || !cpumask_test_cpu(cpu, &s->topo.present)) {
		snprintf(why, len, "CPU %u does not exist", cpu);
		return -ENODEV;
	}
	if (cpu == 0) {
		/* x86 has no cpu0/online file unless BOOTPARAM_HOTPLUG_CPU0 */
		snprintf(why, len, "cpu0 cannot be taken offline (no /sys/devices/system/cpu/cpu0/online)");
		return -EACCES;
	}
	if (!cpumask_test_cpu(cpu, &s->cpu_online_mask))
		return 0;
	if (cpumask_weight(&s->cpu_online_mask) == 1) {
		snprintf(why, len, "CPU %u is the last online CPU", cpu);
		return -EBUSY;
	}
	int ret = lapic_can_unplug_cpu(s, cpu);
	if (ret) {
		snprintf(why, len, "lapic_can_unplug_cpu refused: -ENOSPC");
		return ret;
	}
	/* cpu_disable_common: leave cpu_online_mask, then fix up the irqs */
	cpumask_clear_cpu(cpu, &s->cpu_online_mask);
	s->matrix->trace_enabled = false;
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (d && d->action)
			migrate_one_irq(s, d, cpu);
	}
	/* lapic_offline */
	sim_set_this_cpu(s, cpu);
	irq_matrix_offline(s->matrix);
	sim_set_this_cpu(s, 0);
	s->matrix->trace_enabled = true;
	/* the drivers' CPUHP_*_DEAD callbacks run on the control CPU afterwards */
	s->cpuhp_drivers(s, cpu, false);
	return 0;
}

int cpu_online(struct sim *s, unsigned cpu, char *why, size_t len)
{
	if (cpu >= s->topo.nr_cpu_ids || !cpumask_test_cpu(cpu, &s->topo.present)) {
		snprintf(why, len, "CPU %u does not exist", cpu);
		return -ENODEV;
	}
	if (cpumask_test_cpu(cpu, &s->cpu_online_mask))
		return 0;
	/* start_secondary: online in cpu_online_mask, then lapic_online */
	cpumask_set_cpu(cpu, &s->cpu_online_mask);
	sim_set_this_cpu(s, cpu);
	irq_matrix_online(s->matrix);
	sim_set_this_cpu(s, 0);
	/* irq_affinity_online_cpu: restart managed irqs of this CPU's groups */
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->action || !d->affinity_managed || !cpumask_test_cpu(cpu, d->affinity))
			continue;
		if (d->managed_shutdown && !d->started) {
			irq_startup(s, d);
			continue;
		}
		/*
		 * A second CPU of a started managed irq's mask came back: nothing
		 * moves (x86 vectors have a single target), on every line; 6.16's
		 * 788019eb559f/2b32fc8ff08d only keep a driver's disable depth
		 * across the shutdown, and no modelled driver disables its irqs.
		 */
		/* hk_should_isolate: a housekeeping CPU came back for a managed irq
		 * that sits on an isolated one: move it there (irq_set_affinity_locked) */
		if (s->hk_managed_irq && d->started && d->has_effective &&
		    !cpumask_test_cpu(d->effective_cpu, &s->housekeeping_managed_irq) &&
		    cpumask_test_cpu(cpu, &s->housekeeping_managed_irq))
			irq_set_affinity(s, d, d->affinity);
	}
	/* then the CPUHP_AP_ONLINE_DYN states, drivers' online callbacks among them */
	s->cpuhp_drivers(s, cpu, true);
	return 0;
}
