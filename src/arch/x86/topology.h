/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU topology as the guest kernel sees it: possible/present CPUs, NUMA node
 * of every CPU, SMT sibling masks.  Built from QEMU -smp/-numa semantics
 * (hw/core/machine-smp.c: machine_parse_smp_config, hw/core/numa.c); the
 * package/die/core/thread of a CPU by arithmetic on its index, as QEMU does.
 */
#ifndef IRQSIM_TOPOLOGY_H
#define IRQSIM_TOPOLOGY_H

#include "irq/cpumask.h"

#define MAX_NUMNODES 1024u

struct smp_config {
	/* 0 = not given on the command line */
	unsigned cpus, sockets, dies, clusters, cores, threads, maxcpus;
};

struct numa_node_config {
	int nodeid;            /* -1 = not given (QEMU assigns the next id) */
	struct cpumask cpus;   /* CPUs listed with cpus= */
	bool has_cpus;
};

struct cpu_topology {
	/* resolved -smp values */
	unsigned cpus, sockets, dies, cores, threads, maxcpus;
	unsigned nr_cpu_ids;      /* = maxcpus (possible CPUs) */
	unsigned nr_node_ids;     /* highest node id + 1 (>= 1) */
	struct cpumask possible;  /* 0 .. maxcpus-1 */
	struct cpumask present;   /* 0 .. cpus-1 at boot */
	int *cpu_to_node;         /* [nr_cpu_ids] */
	struct cpumask *node_mask;   /* [nr_node_ids]: possible CPUs of each node */
	struct cpumask *sibling;     /* [nr_cpu_ids]: topology_sibling_cpumask */
	unsigned sibling_reach;      /* cpumask words past its own that a CPU's siblings reach */
	unsigned *package_of;        /* [nr_cpu_ids] */
	unsigned *core_of;           /* [nr_cpu_ids] (global core index) */
	/*
	 * group_cpus_evenly's results for this topology (irq/affinity.c), kept
	 * because every device of a kind asks for the same spreading; emptied
	 * by topology_set_sibling_reach, freed by topology_free.
	 */
	struct group_cache *groups;
};

/*
 * Resolve -smp like QEMU 7.2 (machine_parse_smp_config, prefer cores over
 * sockets for current machine types) and -numa node,cpus= mappings.
 * Returns 0, or -1 with a message in err (no file position).
 */
int topology_build(struct cpu_topology *t, const struct smp_config *smp,
		   const struct numa_node_config *nodes, unsigned nr_nodes,
		   char *err, size_t errlen);
void topology_free(struct cpu_topology *t);
/*
 * Recompute sibling_reach after sibling[] changed (topology_build sets it):
 * group_cpus_evenly looks for a CPU's siblings only that far, so that
 * spreading 8192 CPUs does not walk every word of the mask per CPU.  The
 * groups cached for the old siblings are dropped.
 */
void topology_set_sibling_reach(struct cpu_topology *t);
/*
 * The APIC id QEMU gives CPU index 'cpu' (hw/i386/topology.h:
 * x86_apicid_from_topo_ids): thread, core, die and socket fields, each as
 * many bits wide as its count needs, so ids have gaps where a count is not
 * a power of two and grow with the index.
 */
unsigned topology_apic_id(const struct cpu_topology *t, unsigned cpu);

#endif
