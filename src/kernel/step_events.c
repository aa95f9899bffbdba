// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each step did to the interrupts: every irq's vector, start state and
 * pending move, and every device's interrupt mode, against the step before.
 * A CPU going offline does its irq work on the dying CPU, where tracepoints
 * no longer fire (kernel/irq/cpuhotplug.c: irq_migrate_all_off_this_cpu), so
 * the trace cannot tell a user that a managed irq was shut down there; these
 * events can.  New irqs of a probe are not events: the device's mode is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "pci/pci.h"

/* One irq after the last step */
struct step_prev {
	bool present, vec, started, shutdown, pending, managed;
	unsigned cpu, vector;
	char *name;
	unsigned long serial;   /* of the action name was copied from: the same action, the same name */
};

const char *step_event_name(enum step_event_kind k)
{
	static const char *const names[] = {
		[SE_MOVED] = "moved",
		[SE_MOVE_PENDING] = "move_pending",
		[SE_SHUTDOWN] = "managed_shutdown",
		[SE_RESTARTED] = "managed_restarted",
		[SE_AFFINITY_BROKEN] = "affinity_broken",
		[SE_FREED] = "vector_freed",
		[SE_DEV_FELL_BACK] = "device_fell_back",
		[SE_DEV_FAILED] = "device_failed",
	};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

static struct step_event *push(struct step_snapshot *sn, size_t *cap, enum step_event_kind kind)
{
	if (sn->nev == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct step_event *v = nomem_check(realloc(sn->ev, nc * sizeof(*v)));
		if (!v)
			return NULL;
		sn->ev = v;
		*cap = nc;
	}
	struct step_event *e = &sn->ev[sn->nev++];
	*e = (struct step_event){ .kind = kind, .from_cpu = -1, .from_vec = -1, .to_cpu = -1, .to_vec = -1, .dev = -1,
				  .mode = -1 };
	return e;
}

static int irq_events(struct sim *s, struct step_snapshot *sn, size_t *cap)
{
	size_t n = s->irqs.size > s->nprev_irq ? s->irqs.size : s->nprev_irq;
	if (n > s->nprev_irq) {
		struct step_prev *v = nomem_check(realloc(s->prev_irq, n * sizeof(*v)));
		if (!v)
			return -1;
		memset(v + s->nprev_irq, 0, (n - s->nprev_irq) * sizeof(*v));
		s->prev_irq = v;
		s->nprev_irq = n;
	}
	for (size_t i = 0; i < n; i++) {
		struct step_prev *p = &s->prev_irq[i];
		struct irq_desc *d = i < s->irqs.size ? s->irqs.descs[i] : NULL;
		if (!d && !p->present)
			continue; /* no irq then or now (p is all zero): nothing happened, nothing to keep */
		const struct apic_chip_data *a = d ? d->apicd : NULL;
		bool vec = a && a->vector;
		struct step_event *e = NULL;
		if (p->present && p->vec && d && d->managed_shutdown && !p->shutdown && !vec)
			e = push(sn, cap, SE_SHUTDOWN);
		else if (p->present && p->vec && !vec)
			e = push(sn, cap, SE_FREED);
		else if (p->present && p->shutdown && d && d->started && vec)
			e = push(sn, cap, SE_RESTARTED);
		else if (p->present && p->vec && vec && (a->cpu != p->cpu || a->vector != p->vector))
			e = push(sn, cap, d->broke_affinity ? SE_AFFINITY_BROKEN : SE_MOVED);
		else if (d && d->move_pending && !p->pending && vec)
			e = push(sn, cap, SE_MOVE_PENDING);
		if (e) {
			e->irq = (unsigned)i;
			e->managed = d ? d->affinity_managed : p->managed;
			const char *name = d && d->action ? d->action->name : p->name;
			e->name = name ? nomem_check(strdup(name)) : NULL;
			if (p->vec) {
				e->from_cpu = (int)p->cpu;
				e->from_vec = (int)p->vector;
			}
			if (vec && e->kind != SE_MOVE_PENDING) {
				e->to_cpu = (int)a->cpu;
				e->to_vec = (int)a->vector;
				e->held = a->move_in_progress;
			}
			if (e->kind == SE_MOVE_PENDING) {
				/* where it goes at its next interrupt */
				struct cpumask m;
				cpumask_and(&m, d->pending_mask, &s->cpu_online_mask);
				e->to_cpu = cpumask_empty(&m) ? -1 : (int)cpumask_first(&m);
			}
		}
		if (d)
			d->broke_affinity = false;
		/* the irq as it is now */
		if (!d) {
			free(p->name);
			*p = (struct step_prev){ 0 };
			continue;
		}
		p->present = true;
		p->vec = vec;
		p->cpu = vec ? a->cpu : 0;
		p->vector = vec ? a->vector : 0;
		p->started = d->started;
		p->shutdown = d->managed_shutdown && !d->started;
		p->pending = d->move_pending;
		p->managed = d->affinity_managed;
		if (d->action && (!p->name || p->serial != d->action->serial)) {
			if (!p->name || strcmp(p->name, d->action->name)) {
				free(p->name);
				p->name = nomem_check(strdup(d->action->name));
			}
			p->serial = p->name ? d->action->serial : 0;
		}
	}
	return 0;
}

static int device_events(struct sim *s, struct step_snapshot *sn, size_t *cap)
{
	if (s->nr_pdevs > s->nprev_mode) {
		signed char *v = nomem_check(realloc(s->prev_mode, s->nr_pdevs));
		if (!v)
			return -1;
		memset(v + s->nprev_mode, -1, s->nr_pdevs - s->nprev_mode);
		s->prev_mode = v;
		s->nprev_mode = s->nr_pdevs;
	}
	int idx = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		enum dev_irq_mode m = device_irq_mode(d);
		bool fell = device_fell_back(d);
		signed char code = fell ? (signed char)m : -2;
		if (fell && s->prev_mode[i] != code) {
			struct step_event *e = push(sn, cap, m == DM_FAILED ? SE_DEV_FAILED : SE_DEV_FELL_BACK);
			if (!e)
				return -1;
			e->dev = idx;
			e->pci = d->name;
			e->name = nomem_check(strdup(driver_dev_name(d)));
			e->mode = m;
			e->err = d->probe_err;
		}
		s->prev_mode[i] = code;
		idx++;
	}
	return 0;
}

int step_events_record(struct sim *s, struct step_snapshot *sn)
{
	size_t cap = 0;
	/* 3.10's vector_irq tables have no per-irq CPU in apic_chip_data, and it refuses CPU hot-plug */
	if (s->matrix && irq_events(s, sn, &cap))
		return -ENOMEM;
	return device_events(s, sn, &cap) ? -ENOMEM : 0;
}

void step_events_free(struct sim *s)
{
	for (size_t i = 0; i < s->snaps.nr; i++) {
		for (size_t k = 0; k < s->snaps.v[i].nev; k++)
			free(s->snaps.v[i].ev[k].name);
		free(s->snaps.v[i].ev);
	}
	for (size_t i = 0; i < s->nprev_irq; i++)
		free(s->prev_irq[i].name);
	free(s->prev_irq);
	free(s->prev_mode);
}
