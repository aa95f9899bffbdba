// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/nomem.h"
#include "lib/readfile.h"

/* Free what was read, close what was opened, keep errno at e; NULL. */
static char *give_up(FILE *f, int is_stdin, char *data, int e)
{
	free(data);
	if (!is_stdin)
		fclose(f);
	errno = e;
	return NULL;
}

char *read_file_capped(const char *path, size_t max, size_t *lenp, char *err, size_t errlen)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct stat st;
	char *data = NULL;
	size_t len = 0, cap = 65536;

	if (!errlen)
		err = NULL;
	if (!f) {
		int e = errno;
		if (err)
			snprintf(err, errlen, "cannot open %s: %s", path, strerror(e));
		errno = e;
		return NULL;
	}
	/* a regular file says its size: refuse a big one before reading it, size the buffer once */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > max)
			goto too_big;
		cap = (size_t)st.st_size + 2;
	}
	for (;;) {
		/* room for one byte past max (to see that there is one) and the NUL */
		if (!data || cap - len < 2) {
			size_t ncap = !data ? cap : cap <= max / 2 ? cap * 2 : max + 2;
			char *n = nomem_check(realloc(data, ncap));
			if (!n) {
				if (err)
					snprintf(err, errlen, "irqsim: out of memory");
				return give_up(f, is_stdin, data, ENOMEM);
			}
			data = n;
			cap = ncap;
		}
		size_t got = fread(data + len, 1, cap - len - 1, f);
		len += got;
		if (len > max)
			goto too_big;
		if (!got)
			break;
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		if (err)
			snprintf(err, errlen, "cannot read %s: %s", name, strerror(e));
		return give_up(f, is_stdin, data, e);
	}
	if (!is_stdin)
		fclose(f);
	data[len] = '\0';
	*lenp = len;
	return data;
too_big:
	if (err)
		snprintf(err, errlen, "irqsim: %s: larger than %zu bytes", name, max);
	return give_up(f, is_stdin, data, EFBIG);
}
