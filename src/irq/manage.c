// SPDX-License-Identifier: GPL-2.0-only
/*
 * The genirq core's part of requesting, starting and freeing an interrupt.
 * Only the steps that touch vectors, affinity or produce messages are
 * modelled; their order follows kernel/irq/manage.c:__setup_irq/__free_irq
 * and kernel/irq/chip.c:irq_startup.
 */
#include "irq/manage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"

int irq_domain_activate_irq(struct sim *s, struct irq_desc *desc, bool reserve)
{
	if (desc->activated)
		return 0;
	int ret = 0;
	/* parents first: the vector domain is the root of every hierarchy here */
	if (desc->apicd)
		ret = s->irq_arch->activate(s, desc, reserve);
	if (!ret)
		desc->activated = true;
	return ret;
}

void irq_domain_deactivate_irq(struct sim *s, struct irq_desc *desc)
{
	if (!desc->activated)
		return;
	if (desc->apicd)
		s->irq_arch->deactivate(s, desc);
	desc->activated = false;
}

int irq_do_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *mask, bool force)
{
	struct cpumask tmp;
	/* irq_set_affinity_deactivated: only record the mask before activation */
	if (desc->affinity_on_activate && !desc->activated) {
		cpumask_copy(desc->affinity, mask);
		return 0;
	}
	int ret;
	/*
	 * isolcpus=managed_irq: a managed irq is programmed on the housekeeping
	 * CPUs of its mask if one of them is online, else on the whole mask;
	 * its affinity stays the whole mask (the CPU hotplug code may move it
	 * to a housekeeping CPU that comes online later)
	 */
	const struct cpumask *prog = mask;
	struct cpumask hk;
	if (desc->affinity_managed && s->hk_managed_irq) {
		cpumask_and(&hk, mask, &s->housekeeping_managed_irq);
		if (cpumask_intersects(&hk, &s->cpu_online_mask))
			prog = &hk;
	}
	bool any = cpumask_and(&tmp, prog, &s->cpu_online_mask);
	/* the chip's irq_set_affinity: the remapping chip's for a remapped irq, else the vector domain's */
	int (*set_affinity)(struct sim *, struct irq_desc *, const struct cpumask *, bool) =
		desc->remapped && s->ir_set_affinity ? s->ir_set_affinity : s->irq_arch->set_affinity;
	if (!desc->apicd)
		ret = 0;
	else if (!force && any)
		ret = set_affinity(s, desc, &tmp, false);
	else if (force)
		ret = set_affinity(s, desc, mask, true);
	else
		ret = -EINVAL;
	if (ret == 0)
		cpumask_copy(desc->affinity, mask);
	return ret;
}

bool irq_can_set_affinity_usr(const struct irq_desc *d)
{
	/* irqd_can_balance: not per-CPU, not IRQF_NOBALANCING */
	if (d->per_cpu || d->no_balancing)
		return false;
	/* the chip needs irq_set_affinity: the 8259 (XT-PIC) has none */
	if (!d->apicd || d->apicd->is_legacy_pic)
		return false;
	return !d->affinity_managed;
}

int irq_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *mask)
{
	/* the chip needs an irq_set_affinity callback: the XT-PIC has none */
	if (!desc->apicd || desc->apicd->is_legacy_pic)
		return -EINVAL;
	/*
	 * irq_set_affinity_deactivated: an irq that is not activated only
	 * records the mask; its effective affinity reads as the whole mask
	 * (irq_data_update_effective_affinity) until activation picks a CPU.
	 */
	if (!desc->activated && desc->affinity_on_activate) {
		cpumask_copy(desc->affinity, mask);
		desc->effective_is_affinity = true;
		desc->affinity_set = true;
		return 0;
	}
	/*
	 * irq_set_affinity_locked: an irq that can move in process context
	 * (IRQ_MOVE_PCNTXT: interrupt remapping) is moved now; the others only
	 * record the mask (pending) for their next interrupt
	 */
	if (desc->remapped && !desc->move_pending) {
		int ret = irq_do_set_affinity(s, desc, mask, false);
		if (!ret)
			desc->affinity_set = true;
		return ret;
	}
	desc->move_pending = true;
	cpumask_copy(desc->pending_mask, mask);
	desc->affinity_set = true;
	if (desc->fires)
		handle_irq_burst(s, desc);
	return 0;
}

