// SPDX-License-Identifier: GPL-2.0-only
/*
 * Affinity writes (/proc/irq/N/smp_affinity_list), pending moves, the
 * kernel list syntax, irqbalance passes and scenario variants.
 */
#include "simutil.h"

#include <errno.h>

#include "irq/cpuhotplug.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "irq/proc.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/bitmap.h"
#include "scenario/scenario.h"
#include "user/irqbalance.h"

static void list_of(const char *text, unsigned nbits, int want_err, const char *want)
{
	struct cpumask m;
	char buf[256];
	int e = bitmap_parselist(text, &m, nbits);
	if (e != want_err)
		fail_msg("'%s': got %d, want %d", text, e, want_err);
	if (!e) {
		cpumask_print_list(buf, sizeof(buf), &m, nbits);
		assert_string_equal(buf, want);
	}
}

static void test_parselist(void **state)
{
	list_of("1-2", 8, 0, "1-2");
	list_of("1-2\n", 8, 0, "1-2");
	list_of("all", 4, 0, "0-3");
	list_of("N", 4, 0, "3");
	list_of("0-7:1/2", 8, 0, "0,2,4,6");
	list_of("0-7:2/4", 8, 0, "0-1,4-5");
	list_of(" 1 , 3 ", 8, 0, "1,3");
	list_of("", 8, 0, "");
	list_of("7", 4, -ERANGE, NULL);
	list_of("1,9", 8, -ERANGE, NULL);
	list_of("x", 4, -EINVAL, NULL);
	list_of("3-1", 4, -EINVAL, NULL);
	list_of("1-", 4, -EINVAL, NULL);
	list_of("0-3:3/2", 4, -EINVAL, NULL);
	list_of("0-3:1/0", 4, -EINVAL, NULL);
	list_of("1x", 4, -EINVAL, NULL);
	list_of("99999999999", 4, -EOVERFLOW, NULL);
	/* the region before a bad one is checked first: 9 is out of range */
	list_of("9,x", 4, -ERANGE, NULL);
}

static const char *const two_disks = "smp 4\n"
				     "device virtio-blk-pci,id=d0,num-queues=2\n"
				     "boot\n";

/* irq 24 = d0 config, 25 = req.0 (CPUs 0-1), 26 = req.1 (2-3) */
static void test_write_errors(void **state)
{
	struct sim *s = run_text(two_disks, "6.1");
	assert_int_equal(write_irq_affinity(s, 25, "3"), -EIO);    /* managed */
	assert_int_equal(write_irq_affinity(s, 0, "1"), -EIO);     /* timer: no balancing */
	assert_int_equal(write_irq_affinity(s, 24, "7"), -ERANGE);
	assert_int_equal(write_irq_affinity(s, 24, "x"), -EINVAL);
	assert_int_equal(write_irq_affinity(s, 999, "1"), -ENOENT);
	assert_int_equal(write_irq_affinity(s, 24, "1-2"), 0);
	irqsim_free(s);
	s = run_text(two_disks, "6.12");
	assert_int_equal(write_irq_affinity(s, 25, "3"), -EPERM);
	irqsim_free(s);
}

/* Write a one-CPU mask other than its current CPU to d0's config irq (idle). */
static struct irq_desc *move_config(struct sim *s, unsigned *old, unsigned *target, char *list, size_t len)
{
	struct irq_desc *d = irq_to_desc(s, 24);
	*old = d->effective_cpu;
	*target = *old == 3 ? 2 : 3;
	snprintf(list, len, "%u", *target);
	return d;
}

/* An idle irq keeps its vector: the move waits for its next interrupt. */
static void test_pending_until_interrupt(void **state)
{
	struct sim *s = run_text(two_disks, "6.1");
	unsigned old, target;
	char list[8], shown[32];
	struct irq_desc *d = move_config(s, &old, &target, list, sizeof(list));
	unsigned alloc = s->matrix->total_allocated;
	assert_int_equal(write_irq_affinity(s, 24, list), 0);
	read_irq_affinity(s, 24, shown, sizeof(shown));
	assert_string_equal(shown, list);
	assert_true(d->move_pending);
	assert_int_equal(d->effective_cpu, old);
	assert_int_equal(s->matrix->total_allocated, alloc);
	/* first interrupt: new vector on the target; second: old one cleaned up */
	handle_irq(s, d);
	assert_int_equal(d->effective_cpu, target);
	assert_int_equal(s->matrix->total_allocated, alloc + 1);
	handle_irq(s, d);
	assert_int_equal(s->matrix->total_allocated, alloc);
	assert_false(d->apicd->move_in_progress);
	irqsim_free(s);
}

/* The console fires by itself: its move completes within the write's step. */
static void test_console_moves_at_once(void **state)
{
	struct sim *s = run_text("smp 4\nboot\nset-affinity 4 2\n", "6.1");
	struct irq_desc *d = irq_to_desc(s, 4);
	assert_int_equal(d->effective_cpu, 2);
	assert_false(d->move_pending);
	assert_string_equal(s->steps.lines[1], "step 2 set-affinity 4 2: irq 4: rc=0 affinity=2");
	irqsim_free(s);
}

/* A pending mask survives the offline of the irq's CPU (irq_fixup_move_pending). */
static void test_offline_uses_pending_mask(void **state)
{
	struct sim *s = run_text(two_disks, "6.1");
	unsigned old, target;
	char list[8], why[128];
	struct irq_desc *d = move_config(s, &old, &target, list, sizeof(list));
	assert_int_equal(write_irq_affinity(s, 24, list), 0);
	assert_int_equal(cpu_offline(s, old, why, sizeof(why)), 0);
	assert_int_equal(d->effective_cpu, target);
	assert_false(d->move_pending);
	assert_true(cpumask_test_cpu(target, d->affinity) && cpumask_weight(d->affinity) == 1);
	irqsim_free(s);
}

