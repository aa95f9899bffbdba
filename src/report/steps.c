// SPDX-License-Identifier: GPL-2.0-only
/*
 * The steps view: one line per timeline step with its outcome as the
 * user's shell or QEMU monitor saw it (the recorder's steps.txt).
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/sim.h"
#include "irqsim/irqsim.h"
#include "report/report.h"

/* The step number a line starts with ("step 3 ..."), or null */
static json_t *step_number(const char *line)
{
	char *end;
	if (strncmp(line, "step ", 5) || line[5] < '0' || line[5] > '9')
		return json_null();
	unsigned long n = strtoul(line + 5, &end, 10);
	return *end == ' ' || *end == ':' || !*end ? report_int((long long)n) : json_null();
}

int report_steps(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (fmt->json) {
		json_t *doc = report_sim_doc(s, "steps"), *steps = json_array();
		report_set(doc, "steps", steps);
		for (size_t i = 0; i < s->steps.nr; i++) {
			json_t *o = json_object();
			report_push(steps, o);
			report_set(o, "step", step_number(s->steps.lines[i]));
			report_set(o, "text", report_str(s->steps.lines[i]));
		}
		return report_doc_print(doc, out, err, errlen);
	}
	for (size_t i = 0; i < s->steps.nr; i++)
		fprintf(out, "%s\n", s->steps.lines[i]);
	return 0;
}
