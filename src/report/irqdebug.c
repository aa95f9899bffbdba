// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-irq debugfs view: what /sys/kernel/debug/irq/irqs/N shows on a
 * kernel built with CONFIG_GENERIC_IRQ_DEBUGFS (kernel/irq/debugfs.c
 * irq_debug_show, the vector domain's part from arch/x86/kernel/apic/
 * vector.c x86_vector_debug_show), read from the model's irq_desc and
 * apic_chip_data.  Fields the model does not keep (status, istate, wdepth,
 * the chip flags, the interrupt-remapping level of the hierarchy) are left
 * out rather than guessed; irqsim(1) lists them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "irq/irqdesc.h"
#include "kernel/profile.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "pci/pci.h"
#include "report/irqdebug.h"
#include "report/report.h"
#include "report/table.h"

unsigned irqdebug_dstate(const struct irq_desc *d)
{
	/*
	 * IRQD_TRIGGER_MASK is written only by __irq_set_trigger (a request
	 * with IRQF_TRIGGER_*, irq_set_irq_type, a firmware-spec mapping); the
	 * x86 IO-APIC and MSI paths and the drivers modelled never call it, so
	 * the kernel's memory shows 0 there (record --kstate) whatever the
	 * line's trigger.  IRQD_LEVEL comes from IRQ_LEVEL: init_ISA_irqs sets
	 * it on the legacy irqs, mp_register_handler sets or clears it by the
	 * pin's trigger.
	 */
	unsigned st = 0;
	if (d->chip == CHIP_XT_PIC || (d->trigger & (IRQ_TYPE_LEVEL_HIGH | IRQ_TYPE_LEVEL_LOW)))
		st |= IRQD_LEVEL;
	if (d->move_pending)
		st |= IRQD_SETAFFINITY_PENDING;
	if (d->activated)
		st |= IRQD_ACTIVATED;
	if (d->no_balancing)
		st |= IRQD_NO_BALANCING;
	if (d->per_cpu)
		st |= IRQD_PER_CPU;
	if (d->affinity_set)
		st |= IRQD_AFFINITY_SET;
	/* the remapping domain sets IRQ_MOVE_PCNTXT, which irq_modify_status mirrors into the irq_data */
	if (d->remapped)
		st |= IRQD_MOVE_PCNTXT;
	/*
	 * irq_state_set_disabled goes with every depth increment (irq_disable,
	 * irq_shutdown, the initial depth 1); only __irq_startup clears it.  A
	 * managed irq whose mask has no online CPU at request time is never
	 * started (irq_startup: IRQ_STARTUP_ABORT) though its depth is already
	 * 0: still disabled (pc-4cpu-maxcpus-6.1, the queues of the CPUs not
	 * present)
	 */
	if (d->depth > 0 || !d->started)
		st |= IRQD_IRQ_DISABLED;
	/*
	 * An irq never started is masked (desc_set_defaults) and so is one shut
	 * down (irq_shutdown masks it); a started one with a disable depth is
	 * masked only if its chip or a later interrupt did it (lazy disable),
	 * which the model does not follow: left unset there.
	 */
	if (!d->started)
		st |= IRQD_IRQ_MASKED;
	if (d->affinity_managed)
		st |= IRQD_AFFINITY_MANAGED;
	if (d->started)
		st |= IRQD_IRQ_STARTED;
	if (d->managed_shutdown)
		st |= IRQD_MANAGED_SHUTDOWN;
	if (d->can_reserve)
		st |= IRQD_CAN_RESERVE;
	/* x86_vector_alloc_irqs marks every irq of the vector domain single-target and irq-context only */
	if (d->apicd)
		st |= IRQD_SINGLE_TARGET | IRQD_HANDLE_ENFORCE_IRQCTX;
	if (d->affinity_on_activate)
		st |= IRQD_AFFINITY_ON_ACTIVATE;
	return st;
}

