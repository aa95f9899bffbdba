/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lib/sort.c: the kernel's in-place heapsort.  It is not stable, and the
 * order it leaves equal elements in is observable (e.g. which NUMA node's
 * CPUs end up in interrupt group 0), so each kernel line's variant is
 * reproduced exactly:
 *   double_pop false: the bottom-up heapsort of 5.1+ (lines up to 6.8),
 *   double_pop true: the "double pop" rewrite (two maxima extracted per
 *   round; kernel_profile switch sort_double_pop).
 */
#ifndef IRQSIM_LIB_SORT_H
#define IRQSIM_LIB_SORT_H

#include <stddef.h>

#include <stdbool.h>

/* lib/sort.c: sort() with the default swap, in the chosen variant. */
void kernel_sort(void *base, size_t num, size_t size,
		 int (*cmp)(const void *, const void *), bool double_pop);

#endif
