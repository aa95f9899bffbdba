// SPDX-License-Identifier: GPL-2.0-only
/*
 * Link a test with -Wl,--wrap=malloc,--wrap=calloc,... (see the Makefile's
 * FAILALLOC_WRAP): the library's calls to these functions land here.  libc's
 * own internal allocations (printf's buffers, a memstream's growth) and
 * those of libsmartcols are not seen: that library has no allocator hook.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* the fuzz replay build defines it on the command line */
#endif
#include <errno.h>
#include <jansson.h>
#include <libxml/xmlmemory.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "failalloc.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__real_reallocarray(void *p, size_t n, size_t m);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **p, const char *fmt, va_list ap);
FILE *__real_open_memstream(char **p, size_t *n);

/* ASan's and UBSan's runtime have it; a build without them has not */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

static atomic_long count, fail_at;
static atomic_int armed, failed;
/* inside jansson's parser, whose failures are not injected (__wrap_json_loadb) */
static _Thread_local int in_json_parser;

/* true when this allocation is the one to fail */
static int fail_now(void)
{
	if (!atomic_load(&armed) || in_json_parser)
		return 0;
	long n = atomic_fetch_add(&count, 1) + 1;
	if (n != atomic_load(&fail_at))
		return 0;
	atomic_store(&failed, 1);
	errno = ENOMEM; /* as glibc's allocator sets it */
	/* FAILALLOC_STACK=1: where the failing allocation was made (sanitizer builds) */
	if (getenv("FAILALLOC_STACK") && __sanitizer_print_stack_trace)
		__sanitizer_print_stack_trace();
	return 1;
}

void failalloc_arm(long nth)
{
	atomic_store(&count, 0);
	atomic_store(&failed, 0);
	atomic_store(&fail_at, nth);
	atomic_store(&armed, 1);
}

long failalloc_disarm(void)
{
	atomic_store(&armed, 0);
	return atomic_load(&count);
}

int failalloc_failed(void)
{
	return atomic_load(&failed);
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

void *__wrap_reallocarray(void *p, size_t n, size_t m)
{
	return fail_now() ? NULL : __real_reallocarray(p, n, m);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

int __wrap_vasprintf(char **p, const char *fmt, va_list ap)
{
	if (fail_now())
		return -1;
	return __real_vasprintf(p, fmt, ap);
}

int __wrap_asprintf(char **p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = __wrap_vasprintf(p, fmt, ap);
	va_end(ap);
	return rc;
}

FILE *__wrap_open_memstream(char **p, size_t *n)
{
	return fail_now() ? NULL : __real_open_memstream(p, n);
}

/*
 * jansson 2.14's lexer ignores a failed append to its token buffer
 * (lex_save) and later shortens the buffer by what it never appended
 * (lex_unget_unsave): a write before the buffer, a crash inside jansson that
 * no caller can prevent.  Allocations inside json_loadb are therefore not
 * failed (nor counted); the library's own handling of a parse that ran out
 * of memory (lib/jsonload.c) is not reached by this injection.
 */
json_t *__real_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *error);

json_t *__wrap_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *error)
{
	in_json_parser++;
	json_t *j = __real_json_loadb(buf, len, flags, error);
	in_json_parser--;
	return j;
}

/* jansson and libxml2 allocate through these once failalloc_init ran */
static void *hook_malloc(size_t n)
{
	return __wrap_malloc(n);
}

static void *hook_realloc(void *p, size_t n)
{
	return __wrap_realloc(p, n);
}

static char *hook_strdup(const char *s)
{
	return __wrap_strdup(s);
}

void failalloc_init(void)
{
	json_set_alloc_funcs(hook_malloc, free);
	xmlMemSetup(free, hook_malloc, hook_realloc, hook_strdup);
}
