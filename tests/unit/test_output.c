// SPDX-License-Identifier: GPL-2.0-only
/*
 * The util-linux table options (irqsim_output) on the summary, affinity and
 * comparison tables, and the public scenario loader.
 */
#include <pthread.h>

#include "simutil.h"

/* Two disks (one on 1 queue, one on 4) and a serial port, 4 CPUs. */
static const char scn2[] = "kernel 6.1\nmachine pc\nsmp 4\n"
			   "device virtio-blk-pci,id=big,num-queues=4\n"
			   "device virtio-blk-pci,id=small,num-queues=1\nboot\n";

/* A view printed with fmt; rc is irqsim_report_format's, err its message. */
static char *view(struct sim *s, enum irqsim_view v, const struct irqsim_output *fmt, int *rc, char *err)
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
	/* pairs output is the table alone */
	assert_string_equal(out, "ID=\"small\" VECTORS=\"2\"\nID=\"big\" VECTORS=\"5\"\n");
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
	assert_string_equal(err, "irqsim: unknown column 'NOPE' (columns: DEVICE,ID,DRIVER,NAME,MODE,VECTORS,IRQS,ERRNO)");
	free(out);
	const struct irqsim_output so = { .sort = "x" };
	free(view(s, IRQSIM_VIEW_SUMMARY, &so, &rc, err));
	assert_int_equal(rc, -1);
	assert_string_prefix(err, "irqsim: unknown column 'x' for --sort (columns: DEVICE,");
	/* a view that is not a table takes no column options */
	const struct irqsim_output n = { .noheadings = 1 };
	free(view(s, IRQSIM_VIEW_TRACE, &n, &rc, err));
	assert_int_equal(rc, -1);
	irqsim_free(s);
}

/* affinity: its /proc lines by default; a table with the extra MANAGED column on request */
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
	/* JSON booleans: libsmartcols reads "no" as false */
	const struct irqsim_output j = { .columns = "IRQ,MANAGED", .json = 1 };
	out = view(s, IRQSIM_VIEW_AFFINITY, &j, &rc, err);
	assert_int_equal(rc, 0);
	assert_string_contains(out, "\"irq\": 0,\n         \"managed\": false");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_order_and_headings),
		cmocka_unit_test(test_unknown_column),
		cmocka_unit_test(test_affinity_extra_column),
		cmocka_unit_test(test_scenario_load),
		cmocka_unit_test(test_compare_format),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_sims_of_two_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
