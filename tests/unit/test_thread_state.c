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

static struct sim *run_text(const char *text)
{
	struct irqsim_scenarios sc;
	char err[512];
	if (irqsim_scenarios_parse("t.scn", text, strlen(text), NULL, 0, &sc, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	struct sim *s = irqsim_run(sc.scns[0], NULL, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	irqsim_scenarios_free(&sc);
	return s;
}

/*
 * The masks of a simulation's irqs are its nr_cpu_ids wide: a snapshot or a
 * report of it after a larger machine ran in the same thread reads them at
 * its own width (under ASan, a wider read is an overflow), with the answer
 * it gives alone.
 */
static void test_sim_read_after_a_larger_one(void **state)
{
	(void)state;
	static const char small[] = "kernel 6.1\nmachine pc\nsmp 4\nboot\nhotplug virtio-blk-pci,num-queues=4\n";
	static const char big[] = "kernel 6.1\nmachine pc\nsmp 1024\nboot\n";
	struct sim *a = run_text(small);
	struct snapshot *alone;
	assert_int_equal(irqsim_snapshot_of_sim(a, &alone), 0);
	struct sim *b = run_text(big);
	struct snapshot *after;
	assert_int_equal(irqsim_snapshot_of_sim(a, &after), 0);
	char *t1 = NULL, *t2 = NULL;
	size_t l1, l2;
	FILE *f1 = open_memstream(&t1, &l1), *f2 = open_memstream(&t2, &l2);
	assert_non_null(f1);
	assert_non_null(f2);
	assert_int_equal(irqsim_snapshot_write(alone, f1), 0);
	assert_int_equal(irqsim_snapshot_write(after, f2), 0);
	assert_int_equal(irqsim_report(a, IRQSIM_VIEW_AFFINITY, 0, f2), 0);
	fclose(f1);
	fclose(f2);
	assert_true(l2 > l1);
	assert_memory_equal(t1, t2, l1);
	irqsim_snapshot_free(alone);
	irqsim_snapshot_free(after);
	free(t1);
	free(t2);
	irqsim_free(b);
	irqsim_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_whatever_ran_before),
		cmocka_unit_test(test_jump_puts_width_back),
		cmocka_unit_test(test_sim_read_after_a_larger_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
