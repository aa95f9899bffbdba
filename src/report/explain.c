// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explain view: where the vector space went, then for every device that
 * fell back or failed the chain of attempts with the kernel function that
 * refused and its numbers.  Devices whose chains differ only in numbers
 * (irq, CPU, counters) are grouped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "irq/matrix.h"
#include "whatif/host.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "irqsim/irqsim.h"
#include "report/groups.h"
#include "report/report.h"
#include "whatif/stats.h"

static const char *dev_name(const struct pci_dev *d)
{
	return driver_dev_name(d);
}

static bool fell_back(const struct pci_dev *d)
{
	return device_fell_back(d);
}

/* Does the step move, shut down, restart or free an irq (not only probe devices)? */
static bool irq_step(const struct step_snapshot *sn)
{
	for (size_t k = 0; k < sn->nev; k++)
		if (sn->ev[k].kind != SE_DEV_FELL_BACK && sn->ev[k].kind != SE_DEV_FAILED)
			return true;
	return false;
}

/* What the steps did to the irqs (kernel/step_events.c), the steps that did something */
static void steps_text(const struct sim *s, FILE *out)
{
	bool any = false;
	for (size_t i = 0; i < s->snaps.nr; i++) {
		const struct step_snapshot *sn = &s->snaps.v[i];
		if (!irq_step(sn))
			continue;
		if (!any)
			fputs("what the steps did to the irqs:\n", out);
		any = true;
		fprintf(out, "  step %u %s:\n", sn->step, sn->text);
		/* what it gave back or took, as the matrix counts it (seed 000: +81 for an unplugged disk) */
		if (i > 0 && s->matrix) {
			const struct step_snapshot *pr = &s->snaps.v[i - 1];
			fprintf(out, "    global_available %u -> %u (%+lld), total_allocated %u -> %u (%+lld)\n", pr->available,
				sn->available, (long long)sn->available - pr->available, pr->allocated, sn->allocated,
				(long long)sn->allocated - pr->allocated);
		}
		for (size_t k = 0; k < sn->nev;) {
			fputs("    ", out);
			k += report_step_event_text(sn, k, out);
		}
	}
}

static json_t *steps_json(const struct sim *s)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < s->snaps.nr; i++) {
		const struct step_snapshot *sn = &s->snaps.v[i];
		if (!irq_step(sn))
			continue;
		json_t *o = json_object();
		report_push(arr, o);
		report_set(o, "step", report_int(sn->step));
		report_set(o, "text", report_str(sn->text));
		report_set(o, "events", report_step_events_json(sn));
	}
	return arr;
}

/* The figures the view leads with: the vector space, the managed reservations, the host's routes */
struct explain_figures {
	struct sim_stats st;
	int first_short;             /* device index of the first without a GSI route, -1 if none */
	const char *first_short_name;
	unsigned routes;             /* KVM GSI routes the devices take, IO-APIC pins included */
	unsigned alloc_size, allocated, available, online;
};

static void explain_figures(struct sim *s, struct explain_figures *f)
{
	sim_stats(s, &f->st);
	/* the host's GSI routes, taken in device order: who is the first short */
	f->first_short = -1;
	f->first_short_name = NULL;
	f->routes = KVM_IOAPIC_GSIS;
	int idx = 0;
	for (size_t i = 0; i < s->nr_pdevs && host_kvm(s); i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		f->routes += host_device_routes(d);
		if (f->routes > s->kvm_max_irq_routes && f->first_short < 0) {
			f->first_short = idx;
			f->first_short_name = dev_name(d);
		}
		idx++;
	}
	/* 3.10 has no matrix: the same figures from its vector_irq tables */
	f->alloc_size = s->matrix ? s->matrix->alloc_size : legacy_vectors_usable(s);
	f->allocated = vector_total_allocated(s);
	f->available = vector_global_available(s);
	f->online = cpumask_weight(&s->cpu_online_mask);
}

/* A device's chain of attempts, one string a line */
static json_t *chain_json(const struct pci_dev *d)
{
	json_t *chain = json_array();
	const char *p = d->explain ? d->explain : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = nomem_check(strndup(p, n));
		report_push(chain, report_str(line ? line : ""));
		free(line);
		p += n + (nl ? 1 : 0);
	}
	return chain;
}

