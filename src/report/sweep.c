// SPDX-License-Identifier: GPL-2.0-only
/* irqsim sweep as a table (whatif/sweep.c computes it). */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "irqsim/irqsim.h"
#include "lib/nomem.h"
#include "lib/output.h"
#include "report/outcome.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "whatif/whatif.h"

/* The result columns of a sweep of runs (plain) and of plans (plan) */
static const struct report_column plain_cols[] = {
	REPORT_OUTCOME(per_vq, true),
	REPORT_OUTCOME(shared, true),
	REPORT_OUTCOME(intx, true),
	REPORT_OUTCOME(msix, true),
	REPORT_OUTCOME(failed, true),
	REPORT_OUTCOME(first_shared, true),
	REPORT_OUTCOME(first_failed, true),
	REPORT_OUTCOME(allocated, true),
	REPORT_OUTCOME(managed_rsvd, true),
	REPORT_OUTCOME(available, true),
	REPORT_OUTCOME(min_cpu_avl, true),
}, plan_cols[] = {
	{ "per_vq", "added devices with a vector per queue", RT_NUMBER, true, false },
	{ "msix", "added devices on MSI-X or MSI (other drivers)", RT_NUMBER, true, false },
	{ "shared", "added devices sharing one vector", RT_NUMBER, true, false },
	{ "intx", "added devices on INTx", RT_NUMBER, true, false },
	{ "first_fallback", "the index of the first added device not on per-queue vectors", RT_NUMBER, true, false },
	{ "first_failed", "the index of the first added device that failed", RT_NUMBER, true, false },
	{ "full_cpu", "the first CPU with no free vector at the first fallback", RT_NUMBER, true, false },
	{ "available", "vectors available at the end", RT_NUMBER, true, false },
	{ "stop", "why the plan stopped", RT_STRING, true, false },
};
static const struct report_column axis_col = { "key", "the value of each --vary KEY (one column each, named KEY in "
						      "snake case: virtio_blk_num_request_queues)",
					       RT_STRING, false, false },
				  error_col = { "error", "why the model refused this combination (null: it did not)",
						RT_TEXT, true, false };

int sweep_columns_print(bool plan, FILE *out)
{
	size_t n = plan ? sizeof(plan_cols) / sizeof(plan_cols[0]) : sizeof(plain_cols) / sizeof(plain_cols[0]);
	struct report_column cols[2 + sizeof(plain_cols) / sizeof(plain_cols[0])];
	cols[0] = axis_col;
	memcpy(cols + 1, plan ? plan_cols : plain_cols, n * sizeof(cols[0]));
	cols[n + 1] = error_col;
	report_columns_print(cols, n + 2, out);
	return 0;
}

static void cell_values(const struct whatif_sweep *sw, const struct whatif_cell *c, json_t *row)
{
	if (sw->plan) {
		const struct irqsim_plan *p = &c->plan;
		report_set(row, "per_vq", report_int(p->count[DM_PER_VQ]));
		report_set(row, "msix", report_int(p->count[DM_MSIX] + p->count[DM_MSI]));
		report_set(row, "shared", report_int(p->count[DM_SHARED]));
		report_set(row, "intx", report_int(p->count[DM_INTX]));
		report_set(row, "first_fallback", report_index(p->have_fallback ? p->first_fallback : -1));
		report_set(row, "first_failed", report_index(p->first[DM_FAILED]));
		report_set(row, "full_cpu", report_index(p->first_full_cpu));
		report_set(row, "available", report_int(p->end_global_available));
		report_set(row, "stop", report_str(p->stop_reason));
		return;
	}
	report_outcome_set(row, &c->o);
}

/* A --vary KEY as a column key: lower case, every other character than a letter or digit an underscore */
static void axis_key(const char *key, char *buf, size_t len)
{
	size_t i = 0;
	for (; key[i] && i + 1 < len; i++)
		buf[i] = isalnum((unsigned char)key[i]) ? (char)tolower((unsigned char)key[i]) : '_';
	buf[i] = '\0';
}

