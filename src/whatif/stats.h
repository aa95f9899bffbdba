/* SPDX-License-Identifier: GPL-2.0-only */
/* Figures of a finished simulation shared by the summary and compare views */
#ifndef IRQSIM_STATS_H
#define IRQSIM_STATS_H

#include "drivers/driver.h"

struct sim;

struct sim_stats {
	unsigned counts[DM_NR];           /* devices with a driver, by interrupt mode */
	int first[DM_NR];                 /* index (among devices with a driver) of the first in each mode, -1 */
	const char *first_name[DM_NR];    /* its virtio name or PCI address */
	unsigned managed_reserved;        /* vectors held as managed reservations, all CPUs */
	int min_cpu;                      /* online CPU with the fewest available vectors */
	unsigned min_cpu_available;
	unsigned unplug_pending;          /* unplug requested, never carried out by the guest */
	unsigned managed_irqs;            /* irqs with managed affinity in the vector domain */
	unsigned managed_cpus;            /* CPU slots in their masks (one reservation each) */
	int first_managed;                /* index (among devices with a driver) of the first with one, -1 */
	const char *first_managed_name;
};

void sim_stats(struct sim *s, struct sim_stats *st);

#endif
