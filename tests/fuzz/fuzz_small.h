/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which fuzzed scenarios the whole-model targets run: at most 64 CPUs
 * (counting -smp's topology multiplied out), 64 devices and 4096 irqs named
 * by set-affinity lines (64 CPUs have fewer than 1000 irqs; the rest only
 * repeat "nonexistent directory").  Larger ones cost seconds under ASan and
 * are covered by the unit tests and bench/.
 */
#ifndef IRQSIM_FUZZ_SMALL_H
#define IRQSIM_FUZZ_SMALL_H

#include "scenario/scenario.h"

static inline int fuzz_small(const struct scenario *s)
{
	unsigned devs = 0;
	unsigned long irqs = 0;
	for (size_t i = 0; i < s->nr_dirs; i++) {
		const struct scn_directive *d = &s->dirs[i];
		if (d->kind == SCN_SMP) {
			/* -smp's topology multiplies out to the CPU count when cpus= is not given */
			const struct smp_config *c = &d->u.smp;
			unsigned long long n = 1;
			n *= c->sockets ? c->sockets : 1;
			n *= c->dies ? c->dies : 1;
			n *= c->clusters ? c->clusters : 1;
			n *= c->cores ? c->cores : 1;
			n *= c->threads ? c->threads : 1;
			if (c->cpus > 64 || c->maxcpus > 64 || n > 64)
				return 0;
		}
		if (d->kind == SCN_DEVICE || d->kind == SCN_HOTPLUG)
			devs += d->u.device.count;
		if (d->kind == SCN_SET_AFFINITY)
			irqs += d->u.aff.nr_irqs;
	}
	return devs <= 64 && irqs <= 4096;
}

#endif
