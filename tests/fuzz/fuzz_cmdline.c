// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the kernel command-line parser
 * (boot_params_parse: parse_args quoting, the parameters irqsim models and
 * the list of ignored words).  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct boot_params p;
	memset(&p, 0, sizeof(p));
	char err[256];
	unsigned pos = 0;
	if (boot_params_parse(&p, s, err, sizeof(err), &pos)) {
		/* one NUL-terminated line that points inside the input */
		if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n') || pos > strlen(s))
			__builtin_trap();
	} else {
		/* an ignored word is a word of the input, unquoted (possibly empty: "") */
		for (size_t i = 0; i < p.nr_ignored; i++)
			if (!p.ignored[i] || strlen(p.ignored[i]) > size)
				__builtin_trap();
	}
	boot_params_free(&p);
	free(s);
	return 0;
}
