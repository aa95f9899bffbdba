// SPDX-License-Identifier: GPL-2.0-only
/* irqsim command line: a thin layer over libirqsim. */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "irqsim/irqsim.h"

static void usage(FILE *f)
{
	fputs("Usage: irqsim run INPUT [--view summary|interrupts|vector|trace|dmesg|affinity|steps|explain|map|snapshot|doctor|irqdebug|kstate]\n"
	      "                  [--irq N] [--after-step N]  (with --view irqdebug)\n"
	      "                  [-J] [--kernel LINE|RELEASE|help] [--variant NAME] [--explain] [--check-invariants]\n"
	      "                  [-O|--output-file FILE]   (with --view map, -o FILE too)\n"
	      "       irqsim compare --kernels K1,K2,...|all INPUT [--variant NAME] [-J|--json] [--view table|map]\n"
	      "       irqsim kernels [--switches] [-J]   (the kernel lines, their provenance and switches)\n"
	      "       irqsim plan INPUT --add DEVICE-SPEC [--max N|--until-failure] [--kernel K] [-J|--json]\n"
	      "       irqsim plan INPUT --add DEVICE-SPEC --keep N [--kernel K] [-J|--json]\n"
	      "       irqsim plan INPUT --fixes [--kernel K] [-J|--json]   (plan takes --variant NAME too)\n"
	      "       irqsim sweep INPUT --vary KEY=VALUES [--vary ...] [--add DEVICE-SPEC] [--max N]\n"
	      "                          [--kernel K] [--variant NAME] [-J|--json|--csv]\n"
	      "       irqsim scenario --from-qemu 'QEMU COMMAND' | --from-qemu-args FILE | --from-libvirt DOMAIN.XML\n"
	      "                       | --from-snapshot SNAPSHOT|DIR\n"
	      "       irqsim snapshot [-o FILE] [--root DIR]\n"
	      "       irqsim doctor [SNAPSHOT|DIR|VECTOR-FILE|TRACE] [--preflight offline=CPULIST|suspend|kdump[:CMDLINE]]\n"
	      "                     [--add DEVICE-SPEC] [--kernel K] [--no-model] [-J]\n"
	      "       irqsim doctor --scenario FILE|--qemu ...|--qemu-args ...|--libvirt ... [--variant NAME] [options]\n"
	      "       irqsim -h|--help | -V|--version\n"
	      "\n"
	      "INPUT, the machine:\n"
	      "  FILE                       a scenario file (- for stdin)\n"
	      "      --qemu 'QEMU COMMAND'  a QEMU command line\n"
	      "      --qemu-args FILE       a QEMU command line in a file (a libvirt log, ps output)\n"
	      "      --libvirt DOMAIN.XML   a libvirt domain\n"
	      "      --from-snapshot SNAPSHOT|DIR  a snapshot, VECTOR file, trace or root directory\n"
	      "\n"
	      "Table output (run summary, interrupts and affinity, compare, plan --fixes, sweep, kernels):\n"
	      "  -o, --output COL[,COL...]  the columns to print; +COL[,...] adds to the default ones\n"
	      "      --sort COL             order the rows by a column\n"
	      "  -n, --noheadings           no header line\n"
	      "  -r, --raw                  raw output: cells separated by one space\n"
	      "  -P, --pairs                key=\"value\" pairs\n"
	      "      --csv                  comma-separated values under a line of keys\n"
	      "  -J, --json                 JSON (docs/schema/); -J, -r, -P and --csv exclude each other\n"
	      "      --list-columns         the table's columns and what they show\n",
	      f);
}

/* The util-linux table options every table-printing command takes; the
 * long-only ones have codes no short option can take */
enum { OPT_SORT = 0x100, OPT_LIST_COLUMNS, OPT_CSV, OPT_IRQ, OPT_AFTER_STEP };
#define TABLE_OPTIONS                                                                                  \
	{ "output", required_argument, NULL, 'o' }, { "sort", required_argument, NULL, OPT_SORT },     \
		{ "noheadings", no_argument, NULL, 'n' }, { "raw", no_argument, NULL, 'r' },           \
		{ "pairs", no_argument, NULL, 'P' }, { "list-columns", no_argument, NULL, OPT_LIST_COLUMNS }, \
		{ "csv", no_argument, NULL, OPT_CSV }
#define TABLE_SHORTOPTS "o:nrP"

