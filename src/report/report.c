// SPDX-License-Identifier: GPL-2.0-only
/*
 * The views, and the one mechanism every table goes through: column
 * selection (-o), sorting, raw, pairs and no-headings output, as util-linux
 * offers them, all done by libsmartcols.
 */
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "report/report.h"
#include "snapshot/snapshot.h"

int irqsim_report(struct sim *s, enum irqsim_view view, int json, FILE *out)
{
	const struct irqsim_output fmt = { .json = json };
	char err[256];
	return irqsim_report_format(s, view, &fmt, out, err, sizeof(err));
}

static int report_view(struct sim *s, enum irqsim_view view, const struct irqsim_output *fmt, FILE *out, char *err,
		       size_t errlen);

struct view_call {
	struct sim *s;
	enum irqsim_view view;
	const struct irqsim_output *fmt;
	FILE *out;
	char *err;
	size_t errlen;
};

static int view_call(void *arg)
{
	struct view_call *c = arg;
	return report_view(c->s, c->view, c->fmt, c->out, c->err, c->errlen);
}

/* Any allocation failure while the view is made: -1 with "irqsim: out of memory" */
int irqsim_report_format(struct sim *s, enum irqsim_view view, const struct irqsim_output *fmt, FILE *out, char *err,
			 size_t errlen)
{
	unsigned long nm = nomem_count;
	struct view_call c = { s, view, fmt, out, err, errlen };
	int rc = snap_oom_call(view_call, &c, NULL, err, errlen);
	return nomem_since(nm, err, errlen) ? -1 : rc;
}

static int report_view(struct sim *s, enum irqsim_view view, const struct irqsim_output *fmt, FILE *out, char *err,
		       size_t errlen)
{
	static const struct irqsim_output plain;
	if (!fmt)
		fmt = &plain;
	sim_select(s);
	switch (view) {
	case IRQSIM_VIEW_SUMMARY:
		return report_summary(s, fmt, out, err, errlen);
	case IRQSIM_VIEW_AFFINITY:
		return report_affinity(s, fmt, out, err, errlen);
	case IRQSIM_VIEW_INTERRUPTS:
		return report_interrupts(s, fmt, out, err, errlen);
	default:
		break;
	}
	if (report_format_custom(fmt)) {
		snprintf(err, errlen, "irqsim: -o, --sort, -n, -r and -P apply to the table views (summary, interrupts, affinity), "
				      "not to this one");
		return -1;
	}
	switch (view) {
	case IRQSIM_VIEW_VECTOR:
		return report_vector(s, fmt->json, out);
	case IRQSIM_VIEW_TRACE:
		return report_trace(s, fmt->json, out);
	case IRQSIM_VIEW_DMESG:
		return report_dmesg(s, fmt->json, out);
	case IRQSIM_VIEW_STEPS:
		return report_steps(s, fmt->json, out);
	case IRQSIM_VIEW_EXPLAIN:
		return report_explain(s, fmt->json, out);
	case IRQSIM_VIEW_SNAPSHOT:
		return report_snapshot(s, out);
	case IRQSIM_VIEW_DOCTOR:
		return report_sim_doctor(s, fmt->json, out);
	case IRQSIM_VIEW_MAP:
		return report_map(s, fmt->json, out);
	default:
		break;
	}
	snprintf(err, errlen, "irqsim: unknown view %d", (int)view);
	return -1;
}

int irqsim_columns_print(enum irqsim_table table, FILE *out)
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
	};
	/* a sweep's first columns are its --vary keys */
	if (table == IRQSIM_TABLE_SWEEP || table == IRQSIM_TABLE_SWEEP_PLAN)
		return sweep_columns_print(table == IRQSIM_TABLE_SWEEP_PLAN, out);
	if ((size_t)table >= sizeof(tables) / sizeof(tables[0]))
		return -1;
	report_columns_print(tables[table].cols, *tables[table].n, out);
	return 0;
}

bool report_format_custom(const struct irqsim_output *fmt)
{
	return fmt && (fmt->raw || fmt->pairs || fmt->noheadings || fmt->columns || fmt->sort);
}

static struct libscols_column *column_by_name(struct libscols_table *tb, const char *name, size_t len)
{
	struct libscols_column *cl;
	struct libscols_iter *it = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!it)
		return NULL;
	while (!scols_table_next_column(tb, it, &cl)) {
		const char *h = scols_cell_get_data(scols_column_get_header(cl));
		if (h && strlen(h) == len && !strncasecmp(h, name, len))
			break;
		cl = NULL;
	}
	scols_free_iter(it);
	return cl;
}

/* "irqsim: unknown column 'X' (columns: A, B, ...)" */
static void unknown_column(struct libscols_table *tb, const char *what, const char *name, size_t len, char *err,
			   size_t errlen)
{
	size_t n = (size_t)snprintf(err, errlen, "irqsim: unknown column '%.*s'%s (columns:", (int)len, name, what);
	struct libscols_column *cl;
	struct libscols_iter *it = scols_new_iter(SCOLS_ITER_FORWARD);
	const char *sep = " ";
	while (it && !scols_table_next_column(tb, it, &cl) && n < errlen) {
		n += (size_t)snprintf(err + n, errlen - n, "%s%s", sep, scols_cell_get_data(scols_column_get_header(cl)));
		sep = ",";
	}
	scols_free_iter(it);
	if (n < errlen)
		snprintf(err + n, errlen - n, ")");
}