/* A not-activated irq takes the mask at once: effective = the whole list. */
static void test_not_activated_takes_mask(void **state)
{
	struct sim *s = run_text("smp 4\nboot\nset-affinity 11 1-2\n", "6.1");
	struct irq_desc *d = irq_to_desc(s, 11);
	assert_true(d->effective_is_affinity);
	assert_false(d->move_pending);
	irqsim_free(s);
}

static void test_balance_powersave(void **state)
{
	/* shared-mode disks (vectors=2): the virtqueues irqs fire, config irqs do not */
	struct sim *s = run_text("smp 4\nboot\nhotplug virtio-blk-pci,vectors=2,num-queues=2,count=4\n"
				 "balance powersave\n",
				 "6.1");
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->action || !d->is_msi)
			continue;
		if (d->msi_index == 1)
			assert_int_equal(d->effective_cpu, 0);
	}
	irqsim_free(s);
}

static void test_variants(void **state)
{
	const char *text = "smp 2\n"
			   "boot\n"
			   "variant a   # first\n"
			   "hotplug virtio-blk-pci\n"
			   "variant b\n"
			   "hotplug virtio-blk-pci,bogus\n";
	struct scn_variant *v;
	char err[256];
	int n = scenario_variants("v.scn", text, strlen(text), &v, err, sizeof(err));
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "a");
	assert_string_equal(v[1].name, "b");
	/* the other variant's lines are blank; line numbers are kept */
	assert_non_null(strstr(v[0].text, "hotplug virtio-blk-pci\n"));
	assert_null(strstr(v[0].text, "bogus"));
	assert_null(strstr(v[1].text, "hotplug virtio-blk-pci\n"));
	struct scenario scn;
	assert_int_equal(scenario_parse("v.scn", v[1].text, v[1].len, &scn, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[scn.nr_dirs - 1].pos.line, 6);
	scenario_free(&scn);
	scenario_variants_free(v, n);

	n = scenario_variants("v.scn", "variant a\nvariant a\n", 20, &v, err, sizeof(err));
	assert_int_equal(n, -1);
	assert_string_equal(err, "v.scn:2:9: duplicate variant 'a' (first at line 1)");
	n = scenario_variants("v.scn", "variant\n", 8, &v, err, sizeof(err));
	assert_int_equal(n, -1);
	assert_string_equal(err, "v.scn:1:8: expected a name after 'variant'");
	n = scenario_variants("v.scn", "smp 2\n", 6, &v, err, sizeof(err));
	assert_int_equal(n, 0);
	/* the plain parser points at the variant line */
	assert_int_equal(scenario_parse("v.scn", "variant a\n", 10, &scn, err, sizeof(err)), -1);
	assert_string_prefix(err, "v.scn:1:1: 'variant' sections");
}

static void test_parse_new_directives(void **state)
{
	struct scenario scn;
	char err[256];
	const char *ok = "boot\nset-affinity 30,24-26,25 0-1\nio d0\nbalance spread continuous\nbalance off\n";
	assert_int_equal(scenario_parse("p.scn", ok, strlen(ok), &scn, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[1].u.aff.nr_irqs, 4);
	assert_int_equal(scn.dirs[1].u.aff.irqs[0], 24);
	assert_int_equal(scn.dirs[1].u.aff.irqs[3], 30);
	assert_string_equal(scn.dirs[1].u.aff.cpulist, "0-1");
	assert_true(scn.dirs[3].u.balance.continuous);
	scenario_free(&scn);
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "boot\nset-affinity 5-3 1\n", "p.scn:2:14: irq range 5-3 ends before it starts" },
		/* a fuzzed 3-800000 made a 100 MB step line and timed out; overlaps count once */
		{ "boot\nset-affinity 3-800000 1\n", "p.scn:2:14: set-affinity names at most 65536 irqs; with '3-800000' it names 799998" },
		{ "boot\nset-affinity 0-65535,7,65536 1\n", "p.scn:2:24: set-affinity names at most 65536 irqs; with '65536' it names 65537" },
		{ "boot\nset-affinity 24\n", "p.scn:2:16: expected a CPU list after the irq numbers, got end of line" },
		{ "boot\nbalance fast\n", "p.scn:2:9: unknown balance mode 'fast' (expected 'powersave', 'spread' or 'off')" },
		{ "boot\nbalance off continuous\n", "p.scn:2:13: unexpected 'continuous' after the balance mode (only 'continuous' may follow 'powersave' or 'spread')" },
		{ "set-affinity 4 1\n", "p.scn:1:1: 'set-affinity' before 'boot' (runtime events must come after a 'boot' line)" },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(bad); i++) {
		assert_int_equal(scenario_parse("p.scn", bad[i].text, strlen(bad[i].text), &scn, err, sizeof(err)), -1);
		assert_string_equal(err, bad[i].msg);
	}
	/* the limit itself is allowed */
	const char *max = "boot\nset-affinity 0-65535,7 1\n";
	assert_int_equal(scenario_parse("p.scn", max, strlen(max), &scn, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[1].u.aff.nr_irqs, 65536);
	scenario_free(&scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parselist),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_pending_until_interrupt),
		cmocka_unit_test(test_console_moves_at_once),
		cmocka_unit_test(test_offline_uses_pending_mask),
		cmocka_unit_test(test_not_activated_takes_mask),
		cmocka_unit_test(test_balance_powersave),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_parse_new_directives),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
