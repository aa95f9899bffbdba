// SPDX-License-Identifier: GPL-2.0-only
/*
 * The util-linux table options (irqsim_output) on the summary, affinity and
 * comparison tables, and the public scenario loader.
 */
#include <pthread.h>

#include <jansson.h>

#include "kernel/sim.h"
#include "lib/oneline.h"
#include "pci/pci.h"
#include "report/table.h"
#include "simutil.h"

/* Two disks (one on 1 queue, one on 4) and a serial port, 4 CPUs. */
static const char scn2[] = "kernel 6.1\nmachine pc\nsmp 4\n"
			   "device virtio-blk-pci,id=big,num-queues=4\n"
			   "device virtio-blk-pci,id=small,num-queues=1\nboot\n";

/* A view printed with fmt; rc is irqsim_report_format's, err its message. */
/* not inlined: gcc 12 then takes the memstream buffer for a dangling local */
__attribute__((noinline)) static char *view(struct sim *s, enum irqsim_view v, const struct irqsim_output *fmt, int *rc, char *err)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	err[0] = '\0';
	*rc = irqsim_report_format(s, v, fmt, f, err, 256);
	fclose(f);
	return out;
}

static void test_columns_order_and_headings(void **state)
{
	struct sim *s = run_text(scn2, NULL);
	char err[256];
	int rc;
	const struct irqsim_output o = { .columns = "id,VECTORS", .noheadings = 1, .raw = 1 };
	char *out = view(s, IRQSIM_VIEW_SUMMARY, &o, &rc, err);
	assert_int_equal(rc, 0);
	/* the two columns, in the order asked (case-insensitive names), no header; raw: the table alone */
	assert_string_equal(out, "big 5\nsmall 2\n");
	free(out);
	/* without raw the totals follow, as in the default view */
	const struct irqsim_output nh = { .columns = "ID", .noheadings = 1 };
	out = view(s, IRQSIM_VIEW_SUMMARY, &nh, &rc, err);
	assert_int_equal(rc, 0);
	assert_string_prefix(out, "big\nsmall\n\nkernel 6.1, machine pc, 4 CPUs online");
	free(out);

	/* sorted by a number column: 2 before 5 (as numbers) */
	const struct irqsim_output so = { .columns = "ID,VECTORS", .sort = "VECTORS", .pairs = 1 };
	out = view(s, IRQSIM_VIEW_SUMMARY, &so, &rc, err);
	assert_int_equal(rc, 0);
	/* pairs output is the table alone, named by the keys */
	assert_string_equal(out, "id=\"small\" vectors=\"2\"\nid=\"big\" vectors=\"5\"\n");
	free(out);
	irqsim_free(s);
}

static void test_unknown_column(void **state)
{
	struct sim *s = run_text(scn2, NULL);
	char err[256];
	int rc;
	const struct irqsim_output o = { .columns = "ID,NOPE" };
	char *out = view(s, IRQSIM_VIEW_SUMMARY, &o, &rc, err);
	assert_int_equal(rc, -1);
	assert_string_equal(out, ""); /* nothing printed */
	assert_string_equal(err, "irqsim: unknown column 'NOPE' (columns: device,id,driver,name,mode,vectors,irqs,errno)");
	free(out);
	const struct irqsim_output so = { .sort = "x" };
	free(view(s, IRQSIM_VIEW_SUMMARY, &so, &rc, err));
	assert_int_equal(rc, -1);
	assert_string_prefix(err, "irqsim: unknown column 'x' for --sort (columns: device,");
	/* a view that is not a table takes no column options */
	const struct irqsim_output n = { .noheadings = 1 };
	free(view(s, IRQSIM_VIEW_TRACE, &n, &rc, err));
	assert_int_equal(rc, -1);
	irqsim_free(s);
}