/* The table of a checked sweep (no cells yet): the axes' columns, the results', error. */
struct sweep_table {
	struct report_table *tb;  /* reads cols and keys until freed */
	struct report_column cols[WHATIF_SWEEP_MAX_AXES + sizeof(plain_cols) / sizeof(plain_cols[0]) + 1];
	char keys[WHATIF_SWEEP_MAX_AXES][64];
};

static int sweep_table_new(const struct whatif_sweep *sw, const struct irqsim_output *fmt, struct sweep_table *st,
			   char *err, size_t errlen)
{
	size_t nres = sw->plan ? sizeof(plan_cols) / sizeof(plan_cols[0]) : sizeof(plain_cols) / sizeof(plain_cols[0]);
	struct report_column *cols = st->cols;
	for (size_t i = 0; i < sw->nr_axes; i++) {
		axis_key(sw->axes[i].key, st->keys[i], sizeof(st->keys[i]));
		cols[i] = axis_col;
		cols[i].key = st->keys[i];
		cols[i].type = sw->axes[i].numeric ? RT_NUMBER : RT_STRING;
	}
	memcpy(cols + sw->nr_axes, sw->plan ? plan_cols : plain_cols, nres * sizeof(cols[0]));
	cols[sw->nr_axes + nres] = error_col;
	st->tb = irqsim_output_check(fmt, err, errlen) ? NULL
						       : report_table_new(cols, sw->nr_axes + nres + 1, fmt, err, errlen);
	return st->tb ? 0 : -1;
}

static int sweep_table_print(const struct whatif_sweep *sw, struct sweep_table *st, const char *kernel, FILE *out,
			     char *err, size_t errlen)
{
	size_t idx[WHATIF_SWEEP_MAX_AXES];
	for (size_t r = 0; r < sw->nr_cells; r++) {
		whatif_sweep_combination(sw, r, idx);
		json_t *row = report_table_row(st->tb);
		for (size_t i = 0; i < sw->nr_axes; i++) {
			const char *v = sw->axes[i].values[idx[i]];
			report_set(row, st->keys[i],
				   sw->axes[i].numeric ? report_int(strtoll(v, NULL, 10)) : report_str(v));
		}
		if (!sw->cells[r].error)
			cell_values(sw, &sw->cells[r], row);
		/* a refused combination has no results: its result keys are null */
		report_set(row, "error", report_str(sw->cells[r].error));
	}
	const struct report_table_doc doc = { st->tb, "sweep", sw->plan ? "plan" : NULL,
					      sw->vary_kernel ? NULL : kernel, "cells" };
	return report_filtered(out, err, errlen, report_table_doc_print, &doc);
}

static int sweep_body(const struct irqsim_sweep_request *rq, FILE *out, char *err, size_t errlen, unsigned long nm)
{
	struct whatif_sweep sw;
	struct sweep_table st = { 0 };
	struct scenario scn = { 0 };
	int rc = -1;
	if (whatif_sweep_axes(rq->vary, rq->nr_vary, &sw, err, errlen) ||
	    scenario_parse(rq->filename, rq->text, rq->len, &scn, err, errlen) ||
	    whatif_sweep_check(&scn, rq->add, &sw, err, errlen))
		goto out;
	/* the table first, so that a mistyped column stops the sweep before it runs */
	struct irqsim_output fmt = rq->opt && rq->opt->format ? *rq->opt->format : (struct irqsim_output){ 0 };
	fmt.json |= rq->format == IRQSIM_FORMAT_JSON;
	fmt.csv |= rq->format == IRQSIM_FORMAT_CSV;
	if (sweep_table_new(&sw, &fmt, &st, err, errlen) ||
	    whatif_sweep_run(&scn, rq->opt, rq->add, rq->max, &sw, err, errlen))
		goto out;
	/* a cell that ran out of memory would print as refused: nothing is printed (the caller says why) */
	if (nomem_count != nm)
		goto out;
	rc = sweep_table_print(&sw, &st, rq->opt ? rq->opt->kernel : NULL, out, err, errlen);
out:
	report_table_free(st.tb);
	scenario_free(&scn);
	whatif_sweep_free(&sw);
	return rc;
}

int irqsim_sweep(const struct irqsim_sweep_request *rq, FILE *out, char *err, size_t errlen)
{
	/* every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = sweep_body(rq, out, err, errlen, nm);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}
