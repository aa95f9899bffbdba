// SPDX-License-Identifier: GPL-2.0-only
/*
 * Re-implementation of the generic irq matrix allocator's behaviour
 * (kernel/irq/matrix.c).  Counter updates, bit choices, best-CPU choices and
 * the point where each tracepoint fires follow the kernel exactly; see
 * shared/spec/matrix.md for the rules and the version differences.
 */
#include "irq/matrix.h"
#include "kernel/profile.h"
#include "lib/compiler.h"
#include "lib/nomem.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const event_names[] = {
	[ME_ONLINE] = "irq_matrix_online",
	[ME_OFFLINE] = "irq_matrix_offline",
	[ME_RESERVE] = "irq_matrix_reserve",
	[ME_REMOVE_RESERVED] = "irq_matrix_remove_reserved",
	[ME_ASSIGN_SYSTEM] = "irq_matrix_assign_system",
	[ME_ALLOC_RESERVED] = "irq_matrix_alloc_reserved",
	[ME_RESERVE_MANAGED] = "irq_matrix_reserve_managed",
	[ME_REMOVE_MANAGED] = "irq_matrix_remove_managed",
	[ME_ALLOC_MANAGED] = "irq_matrix_alloc_managed",
	[ME_ASSIGN] = "irq_matrix_assign",
	[ME_ALLOC] = "irq_matrix_alloc",
	[ME_FREE] = "irq_matrix_free",
};

const char *matrix_event_name(enum matrix_event ev)
{
	return event_names[ev];
}

int matrix_trace_format(char *buf, size_t len, const struct matrix_trace *t)
{
	/* include/trace/events/irq_matrix.h: the three TP_printk formats */
	switch (t->ev) {
	case ME_ONLINE:
	case ME_OFFLINE:
	case ME_RESERVE:
	case ME_REMOVE_RESERVED:
		return snprintf(buf, len, "online_maps=%d global_avl=%u, global_rsvd=%u, total_alloc=%u",
				(int)t->online_maps, t->global_avl, t->global_rsvd, t->total_alloc);
	case ME_ASSIGN_SYSTEM:
		return snprintf(buf, len, "bit=%d online_maps=%d global_avl=%u, global_rsvd=%u, total_alloc=%u",
				t->bit, (int)t->online_maps, t->global_avl, t->global_rsvd, t->total_alloc);
	default:
		return snprintf(buf, len,
				"bit=%d cpu=%u online=%d avl=%u alloc=%u managed=%u online_maps=%u global_avl=%u, global_rsvd=%u, total_alloc=%u",
				t->bit, t->cpu, t->online ? 1 : 0, t->avl, t->alloc, t->managed, t->online_maps,
				t->global_avl, t->global_rsvd, t->total_alloc);
	}
}

static void emit_event(struct irq_matrix *m, enum matrix_event ev, int bit, unsigned cpu, const struct cpumap *cm)
{
	struct matrix_trace t = {
		.ev = ev,
		.bit = bit,
		.cpu = cpu,
		.online_maps = m->online_maps,
		.global_avl = m->global_available,
		.global_rsvd = m->global_reserved,
		.total_alloc = m->total_allocated,
		/* CPU hotplug and the system vectors are nobody's */
		.dev = ev == ME_ONLINE || ev == ME_OFFLINE || ev == ME_ASSIGN_SYSTEM || ev == ME_ASSIGN ? 0 : m->trace_dev,
	};
	if (cm) {
		t.online = cm->online;
		t.avl = cm->available;
		t.alloc = cm->allocated;
		t.managed = cm->managed;
	}
	m->trace(m->trace_ctx, &t);
}

/* The tracepoint: its test inline, as a static key is (a call per operation was 1% of a run without a trace) */
static inline void emit(struct irq_matrix *m, enum matrix_event ev, int bit, unsigned cpu, const struct cpumap *cm)
{
	if (m->trace && m->trace_enabled)
		emit_event(m, ev, bit, cpu, cm);
}

__no_sanitize_coverage unsigned vecmap_weight(const struct vecmap *v, unsigned nbits)
{
	unsigned n = 0;
	for (unsigned b = 0; b < nbits; b += 64) {
		uint64_t w = v->w[b / 64];
		if (nbits - b < 64)
			w &= (1ull << (nbits - b)) - 1;
		n += hweight64(w);
	}
	return n;
}

