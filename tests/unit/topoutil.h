// SPDX-License-Identifier: GPL-2.0-only
/* Topology helpers shared by the affinity and topology tests. */
#ifndef IRQSIM_TOPOUTIL_H
#define IRQSIM_TOPOUTIL_H

#include "testutil.h"

#include "arch/x86/topology.h"

/* A -numa node,[nodeid=ID,]cpus=LIST entry (id -1: not given; cpus NULL: none). */
static inline struct numa_node_config tu_node(int id, const char *cpus)
{
	struct numa_node_config n;
	unsigned pos;

	memset(&n, 0, sizeof(n));
	n.nodeid = id;
	if (cpus) {
		n.has_cpus = true;
		if (cpulist_parse(cpus, &n.cpus, NR_CPUS, &pos))
			fail_msg("bad cpulist \"%s\"", cpus);
	}
	return n;
}

/* topology_build that must succeed. */
static inline void tu_topology(struct cpu_topology *t, struct smp_config smp,
			       const struct numa_node_config *nodes, unsigned nr)
{
	char err[512];

	if (topology_build(t, &smp, nodes, nr, err, sizeof(err)))
		fail_msg("topology_build failed: %s", err);
}

#endif
