/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's list syntax for bit masks (lib/bitmap.c: bitmap_parselist) */
#ifndef IRQSIM_BITMAP_H
#define IRQSIM_BITMAP_H

#include "irq/cpumask.h"

/*
 * Parse a CPU list the way a write to /proc/irq/N/smp_affinity_list does:
 * regions separated by commas or white space, each "A", "A-B", "all", with
 * "N" for the last bit and an optional ":used/group" pattern; the string
 * ends at NUL or newline.  nbits is nr_cpumask_bits (nr_cpu_ids).
 * Returns 0, -EINVAL (bad format), -ERANGE (bit >= nbits) or -EOVERFLOW.
 */
int bitmap_parselist(const char *buf, struct cpumask *mask, unsigned nbits);

#endif
