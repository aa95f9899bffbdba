// SPDX-License-Identifier: GPL-2.0-only
/* The irq number space (kernel/irq/irqdesc.c): lowest free numbers first. */
#include "irq/irqdesc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/sim.h"

struct irqaction *irqaction_new(struct sim *s, const char *name)
{
	static _Thread_local unsigned long serial;
	size_t n = strlen(name) + 1;
	struct irqaction *a = kmem_zalloc(&s->kmem, sizeof(*a) + n);
	if (!a)
		return NULL;
	a->name = memcpy(a + 1, name, n);
	a->serial = ++serial;
	return a;
}

struct apic_chip_data *irq_desc_apicd_new(struct irq_desc *desc)
{
	memset(&desc->apicd_mem, 0, sizeof(desc->apicd_mem));
	desc->apicd = &desc->apicd_mem;
	return desc->apicd;
}

void irq_desc_apicd_free(struct irq_desc *desc)
{
	if (desc->apicd)
		free(desc->apicd->domains);
	desc->apicd = NULL;
}

static int grow(struct irq_table *t, unsigned need)
{
	if (need <= t->size)
		return 0;
	unsigned ns = t->size ? t->size : 256;
	while (ns < need)
		ns *= 2;
	struct irq_desc **nd = nomem_check(realloc(t->descs, ns * sizeof(*nd)));
	if (!nd)
		return -ENOMEM;
	memset(nd + t->size, 0, (ns - t->size) * sizeof(*nd));
	t->descs = nd;
	t->size = ns;
	return 0;
}

static struct irq_desc *new_desc(struct sim *s, unsigned irq, int node)
{
	/* the two masks after the descriptor, nr_cpu_ids bits each (cpumask.h: cpumask_size) */
	size_t mb = cpumask_size();
	/* s->kmem: a probe's descriptors are made, given back and made again (1,200 frees a seed 000 run) */
	struct irq_desc *d = kmem_zalloc(&s->kmem, sizeof(*d) + 2 * mb);
	if (!d)
		return NULL;
	d->affinity = (struct cpumask *)(void *)(d + 1);
	d->pending_mask = (struct cpumask *)(void *)((char *)(d + 1) + mb);
	d->irq = irq;
	d->node = node;
	d->depth = 1;
	d->handler = "edge";
	d->chip_name = "";
	/* desc_smp_init: irq_default_affinity unless the caller gives one */
	cpumask_copy(d->affinity, &s->irq_default_affinity);
	s->irqs.descs[irq] = d;
	/* /proc/interrupts width follows nr_irqs, which grows with the numbers used */
	if (irq + 1 > s->irqs.nr_irqs)
		s->irqs.nr_irqs = irq + 1;
	return d;
}

int irq_alloc_descs(struct sim *s, unsigned from, unsigned cnt, int node)
{
	/*
	 * bitmap_find_next_zero_area over allocated_irqs from 'from'.  For the
	 * dynamic range, every number in [dynirq_base, free_hint) is known to be
	 * taken, so the search can start at the hint.
	 */
	bool dyn = from == s->dynirq_base;
	unsigned begin = (dyn && s->irqs.free_hint > from) ? s->irqs.free_hint : from;
	for (unsigned start = begin;; start++) {
		if (start + cnt > s->irqs.size && grow(&s->irqs, start + cnt))
			return -ENOMEM;
		unsigned i;
		for (i = 0; i < cnt; i++)
			if (s->irqs.descs[start + i])
				break;
		if (i < cnt) {
			start += i;
			continue;
		}
		for (i = 0; i < cnt; i++)
			if (!new_desc(s, start + i, node))
				return -ENOMEM;
		if (dyn && (cnt == 1 || start == begin))
			s->irqs.free_hint = start + cnt;
		return (int)start;
	}
}

struct irq_desc *irq_alloc_desc_at(struct sim *s, unsigned irq, int node)
{
	if (grow(&s->irqs, irq + 1))
		return NULL;
	if (s->irqs.descs[irq])
		return s->irqs.descs[irq];
	return new_desc(s, irq, node);
}

static void free_actions(struct sim *s, struct irqaction *a)
{
	while (a) {
		struct irqaction *n = a->next;
		kmem_free(&s->kmem, a);
		a = n;
	}
}

void irq_free_desc(struct sim *s, unsigned irq)
{
	struct irq_desc *d = irq_to_desc(s, irq);
	if (!d)
		return;
	free_actions(s, d->action);
	irq_desc_apicd_free(d);
	kmem_free(&s->kmem, d);
	s->irqs.descs[irq] = NULL;
	if (irq >= s->dynirq_base && irq < s->irqs.free_hint)
		s->irqs.free_hint = irq;
}

void irq_table_free(struct sim *s)
{
	struct irq_table *t = &s->irqs;
	for (unsigned i = 0; i < t->size; i++) {
		struct irq_desc *d = t->descs[i];
		if (!d)
			continue;
		free_actions(s, d->action);
		irq_desc_apicd_free(d);
		kmem_free(&s->kmem, d);
	}
	free(t->descs);
	memset(t, 0, sizeof(*t));
}
