// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the CPU list parsers: cpulist_parse (scenario
 * and command-line lists) and bitmap_parselist (writes to
 * /proc/irq/N/smp_affinity_list).  The first two bytes choose the bitmap
 * size (1..8192 bits).  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irq/cpumask.h"
#include "lib/bitmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No bit at or above nbits may be set. */
static void check_bounds(const struct cpumask *m, unsigned nbits)
{
	for (unsigned c = nbits; c < NR_CPUS; c++)
		if (cpumask_test_cpu(c, m))
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	unsigned nbits = ((unsigned)data[0] << 8 | data[1]) % NR_CPUS + 1;
	char *s = malloc(size - 1);
	if (!s)
		return 0;
	memcpy(s, data + 2, size - 2);
	s[size - 2] = '\0';
	struct cpumask m;
	unsigned pos = 0;
	cpumask_clear(&m);
	if (cpulist_parse(s, &m, nbits, &pos) == 0)
		check_bounds(&m, nbits);
	else if (pos > strlen(s))
		__builtin_trap();
	cpumask_clear(&m);
	if (bitmap_parselist(s, &m, nbits) == 0)
		check_bounds(&m, nbits);
	free(s);
	return 0;
}
