// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the QEMU -smp / -numa topology model (src/arch/x86/topology.c). */
#include "testutil.h"
#include "topoutil.h"

#include "arch/x86/topology.h"

static char errbuf[512];

static void mask_eq(const struct cpumask *m, const char *expect, const char *what)
{
	struct cpumask e;
	unsigned pos;
	char got[1024];

	if (cpulist_parse(expect, &e, NR_CPUS, &pos))
		fail_msg("bad expected list \"%s\"", expect);
	if (!cpumask_equal(m, &e)) {
		cpumask_print_list(got, sizeof(got), m, NR_CPUS);
		fail_msg("%s: got \"%s\", expected \"%s\"", what, got, expect);
	}
}

static void build_err(struct smp_config smp, const struct numa_node_config *nodes,
		      unsigned nr, const char *expect)
{
	struct cpu_topology t;

	memset(errbuf, 0, sizeof(errbuf));
	assert_int_equal(topology_build(&t, &smp, nodes, nr, errbuf, sizeof(errbuf)), -1);
	assert_string_equal(errbuf, expect);
	assert_null(t.cpu_to_node);
	assert_null(t.sibling);
}

static void assert_shape(const struct cpu_topology *t, unsigned cpus, unsigned sockets,
			 unsigned dies, unsigned cores, unsigned threads, unsigned maxcpus)
{
	assert_int_equal(t->cpus, cpus);
	assert_int_equal(t->sockets, sockets);
	assert_int_equal(t->dies, dies);
	assert_int_equal(t->cores, cores);
	assert_int_equal(t->threads, threads);
	assert_int_equal(t->maxcpus, maxcpus);
	assert_int_equal(t->nr_cpu_ids, maxcpus);
}

/* -smp 8: one socket of 8 cores, no SMT, one node */
static void test_smp_plain(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, NULL, 0);
	assert_shape(&t, 8, 1, 1, 8, 1, 8);
	mask_eq(&t.possible, "0-7", "possible");
	mask_eq(&t.present, "0-7", "present");
	assert_int_equal(t.nr_node_ids, 1);
	mask_eq(&t.node_mask[0], "0-7", "node 0");
	for (unsigned c = 0; c < 8; c++) {
		char want[8];
		snprintf(want, sizeof(want), "%u", c);
		mask_eq(&t.sibling[c], want, "sibling");
		assert_int_equal(t.cpu_to_node[c], 0);
		assert_int_equal(t.package_of[c], 0);
		assert_int_equal(t.core_of[c], c);
	}
	topology_free(&t);
}

/* -smp 80,sockets=2,cores=20,threads=2: siblings are i and i^1 */
static void test_smp_smt(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 80, .sockets = 2, .cores = 20, .threads = 2 },
		 NULL, 0);
	assert_shape(&t, 80, 2, 1, 20, 2, 80);
	for (unsigned c = 0; c < 80; c++) {
		char want[16];
		snprintf(want, sizeof(want), "%u-%u", c & ~1u, c | 1u);
		mask_eq(&t.sibling[c], want, "sibling");
		assert_int_equal(t.core_of[c], c / 2);
		assert_int_equal(t.package_of[c], c / 40);
	}
	mask_eq(&t.node_mask[0], "0-79", "node 0");
	topology_free(&t);
}

/* -smp 4,maxcpus=8: 4 possible-not-present CPUs, never brought up */
static void test_smp_maxcpus(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 4, .maxcpus = 8 }, NULL, 0);
	assert_shape(&t, 4, 1, 1, 8, 1, 8);
	mask_eq(&t.possible, "0-7", "possible");
	mask_eq(&t.present, "0-3", "present");
	mask_eq(&t.sibling[3], "3", "sibling 3");
	mask_eq(&t.sibling[5], "", "sibling of a CPU never brought up");
	assert_int_equal(t.cpu_to_node[7], 0);
	mask_eq(&t.node_mask[0], "0-7", "node 0");
	topology_free(&t);

	/* a present CPU whose SMT sibling is not present */
	tu_topology(&t, (struct smp_config){ .cpus = 3, .maxcpus = 4, .threads = 2 }, NULL, 0);
	assert_shape(&t, 3, 1, 1, 2, 2, 4);
	mask_eq(&t.sibling[0], "0-1", "sibling 0");
	mask_eq(&t.sibling[2], "2", "sibling 2");
	mask_eq(&t.sibling[3], "", "sibling 3");
	topology_free(&t);
}

