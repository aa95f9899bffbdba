/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every fuzz target checks of an error message: one NUL-terminated
 * line "NAME:LINE:COL: ..." whose line is inside the input.
 */
#ifndef IRQSIM_FUZZ_ERR_H
#define IRQSIM_FUZZ_ERR_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void check_err(const char *name, const char *err, size_t errlen, const uint8_t *data, size_t size)
{
	unsigned line, col, lines = 1;
	size_t nl = strlen(name);
	if (!memchr(err, '\0', errlen) || strchr(err, '\n'))
		__builtin_trap();
	if (strncmp(err, name, nl) || err[nl] != ':')
		__builtin_trap();
	if (sscanf(err + nl + 1, "%u:%u:", &line, &col) != 2)
		return; /* "NAME: out of memory" */
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (line < 1 || line > lines || col < 1)
		__builtin_trap();
}

#endif
