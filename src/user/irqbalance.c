// SPDX-License-Identifier: GPL-2.0-only
/*
 * irqbalance (userspace) reduced to its effect on vectors.  It cannot see
 * vectors: it writes masks through /proc/irq/N/smp_affinity_list like any
 * user (so managed and no-balancing irqs refuse with -EIO and are left
 * alone) and the kernel moves the irq at its next interrupt.  Simplified:
 * no load measurement; POWERSAVE is the concentration on each node's first
 * CPU that seed 000 reports, SPREAD balances the count of allocated vectors.
 */
#include "user/irqbalance.h"

#include <stdio.h>

#include "arch/x86/vector.h"
#include "drivers/driver.h"
#include "irq/irqdesc.h"
#include "pci/pci.h"
#include "irq/manage.h"
#include "irq/proc.h"
#include "kernel/sim.h"

static unsigned cpu_allocated(const struct sim *s, unsigned cpu)
{
	return vector_cpu_allocated(s, cpu);
}

static int cpu_node(const struct sim *s, unsigned cpu)
{
	return s->topo.cpu_to_node ? s->topo.cpu_to_node[cpu] : 0;
}

static bool movable(const struct irq_desc *d)
{
	return d->proc_registered && d->action && irq_can_set_affinity_usr(d) && d->started && d->has_effective;
}

/*
 * Interrupts that fire under load: the console's, every device's data irqs
 * (MSI queue vectors, INTx lines of devices in INTx mode); a virtio config
 * vector stays idle, so a move written for it stays pending.
 */
static bool fires_under_load(struct sim *s, const struct irq_desc *d)
{
	if (d->fires)
		return true;
	if (d->is_msi && d->dev)
		return device_msi_carries_io(d->dev, d->msi_index);
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *p = s->pdevs[i];
		if (p->irq == d->irq && device_irq_mode(p) == DM_INTX)
			return true;
	}
	return false;
}

static unsigned target_cpu(struct sim *s, const struct irq_desc *d, enum balance_mode mode)
{
	unsigned cur = d->effective_cpu, cpu;
	int node = d->node != NUMA_NO_NODE ? d->node : cpu_node(s, cur);
	if (mode == BALANCE_POWERSAVE) {
		for_each_cpu(cpu, &s->cpu_online_mask)
			if (cpu_node(s, cpu) == node)
				return cpu;
		return cur;
	}
	unsigned best = cur, bestn = cpu_allocated(s, cur);
	for_each_cpu(cpu, &s->cpu_online_mask) {
		if (d->node != NUMA_NO_NODE && cpu_node(s, cpu) != d->node)
			continue;
		if (cpu_allocated(s, cpu) + 1 < bestn) {
			best = cpu;
			bestn = cpu_allocated(s, cpu) + 1;
		}
	}
	return best;
}

unsigned irqbalance_pass(struct sim *s, enum balance_mode mode)
{
	unsigned moved = 0;
	if (mode == BALANCE_OFF)
		return 0;
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !movable(d))
			continue;
		unsigned cpu = target_cpu(s, d, mode);
		if (cpu == d->effective_cpu || (d->move_pending && cpumask_test_cpu(cpu, d->pending_mask)))
			continue;
		char list[16];
		snprintf(list, sizeof(list), "%u", cpu);
		if (write_irq_affinity(s, d->irq, list))
			continue;
		/* the next interrupts carry the move out, if any come */
		if (fires_under_load(s, d))
			handle_irq_burst(s, d);
		if (d->effective_cpu == cpu)
			moved++;
	}
	return moved;
}
