/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The properties fuzz_qemu and fuzz_libvirt check of a converter: an error
 * is one line "NAME:LINE:COL: ..." inside the input; converted text is
 * scenario text whose parse errors map back into the input the same way, and
 * whose summary of ignored parts is one line.
 */
#ifndef IRQSIM_FUZZ_CONVERT_H
#define IRQSIM_FUZZ_CONVERT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"
#include "fuzz_err.h"

typedef int (*convert_fn)(const char *, const char *, size_t, struct irqsim_conversion *, char *, size_t);

static int fuzz_convert(convert_fn fn, const char *name, const uint8_t *data, size_t size)
{
	struct irqsim_conversion c;
	char err[512];
	if (fn(name, (const char *)data, size, &c, err, sizeof(err))) {
		check_err(name, err, sizeof(err), data, size);
		return 0;
	}
	if (strlen(c.text) != c.len || (c.ignored && strchr(c.ignored, '\n')))
		__builtin_trap();
	struct scenario s;
	if (scenario_parse(c.name, c.text, c.len, &s, err, sizeof(err)) == 0) {
		scenario_free(&s);
	} else {
		irqsim_conversion_remap(&c, err, sizeof(err));
		check_err(name, err, sizeof(err), data, size);
	}
	irqsim_conversion_free(&c);
	return 0;
}

#endif
