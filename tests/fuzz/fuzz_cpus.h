/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The doctor's headroom search costs in proportion to the CPUs: fuzz targets
 * run it on small machines only (several words of cpumask still, so masks
 * past CPU 63 are covered).
 */
#ifndef IRQSIM_FUZZ_CPUS_H
#define IRQSIM_FUZZ_CPUS_H

#include "irq/cpumask.h"

#define FUZZ_DOCTOR_MAX_CPUS 200u

/* The highest CPU of a CPU list plus one (0 for none or a bad list). */
static inline unsigned fuzz_nr_cpus(const char *list)
{
	struct cpumask m;
	unsigned pos;
	if (!list || cpulist_parse(list, &m, NR_CPUS, &pos))
		return 0;
	unsigned words = cpumask_begin_all_words();
	unsigned last = cpumask_last(&m);
	cpumask_end_all_words(words);
	return last < NR_CPUS ? last + 1 : 0;
}

#endif
