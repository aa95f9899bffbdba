// SPDX-License-Identifier: GPL-2.0-only
#include "lib/output.h"

#include <errno.h>
#include <string.h>

int output_result(FILE *out, int rc, char *err, size_t errlen)
{
	/* errno tells why only when the flush itself fails; after an earlier
	 * failed write only the error flag is left, and errno is given back
	 * as it was (the reason, when nothing has failed since) */
	int saved = errno;
	errno = 0;
	if (!out || (!fflush(out) && !ferror(out))) {
		errno = saved;
		return rc;
	}
	int e = errno;
	if (err && errlen)
		snprintf(err, errlen, "irqsim: write error%s%s", e ? ": " : "", e ? strerror(e) : "");
	errno = e ? e : saved;
	return -1;
}
