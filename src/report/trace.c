// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace view: irq_matrix tracepoint lines as tracefs prints them
 * (without the task/cpu/timestamp columns) and the scenario step markers the
 * conformance harness writes into the trace ("# step N ...").
 */
#include <stdio.h>

#include "kernel/sim.h"
#include "irqsim/irqsim.h"
#include "report/report.h"
#include "pci/pci.h"

/* The i-th trace record as a JSON object, NULL past the last */
static json_t *trace_event(void *arg, size_t i)
{
	const struct sim *s = arg;
	if (i >= s->trace.nr)
		return NULL;
	json_t *e = json_object();
	struct matrix_trace mt;
	if (trace_rec_matrix(&s->trace, i, &mt)) {
		report_set(e, "marker", report_str(trace_rec_marker(&s->trace, i)));
		return e;
	}
	const struct matrix_trace *t = &mt;
	report_set(e, "event", report_str(matrix_event_name(t->ev)));
	report_set(e, "bit", report_int(t->bit));
	report_set(e, "cpu", report_int(t->cpu));
	report_set(e, "online", report_int(t->online));
	report_set(e, "avl", report_int(t->avl));
	report_set(e, "alloc", report_int(t->alloc));
	report_set(e, "managed", report_int(t->managed));
	report_set(e, "online_maps", report_int(t->online_maps));
	report_set(e, "global_avl", report_int(t->global_avl));
	report_set(e, "global_rsvd", report_int(t->global_rsvd));
	report_set(e, "total_alloc", report_int(t->total_alloc));
	/* irqsim's: the PCI function whose irq the event was for (the tracepoint has no such field) */
	report_set(e, "device", t->dev && t->dev <= s->nr_pdevs ? report_str(s->pdevs[t->dev - 1]->name) : json_null());
	return e;
}

int report_trace(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	char buf[512];
	/* irq_matrix tracepoints came with the matrix allocator (4.15) */
	static const char legacy_note[] = "kernel 3.10 has no irq_matrix tracepoints (no matrix allocator before "
					  "4.15): only the step markers";
	if (s->trace.omitted) {
		snprintf(err, errlen, "irqsim: the run did not record the trace (irqsim_options.omit)");
		return -1;
	}
	if (fmt->json) {
		json_t *doc = report_sim_doc(s, "trace");
		report_set(doc, "note", s->matrix ? json_null() : report_str(legacy_note));
		return report_doc_print_rows(doc, "events", trace_event, s, out, err, errlen);
	}
	if (!s->matrix)
		fprintf(out, "# %s\n", legacy_note);
	for (size_t i = 0; i < s->trace.nr; i++) {
		struct matrix_trace mt;
		if (trace_rec_matrix(&s->trace, i, &mt)) {
			fprintf(out, "# %s\n", trace_rec_marker(&s->trace, i));
			continue;
		}
		matrix_trace_format(buf, sizeof(buf), &mt);
		fprintf(out, "%s: %s\n", matrix_event_name(mt.ev), buf);
	}
	return 0;
}

int report_dmesg(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (fmt->json) {
		json_t *doc = report_sim_doc(s, "dmesg"), *msgs = json_array();
		report_set(doc, "messages", msgs);
		for (size_t i = 0; i < s->log.nr; i++) {
			json_t *m = json_object();
			report_push(msgs, m);
			report_set(m, "level", report_int(s->log.lines[i].level));
			report_set(m, "text", report_str(s->log.lines[i].text));
		}
		return report_doc_print(doc, out, err, errlen);
	}
	for (size_t i = 0; i < s->log.nr; i++)
		fprintf(out, "%s\n", s->log.lines[i].text);
	return 0;
}
