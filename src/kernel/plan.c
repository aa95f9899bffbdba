// SPDX-License-Identifier: GPL-2.0-only
/*
 * Capacity planning by simulation: from the state a scenario leaves, hot-add
 * one more device of a given kind at a time and record the interrupt mode
 * each one ends in, until the first probe failure (or a limit).  No formula:
 * every device goes through the same model as `irqsim run`, so the stage
 * boundaries are exactly the ones a run of the longer scenario would show.
 *
 * Placement: on pc each added device goes behind a pci-bridge hot-added for
 * it (bridges take no vectors: verified by the pc-2cpu-exhaust golden); on
 * q35 behind a new pcie-root-port, whose service vector is taken as the
 * kernel would take it for a port present at boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "drivers/driver.h"
#include "irqsim/irqsim.h"
#include "kernel/host.h"
#include "kernel/plan.h"
#include "kernel/sim.h"
#include "lib/output.h"
#include "pci/pci.h"
#include "report/report.h"

struct slot_cursor {
	struct pci_dev *bridge;
	unsigned next_slot;
};

/* A parent bus with a free slot for the next device, creating one when needed. */
static struct pci_dev *next_parent(struct sim *s, struct slot_cursor *c, unsigned *slot, char *err, size_t errlen)
{
	if (s->machine == MACHINE_PC && c->bridge && c->next_slot < 32) {
		*slot = c->next_slot++;
		return c->bridge;
	}
	const char *kind = s->machine == MACHINE_PC ? "pci-bridge" : "pcie-root-port";
	char e[200];
	struct pci_dev *b = sim_add_bridge(s, kind, e, sizeof(e));
	if (!b) {
		snprintf(err, errlen, "no room for another %s: %.150s", kind, e);
		return NULL;
	}
	if (b->drv) {
		b->probed = true;
		b->drv->probe(s, b);
	}
	c->bridge = b;
	c->next_slot = 1;
	*slot = s->machine == MACHINE_PC ? c->next_slot++ : 0;
	return b;
}

/* The lowest online CPU without a free vector bit, or UINT_MAX. */
static unsigned first_full_cpu(struct sim *s)
{
	unsigned cpu;
	for_each_cpu(cpu, &s->cpu_online_mask)
		if (vector_cpu_available(s, cpu) == 0)
			return cpu;
	return UINT_MAX;
}

/*
 * An error in the --add spec, which plan_run parses as line 2 of
 * "boot\nhotplug SPEC": "PREFIX2:COL: msg" becomes "--add: column COL-8: msg"
 * (the spec's own column).
 */
static void add_error(char *err, size_t errlen, const char *prefix, const char *e)
{
	unsigned l, col;
	int n = 0;
	char fmt[32];
	snprintf(fmt, sizeof(fmt), "%s%%u:%%u: %%n", prefix);
	if (sscanf(e, fmt, &l, &col, &n) == 2 && n)
		snprintf(err, errlen, "--add: column %u: %s", col > 8 ? col - 8 : 1, e + n);
	else
		snprintf(err, errlen, "%s%s", strncmp(e, "--add", 5) ? "--add: " : "", e);
}

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
int irqsim_plan(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned max,
		struct irqsim_plan *out, char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	int rc = plan_run(scn, opt, spec, max, false, out, err, errlen);
	return nomem_since(nm, err, errlen) ? -1 : rc;
}

