// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace view: irq_matrix tracepoint lines as tracefs prints them
 * (without the task/cpu/timestamp columns) and the scenario step markers the
 * conformance harness writes into the trace ("# step N ...").
 */
#include <stdio.h>

#include "kernel/sim.h"
#include "report/report.h"

int report_trace(struct sim *s, int json, FILE *out)
{
	char buf[512];
	/* irq_matrix tracepoints came with the matrix allocator (4.15) */
	static const char legacy_note[] = "kernel 3.10 has no irq_matrix tracepoints (no matrix allocator before "
					  "4.15): only the step markers";
	if (json) {
		fputs("{", out);
		if (!s->matrix) {
			fputs("\"note\": ", out);
			json_put_string(out, legacy_note);
			fputs(", ", out);
		}
		fputs("\"events\": [", out);
		for (size_t i = 0; i < s->trace.nr; i++) {
			const struct trace_rec *r = &s->trace.recs[i];
			fputs(i ? ",\n  " : "\n  ", out);
			if (r->kind == TR_MARKER) {
				fputs("{\"marker\": ", out);
				json_put_string(out, r->marker);
				fputs("}", out);
				continue;
			}
			const struct matrix_trace *t = &r->m;
			fprintf(out, "{\"event\": \"%s\", \"bit\": %d, \"cpu\": %u, \"online\": %d, \"avl\": %u, "
				     "\"alloc\": %u, \"managed\": %u, \"online_maps\": %u, \"global_avl\": %u, "
				     "\"global_rsvd\": %u, \"total_alloc\": %u}",
				matrix_event_name(t->ev), t->bit, t->cpu, t->online, t->avl, t->alloc, t->managed,
				t->online_maps, t->global_avl, t->global_rsvd, t->total_alloc);
		}
		fputs("\n]}\n", out);
		return 0;
	}
	if (!s->matrix)
		fprintf(out, "# %s\n", legacy_note);
	for (size_t i = 0; i < s->trace.nr; i++) {
		const struct trace_rec *r = &s->trace.recs[i];
		if (r->kind == TR_MARKER) {
			fprintf(out, "# %s\n", r->marker);
			continue;
		}
		matrix_trace_format(buf, sizeof(buf), &r->m);
		fprintf(out, "%s: %s\n", matrix_event_name(r->m.ev), buf);
	}
	return 0;
}

int report_dmesg(struct sim *s, int json, FILE *out)
{
	if (json) {
		fputs("{\"messages\": [", out);
		for (size_t i = 0; i < s->log.nr; i++) {
			fprintf(out, "%s{\"level\": %d, \"text\": ", i ? ",\n  " : "\n  ", (int)s->log.lines[i].level);
			json_put_string(out, s->log.lines[i].text);
			fputs("}", out);
		}
		fputs("\n]}\n", out);
		return 0;
	}
	for (size_t i = 0; i < s->log.nr; i++)
		fprintf(out, "%s\n", s->log.lines[i].text);
	return 0;
}

void json_put_string(FILE *out, const char *str)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}