/* Take one table option into f; false if c is not one. */
static bool table_option(int c, struct irqsim_output *f, bool *list_columns)
{
	switch (c) {
	case 'o':
		f->columns = optarg;
		return true;
	case OPT_SORT:
		f->sort = optarg;
		return true;
	case 'n':
		f->noheadings = 1;
		return true;
	case 'r':
		f->raw = 1;
		return true;
	case 'P':
		f->pairs = 1;
		return true;
	case OPT_LIST_COLUMNS:
		*list_columns = true;
		return true;
	case OPT_CSV:
		f->csv = 1;
		return true;
	}
	return false;
}

/*
 * The options every command with a machine and a table takes (-o, -r, ...,
 * --qemu, --from-snapshot, ...), one way for all: true when c was one of
 * them, with *rc 0 to go on or the exit status (a second input source).
 */
static bool shared_option(int c, const char *cmd, struct input *in, struct irqsim_output *fmt, bool *list_columns,
			  int *rc)
{
	return table_option(c, fmt, list_columns) || input_option(c, cmd, in, rc);
}

/* The end of every command's option switch: --help, or what getopt refused.  The exit status. */
static int other_option(int c)
{
	if (c != 'h')
		return try_help();
	usage(stdout);
	return 0;
}

/* -J, -r, -P and --csv exclude each other: 0, or 2 with the library's message printed */
static int table_exclusive(const struct irqsim_output *f)
{
	char err[128];
	if (!irqsim_output_check(f, err, sizeof(err)))
		return 0;
	fprintf(stderr, "%s\n", err);
	return 2;
}

/* Is any of -o, --sort, -n, -r, -P, --csv given? */
static bool table_custom(const struct irqsim_output *f)
{
	return f->columns || f->sort || f->noheadings || f->raw || f->pairs || f->csv;
}

static int parse_view(const char *v, enum irqsim_view *out)
{
	static const struct {
		const char *name;
		enum irqsim_view view;
	} views[] = {
		{ "summary", IRQSIM_VIEW_SUMMARY }, { "interrupts", IRQSIM_VIEW_INTERRUPTS },
		{ "vector", IRQSIM_VIEW_VECTOR },   { "trace", IRQSIM_VIEW_TRACE },
		{ "dmesg", IRQSIM_VIEW_DMESG },     { "affinity", IRQSIM_VIEW_AFFINITY },
		{ "steps", IRQSIM_VIEW_STEPS },     { "explain", IRQSIM_VIEW_EXPLAIN },
		{ "snapshot", IRQSIM_VIEW_SNAPSHOT }, { "doctor", IRQSIM_VIEW_DOCTOR },
		{ "map", IRQSIM_VIEW_MAP }, { "irqdebug", IRQSIM_VIEW_IRQDEBUG },
		{ "kstate", IRQSIM_VIEW_KSTATE },
	};
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(v, views[i].name)) {
			*out = views[i].view;
			return 0;
		}
	return -1;
}

/*
 * A library print into out failed: 1 for a lost write (reported once, when
 * out is closed), else 2 after err is printed.
 */
static int print_failed(FILE *out, const char *err)
{
	if (write_failed(out))
		return 1;
	if (err[0])
		errmsg(err);
	return 2;
}

/*
 * Where a command prints: stdout, or with -O FILE memory first, so that a
 * request the library refuses before printing (an unknown column) leaves
 * FILE alone too; FILE is replaced only once all of it is written
 * (outfile_close).  output_begin gives the stream (NULL after a message:
 * exit status 1), output_end takes the library call's result and err and
 * gives the exit status.
 */
struct output {
	const char *path;
	FILE *f;
	char *buf;
	size_t len;
};

static FILE *output_begin(struct output *o, const char *path)
{
	*o = (struct output){ .path = path };
	o->f = path ? open_memstream(&o->buf, &o->len) : stdout;
	if (!o->f)
		errmsg("out of memory");
	return o->f;
}

static int output_end(struct output *o, int pr, const char *err)
{
	if (o->path && fclose(o->f) && !pr) {
		errmsg("out of memory");
		pr = -1;
	}
	if (pr) {
		free(o->buf);
		if (!o->path)
			return print_failed(stdout, err);
		if (err[0])
			errmsg(err);
		return err[0] ? 2 : 1;
	}
	int rc = 0;
	if (o->path) {
		struct outfile of;
		if (outfile_open(&of, o->path))
			rc = 1;
		else if (fwrite(o->buf, 1, o->len, of.f) != o->len && write_failed(of.f))
			rc = outfile_close(&of, 1);
		else
			rc = outfile_close(&of, 0);
	}
	free(o->buf);
	return rc;
}