int vecmap_print_list(char *buf, size_t len, const struct vecmap *v, unsigned nbits)
{
	int total = 0;
	if (len)
		buf[0] = '\0';
	for (unsigned b = 0; b < nbits;) {
		if (!vecmap_test(v, b)) {
			b++;
			continue;
		}
		unsigned e = b;
		while (e + 1 < nbits && vecmap_test(v, e + 1))
			e++;
		size_t off = (size_t)total;
		if (e == b)
			total += snprintf(buf + off, len > off ? len - off : 0, "%s%u", total ? "," : "", b);
		else
			total += snprintf(buf + off, len > off ? len - off : 0, "%s%u-%u", total ? "," : "", b, e);
		b = e + 1;
	}
	return total;
}

struct irq_matrix *irq_alloc_matrix(unsigned matrix_bits, unsigned alloc_start,
				    unsigned alloc_end, unsigned nr_cpus, enum kernel_line k)
{
	/* kernel/irq/matrix.c: irq_alloc_matrix refuses oversized bitmaps */
	if (matrix_bits > IRQ_MATRIX_BITS || alloc_start >= alloc_end || alloc_end > matrix_bits || !nr_cpus)
		return NULL;
	struct irq_matrix *m = nomem_check(calloc(1, sizeof(*m)));
	if (!m)
		return NULL;
	m->maps = nomem_check(calloc(nr_cpus, sizeof(*m->maps)));
	m->blocks = nomem_check(calloc((nr_cpus + 63) / 64, sizeof(*m->blocks)));
	if (!m->maps || !m->blocks) {
		free(m->maps);
		free(m->blocks);
		free(m);
		return NULL;
	}
	m->nr_maps = nr_cpus;
	m->matrix_bits = matrix_bits;
	m->alloc_start = alloc_start;
	m->alloc_end = alloc_end;
	m->alloc_size = alloc_end - alloc_start;
	const struct kernel_profile *prof = kernel_profile_get(k);
	m->empty_mask_einval = prof->matrix_empty_mask_einval;
	m->free_warn_return = prof->matrix_free_warn_return;
	m->allocated_counts_managed = prof->allocated_counts_managed;
	m->trace_enabled = true;
	return m;
}

void irq_matrix_destroy(struct irq_matrix *m)
{
	if (!m)
		return;
	free(m->maps);
	free(m->blocks);
	free(m);
}

struct irq_matrix *irq_matrix_copy(const struct irq_matrix *m)
{
	struct irq_matrix *c = nomem_check(malloc(sizeof(*c)));
	if (!c)
		return NULL;
	*c = *m;
	size_t nblocks = (m->nr_maps + 63) / 64;
	c->maps = nomem_check(malloc(m->nr_maps * sizeof(*c->maps)));
	c->blocks = nomem_check(malloc(nblocks * sizeof(*c->blocks)));
	if (!c->maps || !c->blocks) {
		free(c->maps);
		free(c->blocks);
		free(c);
		return NULL;
	}
	memcpy(c->maps, m->maps, m->nr_maps * sizeof(*c->maps));
	memcpy(c->blocks, m->blocks, nblocks * sizeof(*c->blocks));
	return c;
}

/*
 * The kernel's bitmap_or/bitmap_andnot work on whole longs: with
 * alloc_end = 236 all four words are combined (matrix.md 1.4).
 */
static unsigned combine_words(const struct irq_matrix *m)
{
	return (m->alloc_end + 63) / 64;
}

/*
 * kernel/irq/matrix.c: matrix_alloc_area, always called with num = 1.  The
 * three maps are combined a word at a time up to the first word with a free
 * bit (no scratch map written whole): 16,000 calls on seed 000.
 */
static inline unsigned matrix_alloc_area(struct irq_matrix *m, struct cpumap *cm, bool managed)
{
	unsigned words = combine_words(m), first = m->alloc_start / 64;
	unsigned i = cm->full_below > first ? cm->full_below : first;
	uint64_t used = i == first ? ((1ull << (m->alloc_start % 64)) - 1) : 0;
	for (; i < words; i++, used = 0) {
		uint64_t free = ~(cm->managed_map.w[i] | m->system_map.w[i] | cm->alloc_map.w[i] | used);
		if (!free) {
			/* system bits are never cleared: the word stays full until cpumap_clear */
			cm->full_below = (uint8_t)(i + 1);
			continue;
		}
		unsigned area = i * 64 + (unsigned)__builtin_ctzll(free);
		if (area >= m->alloc_end)
			break;
		if (managed)
			vecmap_set(&cm->managed_map, area);
		else
			vecmap_set(&cm->alloc_map, area);
		return area;
	}
	return m->alloc_end;
}

