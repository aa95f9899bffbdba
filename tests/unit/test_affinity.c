// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of multi-queue affinity spreading (src/irq/affinity.c) and the
 * kernel heapsort ports (src/lib/sort.c).  Expected masks are worked out by
 * hand from the kernel algorithm or were observed on real kernels (noted).
 */
#include "testutil.h"
#include "topoutil.h"
#include "lib/kmem.h"

/* the masks' allocator (a simulation passes its own) */
static struct kmem tkm;

#include "arch/x86/topology.h"
#include "drivers/nvme.h"
#include "irq/affinity.h"
#include "kernel/profile.h"
#include "lib/sort.h"

#include <limits.h>


static void mask_eq(const struct cpumask *m, const char *expect, const char *what, unsigned i)
{
	struct cpumask e;
	unsigned pos;
	char got[1024];

	if (cpulist_parse(expect, &e, NR_CPUS, &pos))
		fail_msg("bad expected list \"%s\"", expect);
	if (!cpumask_equal(m, &e)) {
		cpumask_print_list(got, sizeof(got), m, NR_CPUS);
		fail_msg("%s %u: got \"%s\", expected \"%s\"", what, i, got, expect);
	}
}

/* Run group_cpus_evenly for kernel line k and compare every group. */
static void groups_eq(const struct cpu_topology *t, enum kernel_line k, unsigned n,
		      const char *const *expect)
{
	struct cpumask *g = group_cpus_evenly(t, kernel_profile_get(k), n);

	assert_non_null(g);
	for (unsigned i = 0; i < n; i++)
		mask_eq(&g[i], expect[i], kernel_line_name(k), i);
	free(g);
}

static void groups_eq_all(const struct cpu_topology *t, unsigned n, const char *const *expect)
{
	groups_eq(t, KERNEL_4_18, n, expect);
	groups_eq(t, KERNEL_6_1, n, expect);
	groups_eq(t, KERNEL_6_12, n, expect);
}

/* ---- lib/sort.c ---- */

struct ng {
	unsigned id, ncpus;
};

static int ng_cmp(const void *l, const void *r)
{
	const struct ng *a = l, *b = r;

	return (int)(a->ncpus - b->ncpus);
}

static void sort_order(enum kernel_line k, const unsigned *ncpus, unsigned n,
		       const unsigned *expect)
{
	struct ng a[16];

	for (unsigned i = 0; i < n; i++)
		a[i] = (struct ng){ i, ncpus[i] };
	kernel_sort(a, n, sizeof(a[0]), ng_cmp, kernel_profile_get(k)->sort_double_pop);
	for (unsigned i = 0; i < n; i++)
		if (a[i].id != expect[i])
			fail_msg("%s: position %u holds node %u, expected %u",
				 kernel_line_name(k), i, a[i].id, expect[i]);
}

/* The tie orders of spec 4.2 (observed from the Debian sources). */
static void test_sort_tie_order(void **state)
{
	static const unsigned two[] = { 40, 40 }, three[] = { 40, 40, 40 };
	static const unsigned four[] = { 40, 40, 40, 40 };
	static const unsigned eight[] = { 8, 8, 8, 8, 8, 8, 8, 8 };
	static const unsigned up[] = { 10, 20 }, down[] = { 20, 10 };

	(void)state;
	for (int k = KERNEL_4_18; k <= KERNEL_6_1; k++) {
		sort_order(k, two, 2, (const unsigned[]){ 1, 0 });
		sort_order(k, three, 3, (const unsigned[]){ 1, 2, 0 });
		sort_order(k, four, 4, (const unsigned[]){ 1, 2, 3, 0 });
		sort_order(k, eight, 8, (const unsigned[]){ 1, 2, 3, 4, 5, 6, 7, 0 });
		sort_order(k, up, 2, (const unsigned[]){ 0, 1 });
		sort_order(k, down, 2, (const unsigned[]){ 1, 0 });
	}
	sort_order(KERNEL_6_12, two, 2, (const unsigned[]){ 1, 0 });
	sort_order(KERNEL_6_12, three, 3, (const unsigned[]){ 2, 1, 0 });
	sort_order(KERNEL_6_12, four, 4, (const unsigned[]){ 1, 3, 2, 0 });
	sort_order(KERNEL_6_12, eight, 8, (const unsigned[]){ 1, 3, 4, 5, 6, 7, 2, 0 });
	sort_order(KERNEL_6_12, up, 2, (const unsigned[]){ 0, 1 });
	sort_order(KERNEL_6_12, down, 2, (const unsigned[]){ 1, 0 });
}