/*
 * On stderr, so tables stay machine-readable: what of the run's kernel line
 * the run met but irqsim does not model (compare's PROVENANCE column says
 * how each line is known).
 */
static void kernel_notes(const struct sim *s)
{
	char buf[2048];
	if (irqsim_unmodelled_notes(s, buf, sizeof(buf))) {
		for (char *save = NULL, *ln = strtok_r(buf, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save))
			fprintf(stderr, "irqsim: warning: %s\n", ln);
	}
}

/* Run each scenario of r on each kernel and print one comparison row per run (to 'out' path, or stdout). */
static int compare_runs(const struct input *in, const struct irqsim_scenarios *r, const char *what, char **kernels,
			int nk, int check, const struct irqsim_output *fmt, const char *outpath, bool skip_refused,
			bool map)
{
	size_t cap = r->n * (size_t)(nk ? nk : 1);
	struct sim **sims = calloc(cap, sizeof(*sims));
	char **labels = calloc(cap, sizeof(*labels));
	int n = 0, rc = 0;
	char err[1024];
	if (!sims || !labels) {
		free(sims);
		free(labels);
		errmsg("out of memory");
		return 1;
	}
	/* the map draws every step's cells: only its runs keep them */
	irqsim_map_record_steps(map);
	for (size_t i = 0; i < r->n && !rc; i++) {
		for (int k = 0; k < (nk ? nk : 1); k++) {
			/* a comparison prints figures: no trace; explanations only for the map's device chains */
			struct irqsim_options o = { .kernel = nk ? kernels[k] : NULL, .check_invariants = check,
						    .omit = IRQSIM_OMIT_TRACE | (map ? 0 : IRQSIM_OMIT_EXPLAIN) };
			struct sim *s = irqsim_run(r->scns[i], &o, err, sizeof(err));
			if (!s && skip_refused) {
				/* --kernels all: a line that refuses the scenario (3.10 and CPU hot-plug) is left out, said once */
				fprintf(stderr, "irqsim: warning: kernel %s left out: %s\n", kernels[k], err);
				continue;
			}
			if (!s) {
				input_error(in, err, sizeof(err));
				rc = 2;
				break;
			}
			if (asprintf(&labels[n], "%s%s%s", r->n > 1 || !nk ? r->names[i] : "", r->n > 1 && nk ? "@" : "",
				     nk ? kernels[k] : "") < 0)
				labels[n] = NULL;
			sims[n++] = s;
		}
	}
	struct output po;
	if (!rc && !output_begin(&po, outpath))
		rc = 1;
	if (!rc) {
		char perr[1024] = "";
		/* the comparison table, or (--view map) the runs' maps side by side on one page */
		int prc = map ? irqsim_map_compare((const char *const *)labels, sims, (size_t)n, po.f, perr, sizeof(perr))
			      : irqsim_compare_format(what, (const char *const *)labels, sims, (size_t)n, fmt, po.f, perr,
						      sizeof(perr));
		rc = output_end(&po, prc, perr);
	}
	/* after the table, and only if it was written: what of each line the runs met but irqsim does not model */
	for (int i = 0; i < n && !rc; i++)
		kernel_notes(sims[i]);
	for (int i = 0; i < n; i++) {
		irqsim_free(sims[i]);
		free(labels[i]);
	}
	free(sims);
	free(labels);
	return rc;
}

/* --list-columns: a table's columns on stdout (a lost write is reported when stdout is closed) */
static int columns_print(enum irqsim_table table)
{
	return irqsim_columns_print(table, stdout) && write_failed(stdout) ? 1 : 0;
}

/* What `irqsim run` was asked for */
struct run_request {
	struct irqsim_output fmt;
	bool list_columns;
	const char *outpath;
	struct input in;
	enum irqsim_view view;
	const char *view_name;
	bool view_given;
	struct irqsim_options o;
	long dbg_irq, dbg_step;  /* --irq, --after-step (irqdebug view); -1: not given */
};

/* --irq N, --after-step N: a decimal number up to 1000000 (no irq or step number goes beyond); 0 or 2 */
static int irqdebug_number(const char *opt, const char *arg, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || errno || v < 0 || v > 1000000) {
		fprintf(stderr, "irqsim: %s takes a number from 0 to 1000000, not '%s'\n", opt, arg);
		return 2;
	}
	*out = v;
	return 0;
}