/* The flags debugfs names, in its printing order (irqdata_states of kernel/irq/debugfs.c). */
static const struct {
	const char *name;
	unsigned mask;
	bool only_6_12; /* IRQD_RESEND_WHEN_IN_PROGRESS arrived in 6.5 */
} flags[] = {
	{ "IRQ_TYPE_EDGE_RISING", 1u << 0, false },
	{ "IRQ_TYPE_EDGE_FALLING", 1u << 1, false },
	{ "IRQ_TYPE_LEVEL_HIGH", 1u << 2, false },
	{ "IRQ_TYPE_LEVEL_LOW", 1u << 3, false },
	{ "IRQD_LEVEL", IRQD_LEVEL, false },
	{ "IRQD_ACTIVATED", IRQD_ACTIVATED, false },
	{ "IRQD_IRQ_STARTED", IRQD_IRQ_STARTED, false },
	{ "IRQD_IRQ_DISABLED", IRQD_IRQ_DISABLED, false },
	{ "IRQD_IRQ_MASKED", IRQD_IRQ_MASKED, false },
	{ "IRQD_IRQ_INPROGRESS", 1u << 18, false },
	{ "IRQD_PER_CPU", IRQD_PER_CPU, false },
	{ "IRQD_NO_BALANCING", IRQD_NO_BALANCING, false },
	{ "IRQD_SINGLE_TARGET", IRQD_SINGLE_TARGET, false },
	{ "IRQD_MOVE_PCNTXT", IRQD_MOVE_PCNTXT, false },
	{ "IRQD_AFFINITY_SET", IRQD_AFFINITY_SET, false },
	{ "IRQD_SETAFFINITY_PENDING", IRQD_SETAFFINITY_PENDING, false },
	{ "IRQD_AFFINITY_MANAGED", IRQD_AFFINITY_MANAGED, false },
	{ "IRQD_AFFINITY_ON_ACTIVATE", IRQD_AFFINITY_ON_ACTIVATE, false },
	{ "IRQD_MANAGED_SHUTDOWN", IRQD_MANAGED_SHUTDOWN, false },
	{ "IRQD_CAN_RESERVE", IRQD_CAN_RESERVE, false },
	{ "IRQD_FORWARDED_TO_VCPU", 1u << 20, false },
	{ "IRQD_WAKEUP_STATE", 1u << 14, false },
	{ "IRQD_WAKEUP_ARMED", 1u << 19, false },
	{ "IRQD_DEFAULT_TRIGGER_SET", 1u << 25, false },
	{ "IRQD_HANDLE_ENFORCE_IRQCTX", IRQD_HANDLE_ENFORCE_IRQCTX, false },
	{ "IRQD_IRQ_ENABLED_ON_SUSPEND", 1u << 29, false },
	{ "IRQD_RESEND_WHEN_IN_PROGRESS", 1u << 30, true },
};

const char *irqdebug_flag(enum kernel_line line, unsigned i, unsigned *mask)
{
	if (i >= sizeof(flags) / sizeof(flags[0]) || (flags[i].only_6_12 && line < KERNEL_6_12))
		return NULL;
	*mask = flags[i].mask;
	return flags[i].name;
}

/* One irq as the view prints it, copied so that it outlives later steps. */
struct dbg_irq {
	unsigned irq;
	char handler[32];
	char device[16];          /* "" = none: debugfs prints "(null)" */
	unsigned depth, dstate;
	int node;
	char *affinity, *effective, *pending;
	bool has_domain;          /* the top irq_data has a domain */
	char *domain;             /* its name, NULL where the model cannot tell it */
	unsigned long hwirq;
	char chip[64];
	enum { V_NONE, V_LEGACY_PIC, V_UNASSIGNED, V_APICD } vkind;
	struct apic_chip_data apicd;
};

struct dbg_state {
	struct dbg_irq *v;
	size_t nr;
};

static _Thread_local long sel_irq = -1, sel_step = -1;

static char *mask_list(const struct sim *s, const struct cpumask *m)
{
	size_t len = 8u * s->topo.nr_cpu_ids + 2;
	char *b = nomem_check(malloc(len));
	if (b)
		cpumask_print_list(b, len, m, s->topo.nr_cpu_ids);
	return b;
}

/* Whether the model determines the name of d's top domain (domain_name). */
static bool domain_named(const struct sim *s, const struct irq_desc *d)
{
	if (!d->has_domain)
		return false;
	/* the IO-APIC keeps its own domain on top of a remapping one */
	if (d->chip == CHIP_IO_APIC || d->chip == CHIP_DMAR_MSI)
		return true;
	/* a remapped MSI's top domain is the VT-d unit's (other IOMMUs: not modelled) */
	return (d->chip == CHIP_PCI_MSI || d->chip == CHIP_PCI_MSIX) && (!d->remapped || s->intel_iommu);
}

/* include/linux/irqdomain.h (6.1) and irqdomain_defs.h (6.12): enum irq_domain_bus_token */
enum { BUS_PCI_MSI = 3, BUS_PCI_DEVICE_MSI = 11, BUS_PCI_DEVICE_MSIX = 12 };