/* UINT_MAX (node not in the mask) compares like -1 and sorts first. */
static void test_sort_uint_max(void **state)
{
	static const unsigned v[] = { UINT_MAX, 4, 4, UINT_MAX };

	(void)state;
	sort_order(KERNEL_6_1, v, 4, (const unsigned[]){ 0, 3, 2, 1 });
	sort_order(KERNEL_6_12, v, 4, (const unsigned[]){ 0, 3, 1, 2 });
}

static int memcmp_first(const void *l, const void *r)
{
	return memcmp(l, r, 1);
}

static int int_cmp(const void *l, const void *r)
{
	int a = *(const int *)l, b = *(const int *)r;

	return (a > b) - (a < b);
}

/* Both variants really sort (any size, odd element sizes). */
static void test_sort_sorts(void **state)
{
	unsigned seed = 12345;

	(void)state;
	for (int k = KERNEL_6_1; k <= KERNEL_6_12; k++) {
		for (unsigned n = 0; n < 300; n += (n < 20 ? 1 : 37)) {
			int v[300];
			for (unsigned i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				v[i] = (int)((seed >> 16) % 50);
			}
			kernel_sort(v, n, sizeof(v[0]), int_cmp, kernel_profile_get(k)->sort_double_pop);
			for (unsigned i = 1; i < n; i++)
				assert_true(v[i - 1] <= v[i]);
		}
		/* 3-byte elements: byte-wise swaps */
		unsigned char b[] = { 5, 0, 0, 3, 1, 1, 9, 2, 2, 1, 3, 3, 7, 4, 4 };
		kernel_sort(b, 5, 3, memcmp_first, kernel_profile_get(k)->sort_double_pop);
		for (unsigned i = 1; i < 5; i++)
			assert_true(b[3 * (i - 1)] <= b[3 * i]);
	}
}

/* ---- lib/group_cpus.c: group_cpus_evenly ---- */

/* -smp 80 (no SMT, one node), 2 groups */
static void test_groups_flat(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 80 }, NULL, 0);
	groups_eq_all(&t, 2, (const char *const[]){ "0-39", "40-79" });
	/* 3 groups: 27 + 27 + 26 */
	groups_eq_all(&t, 3, (const char *const[]){ "0-26", "27-53", "54-79" });
	/* 1 group */
	groups_eq_all(&t, 1, (const char *const[]){ "0-79" });
	assert_null(group_cpus_evenly(&t, kernel_profile_get(KERNEL_6_1), 0));
	assert_null(group_cpus_evenly(&t, kernel_profile_get(KERNEL_6_12), 0));
	topology_free(&t);
}

/* -smp 80,sockets=2,cores=20,threads=2: sibling of i is i^1 */
static void test_groups_smt_adjacent(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 80, .sockets = 2, .cores = 20, .threads = 2 },
	     NULL, 0);
	groups_eq_all(&t, 2, (const char *const[]){ "0-39", "40-79" });
	/*
	 * 27/27/26: group 0 ends with CPU 26 (quota reached before its
	 * sibling 27); group 1 starts with 27 alone, then whole pairs.
	 */
	groups_eq_all(&t, 3, (const char *const[]){ "0-26", "27-53", "54-79" });
	/* 80 groups: one CPU each */
	struct cpumask *g = group_cpus_evenly(&t, kernel_profile_get(KERNEL_6_1), 80);
	for (unsigned i = 0; i < 80; i++) {
		char want[8];
		snprintf(want, sizeof(want), "%u", i);
		mask_eq(&g[i], want, "group", i);
	}
	free(g);
	topology_free(&t);
}

