// SPDX-License-Identifier: GPL-2.0-only
/*
 * Side-by-side results of several runs of one scenario: its variants, or
 * the same timeline on several kernels.  One row per run, via libsmartcols.
 */
#include <libsmartcols.h>
#include <stdio.h>

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

int irqsim_compare_print(const char *what, const char *const *labels, struct sim *const *sims, size_t n, int json,
			 FILE *out)
{
	struct libscols_table *tb = scols_new_table();
	if (!tb)
		return -1;
	scols_table_enable_json(tb, json);
	scols_table_set_stream(tb, out);
	scols_table_set_name(tb, "compare");
	const char *cols[] = { what, "KERNEL", "CPUS", "PER-VQ", "SHARED", "INTX", "MSIX", "FAILED", "ALL-MSIX",
			       "FIRST-SHARED", "FIRST-INTX", "FIRST-FAILED", "ALLOCATED", "MANAGED-RSVD",
			       "AVAILABLE", "MIN-CPU-AVL", "UNPLUG-PENDING", "OUTCOME" };
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		struct libscols_column *c = scols_table_new_column(tb, cols[i], 0, 0);
		if (json && ((i >= 2 && i <= 7) || (i >= 12 && i <= 16)))
			scols_column_set_json_type(c, SCOLS_JSON_NUMBER);
		if (json && i == 8)
			scols_column_set_json_type(c, SCOLS_JSON_BOOLEAN);
	}
	for (size_t r = 0; r < n; r++) {
		struct sim *s = sims[r];
		struct sim_stats st;
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
		snprintf(v[8], sizeof(v[8]), "%s", json ? (all ? "true" : "false") : (all ? "yes" : "no"));
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
	scols_print_table(tb);
	if (json)
		fputc('\n', out);
	scols_unref_table(tb);
	return 0;
}
