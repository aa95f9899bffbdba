// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared bits of the cmocka unit tests: the includes cmocka needs before
 * <cmocka.h>, plus small helpers.
 */
#ifndef IRQSIM_TESTUTIL_H
#define IRQSIM_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TU_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Fail unless haystack contains needle; prints both on failure. */
#define assert_string_contains(haystack, needle)                                  \
	do {                                                                      \
		const char *tu_h_ = (haystack), *tu_n_ = (needle);                \
		if (!tu_h_ || !strstr(tu_h_, tu_n_))                              \
			fail_msg("\"%s\" does not contain \"%s\"",                \
				 tu_h_ ? tu_h_ : "(null)", tu_n_);                \
	} while (0)

/* Fail unless s starts with prefix. */
#define assert_string_prefix(s, prefix)                                           \
	do {                                                                      \
		const char *tu_s_ = (s), *tu_p_ = (prefix);                       \
		if (!tu_s_ || strncmp(tu_s_, tu_p_, strlen(tu_p_)))              \
			fail_msg("\"%s\" does not start with \"%s\"",             \
				 tu_s_ ? tu_s_ : "(null)", tu_p_);                \
	} while (0)

/*
 * Write len bytes of data to a fresh temporary file; its name goes to path
 * (at least 64 bytes).  Returns 0, or -1.  The caller unlinks it.
 */
static inline int tu_write_tmp(const void *data, size_t len, char *path, size_t pathlen)
{
	const char *dir = getenv("TMPDIR");
	int fd, n;
	FILE *f;

	n = snprintf(path, pathlen, "%s/irqsim-test-XXXXXX", dir && *dir ? dir : "/tmp");
	if (n < 0 || (size_t)n >= pathlen)
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(path);
		return -1;
	}
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		unlink(path);
		return -1;
	}
	if (fclose(f)) {
		unlink(path);
		return -1;
	}
	return 0;
}

#endif
