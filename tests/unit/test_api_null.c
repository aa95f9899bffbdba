// SPDX-License-Identifier: GPL-2.0-only
/*
 * include/irqsim/irqsim.h: every options pointer may be NULL (issue 19
 * item 17: irqsim_fixes and irqsim_sweep crashed on it).  Each call gives
 * the same output as with zeroed options.
 */
#include "testutil.h"

#include <irqsim/irqsim.h>

#include "scenario/scenario.h"

static char *text;
static size_t len;

/* The output of f(opt), f(&zero) must equal it */
static char *fixes_out(const struct irqsim_options *opt)
{
	char *buf = NULL, err[512];
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	assert_int_equal(irqsim_fixes("x.scn", text, len, opt, 1, f, err, sizeof(err)), 0);
	fclose(f);
	return buf;
}

static char *sweep_out(const struct irqsim_options *opt)
{
	static const char *const vary[] = { "smp=2,4" };
	struct irqsim_sweep_request rq = { .filename = "x.scn", .text = text, .len = len, .opt = opt, .vary = vary,
					   .nr_vary = 1, .add = "virtio-blk-pci", .max = 8,
					   .format = IRQSIM_FORMAT_JSON };
	char *buf = NULL, err[512];
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	assert_int_equal(irqsim_sweep(&rq, f, err, sizeof(err)), 0);
	fclose(f);
	return buf;
}

static char *sizing_out(const struct irqsim_options *opt)
{
	char *buf = NULL, err[512];
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	assert_int_equal(irqsim_sizing("x.scn", text, len, opt, "virtio-blk-pci,num-queues=2", 4, 1, f, err,
				       sizeof(err)), 0);
	fclose(f);
	return buf;
}

static void test_null_options(void **state)
{
	static const struct irqsim_options zero;
	char *(*const fn[])(const struct irqsim_options *) = { fixes_out, sweep_out, sizing_out };
	for (size_t i = 0; i < TU_ARRAY_SIZE(fn); i++) {
		char *a = fn[i](NULL), *b = fn[i](&zero);
		assert_true(a && *a);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

int main(void)
{
	char err[512];
	text = scenario_read_file("examples/seed-003.scn", &len, err, sizeof(err));
	if (!text) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_options),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(text);
	return rc;
}