/* run's options into q: -1 to go on, else the exit status */
static int run_options(int argc, char **argv, struct run_request *q)
{
	static const struct option opts[] = {
		{ "view", required_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'J' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "variant", required_argument, NULL, 'V' },
		{ "explain", no_argument, NULL, 'E' },
		{ "check-invariants", no_argument, NULL, 'c' },
		{ "output-file", required_argument, NULL, 'O' },
		{ "irq", required_argument, NULL, OPT_IRQ },
		{ "after-step", required_argument, NULL, OPT_AFTER_STEP },
		{ "help", no_argument, NULL, 'h' },
		INPUT_OPTIONS,
		TABLE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "v:Jk:O:h" TABLE_SHORTOPTS, opts, NULL)) != -1) {
		if (shared_option(c, "run", &q->in, &q->fmt, &q->list_columns, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'O':
			q->outpath = optarg;
			break;
		case OPT_IRQ:
		case OPT_AFTER_STEP:
			if (irqdebug_number(c == OPT_IRQ ? "--irq" : "--after-step", optarg,
					    c == OPT_IRQ ? &q->dbg_irq : &q->dbg_step))
				return 2;
			break;
		case 'v':
			if (parse_view(optarg, &q->view)) {
				fprintf(stderr, "irqsim: unknown view '%s' (expected summary, interrupts, vector, trace, dmesg, affinity, steps, explain, map, snapshot, doctor, irqdebug or kstate)\n", optarg);
				return 2;
			}
			q->view_name = optarg;
			q->view_given = true;
			break;
		case 'J':
			q->fmt.json = 1;
			break;
		case 'k':
			q->o.kernel = optarg;
			break;
		case 'V':
			q->in.variant = optarg;
			break;
		case 'E':
			q->view = IRQSIM_VIEW_EXPLAIN;
			q->view_name = "explain";
			q->view_given = true;
			break;
		case 'c':
			q->o.check_invariants = 1;
			break;
		default:
			return other_option(c);
		}
	}
	return -1;
}

/* The options against each other and the arguments: -1 to go on, else the exit status (--list-columns: 0) */
static int run_check(int argc, char **argv, struct run_request *q)
{
	enum irqsim_view view = q->view;
	if (table_exclusive(&q->fmt))
		return 2;
	if (q->list_columns)
		return columns_print(view == IRQSIM_VIEW_AFFINITY     ? IRQSIM_TABLE_AFFINITY
				     : view == IRQSIM_VIEW_INTERRUPTS ? IRQSIM_TABLE_INTERRUPTS
								      : IRQSIM_TABLE_SUMMARY);
	/* The map is a page, not a table: it has no columns, so there -o
	 * names the page's file (run --view map -o report.html), like -O. */
	if (view == IRQSIM_VIEW_MAP && q->fmt.columns && !q->outpath) {
		q->outpath = q->fmt.columns;
		q->fmt.columns = NULL;
	}
	if (table_custom(&q->fmt) && view != IRQSIM_VIEW_SUMMARY && view != IRQSIM_VIEW_AFFINITY &&
	    view != IRQSIM_VIEW_INTERRUPTS) {
		fprintf(stderr, "irqsim: -o, --sort, -n, -r, -P and --csv apply to the summary, interrupts and affinity views, "
				"not to %s\n", q->view_name);
		return 2;
	}
	if ((q->dbg_irq >= 0 || q->dbg_step >= 0) && view != IRQSIM_VIEW_IRQDEBUG) {
		fprintf(stderr, "irqsim: --irq and --after-step apply to --view irqdebug, not to %s\n", q->view_name);
		return 2;
	}
	int rc = input_args("run", &q->in, argc, argv);
	if (rc)
		return rc;
	if (view == IRQSIM_VIEW_MAP && q->fmt.json) {
		fprintf(stderr, "irqsim: the map view is an HTML page; it has no JSON form (-J)\n");
		return 2;
	}
	if (view == IRQSIM_VIEW_KSTATE && q->fmt.json) {
		fprintf(stderr, "irqsim: the kstate view is the text of the goldens' kstate.txt; it has no JSON form (-J)\n");
		return 2;
	}
	return -1;
}

