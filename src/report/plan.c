// SPDX-License-Identifier: GPL-2.0-only
/* plan --add as text or JSON (whatif/plan.c computes it). */
#define _GNU_SOURCE
#include <stdio.h>

#include "drivers/driver.h"
#include "irqsim/irqsim.h"
#include "lib/nomem.h"
#include "lib/output.h"
#include "report/report.h"

/* Which limit bites first: guest vectors, host routes or PCI slots. */
static const char *plan_first_limit(const struct irqsim_plan *p)
{
	int guest = p->have_fallback ? p->first_fallback : -1, host = p->first_route_short;
	if (guest >= 0 && (host < 0 || guest <= host))
		return "guest vectors (the first fallback from per-queue vectors)";
	if (host >= 0)
		return "host KVM GSI routes (kvm_irqchip_add_msi_route fails: vfio falls back to slower "
		       "userspace delivery, vhost devices cannot start)";
	if (p->stop_slots)
		return "PCI slots (QEMU: 32 slots on the root bus, 31 behind each pci-bridge, 1 behind each "
		       "pcie-root-port)";
	return "none reached";
}

static int plan_json(const struct irqsim_plan *p, const char *spec, FILE *f)
{
	static const enum dev_irq_mode order[] = { DM_PER_VQ, DM_MSIX, DM_MSI, DM_SHARED, DM_INTX, DM_FAILED };
	char err[64];
	json_t *doc = report_doc("plan", "add", p->kernel[0] ? p->kernel : NULL), *stages = json_array(), *o;
	report_set(doc, "device", report_str(spec));
	report_set(doc, "added", report_int(p->added));
	report_set(doc, "stages", stages);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		enum dev_irq_mode m = order[k];
		if (!p->count[m])
			continue;
		report_push(stages, o = json_object());
		report_set(o, "mode", report_str(device_irq_mode_name(m)));
		report_set(o, "first", report_int(p->first[m]));
		report_set(o, "count", report_int(p->count[m]));
	}
	report_set(doc, "first_fallback", report_index(p->have_fallback ? p->first_fallback : -1));
	report_set(doc, "first_full_cpu", report_index(p->first_full_cpu));
	report_set(doc, "fallback_global_available", p->have_fallback ? report_int(p->fallback_global_available)
									 : json_null());
	report_set(doc, "start_global_available", report_int(p->start_global_available));
	report_set(doc, "end_global_available", report_int(p->end_global_available));
	report_set(doc, "stop", report_str(p->stop_reason));
	if (p->host) {
		report_set(doc, "host", o = json_object());
		report_set(o, "kvm_max_irq_routes", report_int(p->routes_max));
		report_set(o, "routes_start", report_int(p->routes_start));
		report_set(o, "routes_end", report_int(p->routes_end));
		report_set(o, "first_route_short", report_index(p->first_route_short));
	} else {
		report_set(doc, "host", json_null());
	}
	report_set(doc, "first_limit", report_str(plan_first_limit(p)));
	return report_doc_print(doc, f, err, sizeof(err));
}

struct plan_text {
	const struct irqsim_plan *p;
	const char *spec;
};

static int plan_text(const void *arg, FILE *f, char *err, size_t errlen)
{
	static const enum dev_irq_mode order[] = { DM_PER_VQ, DM_MSIX, DM_MSI, DM_SHARED, DM_INTX, DM_FAILED };
	const struct irqsim_plan *p = ((const struct plan_text *)arg)->p;
	const char *spec = ((const struct plan_text *)arg)->spec;
	(void)err;
	(void)errlen;
	fprintf(f, "adding %s, one at a time (global_available %u at the start):\n", spec,
		p->start_global_available);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		enum dev_irq_mode m = order[k];
		if (!p->count[m])
			continue;
		if (m == DM_FAILED)
			fprintf(f, "  %-8s from device #%d (error %d)\n", device_irq_mode_name(m), p->first[m],
				p->fail_errno);
		else
			fprintf(f, "  %-8s %u device(s), from #%d\n", device_irq_mode_name(m), p->count[m], p->first[m]);
	}
	if (p->have_fallback) {
		fprintf(f, "first fallback at device #%d: global_available %u", p->first_fallback,
			p->fallback_global_available);
		if (p->first_full_cpu >= 0)
			fprintf(f, ", CPU %d had no free vector left", p->first_full_cpu);
		fputc('\n', f);
	}
	fprintf(f, "stopped: %s; global_available %u\n", p->stop_reason, p->end_global_available);
	if (p->host) {
		fprintf(f, "host: KVM GSI routes %u of %u in use at the start, %u at the end", p->routes_start,
			p->routes_max, p->routes_end);
		if (p->first_route_short >= 0)
			fprintf(f, "; device #%d is the first whose vectors find no free route", p->first_route_short);
		fputc('\n', f);
	}
	fprintf(f, "first limit: %s\n", plan_first_limit(p));
	return 0;
}

static int plan_print_body(const struct irqsim_plan *p, const char *spec, int json, FILE *f)
{
	if (json)
		return plan_json(p, spec, f);
	char err[64];
	const struct plan_text t = { p, spec };
	/* the spec is the user's text: printed through the filter as every view is */
	return report_filtered(f, err, sizeof(err), plan_text, &t);
}

int irqsim_plan_print(const struct irqsim_plan *p, const char *spec, int json, FILE *f)
{
	/* it has no err: an allocation failure inside is -1 with errno ENOMEM (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = plan_print_body(p, spec, json, f);
	return nomem_since(nm, NULL, 0) ? -1 : output_result(f, rc, NULL, 0);
}
