// SPDX-License-Identifier: GPL-2.0-only
/*
 * A recorded irq_matrix trace (tracefs "trace" text, events/irq_matrix
 * enabled) as a snapshot: what a support engineer gets when the machine
 * has no irq debugfs.  The events are the kernel's own bookkeeping
 * (include/trace/events/irq_matrix.h):
 *
 *  - every event prints the matrix's global counters after the operation
 *    (online_maps, global_avl, global_rsvd, total_alloc);
 *  - the per-CPU events (reserve_managed, remove_managed, alloc_managed,
 *    alloc, assign, alloc_reserved, free) also print the CPU's cpumap
 *    after it: online, avl (available), alloc (allocated), managed;
 *  - irq_matrix_online / irq_matrix_offline run on the CPU going up or
 *    down (arch/x86/kernel/apic/vector.c: lapic_online, lapic_offline), so
 *    the CPU is the trace's [CPU] column, and global_avl moves by that
 *    CPU's available count (kernel/irq/matrix.c: irq_matrix_online).
 *
 * The last event of each CPU gives its avl/alloc/managed exactly; the
 * managed-allocated count (the VECTOR file's "mac") is not printed, so it
 * is followed bit by bit: alloc_managed sets the bit, free clears it.  The
 * result is the debugfs VECTOR file the kernel would have printed at the
 * end of the trace (irq_matrix_debug_show), which the doctor reads.
 *
 * A trace from boot starts before the boot CPU's vector map comes online
 * (the system vectors are assigned first: its first event has
 * online_maps=0).  One whose first event has CPUs online was started on a
 * running machine (or lost its start in the ring buffer): the CPUs without
 * events, the system vectors and what was allocated before are not in it,
 * and the snapshot says so (trace_after_boot).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>

#include "irq/matrix.h"
#include "snapshot/snapshot_int.h"

#define TRACE_MATRIX_BITS 256u   /* x86 NR_VECTORS */
#define TRACE_MAX_COUNT (TRACE_MATRIX_BITS * SNAP_MAX_CPUS)

/*
 * What an event tells: the global counters only (every event prints them),
 * a system vector's bit, a CPU coming up or going down, or one CPU's
 * counters (kinds from EV_CPU on), some with a bit taken or given back.
 */
enum ev_kind { EV_GLOBAL, EV_SYSTEM, EV_ONLINE, EV_OFFLINE, EV_CPU, EV_CPU_ALLOC, EV_CPU_ALLOC_MANAGED, EV_CPU_FREE };

static const struct {
	const char *name;
	enum ev_kind kind;
} events[] = {
	{ "irq_matrix_online", EV_ONLINE },                { "irq_matrix_offline", EV_OFFLINE },
	{ "irq_matrix_reserve", EV_GLOBAL },               { "irq_matrix_remove_reserved", EV_GLOBAL },
	{ "irq_matrix_assign_system", EV_SYSTEM },
	{ "irq_matrix_reserve_managed", EV_CPU },          { "irq_matrix_remove_managed", EV_CPU },
	{ "irq_matrix_alloc_managed", EV_CPU_ALLOC_MANAGED }, { "irq_matrix_alloc", EV_CPU_ALLOC },
	{ "irq_matrix_assign", EV_CPU_ALLOC },             { "irq_matrix_alloc_reserved", EV_CPU_ALLOC },
	{ "irq_matrix_free", EV_CPU_FREE },
};

struct trace_cpu {
	bool seen, online, online_known;
	unsigned avl, alloc, managed;
	struct vecmap alloc_map;     /* allocated bits, as followed */
	struct vecmap managed_alloc; /* bits allocated by alloc_managed */
};

