// SPDX-License-Identifier: GPL-2.0-only
/*
 * irqsim sweep: run one scenario over every combination of a few varied
 * settings (vCPU count, a device option, a kernel command-line parameter, the
 * kernel line) and tabulate the outcome of each: the scenario's own devices
 * by interrupt mode, or, with a device spec to add, the capacity a plan finds
 * (how many more fit on per-vq vectors, where fallbacks and failures start).
 * Every cell is a full run of the model; nothing is interpolated.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>

#include "arch/x86/vector.h"
#include "irq/matrix.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/output.h"
#include "report/report.h"
#include "report/stats.h"
#include "scenario/edit.h"
#include "scenario/scenario.h"

#define SWEEP_MAX_VALUES 4096
#define SWEEP_MAX_RUNS 20000

enum axis_kind { AX_SMP, AX_KERNEL, AX_CMDLINE, AX_DEVICE };

struct axis {
	char *key;               /* as given: "smp", "virtio-blk-pci:num-queues" */
	char *driver;            /* AX_DEVICE with a DRIVER: prefix, else NULL */
	const char *opt;         /* the option name (key without the prefix) */
	enum axis_kind kind;
	char **values;
	size_t nr;
};

static void axes_free(struct axis *ax, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t v = 0; v < ax[i].nr; v++)
			free(ax[i].values[v]);
		free(ax[i].values);
		free(ax[i].key);
		free(ax[i].driver);
	}
	free(ax);
}

static int push_value(struct axis *a, const char *v, size_t len, char *err, size_t errlen)
{
	if (a->nr >= SWEEP_MAX_VALUES) {
		snprintf(err, errlen, "--vary %s: more than %d values", a->key, SWEEP_MAX_VALUES);
		return -1;
	}
	char **n = nomem_check(realloc(a->values, (a->nr + 1) * sizeof(*n)));
	if (!n)
		return -1;
	a->values = n;
	if (!(n[a->nr] = nomem_check(strndup(v, len))))
		return -1;
	a->nr++;
	return 0;
}

static int parse_num(const char *s, size_t len, unsigned long *out)
{
	char buf[32];
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *end;
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return (*end || errno || buf[0] == '-' || buf[0] == '+') ? -1 : 0;
}

/*
 * One item of a value list: V, A..B (step 1), A..B:S (step S) or A..B*F
 * (multiply by F).
 */
static int expand_item(struct axis *a, const char *it, size_t len, char *err, size_t errlen)
{
	const char *dots = memmem(it, len, "..", 2);
	if (!dots)
		return push_value(a, it, len, err, errlen);
	const char *hi = dots + 2, *end = it + len;
	const char *op = NULL;
	for (const char *p = hi; p < end; p++)
		if (*p == ':' || *p == '*')
			op = p;
	unsigned long lo, top, step = 1;
	if (parse_num(it, (size_t)(dots - it), &lo) || parse_num(hi, (size_t)((op ? op : end) - hi), &top) ||
	    (op && (parse_num(op + 1, (size_t)(end - op - 1), &step) || step == 0 || (*op == '*' && step < 2)))) {
		snprintf(err, errlen, "--vary %s: bad range '%.*s' (expected A..B, A..B:STEP or A..B*FACTOR)",
			 a->key, (int)len, it);
		return -1;
	}
	if (lo > top) {
		snprintf(err, errlen, "--vary %s: empty range '%.*s'", a->key, (int)len, it);
		return -1;
	}
	if (op && *op == '*' && lo == 0) {
		snprintf(err, errlen, "--vary %s: a multiplied range cannot start at 0", a->key);
		return -1;
	}
	for (unsigned long v = lo; v <= top;) {
		char b[32];
		int n = snprintf(b, sizeof(b), "%lu", v);
		if (push_value(a, b, (size_t)n, err, errlen))
			return -1;
		unsigned long next = op && *op == '*' ? v * step : v + step;
		if (next <= v)
			break;
		v = next;
	}
	return 0;
}

