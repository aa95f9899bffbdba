// SPDX-License-Identifier: GPL-2.0-only
/* plan --fixes as a table (whatif/fixes.c computes it). */
#define _GNU_SOURCE
#include <string.h>

#include "irqsim/irqsim.h"
#include "lib/nomem.h"
#include "lib/output.h"
#include "report/outcome.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "whatif/whatif.h"

const struct report_column report_fixes_columns[] = {
	{ "remedy", "the remedy, or (as is)", RT_STRING, false, false },
	{ "msi_devices", "devices that keep MSI/MSI-X vectors (null: the remedy does not apply)", RT_NUMBER, true,
	  false },
	{ "gained", "msi_devices compared with the scenario as it is", RT_NUMBER, true, false },
	REPORT_OUTCOME(per_vq, true),
	REPORT_OUTCOME(shared, true),
	REPORT_OUTCOME(intx, true),
	REPORT_OUTCOME(failed, true),
	{ "side_effect", "what the remedy costs, or why it does not apply (null: as is)", RT_TEXT, true,
	  false },
	REPORT_OUTCOME(outcome, true),
};
const size_t report_fixes_nr_columns = sizeof(report_fixes_columns) / sizeof(report_fixes_columns[0]);

int report_fixes(const struct whatif_fixes *fx, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	struct report_table *tb = irqsim_output_check(fmt, err, errlen)
					  ? NULL
					  : report_table_new(report_fixes_columns, report_fixes_nr_columns, fmt, err, errlen);
	if (!tb)
		return -1;
	for (size_t i = 0; i < fx->nr; i++) {
		const struct whatif_fix *r = &fx->rows[i];
		json_t *ln = report_table_row(tb);
		report_set(ln, "remedy", report_str(r->remedy));
		if (r->applies) {
			report_outcome_set(ln, &r->o);
			report_set(ln, "msi_devices", report_int(r->o.msi_devices));
			report_set(ln, "gained", report_int(r->gained));
		}
		/* a remedy the scenario refuses has no figures: its columns are null */
		report_set(ln, "side_effect", r->side_effect ? report_str(r->side_effect) : json_null());
	}
	const struct report_table_doc doc = { tb, "plan", "fixes", fx->kernel, "fixes" };
	int rc = report_filtered(out, err, errlen, report_table_doc_print, &doc);
	report_table_free(tb);
	return rc;
}

static int fixes_body(const char *filename, const char *text, size_t len, const struct irqsim_options *opt, int json,
		      FILE *out, char *err, size_t errlen, unsigned long nm)
{
	struct scenario scn;
	if (scenario_parse(filename, text, len, &scn, err, errlen))
		return -1;
	struct whatif_fixes fx;
	int rc = whatif_fixes(&scn, opt, &fx, err, errlen);
	scenario_free(&scn);
	/* a remedy whose run ran out of memory would print as "does not apply": nothing is printed (the caller says why) */
	if (rc || nomem_count != nm)
		return -1;
	struct irqsim_output fmt = opt && opt->format ? *opt->format : (struct irqsim_output){ 0 };
	fmt.json |= json;
	return report_fixes(&fx, &fmt, out, err, errlen);
}

int irqsim_fixes(const char *filename, const char *text, size_t len, const struct irqsim_options *opt, int json,
		 FILE *out, char *err, size_t errlen)
{
	/* every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = fixes_body(filename, text, len, opt, json, out, err, errlen, nm);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}
