// SPDX-License-Identifier: GPL-2.0-only
/*
 * Side-by-side results of several runs of one scenario: its variants, or
 * the same timeline on several kernels.  One row per run, via libsmartcols.
 */
#include <libsmartcols.h>
#include <stdio.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "report/report.h"
#include "report/stats.h"

static void first_cell(char *buf, size_t len, const struct sim_stats *st, enum dev_irq_mode m)
{
	if (st->first[m] < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "#%d %s", st->first[m], st->first_name[m]);
}

const struct report_column report_compare_columns[] = {
	{ "RUN", "the run: its variant (VARIANT), kernel, or VARIANT@KERNEL", 0, 0, false },
	{ "KERNEL", "the kernel line", 0, 0, false },
	{ "CPUS", "CPUs online at the end", SCOLS_JSON_NUMBER, 0, false },
	{ "PER-VQ", "virtio devices with a vector per queue", SCOLS_JSON_NUMBER, 0, false },
	{ "SHARED", "virtio devices sharing one vector for their queues", SCOLS_JSON_NUMBER, 0, false },
	{ "INTX", "devices on INTx", SCOLS_JSON_NUMBER, 0, false },
	{ "MSIX", "other drivers' devices on MSI-X or MSI", SCOLS_JSON_NUMBER, 0, false },
	{ "FAILED", "devices whose probe failed", SCOLS_JSON_NUMBER, 0, false },
	{ "ALL-MSIX", "every device with a driver got message-signalled vectors", SCOLS_JSON_BOOLEAN, 0, false },
	{ "FIRST-SHARED", "the first device on shared vectors (#index id)", 0, 0, false },
	{ "FIRST-INTX", "the first device on INTx", 0, 0, false },
	{ "FIRST-FAILED", "the first device that failed", 0, 0, false },
	{ "ALLOCATED", "vectors allocated (total_allocated)", SCOLS_JSON_NUMBER, 0, false },
	{ "MANAGED-RSVD", "vectors held by managed reservations", SCOLS_JSON_NUMBER, 0, false },
	{ "AVAILABLE", "vectors available (global_available)", SCOLS_JSON_NUMBER, 0, false },
	{ "MIN-CPU-AVL", "free vectors on the emptiest CPU", SCOLS_JSON_NUMBER, 0, false },
	{ "UNPLUG-PENDING", "unplugs that never completed", SCOLS_JSON_NUMBER, 0, false },
	{ "OUTCOME", "ok, or panic (the run hit a kernel BUG)", 0, 0, false },
};
const size_t report_compare_nr_columns = sizeof(report_compare_columns) / sizeof(report_compare_columns[0]);

int irqsim_compare_print(const char *what, const char *const *labels, struct sim *const *sims, size_t n, int json,
			 FILE *out)
{
	const struct irqsim_output fmt = { .json = json };
	char err[256];
	return irqsim_compare_format(what, labels, sims, n, &fmt, out, err, sizeof(err));
}

static int compare_format_unguarded(const char *what, const char *const *labels, struct sim *const *sims, size_t n,
			  const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
int irqsim_compare_format(const char *what, const char *const *labels, struct sim *const *sims, size_t n,
			  const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	int rc = compare_format_unguarded(what, labels, sims, n, fmt, out, err, errlen);
	return nomem_since(nm, err, errlen) ? -1 : rc;
}

static int compare_format_unguarded(const char *what, const char *const *labels, struct sim *const *sims, size_t n,
			  const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	struct report_column cols[sizeof(report_compare_columns) / sizeof(report_compare_columns[0])];
	memcpy(cols, report_compare_columns, sizeof(cols));
	cols[0].name = what;
	int json = fmt && fmt->json;
	struct libscols_table *tb = report_table_new("compare", cols, report_compare_nr_columns, fmt, out, err, errlen);
	if (!tb)
		return -1;
	for (size_t r = 0; r < n; r++) {
		struct sim *s = sims[r];
		struct sim_stats st;
		sim_select(s);
		sim_stats(s, &st);
		char v[18][64];
		snprintf(v[0], sizeof(v[0]), "%s", labels[r]);
		snprintf(v[1], sizeof(v[1]), "%s", kernel_line_name(s->prof->line));
		snprintf(v[2], sizeof(v[2]), "%u", cpumask_weight(&s->cpu_online_mask));
		snprintf(v[3], sizeof(v[3]), "%u", st.counts[DM_PER_VQ]);
		snprintf(v[4], sizeof(v[4]), "%u", st.counts[DM_SHARED]);
		snprintf(v[5], sizeof(v[5]), "%u", st.counts[DM_INTX]);
		snprintf(v[6], sizeof(v[6]), "%u", st.counts[DM_MSIX] + st.counts[DM_MSI]);
		snprintf(v[7], sizeof(v[7]), "%u", st.counts[DM_FAILED]);
		/* every device with a driver got message-signalled vectors */
		bool all = !st.counts[DM_INTX] && !st.counts[DM_FAILED] && !st.counts[DM_NONE];
		/* libsmartcols prints a JSON boolean false only for data starting 0, N or n: "false" would be true */
		snprintf(v[8], sizeof(v[8]), "%s", all ? "yes" : "no");
		first_cell(v[9], sizeof(v[9]), &st, DM_SHARED);
		first_cell(v[10], sizeof(v[10]), &st, DM_INTX);
		first_cell(v[11], sizeof(v[11]), &st, DM_FAILED);
		snprintf(v[12], sizeof(v[12]), "%u", vector_total_allocated(s));
		snprintf(v[13], sizeof(v[13]), "%u", st.managed_reserved);
		snprintf(v[14], sizeof(v[14]), "%u", vector_global_available(s));
		snprintf(v[15], sizeof(v[15]), "%u", st.min_cpu_available);
		snprintf(v[16], sizeof(v[16]), "%u", st.unplug_pending);
		/* the run ended in a kernel BUG/panic (3.10's __clear_irq_vector) */
		snprintf(v[17], sizeof(v[17]), "%s", s->panicked ? "panic" : "ok");
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		for (int c = 0; c < 18; c++)
			scols_line_set_data(ln, (size_t)c, v[c]);
	}
	report_table_print(tb, fmt);
	if (json)
		fputc('\n', out);
	return 0;
}
