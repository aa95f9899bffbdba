// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include "lib/nomem.h"

_Thread_local unsigned long nomem_count;

int nomem_error(char *err, size_t errlen)
{
	/* counted too: a caller that keeps going (a sweep cell, a remedy) must not report success */
	nomem_count++;
	if (err && errlen)
		snprintf(err, errlen, "irqsim: out of memory");
	errno = ENOMEM;
	return -1;
}

int nomem_since(unsigned long before, char *err, size_t errlen)
{
	return nomem_count == before ? 0 : nomem_error(err, errlen);
}