/*
 * The top domain's name where the model determines it, as the kernel's
 * memory shows it (record --kstate): 6.1's one PCI/MSI domain
 * "PCI-MSI-3" (pci_msi_create_irq_domain renames its "PCI-MSI" fwnode with
 * irq_domain_update_bus_token, "-<DOMAIN_BUS_PCI_MSI>"), 6.12's per-device
 * ones named as their chip plus "-<bus token>" (alloc_name:
 * "PCI-MSIX-0000:00:02.0-12"), the VT-d fault interrupt's DMAR-MSI (no bus
 * token), the IO-APIC's "IO-APIC-<its APIC id>" (mp_irqdomain_create; QEMU's
 * one IO-APIC has id 0).
 */
static char *domain_name(const struct sim *s, const struct irq_desc *d)
{
	if (!domain_named(s, d))
		return NULL;
	if (d->chip == CHIP_DMAR_MSI)
		return nomem_check(strdup("DMAR-MSI"));
	if (d->chip == CHIP_IO_APIC)
		return nomem_check(strdup("IO-APIC-0"));
	char *name = NULL;
	if (s->prof->msi_per_device_domain) {
		if (asprintf(&name, "%s-%d", d->chip_name,
			     d->chip == CHIP_PCI_MSIX ? BUS_PCI_DEVICE_MSIX : BUS_PCI_DEVICE_MSI) < 0)
			return nomem_check(NULL);
		return name;
	}
	/*
	 * 6.1 behind VT-d: the unit's "INTEL-IR-MSI-<seq_id>" PCI/MSI domain
	 * (intel_setup_irq_remapping; QEMU's one unit is dmar0, seq_id 0),
	 * renamed with the same bus token
	 */
	if (d->remapped) {
		if (asprintf(&name, "INTEL-IR-MSI-0-%d", BUS_PCI_MSI) < 0)
			return nomem_check(NULL);
		return name;
	}
	if (asprintf(&name, "PCI-MSI-%d", BUS_PCI_MSI) < 0)
		return nomem_check(NULL);
	return name;
}

static int take_one(const struct sim *s, const struct irq_desc *d, struct dbg_irq *e)
{
	memset(e, 0, sizeof(*e));
	e->irq = d->irq;
	/*
	 * The flow handler: the one /proc/interrupts names for the chips that
	 * name theirs; the 8259's is handle_level_irq (init_ISA_irqs, which
	 * names none) and a descriptor without a chip keeps handle_bad_irq
	 * (desc_set_defaults).
	 */
	if (d->chip == CHIP_XT_PIC)
		snprintf(e->handler, sizeof(e->handler), "handle_level_irq");
	else if (d->chip == CHIP_NONE || !d->handler)
		snprintf(e->handler, sizeof(e->handler), "handle_bad_irq");
	else
		snprintf(e->handler, sizeof(e->handler), "handle_%s_irq", d->handler);
	if (d->is_msi && d->dev)
		snprintf(e->device, sizeof(e->device), "%s", d->dev->name);
	e->depth = d->depth;
	e->dstate = irqdebug_dstate(d);
	e->node = d->node;
	struct cpumask eff;
	cpumask_clear(&eff);
	/*
	 * as /proc/irq/N/effective_affinity_list reads it (read_irq_effective_affinity):
	 * an irq not activated shows the whole written mask even where it had an
	 * effective CPU before (pc's unrequested irqs 10 and 11 after an affinity
	 * write: the kernel's memory says 1-2, pc-4cpu-affinity-lifecycle)
	 */
	if (d->effective_is_affinity)
		cpumask_copy(&eff, d->affinity);
	else if (d->has_effective)
		cpumask_set_cpu(d->effective_cpu, &eff);
	e->affinity = mask_list(s, d->affinity);
	e->effective = mask_list(s, &eff);
	e->pending = mask_list(s, d->pending_mask);
	e->has_domain = d->has_domain;
	e->domain = domain_name(s, d);
	e->hwirq = d->hwirq;
	snprintf(e->chip, sizeof(e->chip), "%s", d->chip_name);
	if (!d->has_domain)
		e->vkind = V_NONE;
	else if (d->apicd && d->apicd->is_legacy_pic)
		e->vkind = V_LEGACY_PIC;
	else if (!d->apicd)
		e->vkind = V_UNASSIGNED;
	else {
		e->vkind = V_APICD;
		e->apicd = *d->apicd;
		e->apicd.domains = NULL;
	}
	return e->affinity && e->effective && e->pending && (!domain_named(s, d) || e->domain) ? 0 : -ENOMEM;
}

