/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Allocation failure.  Deep in the model an allocation failure cannot
 * always be returned (a kernel log line, a trace record), and where it can,
 * the simulated kernel would read the -ENOMEM as its own and take another
 * path: a different answer.  So every failure is also counted here, per
 * thread, and each public entry point compares the count before and after
 * its work: any failure in between ends the call with "irqsim: out of
 * memory" (errno ENOMEM), never with a changed result.
 */
#ifndef IRQSIM_LIB_NOMEM_H
#define IRQSIM_LIB_NOMEM_H

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

extern _Thread_local unsigned long nomem_count;

/* p, counting a failure when it is NULL: x = nomem_check(malloc(n)) */
static inline void *nomem_check(void *p)
{
	if (!p) {
		nomem_count++;
		errno = ENOMEM;
	}
	return p;
}

/*
 * nomem_check(calloc(n, size)) through malloc and memset: glibc's calloc
 * (2.36) does not take small blocks from the per-thread cache as malloc
 * does, and costs ~200 instructions more a call (a tenth of a seed 000
 * simulation went to the callocs of its irqs, actions and virtqueues).
 */
static inline void *nomem_zalloc(size_t n, size_t size)
{
	size_t bytes;
	/* past the cache's largest block (1032 bytes) calloc is no slower, and fresh pages need no zeroing */
	if (__builtin_mul_overflow(n, size, &bytes) || bytes > 1024)
		return nomem_check(calloc(n, size));
	void *p = malloc(bytes ? bytes : 1);
	if (p)
		memset(p, 0, bytes);
	return nomem_check(p);
}

/* Count a failure and return -ENOMEM (for a failed asprintf, say). */
static inline int nomem(void)
{
	nomem_count++;
	errno = ENOMEM;
	return -ENOMEM;
}

/* 0 when nothing failed since the count was 'before'; else -1, errno ENOMEM and the message in err. */
int nomem_since(unsigned long before, char *err, size_t errlen);

/* The message itself, for a failure an entry point sees directly (counted as well); -1. */
int nomem_error(char *err, size_t errlen);

#endif
