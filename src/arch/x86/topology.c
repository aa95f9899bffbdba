// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's CPU topology, as a Linux guest of QEMU 7.2 (pc / q35, current
 * machine types) sees it.
 *
 *  - -smp: hw/core/machine-smp.c: machine_parse_smp_config, with
 *    prefer_sockets == false (cores preferred over sockets since 6.2),
 *    dies supported, clusters not supported on x86.
 *  - CPU numbering: QEMU creates possible CPUs by index with APIC ids that
 *    increase with the index (hw/i386/x86.c: x86_possible_cpu_arch_ids) and
 *    lists them in that order in the MADT; Linux numbers the boot CPU 0 and
 *    the others in MADT order, hot-pluggable (not present) ones after the
 *    present ones.  So guest CPU i is QEMU CPU index i:
 *      thread = i % threads, core = (i / threads) % cores,
 *      die = (i / (threads * cores)) % dies, socket = i / (threads*cores*dies).
 *    The package and core of every CPU are computed from these formulas,
 *    as QEMU itself computes them (x86_topo_ids_from_idx); an hwloc
 *    synthetic tree used before gave the same numbers at up to 96 ms for
 *    8192 CPUs, and its plugins cost every process a millisecond to load.
 *  - NUMA: hw/core/numa.c: parse_numa_node and numa_complete_configuration,
 *    hw/core/machine.c: machine_numa_finish_cpu_init and
 *    machine_set_cpu_numa_node, hw/i386/x86.c: x86_get_default_cpu_node_id.
 *  - SMT siblings (topology_sibling_cpumask) as the kernel has them once SMP
 *    boot is done (arch/x86/kernel/smpboot.c: set_cpu_sibling_map runs for
 *    every CPU brought up): the present CPUs that share the CPU's core; empty
 *    for CPUs that were never brought up (possible but not present).
 */
#include "arch/x86/topology.h"
#include "irq/affinity.h"
#include "lib/nomem.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* include/sysemu/numa.h: MAX_NODES */
#define QEMU_MAX_NODES 128u

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* hw/core/machine-smp.c: cpu_hierarchy_to_string (x86: dies, no clusters) */
static void hierarchy_str(char *buf, size_t len, unsigned sockets, unsigned dies,
			  unsigned cores, unsigned threads)
{
	snprintf(buf, len, "sockets (%u) * dies (%u) * cores (%u) * threads (%u)",
		 sockets, dies, cores, threads);
}

/* Product of the topology levels, saturating instead of wrapping. */
static unsigned long long mul4(unsigned long long a, unsigned long long b,
			       unsigned long long c, unsigned long long d)
{
	unsigned long long f[3] = { b, c, d }, p = a;

	for (int i = 0; i < 3; i++) {
		if (f[i] && p > ULLONG_MAX / f[i])
			return ULLONG_MAX;
		p *= f[i];
	}
	return p;
}

/* hw/core/machine-smp.c: machine_parse_smp_config (prefer_sockets = false) */
static int parse_smp(struct cpu_topology *t, const struct smp_config *smp,
		     char *err, size_t errlen)
{
	unsigned long long cpus = smp->cpus, sockets = smp->sockets, dies = smp->dies;
	unsigned long long cores = smp->cores, threads = smp->threads, maxcpus = smp->maxcpus;
	char topo[160];

	/* x86 machines have no cluster level */
	if (smp->clusters > 1) {
		set_err(err, errlen, "clusters not supported by this machine's CPU topology");
		return -1;
	}
	dies = dies ? dies : 1;

	if (cpus == 0 && maxcpus == 0) {
		sockets = sockets ? sockets : 1;
		cores = cores ? cores : 1;
		threads = threads ? threads : 1;
	} else {
		maxcpus = maxcpus ? maxcpus : cpus;
		/* since 6.2 a missing cores= is computed before a missing sockets= */
		if (cores == 0) {
			sockets = sockets ? sockets : 1;
			threads = threads ? threads : 1;
			cores = maxcpus / mul4(sockets, dies, threads, 1);
		} else if (sockets == 0) {
			threads = threads ? threads : 1;
			sockets = maxcpus / mul4(dies, cores, threads, 1);
		}
		/* threads is only computed when both sockets and cores were given */
		if (threads == 0)
			threads = maxcpus / mul4(sockets, dies, cores, 1);
	}
	maxcpus = maxcpus ? maxcpus : mul4(sockets, dies, cores, threads);
	cpus = cpus ? cpus : maxcpus;

	hierarchy_str(topo, sizeof(topo), (unsigned)sockets, (unsigned)dies,
		      (unsigned)cores, (unsigned)threads);
	if (mul4(sockets, dies, cores, threads) != maxcpus) {
		set_err(err, errlen, "Invalid CPU topology: product of the hierarchy must "
			"match maxcpus: %s != maxcpus (%llu)", topo, maxcpus);
		return -1;
	}
	if (maxcpus < cpus) {
		set_err(err, errlen, "Invalid CPU topology: maxcpus must be equal to or "
			"greater than smp: %s == maxcpus (%llu) < smp_cpus (%llu)",
			topo, maxcpus, cpus);
		return -1;
	}
	/*
	 * QEMU's own limit is the machine's max_cpus (288 for q35 7.2); the
	 * simulator's is the kernel's NR_CPUS, so that large hosts can be modelled.
	 */
	if (maxcpus > NR_CPUS) {
		set_err(err, errlen, "Invalid SMP CPUs %llu. The max CPUs supported by "
			"this simulation is %u", maxcpus, NR_CPUS);
		return -1;
	}

	t->cpus = (unsigned)cpus;
	t->sockets = (unsigned)sockets;
	t->dies = (unsigned)dies;
	t->cores = (unsigned)cores;
	t->threads = (unsigned)threads;
	t->maxcpus = (unsigned)maxcpus;
	t->nr_cpu_ids = (unsigned)maxcpus;
	return 0;
}

