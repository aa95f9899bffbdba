// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes to /proc/irq/N/smp_affinity_list as kernel/irq/proc.c handles
 * them (write_irq_affinity): the checks, in the kernel's order, decide which
 * error the shell reports.
 */
#include "irq/proc.h"

#include <errno.h>
#include <stdio.h>

#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "lib/bitmap.h"

int write_irq_affinity(struct sim *s, unsigned irq, const char *text)
{
	struct irq_desc *d = irq_to_desc(s, irq);
	struct cpumask mask;
	if (!d || !d->proc_registered)
		return -ENOENT;
	if (!irq_can_set_affinity_usr(d))
		return s->prof->affinity_usr_eperm ? -EPERM : -EIO;
	int err = bitmap_parselist(text, &mask, s->topo.nr_cpu_ids);
	if (err)
		return err;
	/*
	 * At least one online CPU must remain a target; an empty or offline
	 * set would need irq_select_affinity_usr, which x86 (no
	 * CONFIG_AUTO_IRQ_AFFINITY) refuses.
	 */
	if (!cpumask_intersects(&mask, &s->cpu_online_mask))
		return -EINVAL;
	return irq_set_affinity(s, d, &mask);
}

void read_irq_affinity(struct sim *s, unsigned irq, char *buf, size_t len)
{
	struct irq_desc *d = irq_to_desc(s, irq);
	if (!d || !d->proc_registered) {
		snprintf(buf, len, "-");
		return;
	}
	/* show_irq_affinity: a pending change reads back as the new mask */
	cpumask_print_list(buf, len, d->move_pending ? d->pending_mask : d->affinity, s->topo.nr_cpu_ids);
}

/* /proc/irq/N/effective_affinity_list: one CPU on x86, the whole mask while deactivated, "" if none */
void read_irq_effective_affinity(const struct sim *s, const struct irq_desc *d, char *buf, size_t len)
{
	if (d->effective_is_affinity)
		cpumask_print_list(buf, len, d->affinity, s->topo.nr_cpu_ids);
	else if (!d->has_effective)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%u", d->effective_cpu);
}
