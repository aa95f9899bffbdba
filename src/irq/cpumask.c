// SPDX-License-Identifier: GPL-2.0-only
#include "irq/cpumask.h"

#include <errno.h>

#include <stdio.h>

_Thread_local unsigned cpumask_nr_words = CPUMASK_WORDS;

void cpumask_set_nr_cpu_ids(unsigned nr_cpu_ids)
{
	unsigned w = (nr_cpu_ids + 63) / 64;
	cpumask_nr_words = w ? (w > CPUMASK_WORDS ? CPUMASK_WORDS : w) : 1;
}

bool cpumask_subset(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		if (a->bits[i] & ~b->bits[i])
			return false;
	return true;
}

void cpumask_or(struct cpumask *d, const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		d->bits[i] = a->bits[i] | b->bits[i];
}

bool cpumask_andnot(struct cpumask *d, const struct cpumask *a, const struct cpumask *b)
{
	uint64_t any = 0;
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		any |= (d->bits[i] = a->bits[i] & ~b->bits[i]);
	return any != 0;
}

void cpumask_setall(struct cpumask *m, unsigned nr_cpu_ids)
{
	cpumask_clear(m);
	for (unsigned c = 0; c < nr_cpu_ids && c < NR_CPUS; c++)
		cpumask_set_cpu(c, m);
}

unsigned cpumask_last(const struct cpumask *m)
{
	for (unsigned w = cpumask_nr_words; w-- > 0;)
		if (m->bits[w])
			return w * 64 + 63 - (unsigned)__builtin_clzll(m->bits[w]);
	return NR_CPUS;
}

int cpumask_print_list(char *buf, size_t len, const struct cpumask *m, unsigned nbits)
{
	size_t n = 0;
	int total = 0;
	unsigned c = cpumask_first(m);
	if (len)
		buf[0] = '\0';
	while (c < nbits && c < NR_CPUS) {
		unsigned e = c;
		while (e + 1 < nbits && cpumask_test_cpu(e + 1, m))
			e++;
		int k;
		if (e == c)
			k = snprintf(buf + n, len > n ? len - n : 0, "%s%u", total ? "," : "", c);
		else
			k = snprintf(buf + n, len > n ? len - n : 0, "%s%u-%u", total ? "," : "", c, e);
		total += k;
		n = (size_t)total;
		c = cpumask_next_from(m, e + 1);
	}
	return total;
}

int cpumask_print_hex(char *buf, size_t len, const struct cpumask *m, unsigned nbits)
{
	/* bitmap_print_to_pagebuf/"%*pb": 32-bit chunks, most significant first,
	 * the first chunk printed with only as many digits as its bits need. */
	unsigned chunks = (nbits + 31) / 32;
	int total = 0;
	if (len)
		buf[0] = '\0';
	if (!chunks)
		return 0;
	for (unsigned i = chunks; i-- > 0;) {
		uint32_t v = (uint32_t)(m->bits[i / 2] >> ((i % 2) * 32));
		unsigned digits = 8;
		if (i == chunks - 1) {
			unsigned bits = nbits - i * 32;
			if (bits < 32)
				v &= (1u << bits) - 1;
			digits = (bits + 3) / 4;
		}
		int k = snprintf(buf + total, len > (size_t)total ? len - (size_t)total : 0,
				 "%s%0*x", i == chunks - 1 ? "" : ",", (int)digits, v);
		total += k;
	}
	return total;
}

int cpulist_parse(const char *s, struct cpumask *m, unsigned nr_cpu_ids, unsigned *errpos)
{
	const char *p = s;
	cpumask_clear(m);
	if (*p == '\0')
		return 0;
	for (;;) {
		unsigned a = 0, b;
		const char *start = p;
		if (*p < '0' || *p > '9')
			goto bad;
		while (*p >= '0' && *p <= '9') {
			a = a * 10 + (unsigned)(*p - '0');
			if (a > NR_CPUS)
				goto bad;
			p++;
		}
		b = a;
		if (*p == '-') {
			p++;
			if (*p < '0' || *p > '9')
				goto bad;
			b = 0;
			while (*p >= '0' && *p <= '9') {
				b = b * 10 + (unsigned)(*p - '0');
				if (b > NR_CPUS)
					goto bad;
				p++;
			}
			if (b < a) {
				p = start;
				goto bad;
			}
		}
		if (b >= nr_cpu_ids) {
			/* bitmap_parselist: a CPU past nr_cpumask_bits is -ERANGE */
			if (errpos)
				*errpos = (unsigned)(start - s);
			return -ERANGE;
		}
		for (unsigned c = a; c <= b; c++)
			cpumask_set_cpu(c, m);
		if (*p == '\0')
			return 0;
		if (*p != ',')
			goto bad;
		p++;
	}
bad:
	if (errpos)
		*errpos = (unsigned)(p - s);
	return -EINVAL;
}