/* Lowest reserved-but-unallocated managed bit (matrix.md 2.2), or alloc_end; a word at a time. */
static unsigned managed_free_bit(struct irq_matrix *m, struct cpumap *cm)
{
	unsigned words = combine_words(m);
	for (unsigned i = 0; i < words; i++) {
		uint64_t w = cm->managed_map.w[i] & ~cm->alloc_map.w[i];
		if (w) {
			unsigned r = i * 64 + (unsigned)__builtin_ctzll(w);
			return r < m->alloc_end ? r : m->alloc_end;
		}
	}
	return m->alloc_end;
}

/* A managed or allocated bit of cm freed: its word may have room again. */
static inline void cpumap_clear(struct cpumap *cm, struct vecmap *map, unsigned bit)
{
	vecmap_clear(map, bit);
	if (bit / 64 < cm->full_below)
		cm->full_below = (uint8_t)(bit / 64);
}

/* A CPU's available count or online state changed: its block's best is stale. */
static inline void cpu_changed(struct irq_matrix *m, unsigned cpu)
{
	m->blocks[cpu / 64].stale = true;
}

static void block_refresh(const struct irq_matrix *m, struct matrix_block *b, unsigned w)
{
	unsigned best_avl = 0, best_cpu = 0;
	for (uint64_t on = b->online; on; on &= on - 1) {
		unsigned cpu = w * 64 + (unsigned)__builtin_ctzll(on);
		if (m->maps[cpu].available > best_avl) {
			best_avl = m->maps[cpu].available;
			best_cpu = cpu;
		}
	}
	b->best_avl = best_avl;
	b->best_cpu = best_cpu;
	b->stale = false;
}

/*
 * kernel/irq/matrix.c: matrix_find_best_cpu - the lowest online CPU of the
 * mask with the most available vectors, none if every one has none.  The
 * kernel walks the mask CPU by CPU; here a mask word that holds every online
 * CPU of its block (the usual case: an irq's affinity is all online CPUs or
 * a node) is answered by the block's kept best, and only the other words
 * are walked.  Blocks are taken in ascending order with the same strict
 * comparison, so the answer is the kernel's; the cost per allocation is a
 * word per 64 CPUs, however many of them are full.
 */
static unsigned matrix_find_best_cpu(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned best = UINT_MAX, maxavl = 0;
	/*
	 * global_available is the sum over the online CPUs: at 0 none has a
	 * vector, and the walk could only find none (seed 000's failing probes
	 * ask a few times each once the space is exhausted).
	 */
	if (!m->global_available)
		return UINT_MAX;
	unsigned words = (m->nr_maps + 63) / 64;
	if (words > cpumask_nr_words)
		words = cpumask_nr_words;
	for (unsigned w = 0; w < words; w++) {
		struct matrix_block *b = &m->blocks[w];
		uint64_t cand = msk->bits[w] & b->online;
		if (!cand)
			continue;
		if (cand == b->online) {
			if (b->stale)
				block_refresh(m, b, w);
			if (b->best_avl > maxavl) {
				maxavl = b->best_avl;
				best = b->best_cpu;
			}
			continue;
		}
		for (; cand; cand &= cand - 1) {
			unsigned cpu = w * 64 + (unsigned)__builtin_ctzll(cand);
			if (m->maps[cpu].available > maxavl) {
				maxavl = m->maps[cpu].available;
				best = cpu;
			}
		}
	}
	return best;
}

/* kernel/irq/matrix.c: matrix_find_best_cpu_managed (ties go to the last CPU) */
static unsigned matrix_find_best_cpu_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned best = UINT_MAX, allocated = UINT_MAX, words = cpumask_nr_words;
	/* for_each_cpu a word at a time, as irq_matrix_reserve_managed */
	for (unsigned w = 0; w < words; w++) {
		for (uint64_t word = msk->bits[w]; word; word &= word - 1) {
			unsigned cpu = w * 64 + (unsigned)__builtin_ctzll(word);
			if (cpu >= m->nr_maps)
				return best;
			struct cpumap *cm = &m->maps[cpu];
			if (!cm->online || cm->managed_allocated > allocated)
				continue;
			best = cpu;
			allocated = cm->managed_allocated;
		}
	}
	return best;
}