static int explain_json(struct sim *s, const struct explain_figures *f, FILE *out, char *err, size_t errlen)
{
	json_t *doc = report_sim_doc(s, "explain"), *o, *devs;
	report_set(doc, "space", o = json_object());
	report_set(o, "online_cpus", report_int(f->online));
	report_set(o, "alloc_size", report_int(f->alloc_size));
	report_set(o, "allocated", report_int(f->allocated));
	report_set(o, "managed_reserved", report_int(f->st.managed_reserved));
	report_set(o, "managed_irqs", report_int(f->st.managed_irqs));
	report_set(o, "available", report_int(f->available));
	report_set(o, "min_cpu", f->st.min_cpu >= 0 ? report_int(f->st.min_cpu) : json_null());
	report_set(o, "min_cpu_available", report_int(f->st.min_cpu_available));
	if (host_kvm(s)) {
		report_set(doc, "host", o = json_object());
		report_set(o, "kvm_max_irq_routes", report_int(s->kvm_max_irq_routes));
		report_set(o, "routes_used", report_int(f->routes));
		report_set(o, "first_short", f->first_short >= 0 ? report_int(f->first_short) : json_null());
	} else {
		report_set(doc, "host", json_null());
	}
	report_set(doc, "steps", steps_json(s));
	report_set(doc, "devices", devs = json_array());
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv || !fell_back(d))
			continue;
		json_t *e = json_object();
		report_push(devs, e);
		report_set(e, "device", report_str(dev_name(d)));
		report_set(e, "pci", report_str(d->name));
		report_set(e, "mode", report_str(device_irq_mode_name(device_irq_mode(d))));
		report_set(e, "errno", report_int(d->probe_err));
		report_set(e, "chain", chain_json(d));
	}
	return report_doc_print(doc, out, err, errlen);
}

static void space_text(const struct sim *s, const struct explain_figures *f, FILE *out)
{
	fprintf(out, "vector space: %u online CPUs x %u allocatable vectors = %u\n", f->online, f->alloc_size,
		f->online * f->alloc_size);
	fprintf(out, "  allocated %u, held as managed reservations %u (%u managed irqs, %u CPU slots in their masks), "
		     "available %u\n",
		f->allocated, f->st.managed_reserved, f->st.managed_irqs, f->st.managed_cpus, f->available);
	if (f->st.managed_irqs)
		fprintf(out, "  each managed irq reserves a vector on every CPU of its mask (kernel/irq/matrix.c: "
			     "irq_matrix_reserve_managed), first from device #%d (%s)\n",
			f->st.first_managed, f->st.first_managed_name ? f->st.first_managed_name : "-");
	if (f->st.min_cpu >= 0)
		fprintf(out, "  emptiest CPU: %d with %u available\n", f->st.min_cpu, f->st.min_cpu_available);
	if (host_kvm(s)) {
		fprintf(out, "host: KVM GSI routes %u of %u (%u IO-APIC pins + one per enabled MSI/MSI-X vector)\n",
			f->routes, s->kvm_max_irq_routes, KVM_IOAPIC_GSIS);
		if (f->first_short >= 0)
			fprintf(out, "  device #%d (%s) is the first whose vectors find no route "
				     "(accel/kvm: kvm_irqchip_add_msi_route -ENOSPC; KVM_MAX_IRQ_ROUTES %u)\n",
				f->first_short, f->first_short_name, s->kvm_max_irq_routes);
	}
}

/* One group of devices that fell back the same way: its first (and last) device and the chain */
static void group_text(const struct dev_group *g, FILE *out)
{
	const struct pci_dev *d = g->d0;
	fprintf(out, "\n%s (%s)", dev_name(d), d->name);
	if (g->count > 1)
		fprintf(out, " .. %s (%s), %zu devices", dev_name(g->dn), g->dn->name, g->count);
	enum dev_irq_mode mode = device_irq_mode(d);
	fprintf(out, ": %s", device_irq_mode_name(mode));
	/* on MSI-X/MSI, falling back means getting fewer vectors (nvme) */
	if (mode == DM_MSIX || mode == DM_MSI)
		fprintf(out, " with fewer vectors than asked");
	if (d->probe_err)
		fprintf(out, ", probe failed with %d", d->probe_err);
	fputc('\n', out);
	const char *p = d->explain ? d->explain : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(out, "  %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
	if (g->count > 1)
		fprintf(out, "  (the others: the same steps with their own numbers)\n");
}

int report_explain(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (s->explain_omitted) {
		snprintf(err, errlen, "irqsim: the run did not record the explanations (irqsim_options.omit)");
		return -1;
	}
	struct explain_figures f;
	explain_figures(s, &f);
	if (fmt->json)
		return explain_json(s, &f, out, err, errlen);
	space_text(s, &f, out);
	steps_text(s, out);
	report_concurrency_note(s, out);
	unsigned nfb = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++)
		nfb += s->pdevs[i]->drv && fell_back(s->pdevs[i]);
	if (!nfb) {
		fputs("no device fell back or failed\n", out);
		return 0;
	}
	fprintf(out, "%u devices fell back or failed:\n", nfb);
	struct dev_group *groups;
	long ng = report_device_groups(s, &groups);
	if (ng < 0) {
		snprintf(err, errlen, "irqsim: out of memory");
		return -1;
	}
	for (long gi = 0; gi < ng; gi++)
		if (groups[gi].fell_back)
			group_text(&groups[gi], out);
	free(groups);
	return 0;
}
