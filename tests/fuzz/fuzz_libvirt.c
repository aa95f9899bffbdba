// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the libvirt domain converter (irqsim_from_libvirt:
 * libxml2, the elements irqsim models).  Built and run by `make fuzz`.
 * Properties: an error is one line "NAME:LINE:COL: ..." inside the input;
 * converted text is scenario text whose parse errors map back into the input
 * the same way, and whose summary of ignored parts is one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

#define NAME "fuzz.xml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "NAME:LINE:COL: message", one line, LINE within the input */
static void check_err(const char *err, size_t errlen, const uint8_t *data, size_t size)
{
	unsigned line, col, lines = 1;
	if (!memchr(err, '\0', errlen) || strchr(err, '\n'))
		__builtin_trap();
	if (strncmp(err, NAME ":", strlen(NAME ":")))
		__builtin_trap();
	if (sscanf(err + strlen(NAME ":"), "%u:%u:", &line, &col) != 2)
		return; /* "NAME: out of memory" */
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (line < 1 || line > lines || col < 1)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct irqsim_conversion c;
	char err[512];
	if (irqsim_from_libvirt(NAME, (const char *)data, size, &c, err, sizeof(err))) {
		check_err(err, sizeof(err), data, size);
		return 0;
	}
	if (strlen(c.text) != c.len || (c.ignored && strchr(c.ignored, '\n')))
		__builtin_trap();
	struct scenario s;
	if (scenario_parse(c.name, c.text, c.len, &s, err, sizeof(err)) == 0) {
		scenario_free(&s);
	} else {
		irqsim_conversion_remap(&c, err, sizeof(err));
		check_err(err, sizeof(err), data, size);
	}
	irqsim_conversion_free(&c);
	return 0;
}