/* affinity: its /proc lines by default; a table with the MANAGED column when a table option asks */
static void test_affinity_extra_column(void **state)
{
	struct sim *s = run_text(scn2, NULL);
	char err[256];
	int rc;
	char *plain = view(s, IRQSIM_VIEW_AFFINITY, NULL, &rc, err);
	assert_int_equal(rc, 0);
	assert_string_prefix(plain, "0 0-3 0\n");
	const struct irqsim_output o = { .columns = "+MANAGED", .raw = 1, .noheadings = 1 };
	char *out = view(s, IRQSIM_VIEW_AFFINITY, &o, &rc, err);
	assert_int_equal(rc, 0);
	assert_string_prefix(out, "0 0-3 0 no\n");
	/* the disks' queue vectors are managed */
	assert_string_contains(out, " yes\n");
	/* every line is the default line plus the MANAGED cell */
	size_t lines = 0;
	for (char *p = plain, *q = out; *p; lines++) {
		size_t n = strcspn(p, "\n");
		assert_memory_equal(p, q, n);
		assert_true(!strncmp(q + n, " no\n", 4) || !strncmp(q + n, " yes\n", 5));
		p += n + 1;
		q += n + (q[n + 1] == 'n' ? 4 : 5);
	}
	assert_true(lines > 5);
	free(plain);
	free(out);
	/* JSON booleans */
	const struct irqsim_output j = { .columns = "IRQ,MANAGED", .json = 1 };
	out = view(s, IRQSIM_VIEW_AFFINITY, &j, &rc, err);
	assert_int_equal(rc, 0);
	assert_string_contains(out, "{\"irq\": 0, \"managed\": false}");
	assert_string_contains(out, "\"managed\": true");
	free(out);
	irqsim_free(s);
}

static void test_scenario_load(void **state)
{
	char err[256];
	struct scenario *scn = irqsim_scenario_load("examples/seed-001.scn", NULL, err, sizeof(err));
	assert_null(scn);
	assert_string_prefix(err, "irqsim: examples/seed-001.scn has variants; choose one with --variant NAME (it has: ");
	scn = irqsim_scenario_load("examples/seed-001.scn", "nosuch", err, sizeof(err));
	assert_null(scn);
	assert_string_prefix(err, "irqsim: examples/seed-001.scn has no variant 'nosuch' (it has: ");
	scn = irqsim_scenario_load("examples/seed-002.scn", "x", err, sizeof(err));
	assert_null(scn);
	assert_string_equal(err, "irqsim: examples/seed-002.scn has no variants (--variant x)");
	scn = irqsim_scenario_load("/nonexistent.scn", NULL, err, sizeof(err));
	assert_null(scn);
	assert_string_prefix(err, "cannot open /nonexistent.scn: ");
	scn = irqsim_scenario_load("examples/seed-002.scn", NULL, err, sizeof(err));
	assert_non_null(scn);
	struct irqsim_options o = { 0 };
	struct sim *s = irqsim_run(scn, &o, err, sizeof(err));
	assert_non_null(s);
	irqsim_free(s);
	irqsim_scenario_free(scn);
	irqsim_scenario_free(NULL);
}

static void test_compare_format(void **state)
{
	struct sim *s[2] = { run_text(scn2, "6.1"), run_text(scn2, "6.12") };
	const char *labels[2] = { "a", "b" };
	char *out = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const struct irqsim_output o = { .columns = "KERNEL,RUN", .sort = "KERNEL", .raw = 1 };
	assert_int_equal(irqsim_compare_format("RUN", labels, s, 2, &o, f, err, sizeof(err)), 0);
	fclose(f);
	/* 6.1 < 6.12 as numbers; the first column took the name 'what' */
	assert_string_equal(out, "KERNEL RUN\n6.1 a\n6.12 b\n");
	free(out);
	irqsim_free(s[0]);
	irqsim_free(s[1]);
}

/* The header promises: one scenario may be run by several threads at once. */
struct thread_run {
	const struct scenario *scn;
	char *out;
};

