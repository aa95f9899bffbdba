// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the scenario parser.
 *
 *   clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_scenario.c src/scenario/parse.c src/irq/cpumask.c \
 *       src/base/version.c -o build/fuzz_scenario
 *   build/fuzz_scenario -max_len=8192 examples/
 * It also runs the variant splitter (scenario_variants) and parses each
 * variant it returns.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario s;
	char err[256];

	if (scenario_parse("fuzz.scn", (const char *)data, size, &s, err, sizeof(err)) == 0) {
		/* touch what a consumer would read */
		for (size_t i = 0; i < s.nr_dirs; i++)
			if (s.dirs[i].kind == SCN_DEVICE || s.dirs[i].kind == SCN_HOTPLUG)
				(void)scn_device_opt(&s.dirs[i].u.device, "id");
		scenario_free(&s);
	} else if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n')) {
		__builtin_trap(); /* the message must be one NUL-terminated line */
	}
	/* the variant splitter, and every variant it gives */
	struct scn_variant *v;
	int n = scenario_variants("fuzz.scn", (const char *)data, size, &v, err, sizeof(err));
	if (n < 0) {
		if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n'))
			__builtin_trap();
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (v[i].len != size)
			__builtin_trap(); /* line and column numbers must stay those of the file */
		if (scenario_parse("fuzz.scn", v[i].text, v[i].len, &s, err, sizeof(err)) == 0)
			scenario_free(&s);
	}
	scenario_variants_free(v, n);
	return 0;
}
