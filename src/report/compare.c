// SPDX-License-Identifier: GPL-2.0-only
/*
 * Side-by-side results of several runs of one scenario: its variants, or
 * the same timeline on several kernels.  One row per run (report/table.c).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "lib/output.h"
#include "report/outcome.h"
#include "report/report.h"
#include "whatif/stats.h"
#include "whatif/whatif.h"

const struct report_column report_compare_columns[] = {
	{ "run", "the run: its variant, kernel, or VARIANT@KERNEL", RT_STRING, false, false },
	{ "kernel", "the kernel line", RT_STRING, false, false },
	{ "cpus", "CPUs online at the end", RT_NUMBER, false, false },
	REPORT_OUTCOME(per_vq, false),
	REPORT_OUTCOME(shared, false),
	REPORT_OUTCOME(intx, false),
	REPORT_OUTCOME(msix, false),
	REPORT_OUTCOME(failed, false),
	REPORT_OUTCOME(all_msix, false),
	REPORT_OUTCOME(first_shared, true),
	REPORT_OUTCOME(first_intx, true),
	REPORT_OUTCOME(first_failed, true),
	REPORT_OUTCOME(allocated, false),
	REPORT_OUTCOME(managed_rsvd, false),
	REPORT_OUTCOME(available, false),
	REPORT_OUTCOME(min_cpu_avl, false),
	REPORT_OUTCOME(unplug_pending, false),
	REPORT_OUTCOME(outcome, false),
	{ "provenance", "how irqsim knows the kernel line: verified by boot, from source and patches, from the "
			"seed's figures", RT_STRING, false, false },
	{ "first_shared_device", "the first device on shared vectors, by its kernel name", RT_STRING, true, true },
	{ "first_intx_device", "the first device on INTx", RT_STRING, true, true },
	{ "first_failed_device", "the first device that failed", RT_STRING, true, true },
};
const size_t report_compare_nr_columns = sizeof(report_compare_columns) / sizeof(report_compare_columns[0]);

int irqsim_compare_print(const char *what, const char *const *labels, struct sim *const *sims, size_t n, int json,
			 FILE *out)
{
	const struct irqsim_output fmt = { .json = json };
	char err[256];
	return irqsim_compare_format(what, labels, sims, n, &fmt, out, err, sizeof(err));
}

static json_t *first_name(const struct sim_stats *st, enum dev_irq_mode m)
{
	return st->first[m] < 0 ? json_null() : report_str(st->first_name[m]);
}

struct compare_args {
	const char *what;
	const char *const *labels;
	struct sim *const *sims;
	size_t n;
	const struct irqsim_output *fmt;
};

static int compare_print(const void *arg, FILE *out, char *err, size_t errlen)
{
	const struct compare_args *a = arg;
	static const struct irqsim_output plain;
	const struct irqsim_output *fmt = a->fmt ? a->fmt : &plain;
	if (irqsim_output_check(fmt, err, errlen))
		return -1;
	struct report_table *tb = report_table_new(report_compare_columns, report_compare_nr_columns, fmt, err, errlen);
	if (!tb)
		return -1;
	const char *kernel = NULL;
	bool one_kernel = true;
	for (size_t r = 0; r < a->n; r++) {
		struct sim *s = a->sims[r];
		struct sim_stats st;
		struct whatif_outcome o;
		sim_select(s);
		whatif_outcome(s, &st, &o);
		const char *k = kernel_line_name(s->prof->line);
		one_kernel &= !kernel || !strcmp(kernel, k);
		kernel = k;
		json_t *row = report_table_row(tb);
		report_set(row, "run", report_str(a->labels[r]));
		report_set(row, "kernel", report_str(k));
		report_set(row, "cpus", report_int(cpumask_weight(&s->cpu_online_mask)));
		report_outcome_set(row, &o);
		report_set(row, "provenance", report_str(kernel_line_provenance(s->prof->line)));
		report_set(row, "first_shared_device", first_name(&st, DM_SHARED));
		report_set(row, "first_intx_device", first_name(&st, DM_INTX));
		report_set(row, "first_failed_device", first_name(&st, DM_FAILED));
	}
	int rc;
	if (fmt->json) {
		/* a file's variants are a run's summary; several kernels are compare's */
		bool variants = !strcasecmp(a->what, "variant");
		json_t *doc = report_doc(variants ? "run" : "compare", variants ? "summary" : NULL,
					 one_kernel ? kernel : NULL);
		report_set(doc, "runs", report_table_json(tb));
		rc = report_doc_print(doc, out, err, errlen);
	} else if ((rc = report_table_text(tb, out))) {
		snprintf(err, errlen, "irqsim: out of memory");
	}
	report_table_free(tb);
	return rc;
}

int irqsim_compare_format(const char *what, const char *const *labels, struct sim *const *sims, size_t n,
			  const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	const struct compare_args a = { what ? what : "run", labels, sims, n, fmt };
	/* every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = report_filtered(out, err, errlen, compare_print, &a);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}
