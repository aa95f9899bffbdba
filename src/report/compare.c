// SPDX-License-Identifier: GPL-2.0-only
/*
 * Side-by-side results of several runs of one scenario: its variants, or
 * the same timeline on several kernels.  One row per run (report/table.c).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arch/x86/vector.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "lib/output.h"
#include "report/report.h"
#include "whatif/stats.h"

const struct report_column report_compare_columns[] = {
	{ "run", "the run: its variant, kernel, or VARIANT@KERNEL", RT_STRING, false, false },
	{ "kernel", "the kernel line", RT_STRING, false, false },
	{ "cpus", "CPUs online at the end", RT_NUMBER, false, false },
	{ "per_vq", "virtio devices with a vector per queue", RT_NUMBER, false, false },
	{ "shared", "virtio devices sharing one vector for their queues", RT_NUMBER, false, false },
	{ "intx", "devices on INTx", RT_NUMBER, false, false },
	{ "msix", "other drivers' devices on MSI-X or MSI", RT_NUMBER, false, false },
	{ "failed", "devices whose probe failed", RT_NUMBER, false, false },
	{ "all_msix", "every device with a driver got message-signalled vectors", RT_BOOL, false, false },
	{ "first_shared", "the index of the first device on shared vectors (null: none)", RT_NUMBER, true, false },
	{ "first_intx", "the index of the first device on INTx", RT_NUMBER, true, false },
	{ "first_failed", "the index of the first device that failed", RT_NUMBER, true, false },
	{ "allocated", "vectors allocated (total_allocated)", RT_NUMBER, false, false },
	{ "managed_rsvd", "vectors held by managed reservations", RT_NUMBER, false, false },
	{ "available", "vectors available (global_available)", RT_NUMBER, false, false },
	{ "min_cpu_avl", "free vectors on the emptiest CPU", RT_NUMBER, false, false },
	{ "unplug_pending", "unplugs that never completed", RT_NUMBER, false, false },
	{ "outcome", "ok, or panic (the run hit a kernel BUG)", RT_STRING, false, false },
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

static json_t *first_index(const struct sim_stats *st, enum dev_irq_mode m)
{
	return st->first[m] < 0 ? json_null() : report_int(st->first[m]);
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
		sim_select(s);
		sim_stats(s, &st);
		const char *k = kernel_line_name(s->prof->line);
		one_kernel &= !kernel || !strcmp(kernel, k);
		kernel = k;
		json_t *row = report_table_row(tb);
		report_set(row, "run", report_str(a->labels[r]));
		report_set(row, "kernel", report_str(k));
		report_set(row, "cpus", report_int(cpumask_weight(&s->cpu_online_mask)));
		report_set(row, "per_vq", report_int(st.counts[DM_PER_VQ]));
		report_set(row, "shared", report_int(st.counts[DM_SHARED]));
		report_set(row, "intx", report_int(st.counts[DM_INTX]));
		report_set(row, "msix", report_int(st.counts[DM_MSIX] + st.counts[DM_MSI]));
		report_set(row, "failed", report_int(st.counts[DM_FAILED]));
		/* every device with a driver got message-signalled vectors */
		report_set(row, "all_msix",
			   json_boolean(!st.counts[DM_INTX] && !st.counts[DM_FAILED] && !st.counts[DM_NONE]));
		report_set(row, "first_shared", first_index(&st, DM_SHARED));
		report_set(row, "first_intx", first_index(&st, DM_INTX));
		report_set(row, "first_failed", first_index(&st, DM_FAILED));
		report_set(row, "allocated", report_int(vector_total_allocated(s)));
		report_set(row, "managed_rsvd", report_int(st.managed_reserved));
		report_set(row, "available", report_int(vector_global_available(s)));
		report_set(row, "min_cpu_avl", report_int(st.min_cpu_available));
		report_set(row, "unplug_pending", report_int(st.unplug_pending));
		/* the run ended in a kernel BUG/panic (3.10's __clear_irq_vector) */
		report_set(row, "outcome", report_str(s->panicked ? "panic" : "ok"));
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
