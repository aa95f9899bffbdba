// SPDX-License-Identifier: GPL-2.0-only
/*
 * The doctor's report: the machine, where the vector space went (per CPU,
 * as the debugfs VECTOR table prints it), how many more devices fit, the
 * findings with what to do, the pre-flight answer, and what was inferred.
 */
#include <stdio.h>
#include <string.h>

#include "doctor/doctor.h"
#include "irqsim/irqsim.h"
#include "lib/nomem.h"
#include "lib/oneline.h"
#include "lib/output.h"
#include "report/report.h"
#include "snapshot/snapshot.h"

static const char *sev_name(int s)
{
	return s >= 2 ? "problem" : s == 1 ? "warning" : "note";
}

static json_t *string_list(char *const *lines, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		report_push(arr, report_str(lines[i]));
	return arr;
}

static json_t *flag_or_null(bool known, bool v)
{
	return known ? json_boolean(v) : json_null();
}

/*
 * The interrupt platform as the snapshot shows it (snapshot_platform):
 * remapping by whom, x2APIC or not; NULL where the snapshot does not say.
 */
static const char *platform_remapping(const struct snap_platform *p)
{
	/* an IOMMU's own fault/event irq (dmar0, AMD-Vi) stays when remapping is off: the IR- chips say it is on */
	if (!p->ir_chip)
		return NULL;
	return p->amd ? "amd-vi" : "intel-vt-d";
}

static json_t *platform_x2apic(const struct snapshot *s, const struct snap_platform *p, unsigned possible)
{
	if (p->x2apic_log || possible > 255)
		return json_true();
	if (p->xapic_log || s->cpu_x2apic == SNAP_NO)
		return json_false();
	return json_null();
}

