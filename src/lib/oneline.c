// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oneline.h"
#include "lib/nomem.h"

size_t utf8_seq_len(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned min, cp;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, min = 0x80, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, min = 0x800, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, min = 0x10000, cp = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

char *text_one_line(char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char *p = (unsigned char *)s + i;
		size_t len = utf8_seq_len(p, n - i);
		if (!len || (len == 1 && is_control(*p))) {
			*p = '?';
			len = 1;
		}
		i += len;
	}
	return s;
}

char *text_utf8_copy(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *buf = nomem_check(malloc(3 * n + 1));
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len((const unsigned char *)s + i, n - i);
		if (len && s[i] != 0x7f) {
			memcpy(buf + k, s + i, len);
			k += len;
			i += len;
		} else {
			memcpy(buf + k, "\xef\xbf\xbd", 3);
			k += 3;
			i++;
		}
	}
	buf[k] = '\0';
	return buf;
}

/* The filter's state: the stream it writes to and a UTF-8 sequence begun in an earlier write */
struct text_filter {
	FILE *out;
	unsigned char pend[4];
	size_t npend;
	/*
	 * nomem_count when opened: after an allocation failure the text may
	 * say something the model never did (a value it could not make), so
	 * nothing more is passed on (lib/nomem.h)
	 */
	unsigned long nomem_mark;
};

/* Filter size bytes of buf into f->out: all of them are taken (a split sequence's start is kept for the next write) */
static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct text_filter *f = cookie;
	unsigned char tmp[4096 + 8];
	size_t t = 0, i = 0;
	if (nomem_count != f->nomem_mark) {
		errno = ENOMEM;
		return 0; /* fopencookie(3): 0 on error */
	}
	/* finish a sequence the previous write split */
	while (f->npend && i < size) {
		unsigned char c = (unsigned char)buf[i];
		size_t need = f->pend[0] >= 0xf0 ? 4 : f->pend[0] >= 0xe0 ? 3 : 2;
		if ((c & 0xc0) == 0x80 && f->npend < need) {
			f->pend[f->npend++] = c;
			i++;
			if (f->npend < need)
				continue;
		}
		if (utf8_seq_len(f->pend, f->npend) == f->npend) {
			memcpy(tmp + t, f->pend, f->npend);
			t += f->npend;
		} else {
			/* not a sequence after all: each of its bytes is replaced, c is filtered below */
			memset(tmp + t, '?', f->npend);
			t += f->npend;
		}
		f->npend = 0;
	}
	while (i < size) {
		/* the common case: a run of printable ASCII, newlines and tabs, written as it is */
		size_t run = i;
		while (run < size && (((unsigned char)buf[run] >= 0x20 && (unsigned char)buf[run] < 0x7f) ||
				      buf[run] == '\n' || buf[run] == '\t'))
			run++;
		if (run - i >= 64 || run == size) {
			if ((t && fwrite(tmp, 1, t, f->out) != t) || fwrite(buf + i, 1, run - i, f->out) != run - i)
				return 0; /* fopencookie(3): 0 on error, never negative */
			t = 0;
			i = run;
			continue;
		}
		const unsigned char *p = (const unsigned char *)buf + i;
		size_t len = utf8_seq_len(p, size - i);
		size_t need = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		if (!len && *p >= 0xc2 && *p <= 0xf4 && size - i < need) {
			/* perhaps the start of a sequence the next write completes */
			bool prefix = true;
			for (size_t k = 1; k < size - i; k++)
				prefix &= (p[k] & 0xc0) == 0x80;
			if (prefix) {
				memcpy(f->pend, p, size - i);
				f->npend = size - i;
				break;
			}
		}
		if (!len || (len == 1 && is_control(*p) && *p != '\n' && *p != '\t')) {
			tmp[t++] = '?';
			len = 1;
		} else {
			memcpy(tmp + t, p, len);
			t += len;
		}
		i += len;
		if (t >= 4096) {
			if (fwrite(tmp, 1, t, f->out) != t)
				return 0; /* fopencookie(3): 0 on error, never negative */
			t = 0;
		}
	}
	if (t && fwrite(tmp, 1, t, f->out) != t)
		return 0;
	return (ssize_t)size;
}

static int filter_close(void *cookie)
{
	struct text_filter *f = cookie;
	int rc = 0;
	/* a sequence the output ended in the middle of */
	for (size_t i = 0; i < f->npend; i++)
		if (fputc('?', f->out) == EOF)
			rc = -1;
	free(f);
	return rc;
}

FILE *text_filter_open(FILE *out)
{
	struct text_filter *f = nomem_check(calloc(1, sizeof(*f)));
	if (!f)
		return NULL;
	f->out = out;
	f->nomem_mark = nomem_count;
	cookie_io_functions_t io = { .write = filter_write, .close = filter_close };
	FILE *s = fopencookie(f, "w", io);
	if (!s) {
		free(f);
		return NULL;
	}
	/* large writes: the filter costs a pass over the bytes, not a call per line */
	setvbuf(s, NULL, _IOFBF, 1 << 16);
	return s;
}
