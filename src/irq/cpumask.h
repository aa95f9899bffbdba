/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed-size CPU masks, sized for the kernel's x86 NR_CPUS (8192) so that any
 * machine a Debian kernel supports fits.  Iteration is always ascending, as
 * the kernel's for_each_cpu() is; several allocator tie-breaks depend on it.
 */
#ifndef IRQSIM_CPUMASK_H
#define IRQSIM_CPUMASK_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/compiler.h"

#define NR_CPUS 8192u
#define CPUMASK_WORDS (NR_CPUS / 64u)

struct cpumask {
	uint64_t bits[CPUMASK_WORDS];
};

/*
 * Highest word that may be non-zero in any mask of the simulation this
 * thread works on (sim_select): per thread, so that sims of different sizes
 * can run in different threads.
 */
extern _Thread_local unsigned cpumask_nr_words;
void cpumask_set_nr_cpu_ids(unsigned nr_cpu_ids);

/*
 * Code outside any simulation (the snapshot and trace readers) must see
 * every CPU a list may name, whatever simulation this thread last worked
 * on: begin returns the thread's width and widens it to all NR_CPUS words,
 * end puts the saved width back.
 */
static inline unsigned cpumask_begin_all_words(void)
{
	unsigned saved = cpumask_nr_words;
	cpumask_set_nr_cpu_ids(NR_CPUS);
	return saved;
}
static inline void cpumask_end_all_words(unsigned saved) { cpumask_nr_words = saved; }

/*
 * Bytes of a mask of the selected simulation (its nr_cpu_ids): what a mask
 * kept on the heap for each irq is allocated with, as the kernel sizes
 * cpumask_var_t by nr_cpumask_bits.  Such a mask is only valid while the
 * width stays that simulation's (sim_select), as every operation reads
 * cpumask_nr_words words.
 */
static inline size_t cpumask_size(void) { return cpumask_nr_words * sizeof(uint64_t); }

static inline void cpumask_clear(struct cpumask *m) { memset(m, 0, sizeof(*m)); }
/* Clear a mask of cpumask_size() bytes (cpumask_clear writes all NR_CPUS bits) */
static inline void cpumask_clear_sized(struct cpumask *m) { memset(m, 0, cpumask_size()); }
static inline void cpumask_set_cpu(unsigned cpu, struct cpumask *m) { m->bits[cpu / 64] |= 1ull << (cpu % 64); }
static inline void cpumask_clear_cpu(unsigned cpu, struct cpumask *m) { m->bits[cpu / 64] &= ~(1ull << (cpu % 64)); }
static inline bool cpumask_test_cpu(unsigned cpu, const struct cpumask *m) { return (m->bits[cpu / 64] >> (cpu % 64)) & 1; }

/*
 * The operations every allocation and activation runs are inline, a word
 * loop over the simulation's words (80 CPUs: two): out of line, with a
 * libc memcpy for the copy, they were 5% of seed 000's simulation.
 */
static inline unsigned cpumask_weight(const struct cpumask *m)
{
	unsigned n = 0;
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		n += hweight64(m->bits[i]);
	return n;
}

static inline bool cpumask_empty(const struct cpumask *m)
{
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		if (m->bits[i])
			return false;
	return true;
}

static inline bool cpumask_equal(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		if (a->bits[i] != b->bits[i])
			return false;
	return true;
}

static inline bool cpumask_intersects(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		if (a->bits[i] & b->bits[i])
			return true;
	return false;
}

/* Return true if the result is non-empty, like the kernel's cpumask_and(). */
static inline bool cpumask_and(struct cpumask *d, const struct cpumask *a, const struct cpumask *b)
{
	uint64_t any = 0;
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		any |= (d->bits[i] = a->bits[i] & b->bits[i]);
	return any != 0;
}

static inline void cpumask_copy(struct cpumask *d, const struct cpumask *s)
{
	for (unsigned i = 0; i < cpumask_nr_words; i++)
		d->bits[i] = s->bits[i];
}

bool cpumask_subset(const struct cpumask *a, const struct cpumask *b);
void cpumask_or(struct cpumask *d, const struct cpumask *a, const struct cpumask *b);
bool cpumask_andnot(struct cpumask *d, const struct cpumask *a, const struct cpumask *b);
void cpumask_setall(struct cpumask *m, unsigned nr_cpu_ids);
/*
 * First set CPU >= start, or NR_CPUS if none.  Inline: for_each_cpu calls
 * it once per CPU, and a call per CPU was a third of a run at 8192 CPUs.
 */
static inline unsigned cpumask_next_from(const struct cpumask *m, unsigned start)
{
	if (start >= NR_CPUS)
		return NR_CPUS;
	unsigned w = start / 64;
	/* past the simulation's words (after its last CPU): nothing to read there */
	if (w >= cpumask_nr_words)
		return NR_CPUS;
	uint64_t word = m->bits[w] & (~0ull << (start % 64));
	for (;;) {
		if (word)
			return w * 64 + (unsigned)__builtin_ctzll(word);
		if (++w >= cpumask_nr_words)
			return NR_CPUS;
		word = m->bits[w];
	}
}
static inline unsigned cpumask_first(const struct cpumask *m) { return cpumask_next_from(m, 0); }
unsigned cpumask_last(const struct cpumask *m);

#define for_each_cpu(cpu, mask) \
	for ((cpu) = cpumask_first(mask); (cpu) < NR_CPUS; (cpu) = cpumask_next_from((mask), (cpu) + 1))

/*
 * Kernel "%*pbl" list format ("0-3,8,10-11"); empty mask prints "".
 * Returns the number of characters written (snprintf semantics).
 */
int cpumask_print_list(char *buf, size_t len, const struct cpumask *m, unsigned nbits);
/* Kernel "%*pb" hex format with 32-bit groups separated by commas. */
int cpumask_print_hex(char *buf, size_t len, const struct cpumask *m, unsigned nbits);
/*
 * Parse a kernel cpulist ("0-3,8,10-11", also "N-M:g/s" group syntax is not
 * accepted).  Returns 0, or -1 and sets *errpos to the offending offset.
 */
int cpulist_parse(const char *s, struct cpumask *m, unsigned nr_cpu_ids, unsigned *errpos);

#endif