/* Host-style numbering, sibling(i) = i + 40: siblings are taken together */
static void test_groups_smt_siblings_first(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 80 }, NULL, 0);
	/*
	 * Without SMT first: the groups cached for these siblings must not
	 * answer once topology_set_sibling_reach has seen the new ones.
	 */
	groups_eq_all(&t, 3, (const char *const[]){ "0-26", "27-53", "54-79" });
	for (unsigned c = 0; c < 80; c++) {
		cpumask_clear(&t.sibling[c]);
		cpumask_set_cpu(c % 40, &t.sibling[c]);
		cpumask_set_cpu(c % 40 + 40, &t.sibling[c]);
	}
	topology_set_sibling_reach(&t);
	groups_eq_all(&t, 2, (const char *const[]){ "0-19,40-59", "20-39,60-79" });
	/*
	 * 3 groups of 27/27/26: CPU 13 closes group 0 without its sibling 53,
	 * CPU 27 closes group 1 without 67; 53 and 67 are taken when they
	 * become the lowest CPUs left.
	 */
	groups_eq_all(&t, 3, (const char *const[]){ "0-13,40-52", "14-27,54-66",
						    "28-39,53,67-79" });
	topology_free(&t);
}

/*
 * 2 nodes x 2 CPUs, 4 groups: the sort puts node 1 first.  Verified on
 * 6.1.192 and 6.12 guests: req.0 {2}, req.1 {3}, req.2 {0}, req.3 {1}.
 */
static void test_groups_two_nodes_four_groups(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[2] = { tu_node(-1, "0-1"), tu_node(-1, "2-3") };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 4 }, n, 2);
	groups_eq_all(&t, 4, (const char *const[]){ "2", "3", "0", "1" });
	/* numgrps <= nodes: ascending node order */
	groups_eq_all(&t, 2, (const char *const[]){ "0-1", "2-3" });
	/* one group: both nodes in it */
	groups_eq_all(&t, 1, (const char *const[]){ "0-3" });
	/* 3 groups: node 1 (sorted first) 3*2/4 = 1 group, node 0 two */
	groups_eq_all(&t, 3, (const char *const[]){ "2-3", "0", "1" });
	topology_free(&t);
}

/* 2 nodes x 4 CPUs, 3 groups */
static void test_groups_two_nodes_three_groups(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[2] = { tu_node(-1, "0-3"), tu_node(-1, "4-7") };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, n, 2);
	groups_eq_all(&t, 3, (const char *const[]){ "4-7", "0-1", "2-3" });
	topology_free(&t);

	/* unequal nodes: the smaller (node 1) is served first */
	struct numa_node_config m[2] = { tu_node(-1, "0-5"), tu_node(-1, "6-7") };
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, m, 2);
	/* node 1: max(1, 3*2/8) = 1; node 0: 2*6/6 = 2 */
	groups_eq_all(&t, 3, (const char *const[]){ "6-7", "0-2", "3-5" });
	topology_free(&t);
}

/* 3 equal nodes, 4 groups: 6.1 and 6.12 differ in the node order */
static void test_groups_three_nodes_tie(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[3] = { tu_node(-1, "0-1"), tu_node(-1, "2-3"), tu_node(-1, "4-5") };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 6 }, n, 3);
	/* 6.1 order 1,2,0: node 1 and 2 one group each, node 0 two */
	groups_eq(&t, KERNEL_6_1, 4, (const char *const[]){ "2-3", "4-5", "0", "1" });
	groups_eq(&t, KERNEL_4_18, 4, (const char *const[]){ "2-3", "4-5", "0", "1" });
	/* 6.12 order 2,1,0 */
	groups_eq(&t, KERNEL_6_12, 4, (const char *const[]){ "4-5", "2-3", "0", "1" });
	/* 2 groups <= 3 nodes: node 2 wraps into group 0 */
	groups_eq_all(&t, 2, (const char *const[]){ "0-1,4-5", "2-3" });
	topology_free(&t);
}

/* maxcpus > cpus: stage 2 spreads the possible-not-present CPUs */
static void test_groups_not_present(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 4, .maxcpus = 8 }, NULL, 0);
	/* stage 1 fills all 3 groups, stage 2 starts again at group 0 */
	groups_eq_all(&t, 3, (const char *const[]){ "0-1,4-5", "2,6", "3,7" });
	/* stage 1 uses groups 0-3, stage 2 continues at group 4 */
	groups_eq_all(&t, 8, (const char *const[]){ "0", "1", "2", "3", "4", "5", "6", "7" });
	/* stage 2 starts at group 4 and wraps to 0 */
	groups_eq_all(&t, 6, (const char *const[]){ "0,6", "1,7", "2", "3", "4", "5" });
	/* more groups than possible CPUs: the rest stay empty */
	groups_eq_all(&t, 10, (const char *const[]){ "0", "1", "2", "3", "4", "5", "6", "7",
						     "", "" });
	topology_free(&t);
}

