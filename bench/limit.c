// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floor of a simulation: the matrix operations a run performed, replayed
 * on plain per-CPU vector bitmaps with nothing else around them (no irq
 * descriptors, drivers, trace records or explanations).  The operations come
 * from the run's own irq_matrix trace (irqsim run SCN --view trace): every
 * event is one operation on the CPU and vector it names.  The first replay
 * recomputes every vector and counter the trace printed and fails on any
 * difference, so the program provably does the run's operations; the timed
 * replays then run without the checks.  Operations that failed in the run
 * (no tracepoint fires) are not in the trace, so this is a lower bound.
 *
 * Usage: limit TRACE [RUNS]   prints the median CPU time of one replay (ms).
 * Only the boot CPUs' onlining is replayed (an offline in the trace is refused:
 * its CPU is not printed).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* arch/x86/include/asm/irq_vectors.h: FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR */
#define ALLOC_START 32u
#define ALLOC_END 236u
#define WORDS 4u
#define MAX_CPUS 8192u

enum op_kind { OP_ONLINE, OP_ASSIGN_SYSTEM, OP_RESERVE, OP_REMOVE_RESERVED, OP_RESERVE_MANAGED,
	       OP_REMOVE_MANAGED, OP_ALLOC_MANAGED, OP_ASSIGN, OP_ALLOC, OP_FREE };

struct op {
	uint8_t kind;
	uint8_t flag;      /* OP_ALLOC: from a reservation; OP_ASSIGN_SYSTEM: replaces an allocated bit */
	uint16_t bit;
	uint16_t cpu;
};

/* what the trace printed after the operation, for the checking replay */
struct seen {
	int bit;
	unsigned cpu, avl, alloc, managed, online_maps, global_avl, global_rsvd, total_alloc;
	int online;
};

struct cpumap {
	uint64_t alloc[WORDS], managed_map[WORDS];
	unsigned available, allocated, managed, managed_allocated;
	uint8_t online, initialized;
};

static struct cpumap maps[MAX_CPUS];
static uint64_t system_map[WORDS];
static unsigned nr_cpus, global_available, global_reserved, total_allocated, online_maps, systembits_inalloc;

static unsigned first_zero(const uint64_t *v, unsigned start)
{
	for (unsigned b = start; b < ALLOC_END;) {
		uint64_t w = ~v[b / 64] >> (b % 64);
		if (w) {
			unsigned r = b + (unsigned)__builtin_ctzll(w);
			return r < ALLOC_END ? r : ALLOC_END;
		}
		b = (b / 64 + 1) * 64;
	}
	return ALLOC_END;
}

static unsigned first_set(const uint64_t *v)
{
	for (unsigned i = 0; i < WORDS; i++)
		if (v[i])
			return i * 64 + (unsigned)__builtin_ctzll(v[i]);
	return ALLOC_END;
}

static void reset(void)
{
	memset(maps, 0, nr_cpus * sizeof(maps[0]));
	memset(system_map, 0, sizeof(system_map));
	global_available = global_reserved = total_allocated = online_maps = systembits_inalloc = 0;
}

