// SPDX-License-Identifier: GPL-2.0-only
/*
 * The matrix allocator against the rules of kernel/irq/matrix.c
 * (shared/spec/matrix.md).  Every operation is followed by a full invariant
 * check of the counters against the bitmaps.
 */
#include "testutil.h"

#include <errno.h>

#include "irq/matrix.h"

struct rec {
	struct matrix_trace t[4096];
	unsigned n;
};

static void sink(void *ctx, const struct matrix_trace *t)
{
	struct rec *r = ctx;
	if (r->n < TU_ARRAY_SIZE(r->t))
		r->t[r->n++] = *t;
}

static void check(const struct irq_matrix *m)
{
	char buf[256];
	if (irq_matrix_check_invariants(m, buf, sizeof(buf)))
		fail_msg("invariant: %s", buf);
}

/* A 6.1 matrix with the x86 system bits of a QEMU guest and n CPUs online. */
static struct irq_matrix *boot(unsigned ncpus, struct rec *r)
{
	struct irq_matrix *m = irq_alloc_matrix(256, 32, 236, ncpus, KERNEL_6_1);
	assert_non_null(m);
	m->trace = sink;
	m->trace_ctx = r;
	/* 32, 50 and 128 lie in the allocation range: systembits_inalloc 3 */
	irq_matrix_assign_system(m, 32, false);
	irq_matrix_assign_system(m, 50, false);
	irq_matrix_assign_system(m, 128, false);
	irq_matrix_assign_system(m, 236, false);
	for (unsigned c = 0; c < ncpus; c++) {
		m->this_cpu = c;
		irq_matrix_online(m);
		check(m);
	}
	m->this_cpu = 0;
	return m;
}

static void mask_range(struct cpumask *m, unsigned lo, unsigned hi)
{
	cpumask_clear(m);
	for (unsigned c = lo; c <= hi; c++)
		cpumask_set_cpu(c, m);
}

static void test_online_available(void **state)
{
	struct rec r = { .n = 0 };
	struct irq_matrix *m = boot(4, &r);
	assert_int_equal(m->systembits_inalloc, 3);
	assert_int_equal(m->maps[0].available, 201);
	assert_int_equal(m->global_available, 804);
	assert_int_equal(m->online_maps, 4);
	irq_matrix_destroy(m);
}

static void test_alloc_lowest_cpu_with_most_available(void **state)
{
	struct rec r = { .n = 0 };
	struct irq_matrix *m = boot(4, &r);
	struct cpumask all;
	unsigned cpu;
	mask_range(&all, 0, 3);
	irq_matrix_reserve(m);
	int bit = irq_matrix_alloc(m, &all, true, &cpu);
	check(m);
	/* all equal: lowest CPU wins, lowest free bit 33 (32 is a system bit) */
	assert_int_equal(bit, 33);
	assert_int_equal(cpu, 0);
	assert_int_equal(m->global_reserved, 0);
	bit = irq_matrix_alloc(m, &all, false, &cpu);
	check(m);
	assert_int_equal(cpu, 1); /* CPU 0 now has one less */
	assert_int_equal(bit, 33);
	assert_int_equal(m->total_allocated, 2);
	irq_matrix_free(m, 0, 33, false);
	check(m);
	assert_int_equal(m->maps[0].available, 201);
	assert_int_equal(m->total_allocated, 1);
	irq_matrix_destroy(m);
}

static void test_managed_reserve_and_alloc(void **state)
{
	struct rec r = { .n = 0 };
	struct irq_matrix *m = boot(4, &r);
	struct cpumask msk;
	unsigned cpu;
	mask_range(&msk, 0, 3);
	r.n = 0;
	assert_int_equal(irq_matrix_reserve_managed(m, &msk), 0);
	check(m);
	assert_int_equal(r.n, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(r.t[i].ev, ME_RESERVE_MANAGED);
		assert_int_equal(r.t[i].cpu, i);
		assert_int_equal(r.t[i].bit, 33);
	}
	assert_int_equal(m->global_available, 800);
	/* managed alloc: the highest CPU with the fewest managed allocations */
	int bit = irq_matrix_alloc_managed(m, &msk, &cpu);
	check(m);
	assert_int_equal(bit, 33);
	assert_int_equal(cpu, 3);
	assert_int_equal(m->global_available, 800); /* already paid */
	assert_int_equal(m->total_allocated, 1);
	assert_int_equal(irq_matrix_reserve_managed(m, &msk), 0);
	bit = irq_matrix_alloc_managed(m, &msk, &cpu);
	check(m);
	assert_int_equal(cpu, 2);
	/* freeing a managed vector keeps the reservation */
	irq_matrix_free(m, 3, 33, true);
	check(m);
	assert_int_equal(m->maps[3].managed, 2);
	assert_int_equal(m->maps[3].available, 199);
	assert_int_equal(m->global_available, 796);
	irq_matrix_remove_managed(m, &msk);
	check(m);
	assert_int_equal(m->global_available, 800); /* one reservation back on each of the 4 CPUs */
	irq_matrix_destroy(m);
}

