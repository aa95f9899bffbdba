// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output never lost silently: every public function that prints into a
 * FILE returns -1 ("irqsim: write error: REASON" where it takes an err
 * buffer) when the stream refused some of its output, and 0 when all of it
 * was taken.  The stream here takes a byte budget, then refuses (ENOSPC),
 * as a filling disk does.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "simutil.h"

struct budget {
	size_t left;
	int refused;
};

static ssize_t budget_write(void *cookie, const char *buf, size_t n)
{
	struct budget *b = cookie;
	(void)buf;
	if (n > b->left) {
		b->refused = 1;
		errno = ENOSPC;
		return 0; /* fopencookie(3): 0 on error */
	}
	b->left -= n;
	return (ssize_t)n;
}

static FILE *budget_open(struct budget *b, size_t bytes)
{
	b->left = bytes;
	b->refused = 0;
	FILE *f = fopencookie(b, "w", (cookie_io_functions_t){ .write = budget_write });
	assert_non_null(f);
	return f;
}

static const char scn[] = "kernel 6.1\nmachine q35\nsmp 4\n"
			  "device virtio-blk-pci,id=d0,num-queues=4\n"
			  "device virtio-net-pci,id=n0\nboot\n"
			  "set-affinity 24 1\n";

static const char write_error[] = "irqsim: write error: No space left on device";

/* Every view, text and JSON, at several budgets: -1 exactly when output was refused. */
static void test_views(void **state)
{
	(void)state;
	irqsim_kstate_select(1); /* the kstate view prints the steps this keeps */
	struct sim *s = run_text(scn, NULL);
	irqsim_kstate_select(0);
	static const enum irqsim_view views[] = {
		IRQSIM_VIEW_SUMMARY, IRQSIM_VIEW_INTERRUPTS, IRQSIM_VIEW_VECTOR,   IRQSIM_VIEW_TRACE,
		IRQSIM_VIEW_DMESG,   IRQSIM_VIEW_AFFINITY,   IRQSIM_VIEW_STEPS,    IRQSIM_VIEW_EXPLAIN,
		IRQSIM_VIEW_SNAPSHOT, IRQSIM_VIEW_DOCTOR,    IRQSIM_VIEW_MAP,
		IRQSIM_VIEW_IRQDEBUG, IRQSIM_VIEW_KSTATE,
	};
	static const size_t budgets[] = { 0, 1, 100, 5000, SIZE_MAX };
	for (size_t v = 0; v < TU_ARRAY_SIZE(views); v++)
		for (int json = 0; json <= (views[v] == IRQSIM_VIEW_MAP || views[v] == IRQSIM_VIEW_KSTATE ? 0 : 1); json++)
			for (size_t i = 0; i < TU_ARRAY_SIZE(budgets); i++) {
				struct budget b;
				FILE *f = budget_open(&b, budgets[i]);
				char err[256] = "";
				const struct irqsim_output fmt = { .json = json };
				int rc = irqsim_report_format(s, views[v], &fmt, f, err, sizeof(err));
				/* the reason is known when the last flush failed; after a
				 * failure in the middle only the error flag is left */
				if (b.refused) {
					if (rc != -1 || strncmp(err, write_error, strlen("irqsim: write error")))
						fail_msg("view %zu json %d budget %zu: rc %d, err '%s'", v, json,
							 budgets[i], rc, err);
				} else if (rc != 0) {
					fail_msg("view %zu json %d budget %zu: rc %d with nothing refused: %s", v, json,
						 budgets[i], rc, err);
				}
				fclose(f);
			}
	irqsim_free(s);
}

/* The other printers, with no room at all, then with all they need. */
static void test_other_printers(void **state)
{
	(void)state;
	for (size_t room = 0; room <= 1; room++) {
		const size_t bytes = room ? SIZE_MAX : 0;
		struct budget b;
		char err[256];
		FILE *f;
		int want = room ? 0 : -1;

		f = budget_open(&b, bytes);
		assert_int_equal(irqsim_columns_print(IRQSIM_TABLE_SUMMARY, f), want);
		fclose(f);

		struct sim *s = run_text(scn, NULL);
		const char *label = "x";
		f = budget_open(&b, bytes);
		err[0] = '\0';
		assert_int_equal(irqsim_compare_format("RUN", &label, &s, 1, NULL, f, err, sizeof(err)), want);
		assert_string_equal(err, room ? "" : write_error);
		fclose(f);

		struct snapshot *snap;
		assert_int_equal(irqsim_snapshot_of_sim(s, &snap), 0);
		f = budget_open(&b, bytes);
		assert_int_equal(irqsim_snapshot_write(snap, f), want);
		fclose(f);
		f = budget_open(&b, bytes);
		err[0] = '\0';
		assert_int_equal(irqsim_doctor(snap, NULL, 1, f, err, sizeof(err)), want);
		assert_string_equal(err, room ? "" : write_error);
		fclose(f);
		irqsim_snapshot_free(snap);
		irqsim_free(s);

		struct scenario sc;
		assert_int_equal(scenario_parse("t.scn", scn, strlen(scn), &sc, err, sizeof(err)), 0);
		struct irqsim_plan p;
		assert_int_equal(irqsim_plan(&sc, NULL, "virtio-blk-pci", 3, &p, err, sizeof(err)), 0);
		scenario_free(&sc);
		f = budget_open(&b, bytes);
		assert_int_equal(irqsim_plan_print(&p, "virtio-blk-pci", 0, f), want);
		fclose(f);

		struct irqsim_options o = { 0 };
		f = budget_open(&b, bytes);
		err[0] = '\0';
		assert_int_equal(irqsim_fixes("t.scn", scn, strlen(scn), &o, 0, f, err, sizeof(err)), want);
		assert_string_equal(err, room ? "" : write_error);
		fclose(f);
		f = budget_open(&b, bytes);
		err[0] = '\0';
		assert_int_equal(irqsim_sizing("t.scn", scn, strlen(scn), &o, "virtio-blk-pci", 2, 0, f, err, sizeof(err)),
				 want);
		assert_string_equal(err, room ? "" : write_error);
		fclose(f);

		const char *vary[] = { "smp=2,4" };
		struct irqsim_sweep_request rq = { .filename = "t.scn", .text = scn, .len = strlen(scn), .opt = &o,
						   .vary = vary, .nr_vary = 1, .max = 10 };
		f = budget_open(&b, bytes);
		err[0] = '\0';
		assert_int_equal(irqsim_sweep(&rq, f, err, sizeof(err)), want);
		assert_string_equal(err, room ? "" : write_error);
		fclose(f);
	}
}

/* A stream whose error flag is already set (an earlier write failed) fails the next print too. */
static void test_error_flag_set_before(void **state)
{
	(void)state;
	struct sim *s = run_text(scn, NULL);
	struct budget b;
	FILE *f = budget_open(&b, 0);
	fputs("x", f);
	assert_int_not_equal(fflush(f), 0);
	b.left = SIZE_MAX; /* room again, but the stream remembers */
	char err[256] = "";
	assert_int_equal(irqsim_report_format(s, IRQSIM_VIEW_STEPS, NULL, f, err, sizeof(err)), -1);
	assert_string_contains(err, "irqsim: write error");
	fclose(f);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_other_printers),
		cmocka_unit_test(test_error_flag_set_before),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
