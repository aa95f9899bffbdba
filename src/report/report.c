// SPDX-License-Identifier: GPL-2.0-only
/*
 * The view dispatcher.  Every view prints its text through a filter that
 * replaces control characters and invalid UTF-8 (a snapshot's strings and a
 * trace's event names reach the views unchecked), and builds its JSON as one
 * document (docs/schema/) with the "irqsim" header.
 */
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "lib/oneline.h"
#include "lib/output.h"
#include "report/irqdebug.h"
#include "report/kstate.h"
#include "report/report.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot.h"

int irqsim_report(struct sim *s, enum irqsim_view view, int json, FILE *out)
{
	const struct irqsim_output fmt = { .json = json };
	char err[256];
	return irqsim_report_format(s, view, &fmt, out, err, sizeof(err));
}

json_t *report_sim_doc(const struct sim *s, const char *view)
{
	return report_doc("run", view, kernel_line_name(s->prof->line));
}

int report_table_finish(struct report_table *tb, struct sim *s, const char *view, const char *key,
			const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	(void)fmt;
	const struct report_table_doc d = { tb, "run", view, kernel_line_name(s->prof->line), key };
	int rc = report_table_doc_print(&d, out, err, errlen);
	report_table_free(tb);
	return rc;
}

typedef int view_fn(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);

static int view_snapshot(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	(void)fmt;
	if (report_snapshot(s, out)) {
		snprintf(err, errlen, "irqsim: write error");
		return -1;
	}
	return 0;
}

static int view_doctor(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	return report_sim_doctor(s, fmt->json, out, err, errlen);
}

static int view_map(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (fmt->json) {
		snprintf(err, errlen, "irqsim: the map view is an HTML page; it has no JSON form (-J)");
		return -1;
	}
	return report_map(s, 0, out);
}

struct view_call {
	view_fn *fn;
	struct sim *s;
	const struct irqsim_output *fmt;
};

struct view_run {
	const struct view_call *c;
	FILE *out;
	char *err;
	size_t errlen;
};

static int run_view(void *arg)
{
	const struct view_run *r = arg;
	return r->c->fn(r->c->s, r->c->fmt, r->out, r->err, r->errlen);
}

/* a view that runs out of memory part-way (a snapshot of the guest, the doctor) comes back here (snap_oom) */
static int call_view(const void *arg, FILE *out, char *err, size_t errlen)
{
	struct view_run r = { arg, out, err, errlen };
	return snap_oom_call(run_view, &r, NULL, err, errlen);
}

int irqsim_report_format(struct sim *s, enum irqsim_view view, const struct irqsim_output *fmt, FILE *out, char *err,
			 size_t errlen)
{
	static const struct irqsim_output plain;
	static const struct {
		view_fn *fn;
		bool table; /* takes -o, --sort, -n, -r, -P, --csv */
		bool log, step_events; /* prints the kernel log, each step's events */
	} views[] = {
		[IRQSIM_VIEW_SUMMARY] = { report_summary, true },   [IRQSIM_VIEW_INTERRUPTS] = { report_interrupts, true },
		[IRQSIM_VIEW_VECTOR] = { report_vector, false },    [IRQSIM_VIEW_TRACE] = { report_trace, false },
		[IRQSIM_VIEW_DMESG] = { report_dmesg, false, true }, [IRQSIM_VIEW_AFFINITY] = { report_affinity, true },
		[IRQSIM_VIEW_STEPS] = { report_steps, false, false, true },
		[IRQSIM_VIEW_EXPLAIN] = { report_explain, false, false, true },
		[IRQSIM_VIEW_SNAPSHOT] = { view_snapshot, false, true }, [IRQSIM_VIEW_DOCTOR] = { view_doctor, false, true },
		[IRQSIM_VIEW_MAP] = { view_map, false, false, true },            [IRQSIM_VIEW_IRQDEBUG] = { report_irqdebug, false },
		[IRQSIM_VIEW_KSTATE] = { report_kstate, false },
	};
	if (!fmt)
		fmt = &plain;
	if ((unsigned)view >= sizeof(views) / sizeof(views[0])) {
		snprintf(err, errlen, "irqsim: unknown view %d", (int)view);
		return -1;
	}
	if (irqsim_output_check(fmt, err, errlen))
		return -1;
	if (!views[view].table && report_format_custom(fmt)) {
		snprintf(err, errlen, "irqsim: -o, --sort, -n, -r, -P and --csv apply to the table views (summary, "
				      "interrupts, affinity), not to this one");
		return -1;
	}
	if ((views[view].log && s->log_omitted) || (views[view].step_events && s->step_events_omitted)) {
		snprintf(err, errlen, "irqsim: the run did not record the %s (irqsim_options.omit)",
			 views[view].log ? "kernel log" : "steps' events");
		return -1;
	}
	sim_select(s);
	const struct view_call c = { views[view].fn, s, fmt };
	/* any allocation failure while the view is made: -1 with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = report_filtered(out, err, errlen, call_view, &c);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}

static int columns_print(enum irqsim_table table, FILE *out)
{
	static const struct {
		const struct report_column *cols;
		const size_t *n;
	} tables[] = {
		[IRQSIM_TABLE_SUMMARY] = { report_summary_columns, &report_summary_nr_columns },
		[IRQSIM_TABLE_AFFINITY] = { report_affinity_columns, &report_affinity_nr_columns },
		[IRQSIM_TABLE_INTERRUPTS] = { report_interrupts_columns, &report_interrupts_nr_columns },
		[IRQSIM_TABLE_COMPARE] = { report_compare_columns, &report_compare_nr_columns },
		[IRQSIM_TABLE_FIXES] = { report_fixes_columns, &report_fixes_nr_columns },
		[IRQSIM_TABLE_KERNELS] = { report_kernels_columns, &report_kernels_nr_columns },
	};
	/* a sweep's first columns are its --vary keys */
	if (table == IRQSIM_TABLE_SWEEP || table == IRQSIM_TABLE_SWEEP_PLAN)
		return sweep_columns_print(table == IRQSIM_TABLE_SWEEP_PLAN, out);
	if ((size_t)table >= sizeof(tables) / sizeof(tables[0]))
		return -1;
	report_columns_print(tables[table].cols, *tables[table].n, out);
	return 0;
}

int irqsim_columns_print(enum irqsim_table table, FILE *out)
{
	return output_result(out, columns_print(table, out), NULL, 0);
}

void report_concurrency_note(const struct sim *s, FILE *out)
{
	if (s->nvme_concurrent < 2)
		return;
	fprintf(out, "note: %u nvme controllers probe at once: the kernel sets them up concurrently (%s), so their "
		     "vector operations interleave and their irq numbers%s vary from boot to boot; irqsim sets "
		     "them up one after another in PCI order (per controller, the events, the final per-CPU counts "
		     "and the /proc/interrupts rows without irq numbers are what the kernel fixes)\n",
		s->nvme_concurrent,
		s->prof->line <= KERNEL_6_1 ? "nvme_reset_work on an unbound workqueue" : "their asynchronous probes",
		s->prof->line <= KERNEL_6_1 ? "" : " and nvme instance numbers");
}