/* One operation; returns the vector it used (or 0 for the global ones). */
static unsigned step(const struct op *o)
{
	struct cpumap *cm = &maps[o->cpu];
	uint64_t tmp[WORDS];
	unsigned bit = 0;

	switch ((enum op_kind)o->kind) {
	case OP_ONLINE:
		if (!cm->initialized) {
			cm->available = ALLOC_END - ALLOC_START - (cm->managed + systembits_inalloc);
			cm->initialized = 1;
		}
		global_available += cm->available;
		cm->online = 1;
		online_maps++;
		break;
	case OP_ASSIGN_SYSTEM:
		bit = o->bit;
		system_map[bit / 64] |= 1ull << (bit % 64);
		if (o->flag) {
			cm->alloc[bit / 64] &= ~(1ull << (bit % 64));
			cm->allocated--;
			total_allocated--;
		}
		if (bit >= ALLOC_START && bit < ALLOC_END)
			systembits_inalloc++;
		break;
	case OP_RESERVE:
		global_reserved++;
		break;
	case OP_REMOVE_RESERVED:
		global_reserved--;
		break;
	case OP_RESERVE_MANAGED:
		for (unsigned i = 0; i < WORDS; i++)
			tmp[i] = cm->managed_map[i] | system_map[i] | cm->alloc[i];
		bit = first_zero(tmp, ALLOC_START);
		cm->managed_map[bit / 64] |= 1ull << (bit % 64);
		cm->managed++;
		if (cm->online) {
			cm->available--;
			global_available--;
		}
		break;
	case OP_REMOVE_MANAGED:
		for (unsigned i = 0; i < WORDS; i++)
			tmp[i] = cm->managed_map[i] & ~cm->alloc[i];
		bit = first_set(tmp);
		cm->managed_map[bit / 64] &= ~(1ull << (bit % 64));
		cm->managed--;
		if (cm->online) {
			cm->available++;
			global_available++;
		}
		break;
	case OP_ALLOC_MANAGED:
		for (unsigned i = 0; i < WORDS; i++)
			tmp[i] = cm->managed_map[i] & ~cm->alloc[i];
		bit = first_set(tmp);
		cm->alloc[bit / 64] |= 1ull << (bit % 64);
		cm->allocated++;
		cm->managed_allocated++;
		total_allocated++;
		break;
	case OP_ASSIGN:
		bit = o->bit;
		cm->alloc[bit / 64] |= 1ull << (bit % 64);
		cm->allocated++;
		total_allocated++;
		cm->available--;
		global_available--;
		break;
	case OP_ALLOC:
		for (unsigned i = 0; i < WORDS; i++)
			tmp[i] = cm->managed_map[i] | system_map[i] | cm->alloc[i];
		bit = first_zero(tmp, ALLOC_START);
		cm->alloc[bit / 64] |= 1ull << (bit % 64);
		cm->allocated++;
		cm->available--;
		total_allocated++;
		global_available--;
		if (o->flag)
			global_reserved--;
		break;
	case OP_FREE: {
		bit = o->bit;
		int managed = (cm->managed_map[bit / 64] >> (bit % 64)) & 1;
		cm->alloc[bit / 64] &= ~(1ull << (bit % 64));
		cm->allocated--;
		if (managed)
			cm->managed_allocated--;
		if (cm->online)
			total_allocated--;
		if (!managed) {
			cm->available++;
			if (cm->online)
				global_available++;
		}
		break;
	}
	}
	return bit;
}

static const struct {
	const char *name;
	enum op_kind kind;
	int per_cpu;
} events[] = {
	{ "irq_matrix_online:", OP_ONLINE, 0 },
	{ "irq_matrix_assign_system:", OP_ASSIGN_SYSTEM, 0 },
	{ "irq_matrix_reserve:", OP_RESERVE, 0 },
	{ "irq_matrix_remove_reserved:", OP_REMOVE_RESERVED, 0 },
	{ "irq_matrix_reserve_managed:", OP_RESERVE_MANAGED, 1 },
	{ "irq_matrix_remove_managed:", OP_REMOVE_MANAGED, 1 },
	{ "irq_matrix_alloc_managed:", OP_ALLOC_MANAGED, 1 },
	{ "irq_matrix_assign:", OP_ASSIGN, 1 },
	{ "irq_matrix_alloc:", OP_ALLOC, 1 },
	{ "irq_matrix_alloc_reserved:", OP_ALLOC, 1 },
	{ "irq_matrix_free:", OP_FREE, 1 },
};

