/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arrays that readers fill one element at a time, grown by doubling.
 * Growing by one element copies the whole array whenever realloc moves it,
 * and under ASan (and valgrind) it always does: 49,000 -device words took
 * 216 s and 1.6 GB under ASan, 65,536 irqs or 200,000 log lines of a
 * snapshot minutes.  No capacity is stored: it is 4, then each power of two
 * as the count reaches it; so an array some other code has resized to an
 * exact count must not be grown with array_grow afterwards (the other way
 * round is safe).
 */
#ifndef IRQSIM_LIB_GROW_H
#define IRQSIM_LIB_GROW_H

#include <errno.h>
#include <stdlib.h>

#include "lib/nomem.h"

/* Room for element n (the count so far) of array p; NULL on failure (counted, lib/nomem.h), p kept. */
static inline void *array_grow(void *p, size_t n, size_t size)
{
	if (n && (n < 4 || (n & (n - 1))))
		return p;
	return nomem_check(reallocarray(p, n ? 2 * n : 4, size));
}

/*
 * The same with a stored capacity: room for element nr of *arrp (capacity
 * *cap, the first allocation 'first' elements); 0 or -ENOMEM.
 */
static inline int array_grow_cap(void *arrp, size_t *cap, size_t nr, size_t elsize, size_t first)
{
	void **arr = arrp;
	if (nr < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : first;
	void *n = nomem_check(realloc(*arr, nc * elsize));
	if (!n)
		return nomem();
	*arr = n;
	*cap = nc;
	return 0;
}

#endif
