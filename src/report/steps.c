// SPDX-License-Identifier: GPL-2.0-only
/*
 * The steps view: one line per timeline step with its outcome as the
 * user's shell or QEMU monitor saw it (the recorder's steps.txt).
 */
#include "kernel/sim.h"
#include "report/report.h"

int report_steps(struct sim *s, int json, FILE *out)
{
	if (json)
		fputs("{\"steps\": [", out);
	for (size_t i = 0; i < s->steps.nr; i++) {
		if (json) {
			fputs(i ? ",\n  " : "\n  ", out);
			json_put_string(out, s->steps.lines[i]);
		} else {
			fprintf(out, "%s\n", s->steps.lines[i]);
		}
	}
	if (json)
		fputs("\n]}\n", out);
	return 0;
}
