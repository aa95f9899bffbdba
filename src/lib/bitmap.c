// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel list syntax for masks, as lib/bitmap.c: bitmap_parselist accepts it
 * (the /proc/irq/N/smp_affinity_list writer and cpulist boot parameters).
 * The error codes matter: the shell prints them ("Invalid argument",
 * "Numerical result out of range").
 */
#include "lib/bitmap.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <strings.h>

static bool list_end(char c)
{
	return c == '\0' || c == '\n';
}

static bool region_sep(char c)
{
	return isspace((unsigned char)c) || c == ',';
}

static bool region_end(char c)
{
	return list_end(c) || region_sep(c);
}

/* bitmap_getnum: decimal number or 'N' (the last bit); advances *p */
static int get_num(const char **p, unsigned *num, unsigned lastbit)
{
	const char *s = *p;
	if (*s == 'N') {
		*num = lastbit;
		*p = s + 1;
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	uint64_t n = 0;
	bool overflow = false;
	while (isdigit((unsigned char)*s)) {
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > UINT32_MAX)
			overflow = true;
		s++;
	}
	if (overflow)
		return -EOVERFLOW;
	*num = (unsigned)n;
	*p = s;
	return 0;
}

int bitmap_parselist(const char *buf, struct cpumask *mask, unsigned nbits)
{
	const char *p = buf;
	unsigned lastbit = nbits ? nbits - 1 : 0;
	cpumask_clear(mask);
	for (;;) {
		while (region_sep(*p))
			p++;
		if (list_end(*p))
			return 0;
		unsigned start, end, used, group;
		int e;
		if (!strncasecmp(p, "all", 3)) {
			start = 0;
			end = lastbit;
			p += 3;
		} else {
			if ((e = get_num(&p, &start, lastbit)))
				return e;
			end = start;
			if (!region_end(*p)) {
				if (*p != '-')
					return -EINVAL;
				p++;
				if ((e = get_num(&p, &end, lastbit)))
					return e;
			}
		}
		used = group = end + 1;
		if (!region_end(*p)) {
			if (*p != ':')
				return -EINVAL;
			p++;
			if ((e = get_num(&p, &used, lastbit)))
				return e;
			if (*p != '/')
				return -EINVAL;
			p++;
			if ((e = get_num(&p, &group, lastbit)))
				return e;
			/* anything left over fails as the next region */
		}
		/* bitmap_check_region */
		if (start > end || group == 0 || used > group)
			return -EINVAL;
		if (end >= nbits)
			return -ERANGE;
		for (unsigned g = start; g <= end; g += group)
			for (unsigned b = g; b < g + used && b <= end; b++)
				cpumask_set_cpu(b, mask);
		if (list_end(*p))
			return 0;
	}
}
