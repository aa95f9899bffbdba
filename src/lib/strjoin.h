/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snprintf(buf, len, "%s%s%s", a, b, c) and snprintf(buf, len, "%s%u", a, v)
 * without the formatter: the model names every irq, action and chip this way
 * (seed 000 plan --keep: 480,000 names, a third of its instructions in
 * vsnprintf).  Same result as snprintf: truncated to len - 1 bytes and
 * terminated when len > 0, the length the whole text would have returned.
 */
#ifndef IRQSIM_STRJOIN_H
#define IRQSIM_STRJOIN_H

#include <stddef.h>
#include <string.h>

static inline size_t str_put(char *buf, size_t len, size_t at, const char *s)
{
	if (!s)
		return at;
	/* a piece at a time (strlen, memcpy): a byte loop with its bound test was 5% of seed 000 */
	size_t n = strlen(s);
	if (at + 1 < len)
		memcpy(buf + at, s, n < len - 1 - at ? n : len - 1 - at);
	return at + n;
}

static inline int str_join(char *buf, size_t len, const char *a, const char *b, const char *c)
{
	size_t n = str_put(buf, len, str_put(buf, len, str_put(buf, len, 0, a), b), c);
	if (len)
		buf[n < len ? n : len - 1] = '\0';
	return (int)n;
}

static inline int str_join_uint(char *buf, size_t len, const char *a, unsigned v)
{
	char digits[12], *p = digits + sizeof(digits);
	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return str_join(buf, len, a, p, NULL);
}

#endif