/* machine_parse_smp_config: which parameter is computed from which */
static void test_smp_defaults(void **state)
{
	struct cpu_topology t;

	(void)state;
	/* nothing given: 1 CPU */
	tu_topology(&t, (struct smp_config){ 0 }, NULL, 0);
	assert_shape(&t, 1, 1, 1, 1, 1, 1);
	topology_free(&t);
	/* no cpus: computed from the hierarchy */
	tu_topology(&t, (struct smp_config){ .sockets = 2, .cores = 2 }, NULL, 0);
	assert_shape(&t, 4, 2, 1, 2, 1, 4);
	topology_free(&t);
	/* cores computed (preferred over sockets) */
	tu_topology(&t, (struct smp_config){ .cpus = 8, .sockets = 2 }, NULL, 0);
	assert_shape(&t, 8, 2, 1, 4, 1, 8);
	topology_free(&t);
	tu_topology(&t, (struct smp_config){ .cpus = 8, .threads = 2 }, NULL, 0);
	assert_shape(&t, 8, 1, 1, 4, 2, 8);
	topology_free(&t);
	/* sockets computed when cores is given */
	tu_topology(&t, (struct smp_config){ .cpus = 8, .cores = 2 }, NULL, 0);
	assert_shape(&t, 8, 4, 1, 2, 1, 8);
	topology_free(&t);
	/* threads computed last */
	tu_topology(&t, (struct smp_config){ .cpus = 16, .sockets = 2, .cores = 4 }, NULL, 0);
	assert_shape(&t, 16, 2, 1, 4, 2, 16);
	topology_free(&t);
	/* dies; maxcpus drives the computation */
	tu_topology(&t, (struct smp_config){ .cpus = 4, .dies = 2, .maxcpus = 16 }, NULL, 0);
	assert_shape(&t, 4, 1, 2, 8, 1, 16);
	assert_int_equal(t.package_of[15], 0);
	assert_int_equal(t.core_of[15], 15);
	topology_free(&t);
	tu_topology(&t, (struct smp_config){ .cpus = 16, .sockets = 2, .dies = 2, .threads = 2 },
		 NULL, 0);
	assert_shape(&t, 16, 2, 2, 2, 2, 16);
	mask_eq(&t.sibling[6], "6-7", "sibling 6");
	assert_int_equal(t.package_of[7], 0);
	assert_int_equal(t.package_of[8], 1);
	assert_int_equal(t.core_of[9], 4);
	topology_free(&t);
}

static void test_smp_errors(void **state)
{
	(void)state;
	build_err((struct smp_config){ .cpus = 8, .sockets = 3 }, NULL, 0,
		  "Invalid CPU topology: product of the hierarchy must match maxcpus: "
		  "sockets (3) * dies (1) * cores (2) * threads (1) != maxcpus (8)");
	build_err((struct smp_config){ .cpus = 8, .sockets = 2, .cores = 2, .threads = 1 },
		  NULL, 0,
		  "Invalid CPU topology: product of the hierarchy must match maxcpus: "
		  "sockets (2) * dies (1) * cores (2) * threads (1) != maxcpus (8)");
	build_err((struct smp_config){ .cpus = 8, .maxcpus = 4 }, NULL, 0,
		  "Invalid CPU topology: maxcpus must be equal to or greater than smp: "
		  "sockets (1) * dies (1) * cores (4) * threads (1) == maxcpus (4) < smp_cpus (8)");
	build_err((struct smp_config){ .cpus = 8, .clusters = 2 }, NULL, 0,
		  "clusters not supported by this machine's CPU topology");
	build_err((struct smp_config){ .cpus = 8, .sockets = 65536, .cores = 65536,
					.threads = 65536 }, NULL, 0,
		  "Invalid CPU topology: product of the hierarchy must match maxcpus: "
		  "sockets (65536) * dies (1) * cores (65536) * threads (65536) != maxcpus (8)");
	build_err((struct smp_config){ .cpus = 8193 }, NULL, 0,
		  "Invalid SMP CPUs 8193. The max CPUs supported by this simulation is 8192");
}

/* -numa node,cpus=0-3 -numa node,cpus=4-7 */
static void test_numa_split(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[2] = { tu_node(-1, "0-3"), tu_node(-1, "4-7") };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, n, 2);
	assert_int_equal(t.nr_node_ids, 2);
	mask_eq(&t.node_mask[0], "0-3", "node 0");
	mask_eq(&t.node_mask[1], "4-7", "node 1");
	assert_int_equal(t.cpu_to_node[3], 0);
	assert_int_equal(t.cpu_to_node[4], 1);
	topology_free(&t);

	/* explicit ids in any order; interleaved lists */
	struct numa_node_config m[2] = { tu_node(1, "0,2,4,6"), tu_node(0, "1,3,5,7") };
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, m, 2);
	mask_eq(&t.node_mask[0], "1,3,5,7", "node 0");
	mask_eq(&t.node_mask[1], "0,2,4,6", "node 1");
	topology_free(&t);
}

/* possible-but-not-present CPUs belong to their node too */
static void test_numa_maxcpus(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[2] = { tu_node(-1, "0-1,4-5"), tu_node(-1, "2-3,6-7") };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 4, .maxcpus = 8 }, n, 2);
	mask_eq(&t.node_mask[0], "0-1,4-5", "node 0");
	mask_eq(&t.node_mask[1], "2-3,6-7", "node 1");
	mask_eq(&t.present, "0-3", "present");
	topology_free(&t);
}