static int report_json(const struct doctor *d, FILE *out, char *err, size_t errlen)
{
	const struct snapshot *s = d->snap;
	json_t *doc = report_doc("doctor", NULL, kernel_line_name(d->line)), *arr;
	report_set(doc, "source", report_str(s->source));
	report_set(doc, "kernel_release", report_str(s->release));
	report_set(doc, "kernel_line", report_str(kernel_line_name(d->line)));
	report_set(doc, "kernel_provenance", report_str(kernel_line_provenance(d->line)));
	report_set(doc, "usable_per_cpu", report_int(d->usable));
	/* a trace begun after boot knows the online count (#P) but not which CPUs are possible */
	report_set(doc, "trace_after_boot", json_boolean(s->trace_after_boot));
	report_set(doc, "online_cpus", report_int(s->trace_after_boot ? s->trace_online : cpumask_weight(&d->online)));
	report_set(doc, "possible_cpus", s->trace_after_boot ? json_null() : report_int(cpumask_weight(&d->possible)));
	report_set(doc, "global_available", report_int(d->global_available));
	report_set(doc, "total_allocated", report_int(d->total_allocated));
	report_set(doc, "global_reserved", report_int(d->global_reserved));
	report_set(doc, "managed_irqs", report_int(d->managed_irqs));
	report_set(doc, "managed_slots", report_int(d->managed_slots));
	report_set(doc, "exact", json_boolean(d->dump.present));
	struct snap_platform plat;
	snapshot_platform(s, &plat);
	json_t *po = json_object();
	report_set(doc, "platform", po);
	const char *remap = platform_remapping(&plat);
	report_set(po, "remapping", remap ? report_str(remap) : json_null());
	report_set(po, "x2apic", platform_x2apic(s, &plat, cpumask_weight(&d->possible)));
	report_set(doc, "cpus", arr = json_array());
	for (unsigned c = 0; c < d->nr_cpu_ids; c++) {
		const struct doc_cpu *dc = &d->cpu[c];
		if (!dc->possible)
			continue;
		json_t *o = json_object();
		report_push(arr, o);
		report_set(o, "cpu", report_int(c));
		report_set(o, "online", json_boolean(dc->online));
		report_set(o, "available", report_int(dc->available));
		report_set(o, "managed", report_int(dc->managed));
		/* followed bit by bit from alloc_managed: not known for what was allocated before the trace began */
		report_set(o, "managed_allocated", s->trace_after_boot ? json_null() : report_int(dc->managed_alloc));
		report_set(o, "allocated", report_int(dc->other + dc->managed_alloc));
	}
	report_set(doc, "headroom", arr = json_array());
	for (size_t k = 0; k < d->nr_cap; k++) {
		const struct doc_capacity *c = &d->cap[k];
		bool sim = c->simulated >= 0;
		json_t *o = json_object();
		report_push(arr, o);
		report_set(o, "device", report_str(c->kind));
		report_set(o, "estimate", report_int(c->estimate));
		report_set(o, "simulated", sim ? report_int(c->simulated) : json_null());
		report_set(o, "simulated_until_failure", sim ? report_int(c->simulated_total) : json_null());
		report_set(o, "pci_slots_first", flag_or_null(sim, c->sim_slots));
		report_set(o, "vectors_first", flag_or_null(sim, c->sim_vectors));
		report_set(o, "limit", report_str(c->limit));
	}
	json_t *model = json_object();
	report_set(doc, "model", model);
	report_set(model, "ran", json_boolean(d->simulated));
	report_set(model, "irqs_compared", report_int(d->sim_irqs_compared));
	report_set(model, "irqs_matched", report_int(d->sim_irqs_matched));
	report_set(model, "first_difference", d->sim_mismatch[0] ? report_str(d->sim_mismatch) : json_null());
	report_set(doc, "findings", arr = json_array());
	for (size_t i = 0; i < d->nr_findings; i++) {
		const struct doc_finding *f = &d->findings[i];
		json_t *o = json_object();
		report_push(arr, o);
		report_set(o, "severity", report_str(sev_name(f->severity)));
		report_set(o, "id", report_str(f->id));
		report_set(o, "text", report_str(f->text));
		report_set(o, "fix", report_str(f->fix));
	}
	report_set(doc, "preflight_ok", flag_or_null(d->preflight_ok >= 0, d->preflight_ok > 0));
	report_set(doc, "remedies", string_list(d->remedies, d->nr_remedies));
	report_set(doc, "preflight", string_list(d->preflight, d->nr_preflight));
	report_set(doc, "notes", string_list(d->notes, d->nr_notes));
	report_set(doc, "unreadable", arr = json_array());
	for (size_t i = 0; i < s->nr_unread; i++)
		report_push(arr, report_str(s->unread[i].path));
	return report_doc_print(doc, out, err, errlen);
}

/* The online CPUs' counters; consecutive CPUs with the same figures share a row: 8192 CPUs stay readable */
static void cpu_rows(const struct doctor *d, bool mac, FILE *out)
{
	fputs(mac ? " | CPUs      |   avl |   man |   mac |   act\n" : " | CPUs      |   avl |   man |   act\n", out);
	for (unsigned c = 0; c < d->nr_cpu_ids;) {
		const struct doc_cpu *dc = &d->cpu[c];
		if (!dc->online) {
			c++;
			continue;
		}
		unsigned e = c;
		while (e + 1 < d->nr_cpu_ids && d->cpu[e + 1].online && d->cpu[e + 1].available == dc->available &&
		       d->cpu[e + 1].managed == dc->managed && d->cpu[e + 1].managed_alloc == dc->managed_alloc &&
		       d->cpu[e + 1].other == dc->other)
			e++;
		char cpus[32];
		if (e > c)
			snprintf(cpus, sizeof(cpus), "%u-%u", c, e);
		else
			snprintf(cpus, sizeof(cpus), "%u", c);
		fprintf(out, "   %-9s %7d %7u", cpus, dc->available, dc->managed);
		if (mac)
			fprintf(out, " %7u", dc->managed_alloc);
		fprintf(out, " %7u\n", dc->other + dc->managed_alloc);
		c = e + 1;
	}
}

/*
 * An irq_matrix trace begun on a running machine: what its events carry
 * (the last global counters, the counters of the CPUs that have events, the
 * online count of the tracefs header) and nothing rebuilt from it.
 */
