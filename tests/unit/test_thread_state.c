// SPDX-License-Identifier: GPL-2.0-only
/*
 * A public call's answer does not depend on what the same thread did
 * before (include/irqsim/irqsim.h, Determinism): the per-thread cpumask
 * width a simulation leaves, or one that an allocation failure's jump back
 * to its entry point (snap_oom_call) left behind.  fuzz_oom found the first:
 * after a run of 64 CPUs, a VECTOR file with CPU 155 had "no possible CPU
 * list" for irqsim_snapshot_scenario.
 */
#include "testutil.h"

#include "irqsim/irqsim.h"
#include "irq/cpumask.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_int.h"

static const char vec[] = "Online bitmaps:        2\n | CPU | avl | man | mac | act | vectors\n"
			  "     0   190     0     0   11\n   155   193     0     0    8\n";

static char *scenario_at_width(unsigned nr_cpu_ids)
{
	struct snapshot s;
	char err[512];
	if (snapshot_from_vector_dump("t.vec", vec, sizeof(vec) - 1, &s, err, sizeof(err)))
		fail_msg("%s", err);
	/* what a simulation of nr_cpu_ids CPUs leaves in this thread */
	cpumask_set_nr_cpu_ids(nr_cpu_ids);
	char *text = irqsim_snapshot_scenario(&s, err, sizeof(err));
	if (!text)
		fail_msg("after %u CPUs: %s", nr_cpu_ids, err);
	snapshot_free(&s);
	return text;
}

static void test_scenario_whatever_ran_before(void **state)
{
	(void)state;
	char *wide = scenario_at_width(NR_CPUS), *narrow = scenario_at_width(64);
	assert_string_equal(narrow, wide);
	assert_string_contains(wide, "smp ");
	free(wide);
	free(narrow);
}

static int widen_then_fail(void *arg)
{
	(void)arg;
	cpumask_begin_all_words();
	snap_oom(NULL); /* jumps back to snap_oom_call: the matching end never runs */
	return 0;
}

static void test_jump_puts_width_back(void **state)
{
	(void)state;
	char err[64];
	cpumask_set_nr_cpu_ids(64);
	unsigned before = cpumask_nr_words;
	assert_int_equal(snap_oom_call(widen_then_fail, NULL, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "irqsim: out of memory");
	assert_int_equal(cpumask_nr_words, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_whatever_ran_before),
		cmocka_unit_test(test_jump_puts_width_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
