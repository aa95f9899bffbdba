// SPDX-License-Identifier: GPL-2.0-only
/* The kernel lines irqsim models: name <-> enum kernel_line. */
#include "kernel/version.h"

#include <stddef.h>
#include <string.h>

static const struct {
	const char *name;
	enum kernel_line line;
} kernel_lines[] = {
	{ "3.10", KERNEL_3_10 },
	{ "4.18", KERNEL_4_18 },
	{ "6.1", KERNEL_6_1 },
	{ "6.12", KERNEL_6_12 },
};

int kernel_line_parse(const char *s, enum kernel_line *out)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(kernel_lines) / sizeof(kernel_lines[0]); i++) {
		if (strcmp(s, kernel_lines[i].name) == 0) {
			if (out)
				*out = kernel_lines[i].line;
			return 0;
		}
	}
	return -1;
}

const char *kernel_line_name(enum kernel_line k)
{
	for (size_t i = 0; i < sizeof(kernel_lines) / sizeof(kernel_lines[0]); i++)
		if (kernel_lines[i].line == k)
			return kernel_lines[i].name;
	return "unknown";
}