/*
 * The dstate bits the model follows (irqdebug_dstate): the flags table but
 * the ones irqsim(1) lists as always 0, and IRQD_IRQ_MASKED of a started irq
 * with a disable depth (lazy disable is not modelled).
 */
static unsigned dstate_modelled(const struct irq_desc *d)
{
	unsigned m = 0xfu | IRQD_LEVEL | IRQD_ACTIVATED | IRQD_IRQ_STARTED | IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED |
		     IRQD_PER_CPU | IRQD_NO_BALANCING | IRQD_SINGLE_TARGET | IRQD_MOVE_PCNTXT | IRQD_AFFINITY_SET |
		     IRQD_SETAFFINITY_PENDING | IRQD_AFFINITY_MANAGED | IRQD_AFFINITY_ON_ACTIVATE |
		     IRQD_MANAGED_SHUTDOWN | IRQD_CAN_RESERVE | IRQD_HANDLE_ENFORCE_IRQCTX;
	if (d->started && d->depth > 0)
		m &= ~IRQD_IRQ_MASKED;
	return m;
}

int irqdebug_kstate_line(const struct sim *s, const struct irq_desc *d, FILE *out)
{
	struct dbg_irq e;
	if (take_one(s, d, &e)) {
		free(e.affinity);
		free(e.effective);
		free(e.pending);
		free(e.domain);
		return -ENOMEM;
	}
	fprintf(out, "irq %u dstate=0x%08x mask=0x%08x flags=", e.irq, e.dstate, dstate_modelled(d));
	unsigned m;
	const char *name;
	bool any = false;
	for (unsigned i = 0; (name = irqdebug_flag(s->prof->line, i, &m)); i++)
		if (e.dstate & m) {
			fprintf(out, "%s%s", any ? "," : "", name);
			any = true;
		}
	fprintf(out, "%s depth=%u node=%d affinity=%s effective=%s pending=%s handler=%s chip=%s hwirq=0x%lx",
		any ? "" : "-", e.depth, e.node, e.affinity, e.effective, e.pending, e.handler, e.chip, e.hwirq);
	if (e.domain) {
		/*
		 * the whole hierarchy, top first: VT-d's own domain sits between a
		 * remapped irq's top and VECTOR ("INTEL-IR-<seq_id>", 6.12 renames
		 * it with DOMAIN_BUS_DMAR, 13)
		 */
		fprintf(out, " domain=%s", e.domain);
		if (!d->remapped)
			fprintf(out, " domains=%s>VECTOR", e.domain);
		else if (s->intel_iommu)
			fprintf(out, " domains=%s>%s>VECTOR", e.domain,
				s->prof->msi_per_device_domain ? "INTEL-IR-0-13" : "INTEL-IR-0");
	}
	const struct apic_chip_data *a = &e.apicd;
	switch (e.vkind) {
	case V_NONE:
		fprintf(out, " vector=-\n");
		break;
	case V_LEGACY_PIC:
		fprintf(out, " vector=legacy-pic\n");
		break;
	case V_UNASSIGNED:
		fprintf(out, " vector=unassigned\n");
		break;
	case V_APICD:
		/* the model gives an old vector back at once: no cleanup is ever pending */
		fprintf(out,
			" vector=%u target=%u prev_vector=%u prev_target=%u move_in_progress=%u is_managed=%u "
			"can_reserve=%u has_reserved=%u cleanup_pending=0\n",
			a->vector, a->cpu, a->prev_vector, a->prev_cpu, a->move_in_progress, a->is_managed,
			a->can_reserve, a->has_reserved);
		break;
	}
	free(e.affinity);
	free(e.effective);
	free(e.pending);
	free(e.domain);
	return 0;
}

static void state_free(void *p)
{
	struct dbg_state *st = p;
	for (size_t i = 0; st && i < st->nr; i++) {
		free(st->v[i].affinity);
		free(st->v[i].effective);
		free(st->v[i].pending);
		free(st->v[i].domain);
	}
	if (st)
		free(st->v);
	free(st);
}