/* Package and core of every CPU, from its QEMU CPU index. */
static void fill_by_index(struct cpu_topology *t)
{
	for (unsigned cpu = 0; cpu < t->maxcpus; cpu++) {
		t->core_of[cpu] = cpu / t->threads;
		t->package_of[cpu] = cpu / (t->threads * t->cores * t->dies);
	}
}

/*
 * hw/core/numa.c: parse_numa_node (node ids, cpus=), numa_complete_configuration
 * (no sparse node ids), hw/core/machine.c: machine_numa_finish_cpu_init.
 */
static int assign_nodes(struct cpu_topology *t, const struct numa_node_config *nodes,
			unsigned nr_nodes, char *err, size_t errlen)
{
	bool present_node[QEMU_MAX_NODES] = { false };
	unsigned num_nodes = 0, max_nodeid = 0;
	bool any_mapped = false;

	for (unsigned c = 0; c < t->maxcpus; c++)
		t->cpu_to_node[c] = -1;

	for (unsigned i = 0; i < nr_nodes; i++) {
		const struct numa_node_config *n = &nodes[i];
		long nodenr = n->nodeid >= 0 ? n->nodeid : (long)num_nodes;

		if (nodenr >= (long)QEMU_MAX_NODES) {
			set_err(err, errlen, "Max number of NUMA nodes reached: %ld", nodenr);
			return -1;
		}
		if (present_node[nodenr]) {
			set_err(err, errlen, "Duplicate NUMA nodeid: %ld", nodenr);
			return -1;
		}
		if (n->has_cpus) {
			unsigned cpu;
			for_each_cpu(cpu, &n->cpus) {
				if (cpu >= t->maxcpus) {
					set_err(err, errlen, "CPU index (%u) should be smaller "
						"than maxcpus (%u)", cpu, t->maxcpus);
					return -1;
				}
				/* machine_set_cpu_numa_node */
				if (t->cpu_to_node[cpu] >= 0 && t->cpu_to_node[cpu] != nodenr) {
					set_err(err, errlen, "CPU is already assigned to node-id: %d",
						t->cpu_to_node[cpu]);
					return -1;
				}
				t->cpu_to_node[cpu] = (int)nodenr;
				any_mapped = true;
			}
		}
		present_node[nodenr] = true;
		if ((unsigned)nodenr + 1 > max_nodeid)
			max_nodeid = (unsigned)nodenr + 1;
		num_nodes++;
	}

	if (num_nodes == 0) {
		/* no NUMA configuration: one node holding every CPU */
		for (unsigned c = 0; c < t->maxcpus; c++)
			t->cpu_to_node[c] = 0;
		t->nr_node_ids = 1;
		return 0;
	}

	/* numa_complete_configuration: sparse ids are rejected, largest first */
	for (unsigned i = max_nodeid; i-- > 0;) {
		if (!present_node[i]) {
			set_err(err, errlen, "numa: Node ID missing: %u", i);
			return -1;
		}
	}

	/*
	 * machine_numa_finish_cpu_init: with no cpus= anywhere the board's
	 * default applies (x86_get_default_cpu_node_id: socket % nodes);
	 * otherwise CPUs left out fall back to node 0 (QEMU warns).
	 *
	 * This is the node QEMU's SRAT gives every possible CPU.  Caveat for
	 * possible-but-not-present CPUs on 6.1 (and older) guests: such CPUs
	 * are disabled MADT entries, get no APIC id at boot, so
	 * init_cpu_to_node (arch/x86/mm/numa.c) leaves them with the
	 * round-robin node numa_init_array gave them (CPU i -> i-th online
	 * node modulo their number) until they are hot-added.
	 */
	for (unsigned c = 0; c < t->maxcpus; c++) {
		if (t->cpu_to_node[c] >= 0)
			continue;
		unsigned socket = c / (t->threads * t->cores * t->dies);
		t->cpu_to_node[c] = any_mapped ? 0 : (int)(socket % num_nodes);
	}
	t->nr_node_ids = max_nodeid;
	return 0;
}