static void test_reserve_managed_failure_rolls_back(void **state)
{
	struct rec r = { .n = 0 };
	struct irq_matrix *m = boot(2, &r);
	struct cpumask one, both;
	unsigned cpu;
	mask_range(&one, 1, 1);
	mask_range(&both, 0, 1);
	/* fill CPU 1 completely with non-managed vectors */
	while (irq_matrix_alloc(m, &one, false, &cpu) >= 0)
		check(m);
	assert_int_equal(m->maps[1].available, 0);
	unsigned avl = m->global_available;
	r.n = 0;
	assert_int_equal(irq_matrix_reserve_managed(m, &both), -ENOSPC);
	check(m);
	/* one reserve on CPU 0, then its removal; nothing for the failing CPU */
	assert_int_equal(r.n, 2);
	assert_int_equal(r.t[0].ev, ME_RESERVE_MANAGED);
	assert_int_equal(r.t[1].ev, ME_REMOVE_MANAGED);
	assert_int_equal(r.t[1].cpu, 0);
	assert_int_equal(m->global_available, avl);
	/* no CPU with available > 0 in the mask: -ENOSPC, no event */
	r.n = 0;
	assert_int_equal(irq_matrix_alloc(m, &one, false, &cpu), -ENOSPC);
	assert_int_equal(r.n, 0);
	struct cpumask none;
	cpumask_clear(&none);
	assert_int_equal(irq_matrix_alloc(m, &none, false, &cpu), -EINVAL);
	irq_matrix_destroy(m);
}

static void test_offline_quirks(void **state)
{
	struct rec r = { .n = 0 };
	struct irq_matrix *m = boot(2, &r);
	struct cpumask one;
	unsigned cpu;
	mask_range(&one, 1, 1);
	int bit = irq_matrix_alloc(m, &one, false, &cpu);
	assert_int_equal(cpu, 1);
	m->this_cpu = 1;
	irq_matrix_offline(m);
	check(m);
	assert_int_equal(m->global_available, 201);
	unsigned total = m->total_allocated;
	/* a free on an offline map never reaches total_allocated */
	irq_matrix_free(m, 1, (unsigned)bit, false);
	assert_int_equal(m->total_allocated, total);
	assert_int_equal(m->maps[1].available, 201);
	/* online restores the old available, not a recomputed one */
	irq_matrix_online(m);
	check(m);
	assert_int_equal(m->global_available, 402);
	irq_matrix_destroy(m);
}

static void test_reserve_warns_at_crossing(void **state)
{
	struct rec r = { .n = 0 };
	struct irq_matrix *m = irq_alloc_matrix(256, 32, 236, 1, KERNEL_6_1);
	m->trace = sink;
	m->trace_ctx = &r;
	irq_matrix_online(m);
	m->global_available = 2;
	irq_matrix_reserve(m);
	irq_matrix_reserve(m);
	assert_int_equal(m->global_reserved, 2);
	irq_matrix_remove_reserved(m);
	assert_int_equal(m->global_reserved, 1);
	irq_matrix_destroy(m);
}

static void test_trace_format(void **state)
{
	char buf[256];
	struct matrix_trace t = { .ev = ME_ALLOC, .bit = 34, .cpu = 6, .online = true, .avl = 199,
				  .alloc = 1, .managed = 1, .online_maps = 8, .global_avl = 1593,
				  .global_rsvd = 9, .total_alloc = 7 };
	matrix_trace_format(buf, sizeof(buf), &t);
	assert_string_equal(buf, "bit=34 cpu=6 online=1 avl=199 alloc=1 managed=1 online_maps=8 "
				 "global_avl=1593, global_rsvd=9, total_alloc=7");
	t.ev = ME_RESERVE;
	matrix_trace_format(buf, sizeof(buf), &t);
	assert_string_equal(buf, "online_maps=8 global_avl=1593, global_rsvd=9, total_alloc=7");
	t.ev = ME_ASSIGN_SYSTEM;
	t.bit = 50;
	matrix_trace_format(buf, sizeof(buf), &t);
	assert_string_equal(buf, "bit=50 online_maps=8 global_avl=1593, global_rsvd=9, total_alloc=7");
	assert_string_equal(matrix_event_name(ME_RESERVE_MANAGED), "irq_matrix_reserve_managed");
}