/* CPUs left out of every cpus= list go to node 0; empty nodes count */
static void test_numa_partial(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[3] = { tu_node(-1, "4-5"), tu_node(-1, "0-1"), tu_node(-1, NULL) };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, n, 3);
	assert_int_equal(t.nr_node_ids, 3);
	mask_eq(&t.node_mask[0], "2-7", "node 0");
	mask_eq(&t.node_mask[1], "0-1", "node 1");
	mask_eq(&t.node_mask[2], "", "node 2");
	topology_free(&t);
}

/* no cpus= at all: x86_get_default_cpu_node_id = socket % nodes */
static void test_numa_default_mapping(void **state)
{
	struct cpu_topology t;
	struct numa_node_config n[2] = { tu_node(-1, NULL), tu_node(-1, NULL) };

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 8, .sockets = 4 }, n, 2);
	mask_eq(&t.node_mask[0], "0-1,4-5", "node 0");
	mask_eq(&t.node_mask[1], "2-3,6-7", "node 1");
	topology_free(&t);
	/* one socket: everything on node 0, node 1 empty */
	tu_topology(&t, (struct smp_config){ .cpus = 8 }, n, 2);
	mask_eq(&t.node_mask[0], "0-7", "node 0");
	mask_eq(&t.node_mask[1], "", "node 1");
	assert_int_equal(t.nr_node_ids, 2);
	topology_free(&t);
}

static void test_numa_errors(void **state)
{
	struct numa_node_config a[2] = { tu_node(-1, "0-3"), tu_node(-1, "4-8") };
	struct numa_node_config b[2] = { tu_node(0, "0-3"), tu_node(0, "4-7") };
	struct numa_node_config c[2] = { tu_node(1, "0-3"), tu_node(-1, "4-7") };
	struct numa_node_config d[1] = { tu_node(2, "0-7") };
	struct numa_node_config e[2] = { tu_node(-1, "0-4"), tu_node(-1, "4-7") };
	struct numa_node_config f[1] = { tu_node(128, NULL) };
	struct numa_node_config g[2] = { tu_node(-1, "0-3"), tu_node(-1, "6-9") };

	(void)state;
	build_err((struct smp_config){ .cpus = 8 }, a, 2,
		  "CPU index (8) should be smaller than maxcpus (8)");
	build_err((struct smp_config){ .cpus = 4, .maxcpus = 8 }, g, 2,
		  "CPU index (8) should be smaller than maxcpus (8)");
	build_err((struct smp_config){ .cpus = 8 }, b, 2, "Duplicate NUMA nodeid: 0");
	/* the second node gets id = number of nodes so far = 1 */
	build_err((struct smp_config){ .cpus = 8 }, c, 2, "Duplicate NUMA nodeid: 1");
	build_err((struct smp_config){ .cpus = 8 }, d, 1, "numa: Node ID missing: 1");
	build_err((struct smp_config){ .cpus = 8 }, e, 2,
		  "CPU is already assigned to node-id: 0");
	build_err((struct smp_config){ .cpus = 8 }, f, 1, "Max number of NUMA nodes reached: 128");
}

/*
 * Large machines, a wide prime level among them, keep QEMU's index layout.
 */
static void test_large(void **state)
{
	struct cpu_topology t;

	(void)state;
	tu_topology(&t, (struct smp_config){ .cpus = 8192 }, NULL, 0);
	assert_shape(&t, 8192, 1, 1, 8192, 1, 8192);
	for (unsigned c = 0; c < 8192; c++) {
		assert_int_equal(t.core_of[c], c);
		assert_int_equal(t.package_of[c], 0);
	}
	mask_eq(&t.sibling[8191], "8191", "sibling 8191");
	mask_eq(&t.node_mask[0], "0-8191", "node 0");
	topology_free(&t);

	tu_topology(&t, (struct smp_config){ .cpus = 4096, .sockets = 2, .threads = 2,
					  .maxcpus = 8192 }, NULL, 0);
	assert_shape(&t, 4096, 2, 1, 2048, 2, 8192);
	for (unsigned c = 0; c < 8192; c++) {
		assert_int_equal(t.core_of[c], c / 2);
		assert_int_equal(t.package_of[c], c / 4096);
	}
	mask_eq(&t.sibling[4094], "4094-4095", "sibling 4094");
	mask_eq(&t.sibling[4096], "", "sibling 4096");
	topology_free(&t);

	/* 4093 is prime */
	tu_topology(&t, (struct smp_config){ .cpus = 8186, .sockets = 1, .threads = 2 }, NULL, 0);
	assert_shape(&t, 8186, 1, 1, 4093, 2, 8186);
	for (unsigned c = 0; c < 8186; c++)
		assert_int_equal(t.core_of[c], c / 2);
	mask_eq(&t.sibling[8185], "8184-8185", "sibling 8185");
	topology_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smp_plain),
		cmocka_unit_test(test_smp_smt),
		cmocka_unit_test(test_smp_maxcpus),
		cmocka_unit_test(test_smp_defaults),
		cmocka_unit_test(test_smp_errors),
		cmocka_unit_test(test_numa_split),
		cmocka_unit_test(test_numa_maxcpus),
		cmocka_unit_test(test_numa_partial),
		cmocka_unit_test(test_numa_default_mapping),
		cmocka_unit_test(test_numa_errors),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