/* kernel/irq/matrix.c: irq_matrix_online, on m->this_cpu */
void irq_matrix_online(struct irq_matrix *m)
{
	struct cpumap *cm = &m->maps[m->this_cpu];
	if (cm->online)
		return; /* BUG_ON in the kernel */
	if (!cm->initialized) {
		/* first online: managed reservations made while never online count */
		cm->available = m->alloc_size - (cm->managed + m->systembits_inalloc);
		cm->initialized = true;
	}
	m->global_available += cm->available;
	cm->online = true;
	m->blocks[m->this_cpu / 64].online |= 1ull << (m->this_cpu % 64);
	cpu_changed(m, m->this_cpu);
	m->online_maps++;
	emit(m, ME_ONLINE, 0, 0, NULL);
}

/* kernel/irq/matrix.c: irq_matrix_offline */
void irq_matrix_offline(struct irq_matrix *m)
{
	struct cpumap *cm = &m->maps[m->this_cpu];
	m->global_available -= cm->available;
	cm->online = false;
	m->blocks[m->this_cpu / 64].online &= ~(1ull << (m->this_cpu % 64));
	cpu_changed(m, m->this_cpu);
	m->online_maps--;
	emit(m, ME_OFFLINE, 0, 0, NULL);
}

/* kernel/irq/matrix.c: irq_matrix_assign_system (early boot only) */
void irq_matrix_assign_system(struct irq_matrix *m, unsigned bit, bool replace)
{
	struct cpumap *cm = &m->maps[m->this_cpu];
	if (bit >= m->matrix_bits)
		return;
	vecmap_set(&m->system_map, bit);
	if (replace) {
		if (!vecmap_test(&cm->alloc_map, bit))
			return; /* BUG_ON in the kernel */
		cpumap_clear(cm, &cm->alloc_map, bit);
		cm->allocated--;
		m->total_allocated--;
	}
	if (bit >= m->alloc_start && bit < m->alloc_end)
		m->systembits_inalloc++;
	emit(m, ME_ASSIGN_SYSTEM, (int)bit, 0, NULL);
}

/* kernel/irq/matrix.c: irq_matrix_reserve_managed */
int irq_matrix_reserve_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned cpu, failed = NR_CPUS, words = cpumask_nr_words;
	/* for_each_cpu a word at a time (396 irqs x 40 CPUs on seed 000): the word's lowest CPU cleared each turn */
	for (unsigned w = 0; w < words; w++) {
		for (uint64_t word = msk->bits[w]; word; word &= word - 1) {
			cpu = w * 64 + (unsigned)__builtin_ctzll(word);
			struct cpumap *cm = cpu < m->nr_maps ? &m->maps[cpu] : NULL;
			unsigned bit = cm ? matrix_alloc_area(m, cm, true) : m->alloc_end;
			if (bit >= m->alloc_end) {
				failed = cpu;
				goto undo;
			}
			cm->managed++;
			if (cm->online) {
				cm->available--;
				m->global_available--;
				cpu_changed(m, cpu);
			}
			emit(m, ME_RESERVE_MANAGED, (int)bit, cpu, cm);
		}
	}
	return 0;
undo:
	/* undo the CPUs before the failing one, one remove_managed each */
	for_each_cpu(cpu, msk) {
		if (cpu == failed)
			break;
		struct cpumask one;
		cpumask_clear(&one);
		cpumask_set_cpu(cpu, &one);
		irq_matrix_remove_managed(m, &one);
	}
	return -ENOSPC;
}

/* kernel/irq/matrix.c: irq_matrix_remove_managed */
void irq_matrix_remove_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned cpu;
	for_each_cpu(cpu, msk) {
		if (cpu >= m->nr_maps)
			break;
		struct cpumap *cm = &m->maps[cpu];
		if (!cm->managed)
			continue; /* WARN_ON_ONCE */
		unsigned bit = managed_free_bit(m, cm);
		if (bit >= m->alloc_end)
			continue; /* WARN_ON_ONCE: every reservation is in use */
		cpumap_clear(cm, &cm->managed_map, bit);
		cm->managed--;
		if (cm->online) {
			cm->available++;
			m->global_available++;
			cpu_changed(m, cpu);
		}
		emit(m, ME_REMOVE_MANAGED, (int)bit, cpu, cm);
	}
}