static enum axis_kind axis_kind_of(const char *key)
{
	if (!strcmp(key, "smp"))
		return AX_SMP;
	if (!strcmp(key, "kernel"))
		return AX_KERNEL;
	/* module parameters (virtio_blk.num_request_queues) and the boot
	 * parameters irqsim models are kernel command-line words */
	static const char *const boot[] = { "nr_cpus", "maxcpus", "possible_cpus", "irqaffinity", "isolcpus",
					    "pci", "intremap", "pcie_aspm", "pcie_ports", "reset_devices" };
	if (strchr(key, '.'))
		return AX_CMDLINE;
	for (size_t i = 0; i < sizeof(boot) / sizeof(boot[0]); i++)
		if (!strcmp(key, boot[i]))
			return AX_CMDLINE;
	return AX_DEVICE;
}

static int parse_axis(const char *arg, struct axis *a, char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1]) {
		snprintf(err, errlen, "--vary expects KEY=VALUES (e.g. smp=8..128:8 or num-queues=1,2,4), got '%s'", arg);
		return -1;
	}
	if (!(a->key = nomem_check(strndup(arg, (size_t)(eq - arg)))))
		return -1;
	for (const char *k = a->key; *k; k++)
		if (*k == ',' || *k == ' ' || *k == '"') {
			snprintf(err, errlen, "--vary: bad key '%s'", a->key);
			return -1;
		}
	a->kind = axis_kind_of(a->key);
	a->opt = a->key;
	const char *colon = strchr(a->key, ':');
	if (colon) {
		/* DRIVER:OPTION: the option on every device of that driver */
		a->kind = AX_DEVICE;
		a->opt = colon + 1;
		if (colon == a->key || !*a->opt || !(a->driver = nomem_check(strndup(a->key, (size_t)(colon - a->key))))) {
			snprintf(err, errlen, "--vary: bad key '%s' (expected DRIVER:OPTION)", a->key);
			return -1;
		}
	}
	for (const char *p = eq + 1;;) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (!l) {
			snprintf(err, errlen, "--vary %s: empty value in '%s'", a->key, eq + 1);
			return -1;
		}
		if (expand_item(a, p, l, err, errlen))
			return -1;
		if (!c)
			break;
		p = c + 1;
	}
	for (size_t v = 0; v < a->nr; v++) {
		unsigned long n;
		struct kernel_sel k;
		if (a->kind == AX_SMP && (parse_num(a->values[v], strlen(a->values[v]), &n) || !n || n > 8192)) {
			snprintf(err, errlen, "--vary smp: '%s' is not a CPU count from 1 to 8192", a->values[v]);
			return -1;
		}
		if (a->kind == AX_KERNEL && kernel_sel_parse(a->values[v], &k, NULL, 0)) {
			snprintf(err, errlen, "--vary kernel: unknown kernel version '%s' (expected one of: " KERNEL_CHOICES
				 ", or a release of one)", a->values[v]);
			return -1;
		}
		if (strpbrk(a->values[v], " \t\"#")) {
			snprintf(err, errlen, "--vary %s: a value cannot hold blanks, quotes or '#': '%s'", a->key,
				 a->values[v]);
			return -1;
		}
	}
	return 0;
}

/* Is the --add spec a device of this driver (any driver if NULL)? */
static bool spec_is_driver(const char *spec, const char *driver)
{
	size_t l = driver ? strlen(driver) : 0;
	return !driver || (!strncmp(spec, driver, l) && (spec[l] == ',' || !spec[l]));
}

/* The result of one combination. */
struct cell {
	char *error;             /* the model refused the combination */
	struct sim_stats st;     /* without --add */
	unsigned allocated, available;
	struct irqsim_plan plan; /* with --add */
};

/* Apply one combination to a fresh parse of the text.  0, or -1 with the
 * reason in err (a cell error, not a sweep error). */