/* The kernel's walk: lowest online CPU of the mask with the most available, none if all have 0. */
static unsigned naive_best(const struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned best = UINT32_MAX, maxavl = 0;
	for (unsigned c = 0; c < m->nr_maps; c++)
		if (cpumask_test_cpu(c, msk) && m->maps[c].online && m->maps[c].available > maxavl) {
			maxavl = m->maps[c].available;
			best = c;
		}
	return best;
}

/*
 * matrix_find_best_cpu answers whole mask words from per-block bests: over
 * random masks (whole blocks, partial ones, single CPUs), CPUs going offline
 * and online, managed reservations and allocations until CPUs are full, it
 * must pick the CPU the kernel's CPU-by-CPU walk picks.  300 CPUs: a last
 * block of 44.
 */
static void test_best_cpu_blocks(void **state)
{
	struct rec r = { .n = 0 };
	struct irq_matrix *m = boot(300, &r);
	unsigned seed = 12345, allocs = 0, nospc = 0;
	struct cpumask msk;

	m->trace = NULL;
	for (unsigned round = 0; round < 80000; round++) {
		seed = seed * 1103515245u + 12345u;
		unsigned pick = (seed >> 16) % 100, a = (seed >> 4) % 300, b = (seed >> 20) % 300;
		if (a > b) {
			unsigned x = a;
			a = b;
			b = x;
		}
		if (pick < 3) {
			/* a CPU goes offline or comes back (never CPU 0) */
			m->this_cpu = a ? a : 1;
			if (m->maps[m->this_cpu].online)
				irq_matrix_offline(m);
			else
				irq_matrix_online(m);
			m->this_cpu = 0;
		} else if (pick < 8) {
			/*
			 * online CPUs only: a reservation on an offline CPU that
			 * was online before is the kernel's accounting quirk
			 * (test_offline_quirks), which the invariants flag
			 */
			mask_range(&msk, a, a + (b - a) % 8);
			for (unsigned c = a; c <= a + (b - a) % 8; c++)
				if (!m->maps[c].online)
					cpumask_clear_cpu(c, &msk);
			irq_matrix_reserve_managed(m, &msk);
		} else {
			/* every other mask: all CPUs, or a block-aligned run, or an odd range */
			if (pick < 40)
				mask_range(&msk, 0, 299);
			else if (pick < 60)
				mask_range(&msk, a / 64 * 64, b / 64 * 64 + 63 < 300 ? b / 64 * 64 + 63 : 299);
			else
				mask_range(&msk, a, b);
			unsigned want = naive_best(m, &msk), cpu = UINT32_MAX;
			irq_matrix_reserve(m);
			int bit = irq_matrix_alloc(m, &msk, true, &cpu);
			if (want == UINT32_MAX) {
				assert_int_equal(bit, -ENOSPC);
				irq_matrix_remove_reserved(m);
				nospc++;
			} else {
				assert_true(bit >= 0);
				assert_int_equal(cpu, want);
				allocs++;
			}
		}
		if (round % 500 == 0)
			check(m);
	}
	check(m);
	/* both outcomes were met: the CPUs did fill up */
	assert_true(allocs > 1000);
	assert_true(nospc > 100);
	irq_matrix_destroy(m);
}

static void test_vecmap_list(void **state)
{
	struct vecmap v = { { 0 } };
	char buf[64];
	vecmap_set(&v, 33);
	vecmap_set(&v, 34);
	vecmap_set(&v, 35);
	vecmap_set(&v, 48);
	vecmap_set(&v, 255);
	vecmap_print_list(buf, sizeof(buf), &v, 256);
	assert_string_equal(buf, "33-35,48,255");
	assert_int_equal(vecmap_weight(&v, 256), 5);
}

/* hweight64 (lib/compiler.h) against the compiler's own count, over words of every density */
static void test_hweight64(void **state)
{
	(void)state;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	assert_int_equal(hweight64(0), 0);
	assert_int_equal(hweight64(~0ull), 64);
	for (unsigned i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint64_t w = i % 3 ? x : x & (x >> (i % 64));
		assert_int_equal(hweight64(w), __builtin_popcountll(w));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_online_available),
		cmocka_unit_test(test_alloc_lowest_cpu_with_most_available),
		cmocka_unit_test(test_managed_reserve_and_alloc),
		cmocka_unit_test(test_reserve_managed_failure_rolls_back),
		cmocka_unit_test(test_offline_quirks),
		cmocka_unit_test(test_reserve_warns_at_crossing),
		cmocka_unit_test(test_trace_format),
		cmocka_unit_test(test_vecmap_list),
		cmocka_unit_test(test_best_cpu_blocks),
		cmocka_unit_test(test_hweight64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