/* kernel/irq/matrix.c: irq_matrix_alloc_managed */
int irq_matrix_alloc_managed(struct irq_matrix *m, const struct cpumask *msk, unsigned *mapped_cpu)
{
	if (cpumask_empty(msk))
		return -EINVAL;
	unsigned cpu = matrix_find_best_cpu_managed(m, msk);
	if (cpu == UINT_MAX)
		return -ENOSPC;
	struct cpumap *cm = &m->maps[cpu];
	unsigned bit = managed_free_bit(m, cm);
	if (bit >= m->alloc_end)
		return -ENOSPC;
	vecmap_set(&cm->alloc_map, bit);
	cm->allocated++;
	cm->managed_allocated++;
	m->total_allocated++;
	*mapped_cpu = cpu;
	emit(m, ME_ALLOC_MANAGED, (int)bit, cpu, cm);
	return (int)bit;
}

/* kernel/irq/matrix.c: irq_matrix_assign, on m->this_cpu */
void irq_matrix_assign(struct irq_matrix *m, unsigned bit)
{
	struct cpumap *cm = &m->maps[m->this_cpu];
	if (bit < m->alloc_start || bit >= m->alloc_end)
		return; /* WARN_ON_ONCE */
	if (vecmap_test(&cm->alloc_map, bit))
		return; /* WARN_ON_ONCE */
	vecmap_set(&cm->alloc_map, bit);
	cm->allocated++;
	m->total_allocated++;
	cm->available--;
	m->global_available--;
	cpu_changed(m, m->this_cpu);
	emit(m, ME_ASSIGN, (int)bit, m->this_cpu, cm);
}

/* kernel/irq/matrix.c: irq_matrix_reserve */
void irq_matrix_reserve(struct irq_matrix *m)
{
	/* warns only at the exact crossing */
	if (m->global_reserved == m->global_available && m->warn)
		m->warn(m->trace_ctx, "Interrupt reservation exceeds available resources");
	m->global_reserved++;
	emit(m, ME_RESERVE, 0, 0, NULL);
}

/* kernel/irq/matrix.c: irq_matrix_remove_reserved */
void irq_matrix_remove_reserved(struct irq_matrix *m)
{
	m->global_reserved--;
	emit(m, ME_REMOVE_RESERVED, 0, 0, NULL);
}

/* kernel/irq/matrix.c: irq_matrix_alloc */
int irq_matrix_alloc(struct irq_matrix *m, const struct cpumask *msk, bool reserved, unsigned *mapped_cpu)
{
	/* profile switch matrix_empty_mask_einval; without it (4.18) -ENOSPC */
	if (m->empty_mask_einval && cpumask_empty(msk))
		return -EINVAL;
	unsigned cpu = matrix_find_best_cpu(m, msk);
	if (cpu == UINT_MAX)
		return -ENOSPC;
	struct cpumap *cm = &m->maps[cpu];
	unsigned bit = matrix_alloc_area(m, cm, false);
	if (bit >= m->alloc_end)
		return -ENOSPC;
	cm->allocated++;
	cm->available--;
	cpu_changed(m, cpu);
	m->total_allocated++;
	m->global_available--;
	if (reserved)
		m->global_reserved--;
	*mapped_cpu = cpu;
	emit(m, ME_ALLOC, (int)bit, cpu, cm);
	return (int)bit;
}

/* kernel/irq/matrix.c: irq_matrix_free */
void irq_matrix_free(struct irq_matrix *m, unsigned cpu, unsigned bit, bool managed)
{
	if (cpu >= m->nr_maps || bit < m->alloc_start || bit >= m->alloc_end)
		return; /* WARN_ON_ONCE */
	struct cpumap *cm = &m->maps[cpu];
	if (!vecmap_test(&cm->alloc_map, bit)) {
		/* matrix_free_warn_return: WARN and return; 4.18 carries on and corrupts the counters */
		if (m->free_warn_return)
			return;
	}
	cpumap_clear(cm, &cm->alloc_map, bit);
	cm->allocated--;
	if (managed)
		cm->managed_allocated--;
	if (cm->online)
		m->total_allocated--;
	if (!managed) {
		cm->available++;
		cpu_changed(m, cpu);
		if (cm->online)
			m->global_available++;
	}
	emit(m, ME_FREE, (int)bit, cpu, cm);
}