struct trace_state {
	const char *path;
	unsigned line;
	char *err;
	size_t errlen;
	struct trace_cpu *cpu;       /* [nr_cpu_ids], grown as CPUs are seen */
	unsigned nr_cpu_ids;         /* highest CPU seen + 1 */
	unsigned cap_cpu;            /* entries allocated (zeroed) */
	unsigned online_maps, global_avl, global_rsvd, total_alloc;
	bool have_global;
	struct vecmap system_map;
	unsigned long events;
	unsigned long kept, written; /* "entries-in-buffer/entries-written" */
	unsigned lost_offline;       /* CPUs that went down without an irq_matrix_offline event */
	unsigned lost_line;          /* where it was first seen */
	unsigned read_online;        /* "#P:N" of the header, 0 unknown */
	unsigned guessed;            /* online/offline events without a [CPU] column after the first offline */
	bool seen_offline;
	unsigned nr_online;          /* CPUs this reader takes as online */
	/*
	 * the online CPUs as bits, with a word-level summary of the words all online (for the lowest CPU down) and
	 * of the words with one online (for the highest up): a guess per event stays O(1) at 8192 CPUs
	 */
	uint64_t up[SNAP_MAX_CPUS / 64];
	uint64_t up_full[SNAP_MAX_CPUS / 64 / 64], up_any[SNAP_MAX_CPUS / 64 / 64];
	unsigned first_maps;         /* online_maps of the first event: 0 at boot, before the boot CPU's lapic_online */
	unsigned first_line;
};