static void report_trace_after_boot(const struct doctor *d, FILE *out)
{
	const struct snapshot *s = d->snap;
	unsigned with_events = 0;
	for (unsigned c = 0; c < d->nr_cpu_ids; c++)
		with_events += d->cpu[c].online;
	fprintf(out, "machine: %s, kernel %s, an irq_matrix trace that does not start at boot: %u CPUs online\n",
		s->source, s->release ? s->release : "unknown", s->trace_online);
	fprintf(out, "vector space at the last event: allocated %u, available %u, reserved (requested later) %u "
		"[irq_matrix trace]\n", d->total_allocated, d->global_available, d->global_reserved);
	fprintf(out, "per-CPU counters of the %u online CPUs with events (the others are not in the trace):\n",
		with_events);
	cpu_rows(d, false, out);
	fputs("headroom: not known (the CPUs without events and what was allocated before the trace are not in it)\n", out);
	if (d->nr_notes) {
		fputs("notes:\n", out);
		for (size_t i = 0; i < d->nr_notes; i++)
			fprintf(out, "  %s\n", d->notes[i]);
	}
}

static int report_text(const void *arg, FILE *out, char *err, size_t errlen)
{
	const struct doctor *d = arg;
	(void)err;
	(void)errlen;
	const struct snapshot *s = d->snap;
	if (s->trace_after_boot) {
		report_trace_after_boot(d, out);
		return 0;
	}
	unsigned online = cpumask_weight(&d->online);
	fprintf(out, "machine: %s, kernel %s (modelled as %s, %s), %u CPUs online of %u possible\n", s->source,
		s->release ? s->release : "unknown", kernel_line_name(d->line), kernel_line_provenance(d->line), online,
		cpumask_weight(&d->possible));
	if (d->line_note[0])
		fprintf(out, "  %s\n", d->line_note);
	struct snap_platform plat;
	snapshot_platform(s, &plat);
	const char *remap = platform_remapping(&plat);
	json_t *x2 = platform_x2apic(s, &plat, cpumask_weight(&d->possible));
	/* said where the snapshot shows remapping or x2APIC: the plain xAPIC machine goes without */
	if (remap || json_is_true(x2))
		fprintf(out, "platform: %s, %s\n",
			!remap ? "no interrupt remapping"
			: !strcmp(remap, "amd-vi") ? "AMD-Vi interrupt remapping (IR- chips: vectors as VT-d's)"
			: "Intel VT-d interrupt remapping (IR- chips)",
			json_is_true(x2) ? "x2APIC" : json_is_false(x2) ? "xAPIC" : "APIC mode not in the snapshot");
	json_decref(x2);
	if (d->usable) {
		unsigned total = online * d->usable;
		fprintf(out, "vector space: %u online CPUs x %u usable vectors = %u\n", online, d->usable, total);
		unsigned held = 0;
		for (unsigned c = 0; c < d->nr_cpu_ids; c++)
			if (d->cpu[c].online)
				held += d->cpu[c].managed - d->cpu[c].managed_alloc;
		fprintf(out, "  allocated %u, held by managed reservations %u (%u managed irqs, %u CPU slots), "
			"available %u, reserved (requested later) %u%s\n",
			d->total_allocated, held, d->managed_irqs, d->managed_slots, d->global_available, d->global_reserved,
			!d->dump.present ? " [inferred]" : s->vector_from ? " [irq_matrix trace]" : " [debugfs VECTOR]");
		cpu_rows(d, true, out);
	}
	fputs("headroom (more devices that get per-queue vectors):\n", out);
	for (size_t k = 0; k < d->nr_cap; k++) {
		const struct doc_capacity *c = &d->cap[k];
		if (c->simulated >= 0 && c->sim_slots)
			fprintf(out, "  %-32s %d: QEMU's PCI slots run out first (vectors alone: %d)\n", c->kind, c->simulated,
				c->estimate);
		else if (c->simulated >= 0)
			fprintf(out, "  %-32s %d (model: %d until the first probe failure; rebuilt matrix: %d)\n", c->kind,
				c->simulated, c->simulated_total, c->estimate);
		else if (c->estimate >= 0)
			fprintf(out, "  %-32s %d (rebuilt matrix)\n", c->kind, c->estimate);
		else
			fprintf(out, "  %-32s unknown\n", c->kind);
		if (c->limit[0])
			fprintf(out, "    then: %s\n", c->limit);
	}
	if (d->simulated)
		fprintf(out, "model: this machine's scenario reproduces %u of %u requested irqs%s%s\n", d->sim_irqs_matched,
			d->sim_irqs_compared, d->sim_mismatch[0] ? "; first difference: " : "", d->sim_mismatch);
	if (d->nr_findings) {
		fputs("findings:\n", out);
		for (int sev = 2; sev >= 0; sev--)
			for (size_t i = 0; i < d->nr_findings; i++) {
				const struct doc_finding *f = &d->findings[i];
				if (f->severity != sev)
					continue;
				fprintf(out, "  [%s] %s: %s\n", sev_name(sev), f->id, f->text);
				if (f->fix)
					fprintf(out, "    fix: %s\n", f->fix);
			}
	} else {
		fputs("findings: none\n", out);
	}
	if (d->nr_remedies) {
		fputs("remedies that work on this machine's model (irqsim plan --fixes), best first:\n", out);
		for (size_t i = 0; i < d->nr_remedies; i++)
			fprintf(out, "  %s\n", d->remedies[i]);
	}
	if (d->nr_preflight) {
		fputs("preflight:\n", out);
		for (size_t i = 0; i < d->nr_preflight; i++)
			fprintf(out, "  %s\n", d->preflight[i]);
	}
	if (d->nr_notes) {
		fputs("notes:\n", out);
		for (size_t i = 0; i < d->nr_notes; i++)
			fprintf(out, "  %s\n", d->notes[i]);
	}
	if (s->nr_unread) {
		fputs("not readable:\n", out);
		for (size_t i = 0; i < s->nr_unread; i++)
			fprintf(out, "  %s: %s\n", s->unread[i].path, s->unread[i].why);
	}
	return 0;
}

