/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Allocation fault injection for tests: every allocation the library makes
 * (its own calls, linked with -Wl,--wrap, and jansson's and libxml2's
 * through their allocator hooks) is counted while armed; the Nth one fails.
 */
#ifndef IRQSIM_TESTS_FAILALLOC_H
#define IRQSIM_TESTS_FAILALLOC_H

/* Route jansson's and libxml2's allocations through the counter (call first). */
void failalloc_init(void);
/* Count allocations from now; fail the nth (1-based), or none if nth is 0. */
void failalloc_arm(long nth);
/* Stop counting; returns how many allocations were made since failalloc_arm. */
long failalloc_disarm(void);
/* Whether the armed allocation was reached (and failed). */
int failalloc_failed(void);

#endif