/* One scenario run and its view printed (to -O FILE or stdout): the exit status */
static int run_view(struct run_request *q, const struct scenario *scn)
{
	char err[1024];
	/*
	 * only the view asked for is printed: what no other view needs is not
	 * recorded.  The summary's cause line and the map's device chains are
	 * the explain view's, so those two keep the explanations.
	 */
	enum irqsim_view view = q->view;
	bool keep_explain = view == IRQSIM_VIEW_EXPLAIN || view == IRQSIM_VIEW_SUMMARY || view == IRQSIM_VIEW_MAP;
	q->o.omit = (view == IRQSIM_VIEW_TRACE ? 0 : IRQSIM_OMIT_TRACE) | (keep_explain ? 0 : IRQSIM_OMIT_EXPLAIN);
	if (view != IRQSIM_VIEW_DMESG && view != IRQSIM_VIEW_SNAPSHOT && view != IRQSIM_VIEW_DOCTOR)
		q->o.omit |= IRQSIM_OMIT_LOG;
	if (view != IRQSIM_VIEW_STEPS && view != IRQSIM_VIEW_EXPLAIN && view != IRQSIM_VIEW_MAP)
		q->o.omit |= IRQSIM_OMIT_STEP_EVENTS;
	/* only the map draws every step's cells: only its runs keep them */
	irqsim_map_record_steps(view == IRQSIM_VIEW_MAP);
	if (view == IRQSIM_VIEW_IRQDEBUG)
		irqsim_irqdebug_select(q->dbg_irq, q->dbg_step);
	if (view == IRQSIM_VIEW_KSTATE)
		irqsim_kstate_select(1);
	struct sim *s = irqsim_run(scn, &q->o, err, sizeof(err));
	if (!s) {
		input_error(&q->in, err, sizeof(err));
		return 2;
	}
	struct output po;
	int rc = !output_begin(&po, q->outpath)
			 ? 1
			 : output_end(&po, irqsim_report_format(s, q->view, &q->fmt, po.f, err, sizeof(err)), err);
	if (!rc)
		kernel_notes(s);
	irqsim_free(s);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	struct run_request q = { .view = IRQSIM_VIEW_SUMMARY, .view_name = "summary", .dbg_irq = -1, .dbg_step = -1 };
	int rc = run_options(argc, argv, &q);
	if (rc < 0)
		rc = run_check(argc, argv, &q);
	if (rc >= 0)
		return rc;
	struct irqsim_scenarios r;
	if ((rc = input_scenarios(&q.in, 1, &r))) {
		input_free(&q.in);
		return rc;
	}
	if (!r.variants || q.in.variant) {
		rc = run_view(&q, r.scns[0]);
	} else if (q.view_given && q.view != IRQSIM_VIEW_SUMMARY && q.view != IRQSIM_VIEW_MAP) {
		/* a file of variants: compare them all, in the summary view, or their maps side by side */
		fprintf(stderr, "irqsim: %s has variants; choose one with --variant NAME for the %s view\n", q.in.name,
			q.view_name);
		rc = 2;
	} else {
		char *k = (char *)q.o.kernel;
		rc = compare_runs(&q.in, &r, "VARIANT", q.o.kernel ? &k : NULL, q.o.kernel ? 1 : 0, q.o.check_invariants,
				  &q.fmt, q.outpath, false, q.view == IRQSIM_VIEW_MAP);
	}
	input_free(&q.in);
	irqsim_scenarios_free(&r);
	return rc;
}