/* Copy the selected irqs of s as they are now into a new state; NULL if out of memory. */
static struct dbg_state *take(const struct sim *s)
{
	struct dbg_state *st = nomem_check(calloc(1, sizeof(*st)));
	if (!st)
		return NULL;
	size_t n = 0;
	for (unsigned i = 0; i < s->irqs.size; i++)
		n += s->irqs.descs[i] && (sel_irq < 0 || (long)i == sel_irq);
	st->v = n ? nomem_check(calloc(n, sizeof(*st->v))) : NULL;
	if (n && !st->v) {
		free(st);
		return NULL;
	}
	for (unsigned i = 0; i < s->irqs.size; i++) {
		const struct irq_desc *d = s->irqs.descs[i];
		if (!d || (sel_irq >= 0 && (long)i != sel_irq))
			continue;
		int rc = take_one(s, d, &st->v[st->nr]);
		st->nr++;
		if (rc) {
			state_free(st);
			return NULL;
		}
	}
	return st;
}

/* The step hook: keep the irqs as they are after the step asked for. */
static int irqdebug_hook(struct sim *s)
{
	if (s->step_log || (long)s->step != sel_step)
		return 0;
	struct dbg_state *st = take(s);
	if (!st)
		return -ENOMEM;
	s->step_log = st;
	s->step_log_free = state_free;
	return 0;
}

void report_irqdebug_select(long irq, long after_step)
{
	sel_irq = irq;
	sel_step = after_step;
	sim_set_step_hook(after_step >= 0 ? irqdebug_hook : NULL);
}

static void print_apicd(FILE *out, const struct dbg_irq *e, int ind)
{
	const struct apic_chip_data *a = &e->apicd;
	switch (e->vkind) {
	case V_NONE:
		return;
	case V_LEGACY_PIC:
		fprintf(out, "%*sVector: %5u\n%*sTarget: Legacy PIC all CPUs\n", ind, "", ISA_IRQ_VECTOR(e->irq), ind, "");
		return;
	case V_UNASSIGNED:
		fprintf(out, "%*sVector: Not assigned\n", ind, "");
		return;
	case V_APICD:
		break;
	}
	fprintf(out, "%*sVector: %5u\n%*sTarget: %5u\n", ind, "", a->vector, ind, "", a->cpu);
	if (a->prev_vector)
		fprintf(out, "%*sPrevious vector: %5u\n%*sPrevious target: %5u\n", ind, "", a->prev_vector, ind, "",
			a->prev_cpu);
	fprintf(out, "%*smove_in_progress: %u\n", ind, "", a->move_in_progress);
	fprintf(out, "%*sis_managed:       %u\n", ind, "", a->is_managed);
	fprintf(out, "%*scan_reserve:      %u\n", ind, "", a->can_reserve);
	fprintf(out, "%*shas_reserved:     %u\n", ind, "", a->has_reserved);
	/* the model gives an old vector back at once (vector_send_cleanup), so no cleanup is ever queued */
	fprintf(out, "%*scleanup_pending:  %u\n", ind, "", 0u);
}

static void print_text(const struct sim *s, const struct dbg_irq *e, FILE *out)
{
	fprintf(out, "handler:  %s\n", e->handler);
	fprintf(out, "device:   %s\n", e->device[0] ? e->device : "(null)");
	fprintf(out, "ddepth:   %u\n", e->depth);
	fprintf(out, "dstate:   0x%08x\n", e->dstate);
	unsigned m;
	const char *name;
	for (unsigned i = 0; (name = irqdebug_flag(s->prof->line, i, &m)); i++)
		if (e->dstate & m)
			fprintf(out, "%12s%s\n", "", name);
	fprintf(out, "node:     %d\n", e->node);
	fprintf(out, "affinity: %s\n", e->affinity);
	fprintf(out, "effectiv: %s\n", e->effective);
	fprintf(out, "pending:  %s\n", e->pending);
	if (e->has_domain && e->domain)
		fprintf(out, "domain:  %s\n", e->domain);
	else if (!e->has_domain)
		fprintf(out, "domain:  \n");
	fprintf(out, " hwirq:   0x%lx\n", e->hwirq);
	fprintf(out, " chip:    %s\n", e->chip);
	if (e->vkind == V_NONE)
		return;
	/* the vector domain is the root of the hierarchy: the top level's last parent */
	fprintf(out, " parent:\n");
	fprintf(out, "    domain:  VECTOR\n");
	fprintf(out, "     hwirq:   0x%x\n", e->irq);
	fprintf(out, "     chip:    APIC\n");
	print_apicd(out, e, 5);
}