int report_doctor(const struct doctor *d, int json, FILE *out, char *err, size_t errlen)
{
	if (json)
		return report_json(d, out, err, errlen);
	/* the snapshot's strings (source, release, chip names) may hold anything */
	return report_filtered(out, err, errlen, report_text, d);
}

static void doctor_release(void *d)
{
	doctor_free(d);
}

/* The diagnosis (doctor/doctor.c), printed */
static int doctor_run(const struct snapshot *snap, const struct irqsim_doctor_options *opt, int json, FILE *out,
		      char *err, size_t errlen)
{
	struct doctor d = { 0 };
	/* an allocation failure before the report: it would show a figure the model did not give (a plan cut short) */
	unsigned long nm = nomem_count;
	/* released if an allocation fails (snap_oom_call); forgotten when irqsim_doctor returns */
	snap_hold(&d, doctor_release);
	if (doctor_diagnose(&d, snap, opt, err, errlen))
		return -1;
	int rc = nomem_count != nm ? -1 : report_doctor(&d, json, out, err, errlen);
	doctor_free(&d);
	return rc;
}

/* Errors quote the snapshot's own strings (its source, its architecture): a message stays one line whatever they hold. */
struct doctor_call {
	const struct snapshot *snap;
	const struct irqsim_doctor_options *opt;
	int json;
	FILE *out;
	char *err;
	size_t errlen;
};

static int doctor_call(void *arg)
{
	struct doctor_call *c = arg;
	return doctor_run(c->snap, c->opt, c->json, c->out, c->err, c->errlen);
}

int irqsim_doctor(const struct snapshot *snap, const struct irqsim_doctor_options *opt, int json, FILE *out,
		  char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	struct doctor_call c = { snap, opt, json, out, err, errlen };
	int rc = snap_oom_call(doctor_call, &c, NULL, err, errlen);
	if (nomem_since(nm, err, errlen))
		rc = -1;
	else
		rc = output_result(out, rc, err, errlen);
	if (rc && errlen)
		text_one_line(err);
	return rc;
}