static int run_one(const struct irqsim_sweep_request *rq, const struct axis *ax, size_t nax, const size_t *idx,
		   struct cell *c, char *err, size_t errlen)
{
	struct scenario scn;
	if (scenario_parse(rq->filename, rq->text, rq->len, &scn, err, errlen))
		return -1;
	/* NULL options are the defaults, as for every entry point */
	struct irqsim_options o = rq->opt ? *rq->opt : (struct irqsim_options){ 0 };
	char *spec = rq->add ? nomem_check(strdup(rq->add)) : NULL;
	int r = 0;
	for (size_t i = 0; i < nax && !r; i++) {
		const char *v = ax[i].values[idx[i]];
		switch (ax[i].kind) {
		case AX_SMP:
			r = scn_edit_smp(&scn, (unsigned)strtoul(v, NULL, 10), err, errlen);
			break;
		case AX_KERNEL:
			o.kernel = v;
			break;
		case AX_CMDLINE:
			if ((r = scn_edit_cmdline(&scn, ax[i].key, v)))
				snprintf(err, errlen, "out of memory");
			break;
		case AX_DEVICE:
			if (scn_edit_device_opt(&scn, ax[i].driver, ax[i].opt, v) < 0) {
				snprintf(err, errlen, "%s=%s: not a valid value", ax[i].key, v);
				r = -1;
			} else if (spec && strcmp(ax[i].opt, "count") && spec_is_driver(spec, ax[i].driver)) {
				char *n = spec_set_opt(spec, ax[i].opt, v);
				free(spec);
				spec = n;
				if (!spec) {
					snprintf(err, errlen, "out of memory");
					r = -1;
				}
			}
			break;
		}
	}
	if (!r && spec) {
		r = irqsim_plan(&scn, &o, spec, rq->max, &c->plan, err, errlen);
	} else if (!r) {
		struct sim *s = irqsim_run(&scn, &o, err, errlen);
		if (!s) {
			r = -1;
		} else {
			sim_stats(s, &c->st);
			/* 3.10 has no matrix: its vector_irq tables' figures (as compare shows them) */
			c->allocated = vector_total_allocated(s);
			c->available = vector_global_available(s);
			irqsim_free(s);
		}
	}
	free(spec);
	scenario_free(&scn);
	return r;
}

static json_t *index_or_null(int i)
{
	return i < 0 ? json_null() : report_int(i);
}

/* The result columns of a sweep of runs (plain) and of plans (plan) */
static const struct report_column plain_cols[] = {
	{ "per_vq", "virtio devices with a vector per queue", RT_NUMBER, true, false },
	{ "shared", "virtio devices sharing one vector", RT_NUMBER, true, false },
	{ "intx", "devices on INTx", RT_NUMBER, true, false },
	{ "msix", "other drivers' devices on MSI-X or MSI", RT_NUMBER, true, false },
	{ "failed", "devices whose probe failed", RT_NUMBER, true, false },
	{ "first_shared", "the index of the first device on shared vectors", RT_NUMBER, true, false },
	{ "first_failed", "the index of the first device that failed", RT_NUMBER, true, false },
	{ "allocated", "vectors allocated", RT_NUMBER, true, false },
	{ "managed_rsvd", "vectors held by managed reservations", RT_NUMBER, true, false },
	{ "available", "vectors available", RT_NUMBER, true, false },
	{ "min_cpu_avl", "free vectors on the emptiest CPU", RT_NUMBER, true, false },
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

static void cell_values(const struct irqsim_sweep_request *rq, const struct cell *c, json_t *row)
{
	if (rq->add) {
		const struct irqsim_plan *p = &c->plan;
		report_set(row, "per_vq", report_int(p->count[DM_PER_VQ]));
		report_set(row, "msix", report_int(p->count[DM_MSIX] + p->count[DM_MSI]));
		report_set(row, "shared", report_int(p->count[DM_SHARED]));
		report_set(row, "intx", report_int(p->count[DM_INTX]));
		report_set(row, "first_fallback", index_or_null(p->have_fallback ? p->first_fallback : -1));
		report_set(row, "first_failed", index_or_null(p->first[DM_FAILED]));
		report_set(row, "full_cpu", index_or_null(p->first_full_cpu));
		report_set(row, "available", report_int(p->end_global_available));
		report_set(row, "stop", report_str(p->stop_reason));
		return;
	}
	const struct sim_stats *st = &c->st;
	report_set(row, "per_vq", report_int(st->counts[DM_PER_VQ]));
	report_set(row, "shared", report_int(st->counts[DM_SHARED]));
	report_set(row, "intx", report_int(st->counts[DM_INTX]));
	report_set(row, "msix", report_int(st->counts[DM_MSIX] + st->counts[DM_MSI]));
	report_set(row, "failed", report_int(st->counts[DM_FAILED]));
	report_set(row, "first_shared", index_or_null(st->first[DM_SHARED]));
	report_set(row, "first_failed", index_or_null(st->first[DM_FAILED]));
	report_set(row, "allocated", report_int(c->allocated));
	report_set(row, "managed_rsvd", report_int(st->managed_reserved));
	report_set(row, "available", report_int(c->available));
	report_set(row, "min_cpu_avl", report_int(st->min_cpu_available));
}

/* A --vary KEY as a column key: lower case, every other character than a letter or digit an underscore */
static void axis_key(const char *key, char *buf, size_t len)
{
	size_t i = 0;
	for (; key[i] && i + 1 < len; i++)
		buf[i] = isalnum((unsigned char)key[i]) ? (char)tolower((unsigned char)key[i]) : '_';
	buf[i] = '\0';
}

/* Are all of an axis' values integers?  Then its column holds numbers. */
static bool axis_numeric(const struct axis *ax)
{
	for (size_t v = 0; v < ax->nr; v++) {
		const char *p = ax->values[v];
		if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 15)
			return false;
	}
	return true;
}