static void *run_and_print(void *arg)
{
	struct thread_run *t = arg;
	char err[256];
	size_t len = 0;
	struct irqsim_options o = { 0 };
	struct sim *s = irqsim_run(t->scn, &o, err, sizeof(err));
	FILE *f = open_memstream(&t->out, &len);
	if (s)
		irqsim_report(s, IRQSIM_VIEW_AFFINITY, 0, f);
	fclose(f);
	irqsim_free(s);
	return NULL;
}

static void test_threads(void **state)
{
	char err[256];
	/* two machines of different sizes: the cpumask helpers are sized per thread */
	struct scenario *scn[2] = {
		irqsim_scenario_load("examples/drivers-mix.scn", NULL, err, sizeof(err)),
		irqsim_scenario_load("examples/seed-000.scn", NULL, err, sizeof(err)), /* 80 CPUs */
	};
	assert_non_null(scn[0]);
	assert_non_null(scn[1]);
	struct thread_run one[2] = { { scn[0], NULL }, { scn[1], NULL } }, t[6];
	run_and_print(&one[0]);
	run_and_print(&one[1]);
	assert_true(strlen(one[0].out) > 200 && strlen(one[1].out) > 5000);
	pthread_t th[6];
	for (int i = 0; i < 6; i++) {
		t[i] = (struct thread_run){ scn[i % 2], NULL };
		assert_int_equal(pthread_create(&th[i], NULL, run_and_print, &t[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		assert_string_equal(t[i].out, one[i % 2].out);
		free(t[i].out);
	}
	free(one[0].out);
	free(one[1].out);
	irqsim_scenario_free(scn[0]);
	irqsim_scenario_free(scn[1]);
}

/* Sims built one after the other keep their own CPU counts when printed later */
static void test_sims_of_two_sizes(void **state)
{
	struct sim *s[2] = { run_text("smp 100\n", NULL), run_text("smp 4\n", NULL) };
	const char *labels[2] = { "big", "small" };
	char *out = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const struct irqsim_output o = { .columns = "RUN,CPUS", .raw = 1, .noheadings = 1 };
	assert_int_equal(irqsim_compare_format("RUN", labels, s, 2, &o, f, err, sizeof(err)), 0);
	fclose(f);
	assert_string_equal(out, "big 100\nsmall 4\n");
	free(out);
	irqsim_free(s[0]);
	irqsim_free(s[1]);
}

/* The values of key in the rows under rows_key of a JSON document, as one string ("24|25|" for numbers) */
static void json_values(const char *doc, const char *rows_key, const char *key, char *buf, size_t len)
{
	json_error_t je;
	json_t *root = json_loads(doc, 0, &je);
	assert_non_null(root);
	json_t *rows = json_object_get(root, rows_key);
	assert_true(json_is_array(rows));
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < json_array_size(rows); i++) {
		char *v = json_dumps(json_object_get(json_array_get(rows, i), key), JSON_ENCODE_ANY | JSON_COMPACT);
		assert_non_null(v);
		n += (size_t)snprintf(buf + n, len - n, "%s|", v);
		free(v);
	}
	json_decref(root);
}

/*
 * Issue 19: --sort and -o once turned "hwirq": 32768 into "32768" and
 * "actions": [...] into a string.  A key's type is its column's, whatever the
 * table options; -o only selects and orders.
 */
static void test_json_types_do_not_depend_on_options(void **state)
{
	struct sim *s = run_text(scn2, NULL);
	char err[256], a[4096], b[4096];
	int rc;
	const struct irqsim_output plain = { .json = 1 };
	const struct irqsim_output sorted = { .json = 1, .sort = "IRQ", .columns = "actions,hwirq,irq" };
	char *x = view(s, IRQSIM_VIEW_INTERRUPTS, &plain, &rc, err);
	assert_int_equal(rc, 0);
	char *y = view(s, IRQSIM_VIEW_INTERRUPTS, &sorted, &rc, err);
	assert_int_equal(rc, 0);
	assert_string_prefix(x, "{\n  \"irqsim\": {\"format_version\": 1, \"command\": \"run\", \"view\": \"interrupts\", "
				"\"kernel\": \"6.1\"},\n");
	for (const char *const *k = (const char *const[]){ "hwirq", "actions", "irq", NULL }; *k; k++) {
		json_values(x, "interrupts", *k, a, sizeof(a));
		json_values(y, "interrupts", *k, b, sizeof(b));
		assert_string_equal(a, b);
	}
	assert_string_contains(a, "24|"); /* numbers stay numbers */
	json_values(x, "interrupts", "actions", a, sizeof(a));
	assert_string_contains(a, "[\"virtio0-config\"]|"); /* lists stay arrays */
	/* -o did not keep a key it did not name */
	assert_null(strstr(y, "\"chip\""));
	free(x);
	free(y);
	/* the summary's irqs are an array, a missing name null */
	x = view(s, IRQSIM_VIEW_SUMMARY, &plain, &rc, err);
	json_values(x, "devices", "irqs", a, sizeof(a));
	assert_string_prefix(a, "[24,25,26,27,28]|");
	json_values(x, "devices", "name", a, sizeof(a));
	assert_string_equal(a, "\"virtio0\"|\"virtio1\"|");
	free(x);
	irqsim_free(s);
}

/* irqsim_kernels_format: a table like the others (-o, --sort, --csv, -J's header; --switches adds a column) */
static void test_kernels_format(void **state)
{
	char *out = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const struct irqsim_output o = { .columns = "LINE,VECTORS-PER-CPU", .sort = "line", .csv = 1 };
	assert_int_equal(irqsim_kernels_format(0, &o, f, err, sizeof(err)), 0);
	fclose(f);
	/* lines in numeric order, 3.10's missing matrix an empty cell, no prose after the CSV */
	assert_string_prefix(out, "line,vectors_per_cpu\n3.10,\n4.18,201\n");
	assert_true(len > 8 && !strcmp(out + len - 9, "\n7.0,201\n"));
	free(out);
	f = open_memstream(&out, &len);
	const struct irqsim_output json = { .json = 1 };
	assert_int_equal(irqsim_kernels_format(1, &json, f, err, sizeof(err)), 0);
	fclose(f);
	assert_string_prefix(out, "{\n  \"irqsim\": {\"format_version\": 1, \"command\": \"kernels\", \"view\": "
				  "\"switches\", \"kernel\": null},\n");
	char a[8192];
	json_values(out, "kernels", "vectors_per_cpu", a, sizeof(a));
	assert_string_prefix(a, "null|201|"); /* a number, null where there is none */
	json_values(out, "kernels", "distributions", a, sizeof(a));
	assert_string_contains(a, "[\"Debian 12\",\"Amazon Linux 2023\"]|"); /* a list is an array */
	json_values(out, "kernels", "switches", a, sizeof(a));
	assert_string_prefix(a, "[\"has_cleanup_vector\",\"legacy_vector_alloc\","); /* 3.10's */
	assert_non_null(strstr(out, "\n  \"switches\": [\n"));
	free(out);
	/* an unknown column and -J with -P: refused before anything is printed */
	f = open_memstream(&out, &len);
	const struct irqsim_output bad = { .sort = "nope" }, jp = { .json = 1, .pairs = 1 };
	assert_int_equal(irqsim_kernels_format(0, &bad, f, err, sizeof(err)), -1);
	assert_string_prefix(err, "irqsim: unknown column 'nope' for --sort (columns: line,");
	assert_int_equal(irqsim_kernels_format(0, &jp, f, err, sizeof(err)), -1);
	assert_string_equal(err, "irqsim: options -J and -P are mutually exclusive");
	fclose(f);
	assert_string_equal(out, "");
	free(out);
}

/* -J, -r, -P and --csv exclude each other, as in lsirq */
static void test_format_exclusive(void **state)
{
	struct sim *s = run_text(scn2, NULL);
	char err[256];
	int rc;
	const struct irqsim_output jr = { .json = 1, .raw = 1 }, pc = { .pairs = 1, .csv = 1 };
	char *out = view(s, IRQSIM_VIEW_SUMMARY, &jr, &rc, err);
	assert_int_equal(rc, -1);
	assert_string_equal(out, "");
	assert_string_equal(err, "irqsim: options -J and -r are mutually exclusive");
	free(out);
	assert_int_equal(irqsim_output_check(&pc, err, sizeof(err)), -1);
	assert_string_equal(err, "irqsim: options -P and --csv are mutually exclusive");
	assert_int_equal(irqsim_output_check(NULL, err, sizeof(err)), 0);
	/* CSV: keys in the header, a list quoted, an empty cell for nothing */
	const struct irqsim_output csv = { .csv = 1, .columns = "id,irqs,name" };
	out = view(s, IRQSIM_VIEW_SUMMARY, &csv, &rc, err);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "id,irqs,name\nbig,\"24,25,26,27,28\",virtio0\nsmall,\"29,30\",virtio1\n");
	free(out);
	irqsim_free(s);
}

/* The text filter: control characters and invalid UTF-8 replaced, a sequence split between writes kept */
static void test_text_filter(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	FILE *f = text_filter_open(mem);
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0); /* every fputs a write of its own */
	fputs("a\x1b]0;x\x07\r\tb\n\x7f", f);
	fputs("\xc3", f); /* é split in two */
	fputs("\xa9 \xff\xc3(\xe2\x82", f);
	fputs("\xac \xed\xa0\x80 \xf0\x9f", f); /* €, a surrogate, then an unfinished emoji */
	assert_int_equal(fclose(f), 0);
	fclose(mem);
	assert_string_equal(buf, "a?]0;x??\tb\n?\xc3\xa9 ??" "(\xe2\x82\xac ??? ??");
	free(buf);
	char s[] = "x\x1b[2J\xffy\xc3\xa9";
	assert_string_equal(text_one_line(s), "x?[2J?y\xc3\xa9");
}