/*
 * Walk a -o list: each name must be a column of tb.  With apply, show the
 * named columns (only them unless the list starts with '+') in list order.
 * The moves happen after the lines are filled, because moving a column
 * renumbers the cells the views address by index.
 */
static int select_columns(struct libscols_table *tb, const char *list, bool apply, char *err, size_t errlen)
{
	bool add = list[0] == '+';
	const char *p = list + add;
	struct libscols_column *prev = NULL;
	if (apply && !add)
		for (size_t i = 0; i < scols_table_get_ncols(tb); i++)
			scols_column_set_flags(scols_table_get_column(tb, i),
					       scols_column_get_flags(scols_table_get_column(tb, i)) | SCOLS_FL_HIDDEN);
	if (apply && add)
		prev = scols_table_get_column(tb, scols_table_get_ncols(tb) - 1);
	for (;;) {
		size_t len = strcspn(p, ",");
		struct libscols_column *cl = column_by_name(tb, p, len);
		if (!cl) {
			unknown_column(tb, "", p, len, err, errlen);
			return -1;
		}
		if (apply) {
			scols_column_set_flags(cl, scols_column_get_flags(cl) & ~SCOLS_FL_HIDDEN);
			if (cl != prev)
				scols_table_move_column(tb, prev, cl);
			prev = cl;
		}
		if (!p[len])
			return 0;
		p += len + 1;
		if (add && *p == '+')
			p++;
	}
}

/*
 * A cell as a number: [-]DIGITS[.DIGITS], nothing else.  Parsed by hand, not
 * with strtod, so that the caller's locale cannot change the order.
 */
static bool cell_number(const char *x, double *v)
{
	bool neg = *x == '-', digits = false;
	double n = 0, scale = 1;
	x += neg;
	for (; *x >= '0' && *x <= '9'; x++, digits = true)
		n = n * 10 + (*x - '0');
	if (*x == '.')
		for (x++; *x >= '0' && *x <= '9'; x++, digits = true)
			n += (*x - '0') * (scale /= 10);
	*v = neg ? -n : n;
	return digits && !*x;
}

/* Order cells as numbers when both are numbers, else as strings. */
static int cmp_cells(struct libscols_cell *a, struct libscols_cell *b, void *data)
{
	const char *x = scols_cell_get_data(a), *y = scols_cell_get_data(b);
	double dx, dy;
	x = x ? x : "";
	y = y ? y : "";
	bool nx = cell_number(x, &dx), ny = cell_number(y, &dy);
	if (nx && ny && dx != dy)
		return dx < dy ? -1 : 1;
	if (nx != ny)
		return nx ? -1 : 1; /* numbers before "-" and text */
	return strcmp(x, y);
}

struct libscols_table *report_table_new(const char *name, const struct report_column *cols, size_t n,
					const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	static const struct irqsim_output plain;
	if (!fmt)
		fmt = &plain;
	struct libscols_table *tb = scols_new_table();
	if (!tb) {
		snprintf(err, errlen, "irqsim: out of memory");
		return NULL;
	}
	scols_table_enable_json(tb, fmt->json);
	scols_table_enable_raw(tb, fmt->raw);
	scols_table_enable_export(tb, fmt->pairs && !fmt->json);
	/* pairs are for eval in a shell: PER-VQ="2" becomes PER_VQ="2" */
	scols_table_enable_shellvar(tb, fmt->pairs && !fmt->json);
	scols_table_enable_noheadings(tb, fmt->noheadings);
	scols_table_set_stream(tb, out);
	scols_table_set_name(tb, name);
	for (size_t i = 0; i < n; i++) {
		struct libscols_column *c =
			scols_table_new_column(tb, cols[i].name, 0, cols[i].flags | (cols[i].extra ? SCOLS_FL_HIDDEN : 0));
		if (!c) {
			scols_unref_table(tb);
			snprintf(err, errlen, "irqsim: out of memory");
			return NULL;
		}
		if (fmt->json && cols[i].json_type)
			scols_column_set_json_type(c, cols[i].json_type);
	}
	if (fmt->columns && select_columns(tb, fmt->columns, false, err, errlen)) {
		scols_unref_table(tb);
		return NULL;
	}
	if (fmt->sort && !column_by_name(tb, fmt->sort, strlen(fmt->sort))) {
		unknown_column(tb, " for --sort", fmt->sort, strlen(fmt->sort), err, errlen);
		scols_unref_table(tb);
		return NULL;
	}
	return tb;
}

void report_table_print(struct libscols_table *tb, const struct irqsim_output *fmt)
{
	if (fmt && fmt->sort) {
		struct libscols_column *cl = column_by_name(tb, fmt->sort, strlen(fmt->sort));
		scols_column_set_cmpfunc(cl, cmp_cells, NULL);
		scols_sort_table(tb, cl);
	}
	if (fmt && fmt->columns) {
		char err[16];
		select_columns(tb, fmt->columns, true, err, sizeof(err));
	}
	scols_print_table(tb);
	scols_unref_table(tb);
}

void report_columns_print(const struct report_column *cols, size_t n, FILE *out)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(cols[i].name) > w)
			w = (int)strlen(cols[i].name);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%*s  %s%s\n", w, cols[i].name, cols[i].help, cols[i].extra ? " (not shown by default)" : "");
}