/* The value index of each axis in combination r, row-major: the last axis varies fastest. */
static void combination(size_t r, const struct axis *ax, size_t nax, size_t *idx)
{
	for (size_t i = nax; i-- > 0;) {
		idx[i] = r % ax[i].nr;
		r /= ax[i].nr;
	}
}

static int sweep_body(const struct irqsim_sweep_request *rq, FILE *out, char *err, size_t errlen, unsigned long nm)
{
	if (!rq->nr_vary) {
		snprintf(err, errlen, "sweep needs at least one --vary KEY=VALUES");
		return -1;
	}
	struct axis *ax = nomem_check(calloc(rq->nr_vary, sizeof(*ax)));
	if (!ax)
		return -1;
	size_t runs = 1;
	int ret = -1;
	struct report_table *tb = NULL;
	struct cell *cells = NULL;
	size_t *idx = NULL;
	for (size_t i = 0; i < rq->nr_vary; i++) {
		if (parse_axis(rq->vary[i], &ax[i], err, errlen))
			goto out;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(ax[j].key, ax[i].key)) {
				snprintf(err, errlen, "--vary %s given twice", ax[i].key);
				goto out;
			}
		runs *= ax[i].nr;
		if (runs > SWEEP_MAX_RUNS) {
			snprintf(err, errlen, "--vary: more than %d combinations", SWEEP_MAX_RUNS);
			goto out;
		}
	}
	/* A device option must name something: a device line that gives it, or the --add spec */
	struct scenario probe;
	if (scenario_parse(rq->filename, rq->text, rq->len, &probe, err, errlen))
		goto out;
	for (size_t i = 0; i < rq->nr_vary; i++) {
		if (ax[i].kind != AX_DEVICE)
			continue;
		bool used = rq->add && strcmp(ax[i].opt, "count") && spec_is_driver(rq->add, ax[i].driver);
		for (size_t d = 0; d < probe.nr_dirs && !used; d++) {
			const struct scn_directive *dr = &probe.dirs[d];
			if (dr->kind != SCN_DEVICE && dr->kind != SCN_HOTPLUG)
				continue;
			if (ax[i].driver)
				used = !strcmp(dr->u.device.driver, ax[i].driver);
			else
				used = !strcmp(ax[i].opt, "count") ? dr->u.device.count > 1
								   : scn_device_opt(&dr->u.device, ax[i].opt) != NULL;
		}
		if (!used && ax[i].driver) {
			snprintf(err, errlen, "--vary %s: %s has no %s device%s", ax[i].key, rq->filename, ax[i].driver,
				 rq->add ? " and --add is another device" : "");
			scenario_free(&probe);
			goto out;
		}
		if (!used) {
			snprintf(err, errlen,
				 "--vary %s: no device line of %s gives %s= (vary DRIVER:%s to set it on every device "
				 "of a driver)",
				 ax[i].key, rq->filename, ax[i].key, ax[i].key);
			scenario_free(&probe);
			goto out;
		}
	}
	scenario_free(&probe);

	/* the table first, so that a mistyped column stops the sweep before it runs */
	struct irqsim_output fmt = rq->opt && rq->opt->format ? *rq->opt->format : (struct irqsim_output){ 0 };
	fmt.json |= rq->format == IRQSIM_FORMAT_JSON;
	fmt.csv |= rq->format == IRQSIM_FORMAT_CSV;
	size_t nres = rq->add ? sizeof(plan_cols) / sizeof(plan_cols[0]) : sizeof(plain_cols) / sizeof(plain_cols[0]);
	const struct report_column *res = rq->add ? plan_cols : plain_cols;
	struct report_column cols[16 + sizeof(plain_cols) / sizeof(plain_cols[0]) + 1];
	char keys[16][64];
	if (rq->nr_vary > 16) {
		snprintf(err, errlen, "irqsim: at most 16 --vary options");
		goto out;
	}
	for (size_t i = 0; i < rq->nr_vary; i++) {
		axis_key(ax[i].key, keys[i], sizeof(keys[i]));
		cols[i] = axis_col;
		cols[i].key = keys[i];
		cols[i].type = ax[i].kind == AX_SMP || axis_numeric(&ax[i]) ? RT_NUMBER : RT_STRING;
	}
	memcpy(cols + rq->nr_vary, res, nres * sizeof(cols[0]));
	cols[rq->nr_vary + nres] = error_col;
	if (irqsim_output_check(&fmt, err, errlen) ||
	    !(tb = report_table_new(cols, rq->nr_vary + nres + 1, &fmt, err, errlen)))
		goto out;

	cells = nomem_check(calloc(runs, sizeof(*cells)));
	idx = nomem_check(calloc(rq->nr_vary, sizeof(*idx)));
	if (!cells || !idx)
		goto out;
	for (size_t r = 0; r < runs; r++) {
		combination(r, ax, rq->nr_vary, idx);
		char e[512];
		if (run_one(rq, ax, rq->nr_vary, idx, &cells[r], e, sizeof(e)) && !(cells[r].error = nomem_check(strdup(e))))
			goto out;
	}
	/* a cell that ran out of memory would print as refused: print nothing then (the caller reports it) */
	if (nomem_count != nm)
		goto out;
	for (size_t r = 0; r < runs; r++) {
		combination(r, ax, rq->nr_vary, idx);
		json_t *row = report_table_row(tb);
		for (size_t i = 0; i < rq->nr_vary; i++) {
			const char *v = ax[i].values[idx[i]];
			report_set(row, keys[i], cols[i].type == RT_NUMBER ? report_int(strtoll(v, NULL, 10)) : report_str(v));
		}
		if (!cells[r].error)
			cell_values(rq, &cells[r], row);
		/* a refused combination has no results: its result keys are null */
		report_set(row, "error", report_str(cells[r].error));
	}
	bool vary_kernel = false;
	for (size_t i = 0; i < rq->nr_vary; i++)
		vary_kernel |= ax[i].kind == AX_KERNEL;
	const struct report_table_doc doc = { tb, "sweep", rq->add ? "plan" : NULL,
					      rq->opt && !vary_kernel ? rq->opt->kernel : NULL, "cells" };
	if (report_filtered(out, err, errlen, report_table_doc_print, &doc))
		goto out;
	ret = 0;
out:
	report_table_free(tb);
	if (cells)
		for (size_t r = 0; r < runs; r++)
			free(cells[r].error);
	free(cells);
	free(idx);
	axes_free(ax, rq->nr_vary);
	return ret;
}

int irqsim_sweep(const struct irqsim_sweep_request *rq, FILE *out, char *err, size_t errlen)
{
	/* every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = sweep_body(rq, out, err, errlen, nm);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}