static int parse_line(const char *line, struct op *o, struct seen *s)
{
	const char *p = strstr(line, "irq_matrix_");
	if (!p)
		return 0;
	size_t i;
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!strncmp(p, events[i].name, strlen(events[i].name)))
			break;
	if (i == sizeof(events) / sizeof(events[0])) {
		fprintf(stderr, "limit: cannot replay: %s", p);
		return -1;
	}
	memset(o, 0, sizeof(*o));
	memset(s, 0, sizeof(*s));
	o->kind = (uint8_t)events[i].kind;
	p += strlen(events[i].name);
	int n;
	if (events[i].per_cpu)
		n = sscanf(p, " bit=%d cpu=%u online=%d avl=%u alloc=%u managed=%u online_maps=%u global_avl=%u, "
			   "global_rsvd=%u, total_alloc=%u", &s->bit, &s->cpu, &s->online, &s->avl, &s->alloc,
			   &s->managed, &s->online_maps, &s->global_avl, &s->global_rsvd, &s->total_alloc) == 10;
	else if (events[i].kind == OP_ASSIGN_SYSTEM)
		n = sscanf(p, " bit=%d online_maps=%u global_avl=%u, global_rsvd=%u, total_alloc=%u", &s->bit,
			   &s->online_maps, &s->global_avl, &s->global_rsvd, &s->total_alloc) == 5;
	else
		n = sscanf(p, " online_maps=%u global_avl=%u, global_rsvd=%u, total_alloc=%u", &s->online_maps,
			   &s->global_avl, &s->global_rsvd, &s->total_alloc) == 4;
	if (!n || s->cpu >= MAX_CPUS || s->bit < 0 || s->bit >= 256) {
		fprintf(stderr, "limit: bad trace line: %s", line);
		return -1;
	}
	o->cpu = (uint16_t)s->cpu;
	o->bit = (uint16_t)s->bit;
	return 1;
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: limit TRACE [RUNS]\n");
		return 2;
	}
	int runs = argc == 3 ? atoi(argv[2]) : 101;
	if (runs < 11)
		runs = 11;
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "limit: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	size_t nr = 0, cap = 0;
	struct op *ops = NULL;
	struct seen *seen = NULL;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		struct op o;
		struct seen s;
		int r = parse_line(line, &o, &s);
		if (r < 0)
			return 2;
		if (!r)
			continue;
		if (nr == cap) {
			cap = cap ? cap * 2 : 4096;
			ops = realloc(ops, cap * sizeof(*ops));
			seen = realloc(seen, cap * sizeof(*seen));
			if (!ops || !seen) {
				fprintf(stderr, "limit: out of memory\n");
				return 1;
			}
		}
		ops[nr] = o;
		seen[nr++] = s;
		if (o.cpu + 1u > nr_cpus)
			nr_cpus = o.cpu + 1u;
	}
	fclose(f);

	/*
	 * The checking replay: it also decides what the trace leaves implicit
	 * (which CPU comes online, whether an allocation used a reservation or
	 * a system vector replaced an allocated one) and stores it in the ops.
	 */
	unsigned next_online = 0;
	for (size_t i = 0; i < nr; i++) {
		struct op *o = &ops[i];
		const struct seen *s = &seen[i];
		if (o->kind == OP_ONLINE) {
			while (next_online < MAX_CPUS && maps[next_online].online)
				next_online++;
			if (next_online >= MAX_CPUS) {
				fprintf(stderr, "limit: event %zu: more CPUs online than %u\n", i + 1, MAX_CPUS);
				return 2;
			}
			o->cpu = (uint16_t)next_online;
			if (o->cpu + 1u > nr_cpus)
				nr_cpus = o->cpu + 1u;
		}
		if (o->kind == OP_ALLOC)
			o->flag = s->global_rsvd + 1 == global_reserved;
		if (o->kind == OP_ASSIGN_SYSTEM)
			o->flag = s->total_alloc + 1 == total_allocated;
		unsigned bit = step(o);
		const struct cpumap *cm = &maps[o->cpu];
		int per_cpu = o->kind >= OP_RESERVE_MANAGED;
		if ((per_cpu || o->kind == OP_ASSIGN_SYSTEM) && bit != (unsigned)s->bit) {
			fprintf(stderr, "limit: event %zu: vector %u, the trace has %d\n", i + 1, bit, s->bit);
			return 2;
		}
		if (online_maps != s->online_maps || global_available != s->global_avl ||
		    global_reserved != s->global_rsvd || total_allocated != s->total_alloc ||
		    (per_cpu && (cm->available != s->avl || cm->allocated != s->alloc ||
				 cm->managed != s->managed || cm->online != s->online))) {
			fprintf(stderr, "limit: event %zu: counters differ from the trace's\n", i + 1);
			return 2;
		}
	}

	double *t = malloc((size_t)runs * sizeof(*t));
	if (!t)
		return 1;
	unsigned long long sum = 0;
	for (int r = 0; r < runs; r++) {
		double t0 = cpu_ms();
		reset();
		for (size_t i = 0; i < nr; i++)
			sum += step(&ops[i]);
		t[r] = cpu_ms() - t0;
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	/* the checksum keeps the replays from being optimised away */
	printf("%.4f ms  %zu operations on %u CPUs (median of %d; checksum %llu)\n", t[runs / 2], nr, nr_cpus,
	       runs, sum % 1000);
	free(t);
	free(ops);
	free(seen);
	return 0;
}
