// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spreading of multi-queue interrupt vectors over CPUs.
 *
 * Rules from kernel/irq/affinity.c (irq_create_affinity_masks,
 * irq_calc_affinity_vectors) and lib/group_cpus.c (group_cpus_evenly and
 * helpers) as in Debian's 6.1.192 and 6.12 sources; for KERNEL_4_18 the
 * 5.4 .. 6.2 form of the same algorithm (kernel/irq/affinity.c:
 * irq_build_affinity_masks / __irq_build_affinity_masks /
 * alloc_nodes_vectors, the "nodes by CPU ratio" spreading whose
 * ncpus_cmp_func shows in the RHEL 8.4 seed's stack trace).  RHEL 8.4
 * (4.18.0-305, 2021) predates upstream commit 08d835dff916
 * ("genirq/affinity: Consider that CPUs on nodes can be unbalanced", 2022):
 * when there are no more vectors than nodes, it ORs each node's whole
 * possible-CPU mask into the vector instead of only the node's CPUs of the
 * current stage.  The older RHEL 8.1 vecs_per_node variant (spec 5.1) is not
 * modelled.  All lines use the 5.1+ lib/sort.c heapsort except 6.12.
 *
 * Everything here is a pure function of the topology: no online state is
 * used (the kernel samples cpu_possible_mask / cpu_present_mask only).
 */
#include "irq/affinity.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmem.h"
#include "lib/nomem.h"
#include "kernel/profile.h"
#include "lib/sort.h"

/* Where group i's mask lives: a cpumask array or the descriptors' masks. */
struct grp_out {
	unsigned char *base;
	size_t stride;
};

static inline struct cpumask *grp(const struct grp_out *out, unsigned i)
{
	return (struct cpumask *)(out->base + (size_t)i * out->stride);
}

/* lib/group_cpus.c: struct node_groups (ncpus and ngroups share storage) */
struct node_groups {
	unsigned id;
	unsigned val;	/* CPU count before the allocation, group count after */
};

/*
 * lib/group_cpus.c: ncpus_cmp_func.  The kernel subtracts the unsigned
 * counts and returns the difference as int; UINT_MAX (node absent from the
 * mask) therefore compares like -1 against small counts and sorts first.
 * The exact value matters for the unstable heapsort's tie order.
 */
static int ncpus_cmp(const void *l, const void *r)
{
	const struct node_groups *ln = l, *rn = r;

	return (int)(ln->val - rn->val);
}

/*
 * lib/group_cpus.c: grp_spread_init_one.  Move @cpus_per_grp CPUs from @nmsk
 * into @dst: repeatedly the lowest CPU left, followed by its SMT siblings
 * still in @nmsk, in ascending order, until the quota is reached.
 *
 * Cost control (same result): @cursor is a lower bound for the lowest CPU
 * left in @nmsk (CPUs are only ever removed), so the node is not rescanned
 * from CPU 0 for every CPU; and the sibling walk only looks at words
 * (cpu / 64) .. @hi_word, @hi_word being the last word of @nmsk when the
 * node's spreading began: siblings below @cpu cannot be in @nmsk (@cpu is
 * its lowest CPU) and none above that word can either; nor past the
 * topology's sibling_reach words after @cpu's own (without it, 8192 CPUs
 * without SMT walked 64 words per CPU on average).
 */
static void grp_spread_init_one(const struct cpu_topology *t, struct cpumask *dst,
				struct cpumask *nmsk, unsigned cpus_per_grp,
				unsigned *cursor, unsigned hi_word)
{
	while (cpus_per_grp > 0) {
		unsigned cpu = cpumask_next_from(nmsk, *cursor);

		if (cpu >= t->nr_cpu_ids)
			return;
		*cursor = cpu + 1;
		cpumask_clear_cpu(cpu, nmsk);
		cpumask_set_cpu(cpu, dst);
		cpus_per_grp--;

		/* its SMT siblings still in the node's mask come next */
		const struct cpumask *sibl = &t->sibling[cpu];
		unsigned sib_end = cpu / 64 + t->sibling_reach < hi_word ? cpu / 64 + t->sibling_reach : hi_word;
		for (unsigned w = cpu / 64; cpus_per_grp > 0 && w <= sib_end; w++) {
			uint64_t bits = sibl->bits[w] & nmsk->bits[w];

			while (bits && cpus_per_grp > 0) {
				unsigned s = w * 64 + (unsigned)__builtin_ctzll(bits);

				bits &= bits - 1;
				if (s >= t->nr_cpu_ids)
					return;
				cpumask_clear_cpu(s, nmsk);
				cpumask_set_cpu(s, dst);
				cpus_per_grp--;
			}
		}
	}
}

/*
 * lib/group_cpus.c: alloc_groups_to_nodes (the second half of
 * alloc_nodes_groups until 7.0 split it out for the clusters).  Every entry
 * with CPUs (val != UINT_MAX) gets at least one group; starting from the
 * one with fewest CPUs (heapsort tie order), each gets its share of the
 * groups left in proportion of its CPUs to the CPUs left.
 */
static void alloc_groups_to(const struct kernel_profile *k, struct node_groups *ng, unsigned num, unsigned numgrps,
			    unsigned remaining_ncpus)
{
	kernel_sort(ng, num, sizeof(ng[0]), ncpus_cmp, k->sort_double_pop);

	for (unsigned n = 0; n < num; n++) {
		if (ng[n].val == UINT_MAX)
			continue;
		unsigned nc = ng[n].val;
		unsigned ngroups = numgrps * nc / remaining_ncpus;

		if (ngroups < 1)
			ngroups = 1;
		ng[n].val = ngroups;
		remaining_ncpus -= nc;
		numgrps -= ngroups;
	}
}

/*
 * lib/group_cpus.c: alloc_nodes_groups (kernel/irq/affinity.c:
 * alloc_nodes_vectors before 6.3).  @ncpus[n] holds the CPUs of @cpu_mask on
 * node n (0 = node not in the mask).
 */
static void alloc_nodes_groups(const struct cpu_topology *t, const struct kernel_profile *k,
			       unsigned numgrps, const unsigned *ncpus,
			       struct node_groups *ng)
{
	unsigned remaining_ncpus = 0;

	for (unsigned n = 0; n < t->nr_node_ids; n++) {
		ng[n].id = n;
		ng[n].val = UINT_MAX;
		if (ncpus[n]) {
			ng[n].val = ncpus[n];
			remaining_ncpus += ncpus[n];
		}
	}
	if (numgrps > remaining_ncpus)
		numgrps = remaining_ncpus;
	alloc_groups_to(k, ng, t->nr_node_ids, numgrps, remaining_ncpus);
}

/*
 * lib/group_cpus.c: assign_cpus_to_groups (7.0; inline in
 * __group_cpus_evenly before).  Spread the @nc CPUs of @nmsk over @ngroups
 * groups from *@curgrp on, wrapping at @last_grp; the first (nc % ngroups)
 * groups take one CPU more.  @nmsk is consumed.
 */
static void assign_cpus_to_groups(const struct cpu_topology *t, unsigned nc, struct cpumask *nmsk, unsigned ngroups,
				  struct grp_out *out, unsigned *curgrp, unsigned last_grp)
{
	unsigned extra = nc - ngroups * (nc / ngroups);
	unsigned cursor = 0, last = cpumask_last(nmsk);
	unsigned hi_word = last < NR_CPUS ? last / 64 : 0;

	for (unsigned v = 0; v < ngroups; v++, (*curgrp)++) {
		unsigned cpus_per_grp = nc / ngroups;

		if (extra) {
			cpus_per_grp++;
			extra--;
		}
		if (*curgrp >= last_grp)
			*curgrp = 0;
		grp_spread_init_one(t, grp(out, *curgrp), nmsk, cpus_per_grp, &cursor, hi_word);
	}
}

/*
 * lib/group_cpus.c: __try_group_cluster_cpus / alloc_cluster_groups (7.0,
 * 89802ca36c96 "lib/group_cpus: make group CPU cluster aware"; modelled
 * from the patch as posted for merging, 2025-11-11, and a lib/group_cpus.c
 * carrying it with the empty-cluster check).  Inside a node, the
 * CPUs are first divided into clusters (topology_cluster_cpumask: on x86
 * the CPUs sharing an L2, which QEMU 7.2 gives each core's SMT threads, so
 * a cluster is t->sibling[cpu]); each cluster gets groups in proportion to
 * its CPUs (alloc_groups_to, the heapsort deciding the order of equal
 * clusters) and spreads its own CPUs over them.  With more clusters than
 * groups a group must cross clusters anyway: false, the caller spreads
 * the node as before.
 */
static bool try_group_cluster_cpus(const struct cpu_topology *t, const struct kernel_profile *k, unsigned ncpus,
				   unsigned ngroups, const struct cpumask *node_cpus, struct grp_out *out,
				   unsigned *curgrp, unsigned last_grp)
{
	struct cpumask msk, cmsk;
	unsigned ncluster = 0, cpu;

	/* probe: clusters in the order of their first CPU */
	cpumask_copy(&msk, node_cpus);
	for_each_cpu(cpu, node_cpus) {
		if (cpu >= t->nr_cpu_ids)
			break;
		if (!cpumask_test_cpu(cpu, &msk))
			continue;
		/* a CPU never brought up (possible, not present) has an empty
		 * cluster mask: no clusters for this node (the merged form of the
		 * patch checks it; the posted one would loop forever) */
		if (cpumask_empty(&t->sibling[cpu]))
			return false;
		cpumask_andnot(&msk, &msk, &t->sibling[cpu]);
		ncluster++;
	}
	if (ncluster == 0 || ncluster > ngroups)
		return false;

	unsigned *first = nomem_zalloc(ncluster, sizeof(*first));
	struct node_groups *cg = nomem_zalloc(ncluster, sizeof(*cg));
	if (!first || !cg) {
		/* the kernel's kcalloc failure: no clusters, the node is spread as before */
		free(first);
		free(cg);
		return false;
	}
	unsigned n = 0;
	cpumask_copy(&msk, node_cpus);
	for_each_cpu(cpu, node_cpus) {
		if (cpu >= t->nr_cpu_ids || n == ncluster)
			break;
		if (!cpumask_test_cpu(cpu, &msk))
			continue;
		cpumask_and(&cmsk, &t->sibling[cpu], node_cpus);
		first[n] = cpu;
		cg[n].id = n;
		cg[n].val = cpumask_weight(&cmsk);
		cpumask_andnot(&msk, &msk, &t->sibling[cpu]);
		n++;
	}
	alloc_groups_to(k, cg, ncluster, ngroups, ncpus);

	for (unsigned i = 0; i < ncluster; i++) {
		cpumask_and(&cmsk, node_cpus, &t->sibling[first[cg[i].id]]);
		unsigned nc = cpumask_weight(&cmsk);
		if (!nc)
			continue;
		assign_cpus_to_groups(t, nc, &cmsk, cg[i].val, out, curgrp, last_grp);
	}
	free(first);
	free(cg);
	return true;
}

/*
 * lib/group_cpus.c: __group_cpus_evenly (kernel/irq/affinity.c:
 * __irq_build_affinity_masks before 6.3).  Spread the CPUs of @cpu_mask over
 * groups [0, numgrps) of @masks starting at @startgrp and wrapping around;
 * returns the number of groups used.
 */
static unsigned spread_stage(const struct cpu_topology *t, const struct kernel_profile *k,
			     unsigned startgrp, unsigned numgrps,
			     const struct cpumask *cpu_mask, struct grp_out *out)
{
	unsigned nr_nodes = t->nr_node_ids;
	unsigned curgrp = startgrp, nodes = 0, done = 0;
	struct cpumask nmsk;

	if (cpumask_empty(cpu_mask))
		return 0;

	/*
	 * get_nodes_in_cpumask, plus each node's CPU count in the mask (what
	 * alloc_nodes_groups weighs), in one pass over the mask.
	 */
	unsigned *ncpus = nomem_zalloc(nr_nodes, sizeof(*ncpus));
	struct node_groups *ng = nomem_zalloc(nr_nodes, sizeof(*ng));
	if (!ncpus || !ng) {
		/* counted: the call that needed these masks fails with "out of memory" */
		nomem();
		free(ncpus);
		free(ng);
		return 0;
	}
	unsigned cpu;
	for_each_cpu(cpu, cpu_mask) {
		if (cpu >= t->nr_cpu_ids)
			break;
		if (ncpus[t->cpu_to_node[cpu]]++ == 0)
			nodes++;
	}

	if (numgrps <= nodes) {
		/*
		 * Fewer groups than nodes: whole nodes per group, ascending
		 * node id, wrapping.  6.1/6.12: only the node's CPUs of this
		 * stage; 4.18 (RHEL 8.4, before 08d835dff916): the node's whole
		 * possible-CPU mask.
		 */
		for (unsigned n = 0; n < nr_nodes; n++) {
			if (!ncpus[n])
				continue;
			struct cpumask *g = grp(out, curgrp);
			if (k->affinity_node_whole_mask) {
				cpumask_or(g, g, &t->node_mask[n]);
			} else {
				cpumask_and(&nmsk, cpu_mask, &t->node_mask[n]);
				cpumask_or(g, g, &nmsk);
			}
			if (++curgrp == numgrps)
				curgrp = 0;
		}
		done = numgrps;
		goto out;
	}

	alloc_nodes_groups(t, k, numgrps, ncpus, ng);

	/* nodes in sorted order (fewest CPUs first, heapsort tie order) */
	for (unsigned i = 0; i < nr_nodes; i++) {
		struct node_groups *nv = &ng[i];

		if (nv->val == UINT_MAX)
			continue;
		unsigned nc = ncpus[nv->id];
		if (!nc)
			continue;
		cpumask_and(&nmsk, cpu_mask, &t->node_mask[nv->id]);

		unsigned ngroups = nv->val;
		/* switch cluster_grouping (7.0): by clusters inside the node when each can have a group */
		if (!(k->cluster_grouping && try_group_cluster_cpus(t, k, nc, ngroups, &nmsk, out, &curgrp, numgrps)))
			assign_cpus_to_groups(t, nc, &nmsk, ngroups, out, &curgrp, numgrps);
		done += ngroups;
	}
out:
	free(ncpus);
	free(ng);
	return done;
}

/*
 * lib/group_cpus.c: group_cpus_evenly (kernel/irq/affinity.c:
 * irq_build_affinity_masks before 6.3).  Stage 1 spreads the present CPUs,
 * stage 2 the possible-but-not-present ones, continuing after the groups
 * stage 1 used (or from group 0 if it used them all).
 */
static unsigned group_cpus_compute(const struct cpu_topology *t, const struct kernel_profile *k,
				   unsigned numgrps, struct grp_out *out)
{
	struct cpumask npres;

	/* one snapshot of the present mask serves both stages */
	cpumask_and(&npres, &t->present, &t->possible);
	unsigned nr_present = spread_stage(t, k, 0, numgrps, &npres, out);

	unsigned curgrp = nr_present >= numgrps ? 0 : nr_present;
	cpumask_andnot(&npres, &t->possible, &npres);
	unsigned nr_others = spread_stage(t, k, curgrp, numgrps, &npres, out);
	/* 6.17 group_cpus_evenly's *nummasks: the groups that got CPUs */
	return nr_present + nr_others < numgrps ? nr_present + nr_others : numgrps;
}

/*
 * The groups depend only on the topology, numgrps and the three switches
 * the grouping reads (affinity_node_whole_mask, sort_double_pop,
 * cluster_grouping); a guest's devices ask for the same few spreadings
 * again and again (every 4-queue disk of 8192 CPUs spread them anew: a
 * third of such a run).  GROUP_CACHE_SIZE results of at most
 * GROUP_CACHE_MAX_GROUPS groups (1 MB of masks) are kept per topology, the
 * oldest replaced first.
 */
#define GROUP_CACHE_SIZE 8
#define GROUP_CACHE_MAX_GROUPS 1024

struct group_cache {
	struct {
		unsigned numgrps;
		unsigned nr;           /* groups that got CPUs */
		bool whole_mask, double_pop, clusters;
		unsigned words;        /* cpumask_nr_words the masks were kept with */
		struct cpumask *masks; /* NULL: slot unused, else numgrps masks of words words */
	} e[GROUP_CACHE_SIZE];
	unsigned next;             /* slot replaced next */
};

struct group_cache *group_cache_new(void)
{
	return nomem_zalloc(1, sizeof(struct group_cache));
}

void group_cache_clear(struct group_cache *c)
{
	if (!c)
		return;
	for (unsigned i = 0; i < GROUP_CACHE_SIZE; i++)
		free(c->e[i].masks);
	memset(c, 0, sizeof(*c));
}

void group_cache_free(struct group_cache *c)
{
	group_cache_clear(c);
	free(c);
}

/*
 * group_cpus_compute through the topology's cache.  The groups of @out must
 * be empty (spread_stage ORs CPUs into them): a cached result is copied.
 */
static unsigned group_cpus_into(const struct cpu_topology *t, const struct kernel_profile *k,
				unsigned numgrps, struct grp_out *out)
{
	struct group_cache *c = t->groups;
	bool whole = k->affinity_node_whole_mask, dpop = k->sort_double_pop, clusters = k->cluster_grouping;

	if (!c || numgrps > GROUP_CACHE_MAX_GROUPS)
		return group_cpus_compute(t, k, numgrps, out);
	for (unsigned i = 0; i < GROUP_CACHE_SIZE; i++) {
		if (!c->e[i].masks || c->e[i].numgrps != numgrps || c->e[i].whole_mask != whole ||
		    c->e[i].double_pop != dpop || c->e[i].clusters != clusters || c->e[i].words != cpumask_nr_words)
			continue;
		struct grp_out cached = { .base = (unsigned char *)c->e[i].masks, .stride = cpumask_size() };
		for (unsigned g = 0; g < numgrps; g++)
			cpumask_copy(grp(out, g), grp(&cached, g));
		return c->e[i].nr;
	}
	/* the topology's own width: nr_cpu_ids bits a group */
	struct cpumask *masks = calloc(numgrps, cpumask_size());
	if (!masks)	/* not counted: the cache is an optimisation */
		return group_cpus_compute(t, k, numgrps, out);
	unsigned long failed = nomem_count;
	struct grp_out mine = { .base = (unsigned char *)masks, .stride = cpumask_size() };
	unsigned nr = group_cpus_compute(t, k, numgrps, &mine);
	for (unsigned g = 0; g < numgrps; g++)
		cpumask_copy(grp(out, g), grp(&mine, g));
	if (nomem_count != failed) {
		/* a partial result (spread_stage ran out of memory) is not kept */
		free(masks);
		return nr;
	}
	unsigned slot = c->next;
	c->next = (c->next + 1) % GROUP_CACHE_SIZE;
	free(c->e[slot].masks);
	c->e[slot].numgrps = numgrps;
	c->e[slot].nr = nr;
	c->e[slot].whole_mask = whole;
	c->e[slot].double_pop = dpop;
	c->e[slot].clusters = clusters;
	c->e[slot].words = cpumask_nr_words;
	c->e[slot].masks = masks;
	return nr;
}

struct cpumask *group_cpus_evenly(const struct cpu_topology *t, const struct kernel_profile *k,
				  unsigned numgrps)
{
	/*
	 * 6.12 returns NULL explicitly (lib/group_cpus.c fix "fix NULL pointer
	 * dereference from group_cpus_evenly"); earlier kernels would write
	 * through a zero-size allocation.  NULL for every line.
	 */
	if (numgrps == 0)
		return NULL;

	struct cpumask *masks = nomem_zalloc(numgrps, sizeof(*masks));
	if (!masks)
		return NULL;
	struct grp_out out = { .base = (unsigned char *)masks, .stride = sizeof(*masks) };
	group_cpus_into(t, k, numgrps, &out);
	return masks;
}

/* kernel/irq/affinity.c: default_calc_sets */
static void default_calc_sets(struct irq_affinity *affd, unsigned affvecs)
{
	affd->nr_sets = 1;
	affd->set_size[0] = affvecs;
}

/* kernel/irq/affinity.c: irq_create_affinity_masks */
struct irq_affinity_desc *irq_create_affinity_masks(struct kmem *km, const struct cpu_topology *t,
						    const struct kernel_profile *k,
						    const struct cpumask *default_affinity,
						    unsigned nvec, struct irq_affinity *affd)
{
	unsigned affvecs, curvec, usedvecs;

	const struct kernel_profile *prof = k;
	/* switch no_managed_irqs (3.10): drivers set affinity hints */
	if (prof->no_managed_irqs)
		return NULL;

	/*
	 * Vectors to spread.  4.18-RHEL (as upstream 5.1 .. 5.x) also treats a
	 * single vector as having nothing to spread.
	 */
	if (nvec > affd->pre_vectors + affd->post_vectors &&
	    !(prof->affinity_single_vector_skip && nvec <= 1))
		affvecs = nvec - affd->pre_vectors - affd->post_vectors;
	else
		affvecs = 0;

	/*
	 * The generic calc_sets is installed into the caller's descriptor (so
	 * a later irq_calc_affinity_vectors on it sees a calc_sets), and it is
	 * called even with nothing to spread.
	 */
	if (!affd->calc_sets)
		affd->calc_sets = default_calc_sets;
	affd->calc_sets(affd, affvecs);

	if (affd->nr_sets > IRQ_AFFINITY_MAX_SETS)
		return NULL;	/* the kernel WARNs once */
	if (!affvecs)
		return NULL;

	/* one allocation: the descriptors, then their masks of nr_cpu_ids bits (one kmem_free releases all) */
	size_t mb = cpumask_size();
	struct irq_affinity_desc *masks = kmem_zalloc(km, nvec * (sizeof(*masks) + mb));
	if (!masks)
		return NULL;
	unsigned char *mask_base = (unsigned char *)(masks + nvec);
	for (unsigned i = 0; i < nvec; i++)
		masks[i].mask = (struct cpumask *)(void *)(mask_base + i * mb);

	if (!default_affinity)
		default_affinity = &t->possible;
	for (curvec = 0; curvec < affd->pre_vectors && curvec < nvec; curvec++)
		cpumask_copy(masks[curvec].mask, default_affinity);

	/*
	 * Each set is spread on its own (group_cpus_evenly per set), sets laid
	 * out one after another.  The groups are built in place in the
	 * descriptors, which is what the kernel's copy of the result amounts to.
	 */
	usedvecs = 0;
	for (unsigned i = 0; i < affd->nr_sets; i++) {
		unsigned this_vecs = affd->set_size[i];

		if (this_vecs == 0) {
			/* group_cpus_evenly(0) == NULL fails the whole request */
			kmem_free(km, masks);
			return NULL;
		}
		if (prof->nr_masks_default_affinity) {
			/*
			 * 6.17: only the nr_masks groups group_cpus_evenly filled
			 * are copied and the next set follows them; what is left
			 * of the spread range gets the default affinity below.
			 */
			struct cpumask *result = nomem_zalloc(this_vecs, sizeof(*result));
			if (!result) {
				kmem_free(km, masks);
				return NULL;
			}
			struct grp_out out = { .base = (unsigned char *)result, .stride = sizeof(*result) };
			unsigned nr_masks = group_cpus_into(t, k, this_vecs, &out);
			for (unsigned j = 0; j < nr_masks && curvec + j < nvec; j++)
				cpumask_copy(masks[curvec + j].mask, &result[j]);
			free(result);
			curvec += nr_masks;
			usedvecs += nr_masks;
			continue;
		}
		if (curvec <= nvec && this_vecs <= nvec - curvec) {
			struct grp_out out = {
				.base = (unsigned char *)masks[curvec].mask,
				.stride = mb,
			};
			group_cpus_into(t, k, this_vecs, &out);
		} else {
			/* sets larger than nvec: the kernel would overrun its array */
			struct cpumask *result = group_cpus_evenly(t, k, this_vecs);
			if (!result) {
				kmem_free(km, masks);
				return NULL;
			}
			for (unsigned j = 0; j < this_vecs && curvec + j < nvec; j++)
				cpumask_copy(masks[curvec + j].mask, &result[j]);
			free(result);
		}
		curvec += this_vecs;
		usedvecs += this_vecs;
	}

	/* post vectors, and any shortfall of the sets, get the default */
	curvec = affd->pre_vectors + (usedvecs >= affvecs ? affvecs : usedvecs);
	for (; curvec < nvec; curvec++)
		cpumask_copy(masks[curvec].mask, default_affinity);

	/* the spread range is managed even where a set fell short */
	for (unsigned i = affd->pre_vectors; i < nvec - affd->post_vectors; i++)
		masks[i].is_managed = true;

	return masks;
}

/* kernel/irq/affinity.c: irq_calc_affinity_vectors */
unsigned irq_calc_affinity_vectors(const struct cpu_topology *t, unsigned minvec,
				   unsigned maxvec, const struct irq_affinity *affd)
{
	unsigned resv = affd->pre_vectors + affd->post_vectors;
	unsigned set_vecs;

	if (resv > minvec)
		return 0;
	if (affd->calc_sets)
		set_vecs = maxvec - resv;
	else
		set_vecs = cpumask_weight(&t->possible);	/* possible, not online */
	return resv + (set_vecs < maxvec - resv ? set_vecs : maxvec - resv);
}