/* kernel/irq/migration.c: irq_move_masked_irq */
static void irq_move_masked_irq(struct sim *s, struct irq_desc *desc)
{
	if (!desc->move_pending)
		return;
	desc->move_pending = false;
	if (desc->per_cpu || cpumask_empty(desc->pending_mask))
		return;
	if (cpumask_intersects(desc->pending_mask, &s->cpu_online_mask)) {
		/* runs on the CPU that took the interrupt */
		sim_set_this_cpu(s, desc->effective_cpu);
		int ret = irq_do_set_affinity(s, desc, desc->pending_mask, false);
		sim_set_this_cpu(s, 0);
		/* a cleanup still pending below: try again at the next interrupt */
		if (ret == -EBUSY) {
			desc->move_pending = true;
			return;
		}
	}
	cpumask_clear_sized(desc->pending_mask);
}

void handle_irq(struct sim *s, struct irq_desc *desc)
{
	if (!desc->apicd || !desc->started || !desc->has_effective)
		return;
	/* the interrupt is taken on the CPU the hardware points at */
	s->irq_arch->complete_move(s, desc, desc->apicd->hw_cpu);
	irq_move_masked_irq(s, desc);
}

void handle_irq_burst(struct sim *s, struct irq_desc *desc)
{
	for (int i = 0; i < 4 && (desc->move_pending || (desc->apicd && desc->apicd->move_in_progress)); i++)
		handle_irq(s, desc);
}

int irq_setup_affinity(struct sim *s, struct irq_desc *desc)
{
	struct cpumask mask, nodemask;
	const struct cpumask *set = &s->irq_default_affinity;
	if (desc->per_cpu || desc->no_balancing)
		return 0;
	if (desc->affinity_managed || desc->affinity_set) {
		if (cpumask_intersects(desc->affinity, &s->cpu_online_mask))
			set = desc->affinity;
		else
			desc->affinity_set = false;
	}
	if (!cpumask_and(&mask, &s->cpu_online_mask, set))
		cpumask_copy(&mask, &s->cpu_online_mask);
	if (desc->node != NUMA_NO_NODE) {
		s->irq_arch->node_mask(s, desc->node, &nodemask);
		if (cpumask_intersects(&mask, &nodemask))
			cpumask_and(&mask, &mask, &nodemask);
	}
	return irq_do_set_affinity(s, desc, &mask, false);
}

int irq_startup(struct sim *s, struct irq_desc *desc)
{
	desc->depth = 0;
	if (desc->started)
		return 0;
	if (desc->affinity_managed) {
		/* __irq_startup_managed */
		desc->managed_shutdown = false;
		if (!cpumask_intersects(desc->affinity, &s->cpu_online_mask)) {
			/* started later by the CPU hotplug code */
			desc->managed_shutdown = true;
			return 0;
		}
		if (irq_domain_activate_irq(s, desc, false)) {
			desc->managed_shutdown = true;
			return 0;
		}
		irq_do_set_affinity(s, desc, desc->affinity, false);
		desc->started = true;
		return 0;
	}
	/* PCI-MSI and IO-APIC chips set IRQCHIP_AFFINITY_PRE_STARTUP */
	irq_setup_affinity(s, desc);
	desc->started = true;
	return 0;
}

void irq_shutdown(struct sim *s, struct irq_desc *desc)
{
	(void)s;
	if (desc->started) {
		desc->depth = 1;
		desc->started = false;
	}
}