/* A run with its own options (the invariants checked). */
static struct sim *run_omit(const char *text, unsigned omit)
{
	struct scenario scn;
	char err[512];
	if (scenario_parse("t.scn", text, strlen(text), &scn, err, sizeof(err)))
		fail_msg("parse: %s", err);
	struct irqsim_options o = { .check_invariants = 1, .omit = omit };
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	scenario_free(&scn);
	if (!s)
		fail_msg("run: %s", err);
	return s;
}

/*
 * irqsim_options.omit: what no view needs is not recorded, every other view
 * is unchanged, and a view whose record was left out says so.  A 1-CPU guest
 * running out of vectors, so that there are fallbacks to explain.
 */
static void test_omit_records(void **state)
{
	char text[1024];
	exhaust_text(text, sizeof(text));
	struct sim *all = run_omit(text, 0);
	struct sim *none = run_omit(text, IRQSIM_OMIT_TRACE | IRQSIM_OMIT_EXPLAIN);
	struct sim *no_trace = run_omit(text, IRQSIM_OMIT_TRACE);
	const struct irqsim_output fmt = { 0 };
	char err[256];
	int rc;
	/* the figures do not depend on what is recorded */
	for (enum irqsim_view v = IRQSIM_VIEW_SUMMARY; v <= IRQSIM_VIEW_MAP; v++) {
		/* the summary's cause line and the map's chains are the explain view's: below */
		if (v == IRQSIM_VIEW_TRACE || v == IRQSIM_VIEW_EXPLAIN || v == IRQSIM_VIEW_SUMMARY ||
		    v == IRQSIM_VIEW_MAP)
			continue;
		char *a = view(all, v, &fmt, &rc, err), *b = view(none, v, &fmt, &rc, err);
		assert_int_equal(rc, 0);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	/* the summary without explanations: the same text but its cause line */
	char *sa = view(all, IRQSIM_VIEW_SUMMARY, &fmt, &rc, err), *sb = view(none, IRQSIM_VIEW_SUMMARY, &fmt, &rc, err);
	assert_non_null(strstr(sa, "\ncause: "));
	assert_null(strstr(sb, "\ncause: "));
	size_t at = (size_t)(strstr(sa, "\ncause: ") - sa) + 1, len = strcspn(sa + at, "\n") + 1;
	assert_int_equal(strlen(sa) - len, strlen(sb));
	assert_memory_equal(sa, sb, at);
	assert_string_equal(sa + at + len, sb + at);
	free(sa);
	free(sb);
	for (enum irqsim_view v = IRQSIM_VIEW_SUMMARY; v <= IRQSIM_VIEW_MAP; v += IRQSIM_VIEW_MAP - IRQSIM_VIEW_SUMMARY) {
		char *a = view(all, v, &fmt, &rc, err), *b = view(no_trace, v, &fmt, &rc, err);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	char *a = view(all, IRQSIM_VIEW_EXPLAIN, &fmt, &rc, err), *b = view(no_trace, IRQSIM_VIEW_EXPLAIN, &fmt, &rc, err);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(a, "irq_matrix_alloc"));
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* nothing recorded, and the views that would print it refuse */
	assert_int_equal(none->trace.nr, 0);
	assert_true(all->trace.nr > 100);
	for (size_t i = 0; i < none->nr_pdevs; i++)
		assert_null(none->pdevs[i]->explain);
	free(view(none, IRQSIM_VIEW_TRACE, &fmt, &rc, err));
	assert_int_equal(rc, -1);
	assert_string_equal(err, "irqsim: the run did not record the trace (irqsim_options.omit)");
	free(view(none, IRQSIM_VIEW_EXPLAIN, &fmt, &rc, err));
	assert_int_equal(rc, -1);
	assert_string_equal(err, "irqsim: the run did not record the explanations (irqsim_options.omit)");
	irqsim_free(all);
	irqsim_free(none);
	irqsim_free(no_trace);
}

/*
 * IRQSIM_OMIT_LOG and IRQSIM_OMIT_STEP_EVENTS (what irqsim run leaves out
 * for the summary): no log line formatted, no step event or device count
 * kept, every view that prints neither unchanged, the six that print them
 * refuse.
 */
static void test_omit_log_and_step_events(void **state)
{
	char text[1024];
	exhaust_text(text, sizeof(text));
	struct sim *all = run_omit(text, 0), *less = run_omit(text, IRQSIM_OMIT_LOG | IRQSIM_OMIT_STEP_EVENTS);
	const struct irqsim_output fmt = { 0 };
	char err[256];
	int rc;
	(void)state;
	for (enum irqsim_view v = IRQSIM_VIEW_SUMMARY; v <= IRQSIM_VIEW_MAP; v++) {
		bool refused = v == IRQSIM_VIEW_DMESG || v == IRQSIM_VIEW_SNAPSHOT || v == IRQSIM_VIEW_DOCTOR ||
			       v == IRQSIM_VIEW_STEPS || v == IRQSIM_VIEW_EXPLAIN || v == IRQSIM_VIEW_MAP;
		char *a = view(all, v, &fmt, &rc, err);
		assert_int_equal(rc, 0);
		char *b = view(less, v, &fmt, &rc, err);
		if (refused) {
			assert_int_equal(rc, -1);
			assert_string_equal(err, v == IRQSIM_VIEW_STEPS || v == IRQSIM_VIEW_EXPLAIN || v == IRQSIM_VIEW_MAP
							 ? "irqsim: the run did not record the steps' events (irqsim_options.omit)"
							 : "irqsim: the run did not record the kernel log (irqsim_options.omit)");
		} else {
			assert_int_equal(rc, 0);
			assert_string_equal(a, b);
		}
		free(a);
		free(b);
	}
	assert_true(all->log.nr > 10);
	assert_int_equal(less->log.nr, 0);
	size_t nev = 0;
	for (size_t i = 0; i < all->snaps.nr; i++)
		nev += all->snaps.v[i].nev;
	assert_true(nev > 0);
	for (size_t i = 0; i < less->snaps.nr; i++) {
		assert_int_equal(less->snaps.v[i].nev, 0);
		assert_int_equal(less->snaps.v[i].devices, 0);
	}
	assert_true(all->snaps.nr > 0 && all->snaps.v[all->snaps.nr - 1].devices > 0);
	irqsim_free(all);
	irqsim_free(less);
}

/* One table printed as text, through libsmartcols or not. */
static char *table_text(const struct report_column *cols, size_t ncols, const struct irqsim_output *fmt,
			unsigned nrows, unsigned seed, bool scols)
{
	char err[256], *out = NULL;
	size_t len = 0;
	static const char *const words[] = { "", " ", "a", "-", "virtio_blk", "0000:00:01.0", "x y", "  lead", "trail  " };
	struct report_table *tb = report_table_new(cols, ncols, fmt, err, sizeof(err));
	if (!tb)	/* -o or --sort names a column past ncols */
		return NULL;
	for (unsigned r = 0; r < nrows; r++) {
		json_t *row = report_table_row(tb);
		for (size_t k = 0; k < ncols; k++) {
			seed = seed * 1103515245u + 12345u;
			unsigned x = (seed >> 16) % 1000;
			if (cols[k].type == RT_NUMBER)
				report_set(row, cols[k].key, x % 7 ? report_int(x * x) : json_null());
			else if (cols[k].type == RT_NUMBERS) {
				json_t *a = json_array();
				for (unsigned j = 0; j < x % 5; j++)
					report_push(a, report_int(x + j));
				report_set(row, cols[k].key, a);
			} else
				report_set(row, cols[k].key, report_str(words[x % (sizeof(words) / sizeof(words[0]))]));
		}
	}
	FILE *f = open_memstream(&out, &len);
	report_table_scols_forced = scols;
	assert_int_equal(report_table_text(tb, f), 0);
	report_table_scols_forced = false;
	fclose(f);
	report_table_free(tb);
	return out;
}

/*
 * The aligned table printed without libsmartcols must be byte for byte
 * what libsmartcols prints: random cells (empty, blank, padded with
 * spaces, lists, nulls), every column last in turn, no rows, --sort.
 */
static void test_plain_table_is_scols(void **state)
{
	const struct report_column cols[] = {
		{ "device", "", RT_STRING, false, false },   { "n", "", RT_NUMBER, true, false },
		{ "irqs", "", RT_NUMBERS, false, false },    { "long_heading", "", RT_STRING, false, false },
		{ "e", "", RT_STRING, false, false },
	};
	const struct irqsim_output fmts[] = { { 0 }, { .columns = "e,device" }, { .columns = "n" },
					      { .sort = "device" }, { .columns = "+irqs" } };
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (unsigned nrows = 0; nrows < 12; nrows += 3)
			for (unsigned seed = 1; seed < 20; seed++) {
				for (size_t last = 1; last <= 5; last++) {
					char *a = table_text(cols, last, &fmts[f], nrows, seed, false);
					char *b = table_text(cols, last, &fmts[f], nrows, seed, true);
					assert_true(!a == !b);
					if (!a)
						continue;
					if (strcmp(a, b))
						fail_msg("format %zu, %u rows, seed %u, %zu columns:\n%s---\n%s", f, nrows,
							 seed, last, a, b);
					free(a);
					free(b);
				}
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_order_and_headings),
		cmocka_unit_test(test_unknown_column),
		cmocka_unit_test(test_affinity_extra_column),
		cmocka_unit_test(test_scenario_load),
		cmocka_unit_test(test_compare_format),
		cmocka_unit_test(test_kernels_format),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_sims_of_two_sizes),
		cmocka_unit_test(test_json_types_do_not_depend_on_options),
		cmocka_unit_test(test_format_exclusive),
		cmocka_unit_test(test_text_filter),
		cmocka_unit_test(test_omit_records),
		cmocka_unit_test(test_omit_log_and_step_events),
		cmocka_unit_test(test_plain_table_is_scols),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
