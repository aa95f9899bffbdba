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
