// SPDX-License-Identifier: GPL-2.0-only
/*
 * The doctor's report: the machine, where the vector space went (per CPU,
 * as the debugfs VECTOR table prints it), how many more devices fit, the
 * findings with what to do, the pre-flight answer, and what was inferred.
 */
#include <stdio.h>
#include <string.h>

#include "doctor/doctor.h"
#include "report/report.h"

static const char *sev_name(int s)
{
	return s >= 2 ? "problem" : s == 1 ? "warning" : "note";
}

static void json_list(FILE *out, const char *key, char *const *lines, size_t n, bool last)
{
	fprintf(out, "  \"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", out);
		json_put_string(out, lines[i]);
	}
	fprintf(out, "]%s\n", last ? "" : ",");
}

static int report_json(const struct doctor *d, FILE *out)
{
	const struct snapshot *s = d->snap;
	fputs("{\n  \"source\": ", out);
	json_put_string(out, s->source);
	fputs(",\n  \"kernel_release\": ", out);
	json_put_string(out, s->release ? s->release : "");
	fprintf(out, ",\n  \"kernel_line\": \"%s\",\n", kernel_line_name(d->line));
	/* a trace begun after boot knows the online count (#P) but not which CPUs are possible */
	if (s->trace_after_boot)
		fprintf(out, "  \"trace_after_boot\": true, \"usable_per_cpu\": %u, \"online_cpus\": %u, \"possible_cpus\": null,\n",
			d->usable, s->trace_online);
	else
		fprintf(out, "  \"trace_after_boot\": false, \"usable_per_cpu\": %u, \"online_cpus\": %u, \"possible_cpus\": %u,\n",
			d->usable, cpumask_weight(&d->online), cpumask_weight(&d->possible));
	fprintf(out, "  \"global_available\": %u, \"total_allocated\": %u, \"global_reserved\": %u,\n",
		d->global_available, d->total_allocated, d->global_reserved);
	fprintf(out, "  \"managed_irqs\": %u, \"managed_slots\": %u, \"exact\": %s,\n", d->managed_irqs,
		d->managed_slots, d->dump.present ? "true" : "false");
	fputs("  \"cpus\": [", out);
	bool first = true;
	for (unsigned c = 0; c < d->nr_cpu_ids; c++) {
		const struct doc_cpu *dc = &d->cpu[c];
		if (!dc->possible)
			continue;
		fprintf(out, "%s\n    {\"cpu\": %u, \"online\": %s, \"available\": %d, \"managed\": %u, "
			"\"managed_allocated\": ", first ? "" : ",", c, dc->online ? "true" : "false", dc->available,
			dc->managed);
		/* followed bit by bit from alloc_managed: not known for what was allocated before the trace began */
		if (s->trace_after_boot)
			fputs("null", out);
		else
			fprintf(out, "%u", dc->managed_alloc);
		fprintf(out, ", \"allocated\": %u}", dc->other + dc->managed_alloc);
		first = false;
	}
	fputs("\n  ],\n  \"headroom\": [", out);
	for (size_t k = 0; k < d->nr_cap; k++) {
		const struct doc_capacity *c = &d->cap[k];
		fprintf(out, "%s\n    {\"device\": ", k ? "," : "");
		json_put_string(out, c->kind);
		fprintf(out, ", \"estimate\": %d, \"simulated\": ", c->estimate);
		if (c->simulated >= 0)
			fprintf(out, "%d, \"simulated_until_failure\": %d, \"pci_slots_first\": %s, \"vectors_first\": %s",
				c->simulated, c->simulated_total, c->sim_slots ? "true" : "false",
				c->sim_vectors ? "true" : "false");
		else
			fputs("null, \"simulated_until_failure\": null, \"pci_slots_first\": null, \"vectors_first\": null",
			      out);
		fputs(", \"limit\": ", out);
		json_put_string(out, c->limit);
		fputc('}', out);
	}
	fprintf(out, "\n  ],\n  \"model\": {\"ran\": %s, \"irqs_compared\": %u, \"irqs_matched\": %u, \"first_difference\": ",
		d->simulated ? "true" : "false", d->sim_irqs_compared, d->sim_irqs_matched);
	json_put_string(out, d->sim_mismatch);
	fputs("},\n  \"findings\": [", out);
	for (size_t i = 0; i < d->nr_findings; i++) {
		const struct doc_finding *f = &d->findings[i];
		fprintf(out, "%s\n    {\"severity\": \"%s\", \"id\": ", i ? "," : "", sev_name(f->severity));
		json_put_string(out, f->id);
		fputs(", \"text\": ", out);
		json_put_string(out, f->text);
		fputs(", \"fix\": ", out);
		if (f->fix)
			json_put_string(out, f->fix);
		else
			fputs("null", out);
		fputc('}', out);
	}
	fputs("\n  ],\n", out);
	if (d->preflight_ok >= 0)
		fprintf(out, "  \"preflight_ok\": %s,\n", d->preflight_ok ? "true" : "false");
	json_list(out, "remedies", d->remedies, d->nr_remedies, false);
	json_list(out, "preflight", d->preflight, d->nr_preflight, false);
	json_list(out, "notes", d->notes, d->nr_notes, false);
	fputs("  \"unreadable\": [", out);
	for (size_t i = 0; i < s->nr_unread; i++) {
		fputs(i ? ", " : "", out);
		json_put_string(out, s->unread[i].path);
	}
	fputs("]\n}\n", out);
	return 0;
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

int report_doctor(const struct doctor *d, int json, FILE *out)
{
	if (json)
		return report_json(d, out);
	const struct snapshot *s = d->snap;
	if (s->trace_after_boot) {
		report_trace_after_boot(d, out);
		return 0;
	}
	unsigned online = cpumask_weight(&d->online);
	fprintf(out, "machine: %s, kernel %s (modelled as %s), %u CPUs online of %u possible\n", s->source,
		s->release ? s->release : "unknown", kernel_line_name(d->line), online, cpumask_weight(&d->possible));
	if (d->line_note[0])
		fprintf(out, "  %s\n", d->line_note);
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