/* irqsim compare --kernels K1,K2 INPUT: one scenario (each variant) on several kernels */
static int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernels", required_argument, NULL, 'k' },
		{ "variant", required_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'J' },
		{ "check-invariants", no_argument, NULL, 'c' },
		{ "view", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		INPUT_OPTIONS,
		TABLE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	char *kernels[16], *klist = NULL;
	struct input in = { 0 };
	struct irqsim_output fmt = { 0 };
	bool list_columns = false;
	int nk = 0, check = 0, c, rc = 0;
	bool all = false, map = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:Jv:h" TABLE_SHORTOPTS, opts, NULL)) != -1) {
		if (shared_option(c, "compare", &in, &fmt, &list_columns, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'k':
			klist = optarg;
			break;
		case 'V':
			in.variant = optarg;
			break;
		case 'J':
			fmt.json = 1;
			break;
		case 'c':
			check = 1;
			break;
		case 'v':
			/* the comparison table, or the runs' maps side by side */
			if (strcmp(optarg, "map") && strcmp(optarg, "table")) {
				fprintf(stderr, "irqsim: compare --view takes table or map, not '%s'\n", optarg);
				return 2;
			}
			map = !strcmp(optarg, "map");
			break;
		default:
			return other_option(c);
		}
	}
	if (table_exclusive(&fmt))
		return 2;
	if (list_columns)
		return columns_print(IRQSIM_TABLE_COMPARE);
	if (!klist)
		return usage_error("compare needs --kernels K1,K2,...");
	if ((rc = input_args("compare", &in, argc, argv)))
		return rc;
	for (char *save = NULL, *k = strtok_r(klist, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		if (!strcmp(k, "all")) {
			all = true;
			/* every line irqsim has, oldest first */
			struct irqsim_kernel_line info;
			for (size_t i = 0; nk < 16 && !irqsim_kernel_line_info(i, &info); i++) {
				kernels[nk++] = (char *)info.name;
			}
			continue;
		}
		if (nk == 16) {
			fprintf(stderr, "irqsim: --kernels takes at most 16 kernels\n");
			return 2;
		}
		kernels[nk++] = k;
	}
	if (!nk) {
		fprintf(stderr, "irqsim: --kernels needs at least one kernel (e.g. 4.18,6.1,6.12)\n");
		return 2;
	}
	if (map && (fmt.json || table_custom(&fmt))) {
		fprintf(stderr, "irqsim: compare --view map is an HTML page: no -J, -o, --sort, -n, -r, -P or --csv\n");
		input_free(&in);
		return 2;
	}
	struct irqsim_scenarios r;
	rc = input_scenarios(&in, 1, &r);
	if (!rc)
		rc = compare_runs(&in, &r, "RUN", kernels, nk, check, &fmt, NULL, all, map);
	input_free(&in);
	irqsim_scenarios_free(&r);
	return rc;
}

/* Parse a count option (--max N, --keep N); 0 or 2 (message printed). */
static int parse_count(const char *opt, const char *arg, unsigned long *max)
{
	char *end;
	*max = strtoul(arg, &end, 10);
	if (!*arg || *end || *max == 0 || *max > 1000000 || arg[0] == '-') {
		fprintf(stderr, "irqsim: %s expects a number from 1 to 1000000, got '%s'\n", opt, arg);
		return 2;
	}
	return 0;
}

static int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "add", required_argument, NULL, 'a' },
		{ "max", required_argument, NULL, 'm' },
		{ "fixes", no_argument, NULL, 'f' },
		{ "keep", required_argument, NULL, 'K' },
		{ "variant", required_argument, NULL, 'V' },
		{ "until-failure", no_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'J' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		INPUT_OPTIONS,
		TABLE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	/* the plans print figures: no trace or explanations */
	struct irqsim_options o = { .omit = IRQSIM_OMIT_TRACE | IRQSIM_OMIT_EXPLAIN };
	const char *spec = NULL;
	unsigned long max = 100000, keep = 0;
	int json = 0, fixes = 0, c, rc = 0;
	struct input in = { 0 };
	struct irqsim_output fmt = { 0 };
	bool list_columns = false;
	o.format = &fmt;
	optind = 1;
	while ((c = getopt_long(argc, argv, "a:m:Jk:V:h" TABLE_SHORTOPTS, opts, NULL)) != -1) {
		if (shared_option(c, "plan", &in, &fmt, &list_columns, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'a':
			spec = optarg;
			break;
		case 'f':
			fixes = 1;
			break;
		case 'K':
			if (parse_count("--keep", optarg, &keep))
				return 2;
			break;
		case 'u':
			/* the default: hot-add until the first probe failure */
			max = 100000;
			break;
		case 'm':
			if (parse_count("--max", optarg, &max))
				return 2;
			break;
		case 'J':
			json = 1;
			break;
		case 'V':
			in.variant = optarg;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		default:
			return other_option(c);
		}
	}
	if ((list_columns || table_custom(&fmt)) && !fixes) {
		fprintf(stderr, "irqsim: -o, --sort, -n, -r, -P, --csv and --list-columns apply to plan --fixes (its table)\n");
		return 2;
	}
	fmt.json = json;
	if (table_exclusive(&fmt))
		return 2;
	if (list_columns)
		return columns_print(IRQSIM_TABLE_FIXES);
	if (!spec == !fixes)
		return usage_error("plan needs either --add DEVICE-SPEC or --fixes");
	if ((rc = input_args("plan", &in, argc, argv)))
		return rc;
	if (keep && fixes) {
		fprintf(stderr, "irqsim: plan --keep needs --add DEVICE-SPEC, not --fixes\n");
		return 2;
	}
	char err[1024] = "";
	struct irqsim_scenarios sc;
	if ((rc = input_scenarios(&in, 0, &sc))) {
		input_free(&in);
		return rc;
	}
	const char *text = sc.texts[0];
	size_t len = sc.lens[0];
	int r;
	if (!fixes && !keep) {
		struct irqsim_plan p;
		r = irqsim_plan(sc.scns[0], &o, spec, (unsigned)max, &p, err, sizeof(err));
		if (!r && irqsim_plan_print(&p, spec, json, stdout) && write_failed(stdout))
			rc = 1;
	} else {
		r = fixes ? irqsim_fixes(in.name, text, len, &o, json, stdout, err, sizeof(err))
			  : irqsim_sizing(in.name, text, len, &o, spec, (unsigned)keep, json, stdout, err, sizeof(err));
	}
	irqsim_scenarios_free(&sc);
	if (r && (rc = print_failed(stdout, "")) == 2)
		input_error(&in, err, sizeof(err));
	input_free(&in);
	return rc;
}

/* irqsim sweep INPUT --vary KEY=VALUES...: one run (or plan) per combination */
static int cmd_sweep(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vary", required_argument, NULL, 'v' },
		{ "add", required_argument, NULL, 'a' },
		{ "max", required_argument, NULL, 'm' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "variant", required_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		INPUT_OPTIONS,
		TABLE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	/* the cells print figures: no trace or explanations */
	struct irqsim_options o = { .omit = IRQSIM_OMIT_TRACE | IRQSIM_OMIT_EXPLAIN };
	struct irqsim_sweep_request rq = { .opt = &o, .max = 100000 };
	const char *vary[16];
	struct input in = { 0 };
	unsigned long max;
	int c, rc = 0;
	struct irqsim_output fmt = { 0 };
	bool list_columns = false;
	o.format = &fmt;
	optind = 1;
	while ((c = getopt_long(argc, argv, "v:a:m:k:V:Jh" TABLE_SHORTOPTS, opts, NULL)) != -1) {
		if (shared_option(c, "sweep", &in, &fmt, &list_columns, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'v':
			if (rq.nr_vary == sizeof(vary) / sizeof(vary[0])) {
				fprintf(stderr, "irqsim: at most %zu --vary options\n", sizeof(vary) / sizeof(vary[0]));
				return 2;
			}
			vary[rq.nr_vary++] = optarg;
			break;
		case 'a':
			rq.add = optarg;
			break;
		case 'm':
			if (parse_count("--max", optarg, &max))
				return 2;
			rq.max = (unsigned)max;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		case 'V':
			in.variant = optarg;
			break;
		case 'J':
			rq.format = IRQSIM_FORMAT_JSON;
			break;
		default:
			return other_option(c);
		}
	}
	fmt.json = rq.format == IRQSIM_FORMAT_JSON;
	if (table_exclusive(&fmt))
		return 2;
	if (list_columns)
		return columns_print(rq.add ? IRQSIM_TABLE_SWEEP_PLAN : IRQSIM_TABLE_SWEEP);
	if (!rq.nr_vary)
		return usage_error("sweep needs at least one --vary KEY=VALUES");
	if ((rc = input_args("sweep", &in, argc, argv)))
		return rc;
	struct irqsim_kernel_line kl;
	if (o.kernel && irqsim_kernel_resolve(o.kernel, &kl, NULL, 0)) {
		fprintf(stderr, "irqsim: unknown kernel '%s' (expected one of: %s, or a release of one as uname -r prints it)\n",
			o.kernel, kernel_choices());
		return 2;
	}
	struct irqsim_scenarios sc;
	if ((rc = input_scenarios(&in, 0, &sc))) {
		input_free(&in);
		return rc;
	}
	rq.filename = in.name;
	rq.text = sc.texts[0];
	rq.len = sc.lens[0];
	rq.vary = vary;
	char err[1024] = "";
	if (irqsim_sweep(&rq, stdout, err, sizeof(err)) && (rc = print_failed(stdout, "")) == 2)
		input_error(&in, err, sizeof(err));
	irqsim_scenarios_free(&sc);
	input_free(&in);
	return rc;
}

/* irqsim scenario --from-qemu TEXT | --from-qemu-args FILE | --from-libvirt FILE: the scenario text */
static int cmd_scenario(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from-qemu", required_argument, NULL, 'q' },
		{ "from-qemu-args", required_argument, NULL, 'Q' },
		{ "from-libvirt", required_argument, NULL, 'L' },
		{ "from-snapshot", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct input in = { .no_ignored_note = true };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
		case 'Q':
		case 'L':
		case 'S':
			if (in.opt)
				return usage_error("scenario takes one of --from-qemu, --from-qemu-args, --from-libvirt, "
						   "--from-snapshot, once");
			in.src = c == 'q' ? SRC_QEMU : c == 'Q' ? SRC_QEMU_ARGS : c == 'L' ? SRC_LIBVIRT : SRC_SNAPSHOT;
			in.arg = optarg;
			in.opt = c == 'q' ? "--from-qemu" : c == 'Q' ? "--from-qemu-args" : c == 'L' ? "--from-libvirt"
											 : "--from-snapshot";
			break;
		default:
			return other_option(c);
		}
	}
	if (!in.opt || optind != argc)
		return usage_error("scenario needs one of --from-qemu 'COMMAND', --from-qemu-args FILE, "
				   "--from-libvirt FILE, --from-snapshot SNAPSHOT|DIR (and nothing else)");
	size_t len;
	char *text = input_text(&in, &len);
	if (!text) {
		input_free(&in);
		return 2;
	}
	/* the text must be a scenario irqsim reads: the same check as run's */
	char err[1024];
	struct irqsim_scenarios sc;
	int rc = irqsim_scenarios_parse(in.name, text, len, NULL, 1, &sc, err, sizeof(err)) < 0;
	if (rc) {
		input_error(&in, err, sizeof(err));
	} else {
		irqsim_scenarios_free(&sc);
		fwrite(text, 1, len, stdout);
	}
	free(text);
	input_free(&in);
	return rc ? 2 : 0;
}

/* The kernel lines (with switches, their switches) on stdout: the exit status */
static int kernels_out(int switches, const struct irqsim_output *fmt)
{
	struct output po;
	char err[1024] = "";
	output_begin(&po, NULL);
	return output_end(&po, irqsim_kernels_format(switches, fmt, po.f, err, sizeof(err)), err);
}

/* irqsim kernels [--switches] [-J] and the table options */
static int cmd_kernels(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "switches", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		TABLE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct irqsim_output fmt = { 0 };
	bool list_columns = false;
	int c, verbose = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "sJh" TABLE_SHORTOPTS, opts, NULL)) != -1) {
		if (table_option(c, &fmt, &list_columns))
			continue;
		switch (c) {
		case 's':
			verbose = 1;
			break;
		case 'J':
			fmt.json = 1;
			break;
		default:
			return other_option(c);
		}
	}
	if (table_exclusive(&fmt))
		return 2;
	if (list_columns)
		return columns_print(IRQSIM_TABLE_KERNELS);
	if (optind < argc)
		return usage_error("kernels takes no arguments");
	return kernels_out(verbose, &fmt);
}