/*
 * Fewer groups than nodes with CPUs not present: 6.1/6.12 OR in only the
 * stage's CPUs of each node, 4.18 (RHEL 8.4, before upstream 08d835dff916)
 * the node's whole possible mask, so groups overlap.
 */
static void test_groups_whole_node_418(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[3] = { tu_node(-1, "0"), tu_node(-1, "1,3"), tu_node(-1, "2,4-5") };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 3, .maxcpus = 6 }, n, 3);
	groups_eq(&t, KERNEL_6_1, 2, (const char *const[]){ "0,2-3", "1,4-5" });
	groups_eq(&t, KERNEL_6_12, 2, (const char *const[]){ "0,2-3", "1,4-5" });
	groups_eq(&t, KERNEL_4_18, 2, (const char *const[]){ "0-5", "1-5" });
	topology_free(&t);
}

/* ---- kernel/irq/affinity.c ---- */

/* virtio-blk: one config vector (pre_vectors = 1) + 4 queues, 2 nodes */
static void test_masks_virtio_pre_vector(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[2] = { tu_node(-1, "0-1"), tu_node(-1, "2-3") };
	struct cpumask def;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 4 }, n, 2);
	cpumask_setall(&def, 4);
	for (int k = KERNEL_4_18; k <= KERNEL_6_12; k++) {
		struct irq_affinity affd = { .pre_vectors = 1 };
		struct irq_affinity_desc *d = irq_create_affinity_masks(&tkm, &t, kernel_profile_get(k), &def, 5, &affd);
		static const char *const want[] = { "0-3", "2", "3", "0", "1" };

		assert_non_null(d);
		for (unsigned i = 0; i < 5; i++) {
			mask_eq(d[i].mask, want[i], "vector", i);
			assert_int_equal(d[i].is_managed, i != 0);
		}
		/* the default calc_sets was installed and ran */
		assert_non_null(affd.calc_sets);
		assert_int_equal(affd.nr_sets, 1);
		assert_int_equal(affd.set_size[0], 4);
		kmem_free(&tkm, d);
	}
	topology_free(&t);
}

struct nvme_priv {
	struct nvme_queue_counts q;   /* what the driver's nvme_calc_irq_sets reads and writes */
	unsigned calls;
};

/* drivers/nvme/host/pci.c: nvme_calc_irq_sets (the model's), counting its calls */
static void nvme_like_calc_sets(struct irq_affinity *affd, unsigned nrirqs)
{
	struct nvme_priv *p = affd->priv;

	p->calls++;
	affd->priv = &p->q;
	nvme_calc_irq_sets(affd, nrirqs);
	affd->priv = p;
}

/* nvme-like: admin vector + a default set of 2 and a read set of 4 */
static void test_masks_two_sets(void **state)
{
	struct cpu_topology t;
	struct cpumask def;
	struct nvme_priv p = { .q.nr_write_queues = 2 };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, NULL, 0);
	cpumask_setall(&def, 8);
	struct irq_affinity affd = { .pre_vectors = 1, .calc_sets = nvme_like_calc_sets,
				     .priv = &p };
	struct irq_affinity_desc *d = irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_6_1), &def, 7, &affd);
	static const char *const want[] = { "0-7", "0-3", "4-7", "0-1", "2-3", "4-5", "6-7" };

	assert_non_null(d);
	assert_int_equal(p.calls, 1);
	assert_int_equal(affd.nr_sets, 2);
	assert_int_equal(p.q.io_queues[0], 2);
	assert_int_equal(p.q.io_queues[1], 4);
	for (unsigned i = 0; i < 7; i++) {
		mask_eq(d[i].mask, want[i], "vector", i);
		assert_int_equal(d[i].is_managed, i != 0);
	}
	kmem_free(&tkm, d);

	/* only the admin vector: calc_sets still runs (with 0), no masks */
	p.calls = 0;
	assert_null(irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_6_12), &def, 1, &affd));
	assert_int_equal(p.calls, 1);
	assert_int_equal(p.q.io_queues[0], 1);
	assert_int_equal(affd.nr_sets, 1);
	topology_free(&t);
}