static int terr(struct trace_state *t, const char *lp, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int terr(struct trace_state *t, const char *lp, const char *at, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(t->err, t->errlen, "%s:%u:%u: %s", t->path, t->line, (unsigned)(at - lp) + 1, msg);
	return -1;
}

/* CPU c's state, the array grown to hold it (c < SNAP_MAX_CPUS), at least doubled: CPUs come one by one */
static struct trace_cpu *cpu_state(struct trace_state *t, unsigned c)
{
	if (c >= t->cap_cpu) {
		unsigned cap = c + 1 > 2 * t->cap_cpu ? c + 1 : 2 * t->cap_cpu;
		t->cpu = xreallocarray(t->cpu, cap, sizeof(*t->cpu));
		memset(&t->cpu[t->cap_cpu], 0, (cap - t->cap_cpu) * sizeof(*t->cpu));
		t->cap_cpu = cap;
	}
	if (c >= t->nr_cpu_ids)
		t->nr_cpu_ids = c + 1;
	return &t->cpu[c];
}

static void set_online(struct trace_state *t, unsigned cpu, bool online)
{
	struct trace_cpu *c = &t->cpu[cpu];
	if (c->online != online)
		t->nr_online = online ? t->nr_online + 1 : t->nr_online - 1;
	c->online = online;
	c->online_known = true;
	unsigned w = cpu / 64;
	if (online)
		t->up[w] |= 1ull << (cpu % 64);
	else
		t->up[w] &= ~(1ull << (cpu % 64));
	uint64_t bit = 1ull << (w % 64);
	t->up_full[w / 64] = t->up[w] == ~0ull ? t->up_full[w / 64] | bit : t->up_full[w / 64] & ~bit;
	t->up_any[w / 64] = t->up[w] ? t->up_any[w / 64] | bit : t->up_any[w / 64] & ~bit;
}

static void lost_offline(struct trace_state *t)
{
	if (!t->lost_offline++)
		t->lost_line = t->line;
}

/* The lowest CPU not online, and the highest online one (-1 if none): for traces without a [CPU] column */
static int first_down(const struct trace_state *t)
{
	for (unsigned s = 0; s < sizeof(t->up_full) / sizeof(t->up_full[0]); s++)
		if (~t->up_full[s]) {
			unsigned w = s * 64 + (unsigned)__builtin_ctzll(~t->up_full[s]);
			return (int)(w * 64 + (unsigned)__builtin_ctzll(~t->up[w]));
		}
	return -1;
}

static int last_up(const struct trace_state *t)
{
	for (unsigned s = sizeof(t->up_any) / sizeof(t->up_any[0]); s-- > 0;)
		if (t->up_any[s]) {
			unsigned w = s * 64 + 63 - (unsigned)__builtin_clzll(t->up_any[s]);
			return (int)(w * 64 + 63 - (unsigned)__builtin_clzll(t->up[w]));
		}
	return -1;
}

/*
 * The "key=NUMBER" fields of an event, found in one pass over the line (a
 * key starts the fields or follows a blank or a comma; the first of a name
 * counts); each value is read when asked for.
 */
enum fkey { F_ONLINE_MAPS, F_GLOBAL_AVL, F_GLOBAL_RSVD, F_TOTAL_ALLOC, F_BIT, F_CPU, F_ONLINE, F_AVL, F_ALLOC,
	    F_MANAGED, F_NR };
static const char *const fkey_name[F_NR] = { "online_maps", "global_avl", "global_rsvd", "total_alloc", "bit", "cpu",
					     "online", "avl", "alloc", "managed" };

struct fields {
	const char *start, *end;
	const char *val[F_NR];       /* just after "key=", NULL if absent */
};

static void scan_fields(struct fields *f, const char *fields, const char *end)
{
	memset(f, 0, sizeof(*f));
	f->start = fields;
	f->end = end;
	for (const char *p = fields; p < end;) {
		if (p != fields && p[-1] != ' ' && p[-1] != ',') {
			p++;
			continue;
		}
		/* a name runs to '=': the letters in between cannot start another key */
		const char *q = p;
		while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
			q++;
		if (q < end && *q == '=') {
			for (unsigned k = 0; k < F_NR; k++)
				if (!f->val[k] && strlen(fkey_name[k]) == (size_t)(q - p) && !memcmp(fkey_name[k], p, (size_t)(q - p)))
					f->val[k] = q + 1;
		}
		p = q > p ? q : p + 1;
	}
}

/* The value of field k (at most max); errors point at it, or at the fields if it is missing. */
static int field(struct trace_state *t, const char *lp, const struct fields *f, enum fkey k, unsigned long max,
		 unsigned *val)
{
	const char *key = fkey_name[k], *v = f->val[k];
	if (!v)
		return terr(t, lp, f->start, "this event has no '%s=' field", key);
	if (v >= f->end || !isdigit((unsigned char)*v))
		return terr(t, lp, v, "'%s=' must be followed by a number", key);
	char *e;
	errno = 0;
	unsigned long n = strtoul(v, &e, 10);
	if (errno || n > max)
		return terr(t, lp, v, "'%s' must be at most %lu", key, max);
	if (e < f->end && *e != ' ' && *e != ',')
		return terr(t, lp, e, "'%s=' must be followed by a number", key);
	*val = (unsigned)n;
	return 0;
}

/* One irq_matrix event line.  ev points at "irq_matrix_", end at the end of the line. */
static int one_event(struct trace_state *t, const char *lp, const char *ev, const char *end)
{
	const char *colon = memchr(ev, ':', (size_t)(end - ev));
	if (!colon)
		return terr(t, lp, ev, "expected 'irq_matrix_EVENT: fields'");
	size_t nl = (size_t)(colon - ev);
	size_t k;
	for (k = 0; k < sizeof(events) / sizeof(events[0]); k++)
		if (strlen(events[k].name) == nl && !strncmp(events[k].name, ev, nl))
			break;
	if (k == sizeof(events) / sizeof(events[0]))
		return terr(t, lp, ev, "unknown event '%.*s' (not one of include/trace/events/irq_matrix.h)",
			    (int)(nl < 40 ? nl : 40), ev);
	const char *fields = colon + 1;
	while (fields < end && *fields == ' ')
		fields++;
	/* the [CPU] column of tracefs' default output, where the event ran */
	int ran_on = -1;
	const char *br = memchr(lp, '[', (size_t)(ev - lp));
	if (br) {
		char *e;
		unsigned long c = strtoul(br + 1, &e, 10);
		if (e == br + 1 || *e != ']' || c >= SNAP_MAX_CPUS)
			return terr(t, lp, br, "expected the CPU column '[NNN]' (a CPU below %u)", SNAP_MAX_CPUS);
		ran_on = (int)c;
	}
	struct fields f;
	scan_fields(&f, fields, end);
	unsigned maps, gavl, grsvd, total;
	if (field(t, lp, &f, F_ONLINE_MAPS, SNAP_MAX_CPUS, &maps) || field(t, lp, &f, F_GLOBAL_AVL, TRACE_MAX_COUNT, &gavl) ||
	    field(t, lp, &f, F_GLOBAL_RSVD, TRACE_MAX_COUNT, &grsvd) ||
	    field(t, lp, &f, F_TOTAL_ALLOC, TRACE_MAX_COUNT, &total))
		return -1;
	if (!t->events) {
		t->first_maps = maps;
		t->first_line = t->line;
	}
	unsigned prev_avl = t->global_avl;
	const char *name = events[k].name;
	enum ev_kind kind = events[k].kind;
	/*
	 * online_maps only drops in irq_matrix_offline; if it drops at another event, a CPU went down and its
	 * events (the offline and the migration that ran on the dying CPU) are not in the trace: the
	 * recordings of Debian 6.1 and 6.12 under QEMU never hold them
	 */
	if (t->have_global && maps < t->online_maps && kind != EV_OFFLINE)
		lost_offline(t);
	t->online_maps = maps;
	t->global_avl = gavl;
	t->global_rsvd = grsvd;
	t->total_alloc = total;
	t->events++;
	if (kind == EV_SYSTEM) {
		unsigned bit;
		if (field(t, lp, &f, F_BIT, TRACE_MATRIX_BITS - 1, &bit))
			return -1;
		vecmap_set(&t->system_map, bit);
	} else if (kind == EV_ONLINE || kind == EV_OFFLINE) {
		bool up = kind == EV_ONLINE;
		if (ran_on < 0) {
			/*
			 * irqsim's own trace view (and the goldens' trace.txt) print no [CPU] column: CPUs come up
			 * in ascending order at boot (the lowest not yet online) and the highest online one is
			 * taken to go down; that is a guess after boot, and noted
			 */
			/* more CPUs up than the kernel had before this online: one went down unseen and comes back */
			bool back = up && t->nr_online >= maps;
			ran_on = up && !back ? first_down(t) : last_up(t);
			if (ran_on < 0)
				return terr(t, lp, ev, "%s with no CPU online before it and no [CPU] column", name);
			if (!up || t->seen_offline)
				t->guessed++;
		}
		t->seen_offline |= !up;
		struct trace_cpu *c = cpu_state(t, (unsigned)ran_on);
		/* up again without having been seen going down: its offline is not in the trace */
		if (up && c->online_known && c->online)
			lost_offline(t);
		/* irq_matrix_online adds the CPU's available vectors to global_avl, offline removes them */
		if (up && t->have_global && gavl >= prev_avl)
			c->avl = gavl - prev_avl;
		c->seen = true;
		set_online(t, (unsigned)ran_on, up);
	} else if (kind >= EV_CPU) {
		unsigned bit, cpu, online, avl, alloc, managed;
		if (field(t, lp, &f, F_BIT, TRACE_MATRIX_BITS - 1, &bit) || field(t, lp, &f, F_CPU, SNAP_MAX_CPUS - 1, &cpu) ||
		    field(t, lp, &f, F_ONLINE, 1, &online) || field(t, lp, &f, F_AVL, TRACE_MATRIX_BITS, &avl) ||
		    field(t, lp, &f, F_ALLOC, TRACE_MATRIX_BITS, &alloc) ||
		    field(t, lp, &f, F_MANAGED, TRACE_MATRIX_BITS, &managed))
			return -1;
		struct trace_cpu *c = cpu_state(t, cpu);
		c->seen = true;
		set_online(t, cpu, online);
		c->avl = avl;
		c->alloc = alloc;
		c->managed = managed;
		if (kind == EV_CPU_ALLOC_MANAGED) {
			vecmap_set(&c->alloc_map, bit);
			vecmap_set(&c->managed_alloc, bit);
		} else if (kind == EV_CPU_ALLOC) {
			vecmap_set(&c->alloc_map, bit);
		} else if (kind == EV_CPU_FREE) {
			vecmap_clear(&c->alloc_map, bit);
			vecmap_clear(&c->managed_alloc, bit);
		}
	}
	/* the kernel counts fewer online CPUs than the events have shown up: one went down unseen */
	if (t->nr_online > maps && t->lost_line != t->line)
		lost_offline(t);
	t->have_global = true;
	return 0;
}

/* The VECTOR file irq_matrix_debug_show would print at the end of the trace. */
static char *vector_text(const struct trace_state *t, const struct cpumask *online)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		snap_oom(NULL);
	char list[1024];
	fprintf(f, "name:   VECTOR\n");
	fprintf(f, "Online bitmaps:   %6u\n", t->online_maps);
	fprintf(f, "Global available: %6u\n", t->global_avl);
	fprintf(f, "Global reserved:  %6u\n", t->global_rsvd);
	fprintf(f, "Total allocated:  %6u\n", t->total_alloc);
	vecmap_print_list(list, sizeof(list), &t->system_map, TRACE_MATRIX_BITS);
	fprintf(f, "System: %u: %s\n", vecmap_weight(&t->system_map, TRACE_MATRIX_BITS), list);
	fprintf(f, " | CPU | avl | man | mac | act | vectors\n");
	unsigned cpu;
	for_each_cpu(cpu, online) {
		const struct trace_cpu *c = &t->cpu[cpu];
		unsigned mac = vecmap_weight(&c->managed_alloc, TRACE_MATRIX_BITS);
		/* with events lost at the start, what was followed may exceed what the kernel counts */
		if (mac > c->managed)
			mac = c->managed;
		if (mac > c->alloc)
			mac = c->alloc;
		vecmap_print_list(list, sizeof(list), &c->alloc_map, TRACE_MATRIX_BITS);
		fprintf(f, "  %4u  %4u  %4u  %4u %4u  %s\n", cpu, c->avl, c->managed, mac, c->alloc, list);
	}
	fclose(f);
	return buf;
}

