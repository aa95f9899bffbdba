/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lib/sort.c: the kernel's in-place heapsort.  It is not stable, and the
 * order it leaves equal elements in is observable (e.g. which NUMA node's
 * CPUs end up in interrupt group 0), so each kernel line's variant is
 * reproduced exactly:
 *   KERNEL_4_18, KERNEL_6_1 (and 3.10): the bottom-up heapsort of 5.1+,
 *   KERNEL_6_12: the "double pop" rewrite (two maxima extracted per round).
 */
#ifndef IRQSIM_LIB_SORT_H
#define IRQSIM_LIB_SORT_H

#include <stddef.h>

#include "kernel/version.h"

/* lib/sort.c: sort() with the default swap, for kernel line k. */
void kernel_sort(void *base, size_t num, size_t size,
		 int (*cmp)(const void *, const void *), enum kernel_line k);

#endif