static void too_many_sets(struct irq_affinity *affd, unsigned nvecs)
{
	affd->nr_sets = 5;
	affd->set_size[0] = nvecs;
}

static void short_sets(struct irq_affinity *affd, unsigned nvecs)
{
	(void)nvecs;
	affd->nr_sets = 1;
	affd->set_size[0] = 2;
}

static void test_masks_edges(void **state)
{
	struct cpu_topology t;
	struct cpumask def;
	struct irq_affinity_desc *d;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 4 }, NULL, 0);
	cpumask_clear(&def);
	cpumask_set_cpu(0, &def);
	cpumask_set_cpu(1, &def);	/* e.g. irqaffinity=0-1 */

	/* pre 1 + 2 spread + post 1 */
	struct irq_affinity a1 = { .pre_vectors = 1, .post_vectors = 1 };
	d = irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_6_1), &def, 4, &a1);
	assert_non_null(d);
	static const char *const w1[] = { "0-1", "0-1", "2-3", "0-1" };
	for (unsigned i = 0; i < 4; i++) {
		mask_eq(d[i].mask, w1[i], "vector", i);
		assert_int_equal(d[i].is_managed, i == 1 || i == 2);
	}
	kmem_free(&tkm, d);

	/* a single vector: managed on 6.x, not on 4.18 */
	struct irq_affinity a2 = { 0 };
	d = irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_6_12), &def, 1, &a2);
	assert_non_null(d);
	mask_eq(d[0].mask, "0-3", "vector", 0);
	assert_true(d[0].is_managed);
	kmem_free(&tkm, d);
	struct irq_affinity a3 = { 0 };
	assert_null(irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_4_18), &def, 1, &a3));
	assert_non_null(a3.calc_sets);

	/* pre + post use everything up */
	struct irq_affinity a4 = { .pre_vectors = 1, .post_vectors = 1 };
	assert_null(irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_6_1), &def, 2, &a4));

	/* more than IRQ_AFFINITY_MAX_SETS sets */
	struct irq_affinity a5 = { .calc_sets = too_many_sets };
	assert_null(irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_6_1), &def, 4, &a5));

	/* sets smaller than the spread range: default mask, still managed */
	struct irq_affinity a6 = { .pre_vectors = 1, .calc_sets = short_sets };
	d = irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_6_1), &def, 5, &a6);
	assert_non_null(d);
	static const char *const w6[] = { "0-1", "0-1", "2-3", "0-1", "0-1" };
	for (unsigned i = 0; i < 5; i++) {
		mask_eq(d[i].mask, w6[i], "vector", i);
		assert_int_equal(d[i].is_managed, i != 0);
	}
	kmem_free(&tkm, d);

	/* 3.10: no managed interrupts at all */
	struct irq_affinity a7 = { 0 };
	assert_null(irq_create_affinity_masks(&tkm, &t, kernel_profile_get(KERNEL_3_10), &def, 4, &a7));
	topology_free(&t);
}

static void test_calc_vectors(void **state)
{
	struct cpu_topology t;
	struct irq_affinity plain = { .pre_vectors = 1 };
	struct irq_affinity sets = { .pre_vectors = 1, .calc_sets = short_sets };
	struct irq_affinity two = { .pre_vectors = 1, .post_vectors = 1 };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 80 }, NULL, 0);
	/* 1 + min(80 possible CPUs, 2) */
	assert_int_equal(irq_calc_affinity_vectors(&t, 3, 3, &plain), 3);
	/* capped by the possible CPUs */
	assert_int_equal(irq_calc_affinity_vectors(&t, 1, 200, &plain), 81);
	/* with calc_sets: no CPU cap */
	assert_int_equal(irq_calc_affinity_vectors(&t, 1, 200, &sets), 200);
	/* reserved vectors above minvec */
	assert_int_equal(irq_calc_affinity_vectors(&t, 1, 10, &two), 0);
	assert_int_equal(irq_calc_affinity_vectors(&t, 2, 10, &two), 10);
	topology_free(&t);

	/* possible, not present, CPUs count */
	tu_topology(&t, (struct smp_config){ .cpus = 4, .maxcpus = 16 }, NULL, 0);
	assert_int_equal(irq_calc_affinity_vectors(&t, 1, 64, &plain), 17);
	topology_free(&t);
}