bool snapshot_is_trace(const char *text)
{
	/* tracefs output, or any line whose event is irq_matrix_* */
	const char *start = text + strspn(text, " \t\r\n");
	return strstr(text, ": irq_matrix_") || strstr(text, "\nirq_matrix_") || !strncmp(start, "irq_matrix_", 11) ||
	       (*start == '#' && (strstr(text, "# tracer:") || strstr(text, "irq_matrix")));
}

int snapshot_from_trace(const char *path, const char *text, size_t len, struct snapshot *out, char *err,
			size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (snapshot_check_nul(path, text, len, err, errlen))
		return -1;
	struct trace_state t = { .path = path, .err = err, .errlen = errlen };
	int rc = -1;
	for (const char *p = text; *p;) {
		t.line++;
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		if (end > p && end[-1] == '\r')
			end--;
		const char *s = p;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s < end && *s == '#') {
			unsigned long a, b;
			const char *h = memmem(s, (size_t)(end - s), "entries-in-buffer/entries-written:", 34);
			/* sscanf measures the whole string it is given: it gets a copy of the line, not the rest of the file */
			char hl[128];
			if (h)
				snprintf(hl, sizeof(hl), "%.*s", (int)(end - h - 34 < 127 ? end - h - 34 : 127), h + 34);
			if (h && sscanf(hl, " %lu/%lu", &a, &b) == 2) {
				t.kept = a;
				t.written = b;
				/* "#P:N": the CPUs online when the trace was read (num_online_cpus) */
				const char *np = strstr(hl, "#P:");
				if (np && sscanf(np + 3, "%lu", &a) == 1 && a <= SNAP_MAX_CPUS)
					t.read_online = (unsigned)a;
			}
		} else if (s < end) {
			const char *ev = memmem(s, (size_t)(end - s), "irq_matrix_", 11);
			/* an irq_matrix event: at the start (irqsim's trace view), or after "TIMESTAMP: " */
			if (ev && (ev == s || (ev - s >= 2 && ev[-1] == ' ' && ev[-2] == ':')) &&
			    one_event(&t, p, ev, end))
				goto out;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (!t.events) {
		snprintf(err, errlen, "%s:1:1: not an irq_matrix trace: no irq_matrix_* events "
			 "(enable them with: echo 1 > /sys/kernel/tracing/events/irq_matrix/enable)", path);
		goto out;
	}
	struct cpumask possible, online;
	cpumask_clear(&possible);
	cpumask_clear(&online);
	unsigned with_events = 0;
	for (unsigned c = 0; c < t.nr_cpu_ids; c++) {
		if (!t.cpu[c].seen)
			continue;
		with_events++;
		cpumask_set_cpu(c, &possible);
		if (t.cpu[c].online || !t.cpu[c].online_known)
			cpumask_set_cpu(c, &online);
	}
	if (cpumask_empty(&possible)) {
		snprintf(err, errlen, "%s:1:1: the trace names no CPU (no per-CPU irq_matrix event, no irq_matrix_online)",
			 path);
		goto out;
	}
	unsigned words = cpumask_begin_all_words();
	size_t listlen = 6 * (size_t)t.nr_cpu_ids + 16; /* "NNNN," a CPU at worst */
	char *list = xmalloc(listlen);
	cpumask_print_list(list, listlen, &possible, t.nr_cpu_ids);
	out->possible = xstrdup(list);
	cpumask_print_list(list, listlen, &online, t.nr_cpu_ids);
	out->online = xstrdup(list);
	free(list);
	out->source = xstrdup(path);
	out->arch = xstrdup("x86_64");
	out->vector_dump = vector_text(&t, &online);
	if (asprintf(&out->vector_from, "%lu irq_matrix events of the trace", t.events) < 0)
		snap_oom(NULL);
	cpumask_end_all_words(words);
	if (t.first_maps) {
		out->trace_after_boot = true;
		out->trace_online = t.read_online ? t.read_online : t.online_maps;
		char *why;
		if (asprintf(&why, "%s:%u: the trace does not start at boot: its first event has %u CPUs online "
			     "(online_maps=%u; a trace from boot starts before the boot CPU's vectors come online, with 0): "
			     "only the counters the events carry are known (the last event's global counters, the per-CPU "
			     "counters of the %u CPUs with events, %u CPUs online%s); the other CPUs, the system vectors and "
			     "the headroom are not", path, t.first_line, t.first_maps, t.first_maps,
			     with_events, out->trace_online, t.read_online ? " (#P)" : " (online_maps)") < 0)
			snap_oom(NULL);
		snap_add_note(out, why);
	}
	if (t.lost_offline) {
		char *why;
		if (asprintf(&why, "%s:%u: the trace lacks the events of %u CPU offline%s (online_maps dropped with no "
			     "irq_matrix_offline: what ran on the dying CPU was not kept): the figures are approximate from "
			     "there on", path, t.lost_line, t.lost_offline, t.lost_offline == 1 ? "" : "s") < 0)
			snap_oom(NULL);
		snap_add_note(out, why);
	}
	if (t.read_online && t.read_online != t.online_maps) {
		char *why;
		if (asprintf(&why, "%s: the last event has %u CPUs online, %u were online when the trace was read (#P:%u): "
			     "a CPU went offline or online after the last event, or its events were not kept; which CPUs "
			     "are online is not known", path, t.online_maps, t.read_online, t.read_online) < 0)
			snap_oom(NULL);
		snap_add_note(out, why);
	}
	if (t.guessed) {
		char *why;
		if (asprintf(&why, "%s: no [CPU] column: %u CPU offline/online events were given to CPUs by guess (the "
			     "highest online CPU goes down, the lowest offline one comes up)", path, t.guessed) < 0)
			snap_oom(NULL);
		snap_add_note(out, why);
	}
	if (t.written > t.kept) {
		char *why;
		if (asprintf(&why, "%s: the ring buffer kept %lu of %lu events: CPUs without an event are missing and the "
			     "managed-allocated counts are those of the events kept (a larger buffer_size_kb keeps all)",
			     path, t.kept, t.written) < 0)
			snap_oom(NULL);
		snap_add_note(out, why);
	}
	rc = 0;
out:
	free(t.cpu);
	if (rc)
		snapshot_free(out);
	return rc;
}