/* kernel/irq/matrix.c: irq_matrix_available */
unsigned irq_matrix_available(struct irq_matrix *m, bool cpudown)
{
	if (!cpudown)
		return m->global_available;
	return m->global_available - m->maps[m->this_cpu].available;
}

unsigned irq_matrix_reserved(struct irq_matrix *m)
{
	return m->global_reserved;
}

/* kernel/irq/matrix.c: irq_matrix_allocated (switch allocated_counts_managed) */
unsigned irq_matrix_allocated(struct irq_matrix *m)
{
	struct cpumap *cm = &m->maps[m->this_cpu];
	if (!m->allocated_counts_managed)
		return cm->allocated - cm->managed_allocated;
	return cm->allocated;
}

__no_sanitize_coverage int irq_matrix_check_invariants(const struct irq_matrix *m, char *buf, size_t len)
{
	unsigned online = 0;
	unsigned long long sum_avl = 0;
	for (unsigned cpu = 0; cpu < m->nr_maps; cpu++) {
		const struct cpumap *cm = &m->maps[cpu];
		unsigned alloc = vecmap_weight(&cm->alloc_map, m->matrix_bits);
		unsigned man = vecmap_weight(&cm->managed_map, m->matrix_bits);
		struct vecmap both;
		for (unsigned i = 0; i < IRQ_MATRIX_WORDS; i++)
			both.w[i] = cm->alloc_map.w[i] & cm->managed_map.w[i];
		unsigned mac = vecmap_weight(&both, m->matrix_bits);
		if (alloc != cm->allocated || man != cm->managed || mac != cm->managed_allocated) {
			snprintf(buf, len, "cpu %u: allocated %u/%u managed %u/%u managed_allocated %u/%u (counter/bitmap)",
				 cpu, cm->allocated, alloc, cm->managed, man, cm->managed_allocated, mac);
			return -1;
		}
		for (unsigned i = 0; i < IRQ_MATRIX_WORDS; i++) {
			uint64_t sys = m->system_map.w[i];
			/* bits below alloc_start/above alloc_end are never allocated */
			if ((cm->alloc_map.w[i] | cm->managed_map.w[i]) & sys) {
				snprintf(buf, len, "cpu %u: a system vector is allocated or reserved", cpu);
				return -1;
			}
		}
		if (cm->online) {
			online++;
			sum_avl += cm->available;
			/* available never exceeds what the CPU's free bits allow */
			unsigned nonman = cm->allocated - cm->managed_allocated;
			if (cm->available + cm->managed + nonman > m->alloc_size) {
				snprintf(buf, len, "cpu %u: available %u + managed %u + allocated %u > alloc_size %u",
					 cpu, cm->available, cm->managed, nonman, m->alloc_size);
				return -1;
			}
		}
	}
	if (online != m->online_maps) {
		snprintf(buf, len, "online_maps %u but %u maps online", m->online_maps, online);
		return -1;
	}
	/* the best-CPU blocks against the maps they summarise */
	for (unsigned w = 0; w < (m->nr_maps + 63) / 64; w++) {
		struct matrix_block b = m->blocks[w];
		uint64_t on = 0;
		for (unsigned cpu = w * 64; cpu < m->nr_maps && cpu < w * 64 + 64; cpu++)
			if (m->maps[cpu].online)
				on |= 1ull << (cpu % 64);
		if (on != b.online) {
			snprintf(buf, len, "CPUs %u-%u: block online bits differ from the maps", w * 64, w * 64 + 63);
			return -1;
		}
		if (b.stale)
			continue;
		unsigned avl = b.best_avl, cpu = b.best_cpu;
		block_refresh(m, &b, w);
		if (avl != b.best_avl || (avl && cpu != b.best_cpu)) {
			snprintf(buf, len, "CPUs %u-%u: block best %u on CPU %u, the maps say %u on CPU %u",
				 w * 64, w * 64 + 63, avl, cpu, b.best_avl, b.best_cpu);
			return -1;
		}
	}
	if (sum_avl != m->global_available) {
		snprintf(buf, len, "global_available %u but online maps sum to %llu", m->global_available, sum_avl);
		return -1;
	}
	return 0;
}