/* --kernel help (or --kernels help): the list of lines instead of a run */
static bool kernel_help_asked(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		if ((!strcmp(argv[i], "--kernel") || !strcmp(argv[i], "--kernels")) && i + 1 < argc &&
		    !strcmp(argv[i + 1], "help"))
			return true;
		if (!strcmp(argv[i], "--kernel=help") || !strcmp(argv[i], "--kernels=help"))
			return true;
	}
	return false;
}

static int dispatch(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*cmd)(int argc, char **argv);
	} cmds[] = {
		{ "run", cmd_run },           { "plan", cmd_plan },         { "sweep", cmd_sweep },
		{ "compare", cmd_compare },   { "snapshot", cmd_snapshot }, { "doctor", cmd_doctor },
		{ "scenario", cmd_scenario }, { "kernels", cmd_kernels },
	};
	if (argc < 2)
		return usage_error("no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		puts("irqsim " IRQSIM_VERSION);
		return 0;
	}
	if (kernel_help_asked(argc, argv)) {
		static const struct irqsim_output plain;
		return kernels_out(0, &plain);
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name)) {
			/* getopt names argv[0] in its messages: "irqsim: unrecognized option '--x'" */
			argv[1] = argv[0];
			return cmds[i].cmd(argc - 1, argv + 1);
		}
	return usage_error("unknown command '%s'", argv[1]);
}

int main(int argc, char **argv)
{
	/* getopt's messages start "irqsim: " whatever path the binary was run by */
	argv[0] = (char *)"irqsim";
	/*
	 * Plans, sweeps and the doctor free a whole simulated machine and build
	 * the next: with glibc's defaults the top of the heap went back to the
	 * kernel after each (128 KB trim threshold) and was faulted in again,
	 * zeroed, for the next (plan --keep 512: 139,000 page faults, 40% of
	 * its time).  Free memory up to 64 MB stays in the process, and blocks
	 * below 32 MB come from the heap rather than their own mapping.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	return close_stdout(dispatch(argc, argv));
}