/* hw/i386/topology.h: apicid_bitwidth_for_count */
static unsigned apicid_width(unsigned count)
{
	return count > 1 ? 32u - (unsigned)__builtin_clz(count - 1) : 0;
}

unsigned topology_apic_id(const struct cpu_topology *t, unsigned cpu)
{
	unsigned smt_w = apicid_width(t->threads), core_w = apicid_width(t->cores), die_w = apicid_width(t->dies);
	unsigned thread = cpu % t->threads, core = cpu / t->threads % t->cores;
	unsigned die = cpu / (t->threads * t->cores) % t->dies, socket = cpu / (t->threads * t->cores * t->dies);
	return ((socket << die_w | die) << core_w | core) << smt_w | thread;
}

void topology_free(struct cpu_topology *t)
{
	if (!t)
		return;
	free(t->cpu_to_node);
	free(t->node_mask);
	free(t->sibling);
	free(t->package_of);
	free(t->core_of);
	group_cache_free(t->groups);
	t->groups = NULL;
	t->cpu_to_node = NULL;
	t->node_mask = NULL;
	t->sibling = NULL;
	t->package_of = NULL;
	t->core_of = NULL;
}

void topology_set_sibling_reach(struct cpu_topology *t)
{
	group_cache_clear(t->groups);
	t->sibling_reach = 0;
	for (unsigned c = 0; c < t->nr_cpu_ids; c++) {
		unsigned last = cpumask_last(&t->sibling[c]);
		if (last < NR_CPUS && last > c && last / 64 - c / 64 > t->sibling_reach)
			t->sibling_reach = last / 64 - c / 64;
	}
}

int topology_build(struct cpu_topology *t, const struct smp_config *smp,
		   const struct numa_node_config *nodes, unsigned nr_nodes,
		   char *err, size_t errlen)
{
	static const struct smp_config no_smp;

	memset(t, 0, sizeof(*t));
	if (err && errlen)
		err[0] = '\0';
	if (parse_smp(t, smp ? smp : &no_smp, err, errlen))
		return -1;

	unsigned n = t->maxcpus;
	t->cpu_to_node = nomem_check(calloc(n, sizeof(*t->cpu_to_node)));
	t->sibling = nomem_check(calloc(n, sizeof(*t->sibling)));
	t->package_of = nomem_check(calloc(n, sizeof(*t->package_of)));
	t->core_of = nomem_check(calloc(n, sizeof(*t->core_of)));
	t->groups = group_cache_new();
	if (!t->cpu_to_node || !t->sibling || !t->package_of || !t->core_of || !t->groups) {
		set_err(err, errlen, "out of memory");
		goto fail;
	}

	/* cpumask helpers only look at the words this machine can use */
	cpumask_set_nr_cpu_ids(t->nr_cpu_ids);
	cpumask_setall(&t->possible, t->maxcpus);
	cpumask_setall(&t->present, t->cpus);

	fill_by_index(t);

	/*
	 * arch/x86/kernel/smpboot.c: set_cpu_sibling_map - SMT siblings are the
	 * brought-up CPUs with the same core.  Present CPUs sharing a core are
	 * consecutive, so one pass over core runs is enough.
	 */
	for (unsigned c = 0; c < t->cpus;) {
		unsigned e = c;
		while (e + 1 < t->cpus && t->core_of[e + 1] == t->core_of[c])
			e++;
		for (unsigned j = c; j <= e; j++)
			cpumask_set_cpu(j, &t->sibling[c]);
		for (unsigned i = c + 1; i <= e; i++)
			cpumask_copy(&t->sibling[i], &t->sibling[c]);
		c = e + 1;
	}
	topology_set_sibling_reach(t);

	if (assign_nodes(t, nodes, nodes ? nr_nodes : 0, err, errlen))
		goto fail;

	t->node_mask = nomem_check(calloc(t->nr_node_ids, sizeof(*t->node_mask)));
	if (!t->node_mask) {
		set_err(err, errlen, "out of memory");
		goto fail;
	}
	for (unsigned c = 0; c < n; c++)
		cpumask_set_cpu(c, &t->node_mask[t->cpu_to_node[c]]);
	return 0;

fail:
	topology_free(t);
	return -1;
}