int plan_run(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned max,
	     bool stop_at_fallback, struct irqsim_plan *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	for (unsigned m = 0; m < IRQSIM_PLAN_MODES; m++)
		out->first[m] = -1;
	out->first_full_cpu = -1;
	out->first_route_short = -1;
	char *text = NULL;
	if (asprintf(&text, "boot\nhotplug %s\n", spec) < 0)
		return nomem_error(err, errlen);
	struct scenario add;
	char e[512];
	int r = scenario_parse("--add", text, strlen(text), &add, e, sizeof(e));
	free(text);
	if (r) {
		add_error(err, errlen, "--add:", e);
		return -1;
	}
	const struct scn_directive *dir = &add.dirs[1];
	if (!driver_find(dir->u.device.driver)) {
		char hint[160];
		snprintf(err, errlen, "--add: unknown device '%s' (%s)", dir->u.device.driver,
			 driver_unknown_hint(dir->u.device.driver, hint, sizeof(hint)));
		scenario_free(&add);
		return -1;
	}
	/* the same property table as a device line of the scenario, checked before the run */
	struct devprops *props;
	if (devprops_resolve(&dir->u.device, &props, e, sizeof(e))) {
		add_error(err, errlen, "", e);
		scenario_free(&add);
		return -1;
	}
	if (dir->u.device.id || devprops_given(props, "bus") || devprops_given(props, "addr")) {
		snprintf(err, errlen, "--add: give the device without id=, bus= or addr= (plan places each copy)");
		devprops_free(props);
		scenario_free(&add);
		return -1;
	}
	struct sim *s = irqsim_run(scn, opt, err, errlen);
	if (!s) {
		devprops_free(props);
		scenario_free(&add);
		return -1;
	}
	out->start_global_available = vector_global_available(s);
	snprintf(out->kernel, sizeof(out->kernel), "%s", kernel_line_name(s->prof->line));
	out->host = host_kvm(s);
	out->routes_max = s->kvm_max_irq_routes;
	out->routes_start = host_routes_used(s);
	struct slot_cursor cur = { 0 };
	for (unsigned i = 0; i < max; i++) {
		unsigned slot;
		struct pci_dev *parent = next_parent(s, &cur, &slot, e, sizeof(e));
		if (!parent) {
			snprintf(out->stop_reason, sizeof(out->stop_reason), "%.150s", e);
			out->stop_slots = 1;
			break;
		}
		struct pci_dev *d = sim_hotplug_one(s, &add, dir, props, 0, parent, slot, e, sizeof(e));
		if (!d) {
			snprintf(err, errlen, "%s", e);
			irqsim_free(s);
			devprops_free(props);
			scenario_free(&add);
			return -1;
		}
		enum dev_irq_mode m = device_irq_mode(d);
		out->added++;
		if (out->host && out->first_route_short < 0 && host_routes_used(s) > s->kvm_max_irq_routes)
			out->first_route_short = (int)i;
		out->count[m]++;
		if (out->first[m] < 0)
			out->first[m] = (int)i;
		if ((m == DM_NONE || device_fell_back(d)) && !out->have_fallback) {
			out->have_fallback = 1;
			out->first_fallback = (int)i;
			unsigned cpu = first_full_cpu(s);
			out->first_full_cpu = cpu == UINT_MAX ? -1 : (int)cpu;
			out->fallback_global_available = vector_global_available(s);
			if (stop_at_fallback) {
				snprintf(out->stop_reason, sizeof(out->stop_reason), "device #%u fell back to %s", i,
					 device_irq_mode_name(m));
				break;
			}
		}
		if (s->panicked) {
			snprintf(out->stop_reason, sizeof(out->stop_reason), "device #%u: %.150s", i,
				 s->panic_reason ? s->panic_reason : "kernel panic");
			break;
		}
		if (m == DM_FAILED) {
			out->fail_errno = d->probe_err;
			snprintf(out->stop_reason, sizeof(out->stop_reason), "device #%u failed to probe with error %d",
				 i, d->probe_err);
			break;
		}
	}
	if (!out->stop_reason[0])
		snprintf(out->stop_reason, sizeof(out->stop_reason), "reached --max %u", max);
	out->end_global_available = vector_global_available(s);
	out->routes_end = host_routes_used(s);
	out->end_total_allocated = vector_total_allocated(s);
	irqsim_free(s);
	devprops_free(props);
	scenario_free(&add);
	return 0;
}

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

static json_t *index_or_null(int i)
{
	return i < 0 ? json_null() : report_int(i);
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
	report_set(doc, "first_fallback", index_or_null(p->have_fallback ? p->first_fallback : -1));
	report_set(doc, "first_full_cpu", index_or_null(p->first_full_cpu));
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
		report_set(o, "first_route_short", index_or_null(p->first_route_short));
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