/* Every possible CPU in exactly one of the spread vectors. */
static void assert_partition(const struct cpu_topology *t, const struct irq_affinity_desc *d,
			     unsigned from, unsigned to)
{
	struct cpumask all;
	unsigned total = 0;

	cpumask_clear(&all);
	for (unsigned i = from; i < to; i++) {
		assert_false(cpumask_intersects(&all, d[i].mask));
		cpumask_or(&all, &all, d[i].mask);
		total += cpumask_weight(d[i].mask);
	}
	assert_int_equal(total, t->maxcpus);
	assert_true(cpumask_equal(&all, &t->possible));
}

/* Large machines, many devices: exact partitions, and fast. */
static void test_large_machine(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[4];
	struct cpumask def;
	char list[32];

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		snprintf(list, sizeof(list), "%u-%u", i * 2048, i * 2048 + 2047);
		n[i] = tu_node(-1, list);
	}
	/* 4 equal nodes of 2048 CPUs (SMT pairs), 1024 queues */
	tu_topology(&t, (struct smp_config){ .cpus = 8192, .sockets = 4, .threads = 2 }, n, 4);
	cpumask_setall(&def, 8192);
	for (unsigned dev = 0; dev < 200; dev++) {
		unsigned nvec = 1 + 1024 + dev % 7;
		enum kernel_line k = dev & 1 ? KERNEL_6_12 : KERNEL_6_1;
		struct irq_affinity affd = { .pre_vectors = 1 };
		struct irq_affinity_desc *d = irq_create_affinity_masks(&tkm, &t, kernel_profile_get(k), &def, nvec, &affd);

		assert_non_null(d);
		assert_partition(&t, d, 1, nvec);
		if (dev == 0 || dev == 7) {	/* 1024 queues; 6.1, then 6.12 */
			/*
			 * node order 6.1: 1,2,3,0, 6.12: 1,3,2,0; 256 groups
			 * of 8 CPUs (4 sibling pairs) per node.
			 */
			mask_eq(d[1].mask, "2048-2055", "vector", 1);
			mask_eq(d[256].mask, "4088-4095", "vector", 256);
			mask_eq(d[257].mask, k == KERNEL_6_1 ? "4096-4103" : "6144-6151",
				"vector", 257);
			mask_eq(d[1024].mask, "2040-2047", "vector", 1024);
		}
		kmem_free(&tkm, d);
	}
	topology_free(&t);

	/* 2048 of 8192 CPUs present: stage 2 does most of the work */
	tu_topology(&t, (struct smp_config){ .cpus = 2048, .sockets = 4, .threads = 2, .maxcpus = 8192 },
	     n, 4);
	for (unsigned dev = 0; dev < 100; dev++) {
		unsigned nvec = 1 + 512 + dev % 5;
		struct irq_affinity affd = { .pre_vectors = 1 };
		struct irq_affinity_desc *d =
			irq_create_affinity_masks(&tkm, &t, kernel_profile_get(dev & 1 ? KERNEL_6_12 : KERNEL_6_1), &def,
						  nvec, &affd);
		assert_non_null(d);
		assert_partition(&t, d, 1, nvec);
		kmem_free(&tkm, d);
	}
	topology_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_tie_order),
		cmocka_unit_test(test_sort_uint_max),
		cmocka_unit_test(test_sort_sorts),
		cmocka_unit_test(test_groups_flat),
		cmocka_unit_test(test_groups_smt_adjacent),
		cmocka_unit_test(test_groups_smt_siblings_first),
		cmocka_unit_test(test_groups_two_nodes_four_groups),
		cmocka_unit_test(test_groups_two_nodes_three_groups),
		cmocka_unit_test(test_groups_three_nodes_tie),
		cmocka_unit_test(test_groups_not_present),
		cmocka_unit_test(test_groups_whole_node_418),
		cmocka_unit_test(test_masks_virtio_pre_vector),
		cmocka_unit_test(test_masks_two_sets),
		cmocka_unit_test(test_masks_edges),
		cmocka_unit_test(test_calc_vectors),
		cmocka_unit_test(test_large_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