static json_t *bool_or_null(bool ok, bool v)
{
	return ok ? json_boolean(v) : json_null();
}

static json_t *irq_json(const struct sim *s, const struct dbg_irq *e)
{
	json_t *o = json_object();
	report_set(o, "irq", report_int(e->irq));
	report_set(o, "handler", report_str(e->handler));
	report_set(o, "device", e->device[0] ? report_str(e->device) : json_null());
	report_set(o, "ddepth", report_int(e->depth));
	report_set(o, "dstate", report_int(e->dstate));
	json_t *fl = json_array();
	unsigned m;
	const char *name;
	for (unsigned i = 0; (name = irqdebug_flag(s->prof->line, i, &m)); i++)
		if (e->dstate & m)
			report_push(fl, report_str(name));
	report_set(o, "flags", fl);
	report_set(o, "node", report_int(e->node));
	report_set(o, "affinity", report_str(e->affinity));
	report_set(o, "effective", report_str(e->effective));
	report_set(o, "pending", report_str(e->pending));
	report_set(o, "domain", e->domain ? report_str(e->domain) : e->has_domain ? json_null() : report_str(""));
	report_set(o, "hwirq", report_int((long long)e->hwirq));
	report_set(o, "chip", report_str(e->chip));
	json_t *v = json_null();
	if (e->vkind != V_NONE) {
		const struct apic_chip_data *a = &e->apicd;
		bool ap = e->vkind == V_APICD;
		v = json_object();
		report_set(v, "legacy_pic", json_boolean(e->vkind == V_LEGACY_PIC));
		report_set(v, "vector", e->vkind == V_LEGACY_PIC ? report_int(ISA_IRQ_VECTOR(e->irq))
					: ap		 ? report_int(a->vector)
							 : json_null());
		report_set(v, "target", ap ? report_int(a->cpu) : json_null());
		report_set(v, "prev_vector", ap && a->prev_vector ? report_int(a->prev_vector) : json_null());
		report_set(v, "prev_target", ap && a->prev_vector ? report_int(a->prev_cpu) : json_null());
		report_set(v, "move_in_progress", bool_or_null(ap, a->move_in_progress));
		report_set(v, "is_managed", bool_or_null(ap, a->is_managed));
		report_set(v, "can_reserve", bool_or_null(ap, a->can_reserve));
		report_set(v, "has_reserved", bool_or_null(ap, a->has_reserved));
		report_set(v, "cleanup_pending", bool_or_null(ap, false));
	}
	report_set(o, "vector", v);
	return o;
}

int report_irqdebug(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (s->prof->line != KERNEL_6_1 && s->prof->line != KERNEL_6_12) {
		snprintf(err, errlen, "irqsim: the irqdebug view follows 6.1's and 6.12's kernel/irq/debugfs.c; "
				      "run it with --kernel 6.1 or 6.12, not %s", kernel_line_name(s->prof->line));
		return -1;
	}
	struct dbg_state *st = NULL, *own = NULL;
	if (sel_step >= 0) {
		st = s->step_log;
		if (!st || s->step_log_free != state_free) {
			snprintf(err, errlen, "irqsim: the run has no step %ld (--after-step)", sel_step);
			return -1;
		}
	} else {
		st = own = take(s);
		if (!st) {
			snprintf(err, errlen, "irqsim: out of memory");
			return -1;
		}
	}
	int rc = 0;
	if (sel_irq >= 0 && !st->nr) {
		snprintf(err, errlen, "irqsim: no irq %ld %s (--irq)", sel_irq,
			 sel_step >= 0 ? "after that step" : "at the end of the run");
		rc = -1;
	} else if (fmt->json) {
		json_t *doc = report_sim_doc(s, "irqdebug"), *arr = json_array();
		report_set(doc, "step", sel_step >= 0 ? report_int(sel_step) : json_null());
		report_set(doc, "irqs", arr);
		for (size_t i = 0; i < st->nr; i++)
			report_push(arr, irq_json(s, &st->v[i]));
		rc = report_doc_print(doc, out, err, errlen);
	} else {
		for (size_t i = 0; i < st->nr; i++) {
			if (st->nr > 1)
				fprintf(out, "%s/sys/kernel/debug/irq/irqs/%u\n", i ? "\n" : "", st->v[i].irq);
			print_text(s, &st->v[i], out);
		}
	}
	state_free(own);
	return rc;
}

void irqsim_irqdebug_select(long irq, long after_step)
{
	report_irqdebug_select(irq, after_step);
}