int request_threaded_irq(struct sim *s, unsigned irq, unsigned flags, const char *name, const void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(s, irq);
	if ((flags & IRQF_SHARED) && !dev_id)
		return -EINVAL;
	if (!desc)
		return -EINVAL;
	/* __setup_irq */
	if (desc->chip == CHIP_NONE)
		return -ENOSYS;
	/*
	 * __setup_irq ORs the irq_data's trigger type into flags without
	 * IRQF_TRIGGER_*, but neither the IO-APIC nor the MSI domains set it
	 * (io_apic.c never calls irqd_set_trigger_type): it stays 0 even on a
	 * level-triggered PCI line (pc-2cpu-bridges-intx-6.1: "Flags mismatch
	 * irq 10. 00000000 (megasas1-msix0) vs. 00000080 (virtio0)").
	 */

	struct irqaction *old = desc->action;
	bool shared = false;
	if (old) {
		unsigned oldtype = old->flags & IRQF_TRIGGER_MASK;
		/* a new action that agrees to ONESHOT takes it from the old one */
		if ((old->flags & IRQF_ONESHOT) && (flags & IRQF_COND_ONESHOT))
			flags |= IRQF_ONESHOT;
		bool ok = (old->flags & flags & IRQF_SHARED) &&
			  oldtype == (flags & IRQF_TRIGGER_MASK) &&
			  !((old->flags ^ flags) & IRQF_ONESHOT) &&
			  !((old->flags ^ flags) & IRQF_PERCPU);
		if (!ok) {
			if (!(flags & IRQF_PROBE_SHARED))
				sim_log(s, LOG_ERR, "genirq: Flags mismatch irq %u. %08x (%s) vs. %08x (%s)",
					irq, flags, name, old->flags, old->name);
			return -EBUSY;
		}
		shared = true;
	}

	if (!shared) {
		/* irq_activate: managed irqs are activated at startup instead */
		if (!desc->affinity_managed) {
			int ret = irq_domain_activate_irq(s, desc, false);
			if (ret)
				return ret;
		}
	}

	struct irqaction *a = irqaction_new(s, name);
	if (!a)
		return -ENOMEM;
	a->flags = flags;
	a->dev_id = dev_id;
	if (!old) {
		desc->action = a;
	} else {
		struct irqaction *t = old;
		while (t->next)
			t = t->next;
		t->next = a;
	}
	if (flags & IRQF_NOBALANCING)
		desc->no_balancing = true;
	if (flags & IRQF_PERCPU)
		desc->per_cpu = true;
	/* __setup_irq: register_irq_proc */
	desc->proc_registered = true;
	if (!shared)
		irq_startup(s, desc);
	return 0;
}

int request_irq(struct sim *s, unsigned irq, unsigned flags, const char *name, const void *dev_id)
{
	/* the flag shows in a "Flags mismatch" line: pc-2cpu-bridges-intx-6.12
	 * prints 00200000 for megaraid_sas's request_irq, 00000080 for nvme's
	 * pci_request_irq (request_threaded_irq); 6.1 prints 00000000 */
	if (s->prof->request_irq_cond_oneshot)
		flags |= IRQF_COND_ONESHOT;
	return request_threaded_irq(s, irq, flags, name, dev_id);
}

void free_irq(struct sim *s, unsigned irq, const void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(s, irq);
	if (!desc)
		return;
	struct irqaction **pp = &desc->action;
	while (*pp && (*pp)->dev_id != dev_id)
		pp = &(*pp)->next;
	if (!*pp)
		return; /* "Trying to free already-free IRQ" */
	struct irqaction *a = *pp;
	*pp = a->next;
	kmem_free(&s->kmem, a);
	if (!desc->action) {
		irq_shutdown(s, desc);
		irq_domain_deactivate_irq(s, desc);
		desc->no_balancing = false;
		desc->per_cpu = false;
	}
}
