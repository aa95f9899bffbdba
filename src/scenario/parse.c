// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario language v1 parser.
 *
 * The input is split into lines; each line is checked for NUL bytes and for
 * its length, copied into a NUL-terminated buffer, stripped of its comment
 * ('#' outside a double-quoted string) and of surrounding whitespace, and
 * then parsed as one directive.  Byte index i of the line buffer is column
 * i + 1, so every error can point at the offending character.
 *
 * The parser is iterative (no recursion), bounds every loop by the line
 * length and checks every allocation: it is meant to survive libFuzzer.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nomem.h"
#include "lib/readfile.h"
#include "scenario/scenario.h"

#define SCN_MAX_LINE   4096u     /* bytes per line, without the newline */
#define SCN_MAX_LINES  1000000u
#define SCN_MAX_SMP    8192u     /* largest value of any -smp option */
#define SCN_MAX_COUNT  65536u    /* largest device count= */
/*
 * Whole-scenario totals, so that no input costs more than a few seconds and
 * a few hundred MB: every step keeps its report (about 1.5 KB for a small
 * machine), and a set-affinity step reports each irq it names (a line of
 * 65536 irqs costs about 80 ms and 7 MB).
 */
#define SCN_MAX_STEPS         65536u   /* boot, hotplug, unplug, cpu, set-affinity, io, balance lines */
#define SCN_MAX_DEVICES       65536u   /* device and hotplug lines, count= copies included */
#define SCN_MAX_AFFINITY_ALL  262144u  /* irqs named by all set-affinity lines together */
#define SHOW_MAX       40u       /* user text quoted in messages */

#define DIRECTIVES "kernel, machine, smp, numa, cmdline, device, boot, hotplug, unplug, cpu, " \
	"set-affinity, io, balance, host, variant"
#define NAME_CHARS "letters, digits, '_', '.', '-'"

struct parser {
	const char *fname;
	char *err;
	size_t errlen;
	unsigned line;               /* current line, 1-based */
	struct scenario *s;
	size_t cap;                  /* allocated entries of s->dirs */
	unsigned kernel_line, machine_line, smp_line, boot_line, host_line;
	unsigned long steps, devices, affinity_irqs;  /* the totals so far (SCN_MAX_STEPS, ...) */
	char buf[SCN_MAX_LINE + 1];  /* current line */
	char key[SCN_MAX_LINE + 1];  /* scratch: key of the current option */
	char val[SCN_MAX_LINE + 1];  /* scratch: unescaped value */
};

/* A printable rendering of user text for messages. */
struct shown {
	char s[SHOW_MAX * 4 + 8];
};

static const char *show(struct shown *o, const char *s, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == SHOW_MAX) {
			memcpy(o->s + j, "...", 3);
			j += 3;
			break;
		}
		if (c >= 0x20 && c < 0x7f) {
			o->s[j++] = (char)c;
		} else {
			static const char hex[] = "0123456789abcdef";

			o->s[j++] = '\\';
			o->s[j++] = 'x';
			o->s[j++] = hex[c >> 4];
			o->s[j++] = hex[c & 15];
		}
	}
	o->s[j] = '\0';
	return o->s;
}

/* "'text'" quoted, or "end of line" for an empty string. */
static const char *got(struct shown *o, const char *s, size_t n)
{
	struct shown tmp;
	size_t l;

	if (n == 0)
		return "end of line";
	show(&tmp, s, n);
	l = strlen(tmp.s);
	o->s[0] = '\'';
	memcpy(o->s + 1, tmp.s, l);
	o->s[l + 1] = '\'';
	o->s[l + 2] = '\0';
	return o->s;
}

static __attribute__((format(printf, 3, 4)))
int perr(struct parser *p, size_t idx, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->errlen)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%u:%zu: ", p->fname, p->line, idx + 1);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* [A-Za-z0-9_.-]: device driver names and option names */
static bool is_name_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '-';
}

static size_t skip_ws(const char *b, size_t i)
{
	while (is_ws(b[i]))
		i++;
	return i;
}

static size_t word_end(const char *b, size_t i)
{
	while (b[i] && !is_ws(b[i]))
		i++;
	return i;
}

/* Describe what is at b[i] for "got ..." messages: a word or end of line. */
static const char *got_at(struct shown *o, const char *b, size_t i)
{
	return got(o, b + i, word_end(b, i) - i);
}

/* Like got_at(), but an option value ends at a comma too. */
static const char *got_item(struct shown *o, const char *b, size_t i)
{
	size_t j = i;

	if (b[j] == ',')
		return got(o, b + j, 1);
	while (b[j] && b[j] != ',' && !is_ws(b[j]))
		j++;
	return got(o, b + i, j - i);
}

/*
 * Decimal number.  Returns 0, -1 if s is empty or not all digits, -2 if it
 * is larger than max.
 */
static int parse_num(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	bool big = false;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!is_digit(*s))
			return -1;
		if (!big) {
			v = v * 10 + (unsigned long)(*s - '0');
			if (v > max)
				big = true;
		}
	}
	if (big)
		return -2;
	*out = v;
	return 0;
}

/*
 * Parse the number s (found at buffer index pos) in [min, max].  "after" is
 * what precedes it in messages, "name" how the range error names it.
 */
static int get_num(struct parser *p, const char *s, size_t pos, const char *after,
		   const char *name, unsigned long min, unsigned long max, unsigned long *out)
{
	struct shown g;
	int rc = parse_num(s, max, out);

	if (rc == -1) {
		const char *what = *s ? got(&g, s, strlen(s)) : got_item(&g, p->buf, pos);

		return perr(p, pos, "expected a number after '%s', got %s", after, what);
	}
	if (rc == -2 || *out < min)
		return perr(p, pos, "%s must be between %lu and %lu, got %s", name, min, max,
			    got(&g, s, strlen(s)));
	return 0;
}

/* Nothing may follow on the line after index i. */
static int expect_end(struct parser *p, size_t i, const char *what)
{
	struct shown g;

	i = skip_ws(p->buf, i);
	if (p->buf[i])
		return perr(p, i, "unexpected %s after %s", got_at(&g, p->buf, i), what);
	return 0;
}

/*
 * The next whitespace-separated word after index *i: sets *ws and *we to its
 * bounds and *i past it.  Returns false at end of line.
 */
static bool next_word(struct parser *p, size_t *i, size_t *ws, size_t *we)
{
	*ws = skip_ws(p->buf, *i);
	*we = word_end(p->buf, *ws);
	*i = *we;
	return *we > *ws;
}

/* A QEMU id (util/id.c id_wellformed): a letter, then [A-Za-z0-9-._]. */
static bool id_ok(const char *s)
{
	if (!is_alpha(*s))
		return false;
	for (s++; *s; s++)
		if (!is_alpha(*s) && !is_digit(*s) && *s != '-' && *s != '.' && *s != '_')
			return false;
	return true;
}

static int check_id(struct parser *p, const char *s, size_t pos, const char *after)
{
	struct shown g;

	if (!*s)
		return perr(p, pos, "expected a device id after '%s', got %s", after,
			    got_item(&g, p->buf, pos));
	if (!id_ok(s))
		return perr(p, pos, "invalid id '%s' (expected a letter followed by letters, "
			    "digits, '-', '.', '_')", show(&g, s, strlen(s)));
	return 0;
}

static char *dup_or_null(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = nomem_check(malloc(n));

	if (d)
		memcpy(d, s, n);
	return d;
}

/* The library's one out-of-memory message (no position: the input is not at fault) */
static int oom(struct parser *p)
{
	if (p->err && p->errlen)
		snprintf(p->err, p->errlen, "irqsim: out of memory");
	return -1;
}

/*
 * QEMU option splitting (util/qemu-option.c): items separated by ',', an
 * item is "key=value" or a bare "key"; ",," inside a value is a literal ','.
 * The current item's key and unescaped value land in p->key and p->val.
 */
struct optit {
	size_t i;     /* next item starts here */
	bool more;    /* a ',' was consumed: another item must follow */
};

struct opt {
	size_t pos;   /* buffer index of the key */
	size_t vpos;  /* buffer index of the value (after '='), or pos */
	size_t key_len;
	bool has_eq;
};

static bool opt_next(struct parser *p, struct optit *it, struct opt *o)
{
	const char *s = p->buf;
	size_t k = 0, v = 0;

	if (!s[it->i] && !it->more)
		return false;
	it->more = false;
	o->pos = it->i;
	while (s[it->i] && s[it->i] != '=' && s[it->i] != ',')
		p->key[k++] = s[it->i++];
	p->key[k] = '\0';
	o->key_len = k;
	o->has_eq = s[it->i] == '=';
	o->vpos = o->pos;
	if (o->has_eq) {
		it->i++;
		o->vpos = it->i;
		while (s[it->i]) {
			if (s[it->i] == ',') {
				if (s[it->i + 1] != ',')
					break;
				it->i++;
			}
			p->val[v++] = s[it->i++];
		}
	}
	p->val[v] = '\0';
	if (s[it->i] == ',') {
		it->i++;
		it->more = true;
	}
	return true;
}

/* Common checks of an option item: not empty, a key before '='. */
static int opt_basic(struct parser *p, const struct opt *o)
{
	struct shown g;

	if (o->key_len == 0 && !o->has_eq)
		return perr(p, o->pos, "expected an option after ',', got %s",
			    got_item(&g, p->buf, o->pos));
	if (o->key_len == 0)
		return perr(p, o->pos, "expected an option name before '='");
	return 0;
}

static int opt_need_value(struct parser *p, const struct opt *o)
{
	if (!o->has_eq)
		return perr(p, o->pos + o->key_len, "expected '=' after '%s'", p->key);
	return 0;
}

/* ---------------------------------------------------------------- smp */

static const char *const smp_keys[] = {
	"cpus", "sockets", "dies", "clusters", "cores", "threads", "maxcpus",
};
#define NR_SMP_KEYS (sizeof(smp_keys) / sizeof(smp_keys[0]))

static int parse_smp(struct parser *p, size_t i, struct smp_config *c)
{
	unsigned *field[NR_SMP_KEYS] = {
		&c->cpus, &c->sockets, &c->dies, &c->clusters, &c->cores, &c->threads, &c->maxcpus,
	};
	size_t seen[NR_SMP_KEYS] = { 0 }; /* column of the first occurrence, 0 = none */
	struct optit it = { .i = 0 };
	struct shown g;
	struct opt o;
	size_t ws, we;
	bool first = true;

	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected a number after 'smp', got end of line");
	if (expect_end(p, we, "smp options (options are comma-separated, without spaces)"))
		return -1;
	p->buf[we] = '\0';
	it.i = ws;
	while (opt_next(p, &it, &o)) {
		char after[32];
		const char *value;
		unsigned long v;
		size_t k;

		if (first && !o.has_eq) {
			/* "smp 4": the implied key is cpus */
			k = 0;
			value = p->key;
			snprintf(after, sizeof(after), "smp");
		} else {
			if (opt_basic(p, &o))
				return -1;
			for (k = 0; k < NR_SMP_KEYS; k++)
				if (!strcmp(p->key, smp_keys[k]))
					break;
			if (k == NR_SMP_KEYS)
				return perr(p, o.pos, "unknown smp option '%s' (expected one of: cpus, "
					    "sockets, dies, clusters, cores, threads, maxcpus)",
					    show(&g, p->key, o.key_len));
			if (opt_need_value(p, &o))
				return -1;
			value = p->val;
			snprintf(after, sizeof(after), "%s=", smp_keys[k]);
		}
		if (seen[k])
			return perr(p, o.pos, "duplicate smp option '%s' (already given at column %zu)",
				    smp_keys[k], seen[k]);
		seen[k] = o.pos + 1;
		{
			char name[32];

			snprintf(name, sizeof(name), "'%s'", smp_keys[k]);
			if (get_num(p, value, o.vpos, after, name, 1, SCN_MAX_SMP, &v))
				return -1;
		}
		*field[k] = (unsigned)v;
		first = false;
	}
	return 0;
}

/* --------------------------------------------------------------- numa */

/* "A" or "A-B", CPUs below NR_CPUS. */
static int parse_cpu_range(struct parser *p, const char *s, size_t pos, struct cpumask *m)
{
	unsigned long a = 0, b;
	size_t j = 0, bpos;
	bool abig = false, bbig = false;
	struct shown g;

	if (!is_digit(s[j]))
		goto bad;
	for (; is_digit(s[j]); j++)
		if (!abig && (a = a * 10 + (unsigned long)(s[j] - '0')) >= NR_CPUS)
			abig = true;
	b = a;
	bpos = 0;
	if (s[j] == '-') {
		j++;
		bpos = j;
		if (!is_digit(s[j]))
			goto bad;
		for (b = 0; is_digit(s[j]); j++)
			if (!bbig && (b = b * 10 + (unsigned long)(s[j] - '0')) >= NR_CPUS)
				bbig = true;
	}
	if (s[j])
		goto bad;
	if (abig)
		return perr(p, pos, "CPU %s out of range (must be below %u)",
			    show(&g, s, bpos ? bpos - 1 : j), NR_CPUS);
	if (bbig)
		return perr(p, pos + bpos, "CPU %s out of range (must be below %u)",
			    show(&g, s + bpos, j - bpos), NR_CPUS);
	if (b < a)
		return perr(p, pos, "invalid CPU range '%s' (first CPU is greater than last)",
			    show(&g, s, j));
	for (unsigned long c = a; c <= b; c++)
		cpumask_set_cpu((unsigned)c, m);
	return 0;
bad:
	return perr(p, pos, "expected a CPU number or range (N or N-M) after 'cpus=', got %s",
		    *s ? got(&g, s, strlen(s)) : got_item(&g, p->buf, pos));
}

static int parse_numa(struct parser *p, size_t i, struct numa_node_config *n)
{
	struct optit it = { .i = 0 };
	size_t nodeid_at = 0, mem_at = 0, memdev_at = 0;
	struct shown g;
	struct opt o;
	size_t ws, we;

	n->nodeid = -1;
	cpumask_clear(&n->cpus);
	n->has_cpus = false;
	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected 'node' after 'numa', got end of line");
	if (expect_end(p, we, "numa options (options are comma-separated, without spaces)"))
		return -1;
	p->buf[we] = '\0';
	it.i = ws;
	if (!opt_next(p, &it, &o) || o.has_eq || strcmp(p->key, "node"))
		return perr(p, ws, "expected 'node' after 'numa', got %s",
			    got_item(&g, p->buf, ws));
	while (opt_next(p, &it, &o)) {
		size_t *at = NULL;

		if (opt_basic(p, &o))
			return -1;
		if (!strcmp(p->key, "nodeid"))
			at = &nodeid_at;
		else if (!strcmp(p->key, "mem"))
			at = &mem_at;
		else if (!strcmp(p->key, "memdev"))
			at = &memdev_at;
		else if (strcmp(p->key, "cpus"))
			return perr(p, o.pos, "unknown numa option '%s' (expected one of: nodeid, "
				    "cpus, mem, memdev)", show(&g, p->key, o.key_len));
		if (at && *at)
			return perr(p, o.pos, "duplicate numa option '%s' (already given at "
				    "column %zu)", p->key, *at);
		if (at)
			*at = o.pos + 1;
		if (opt_need_value(p, &o))
			return -1;
		if (at == &nodeid_at) {
			unsigned long v;

			if (get_num(p, p->val, o.vpos, "nodeid=", "'nodeid'", 0,
				    MAX_NUMNODES - 1, &v))
				return -1;
			n->nodeid = (int)v;
		} else if (!at) {
			if (parse_cpu_range(p, p->val, o.vpos, &n->cpus))
				return -1;
			n->has_cpus = true;
		}
		/* mem= and memdev= are accepted and ignored */
	}
	return 0;
}

/* ------------------------------------------------------------- device */

static int add_opt(struct parser *p, struct scn_device *d, size_t *cap, const struct opt *o)
{
	struct scn_opt *x;

	if (d->nr_opts == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		struct scn_opt *n = nomem_check(realloc(d->opts, ncap * sizeof(*n)));

		if (!n)
			return oom(p);
		d->opts = n;
		*cap = ncap;
	}
	x = &d->opts[d->nr_opts];
	x->key = dup_or_null(p->key);
	x->value = dup_or_null(p->val);
	x->pos.line = p->line;
	x->pos.col = (unsigned)o->pos + 1;
	if (!x->key || !x->value) {
		free(x->key);
		free(x->value);
		return oom(p);
	}
	d->nr_opts++;
	return 0;
}

static int parse_device(struct parser *p, size_t i, const char *kw, struct scn_device *d)
{
	struct optit it = { .i = 0 };
	size_t id_at = 0, count_at = 0, count_vpos = 0, cap = 0;
	struct shown g;
	struct opt o;
	size_t ws, we, j;

	d->count = 1;
	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected a device driver name after '%s', got end of line", kw);
	{
		char what[64];

		snprintf(what, sizeof(what), "%s options (options are comma-separated, "
			 "without spaces)", kw);
		if (expect_end(p, we, what))
			return -1;
	}
	p->buf[we] = '\0';

	for (j = ws; is_name_char(p->buf[j]); j++)
		;
	if (j == ws)
		return perr(p, ws, "expected a device driver name after '%s', got %s", kw,
			    got_item(&g, p->buf, ws));
	if (p->buf[j] && p->buf[j] != ',')
		return perr(p, j, "invalid character '%s' in device driver name (expected "
			    NAME_CHARS ")", show(&g, p->buf + j, 1));
	d->driver = nomem_check(malloc(j - ws + 1));
	if (!d->driver)
		return oom(p);
	memcpy(d->driver, p->buf + ws, j - ws);
	d->driver[j - ws] = '\0';
	d->driver_pos.line = p->line;
	d->driver_pos.col = (unsigned)ws + 1;

	it.i = j;
	if (p->buf[j] == ',') {
		it.i = j + 1;
		it.more = true;
	}
	while (opt_next(p, &it, &o)) {
		size_t prev = 0;

		if (opt_basic(p, &o))
			return -1;
		for (size_t k = 0; k < o.key_len; k++)
			if (!is_name_char(p->key[k]))
				return perr(p, o.pos + k, "invalid character '%s' in option name "
					    "(expected " NAME_CHARS ")", show(&g, p->key + k, 1));
		if (!strcmp(p->key, "id")) {
			prev = id_at;
		} else if (!strcmp(p->key, "count")) {
			prev = count_at;
		} else {
			for (size_t k = 0; k < d->nr_opts; k++)
				if (!strcmp(d->opts[k].key, p->key))
					prev = d->opts[k].pos.col;
		}
		if (prev)
			return perr(p, o.pos, "duplicate option '%s' (already given at column %zu)",
				    p->key, prev);
		if (!strcmp(p->key, "id")) {
			id_at = o.pos + 1;
			if (opt_need_value(p, &o) || check_id(p, p->val, o.vpos, "id="))
				return -1;
			d->id = dup_or_null(p->val);
			if (!d->id)
				return oom(p);
		} else if (!strcmp(p->key, "count")) {
			unsigned long v;

			count_at = o.pos + 1;
			count_vpos = o.vpos;
			if (opt_need_value(p, &o) ||
			    get_num(p, p->val, o.vpos, "count=", "'count'", 1, SCN_MAX_COUNT, &v))
				return -1;
			d->count = (unsigned)v;
		} else if (add_opt(p, d, &cap, &o)) {
			return -1;
		}
	}
	/* id=ID with count=N names the copies ID0 .. ID<N-1> (the model does it) */
	(void)count_vpos;
	return 0;
}

/* --------------------------------------------------------- directives */

static const char *const kind_name[] = {
	[SCN_KERNEL] = "kernel", [SCN_MACHINE] = "machine", [SCN_SMP] = "smp",
	[SCN_NUMA] = "numa", [SCN_CMDLINE] = "cmdline", [SCN_DEVICE] = "device",
	[SCN_BOOT] = "boot", [SCN_HOTPLUG] = "hotplug", [SCN_UNPLUG] = "unplug",
	[SCN_CPU_OFFLINE] = "cpu", [SCN_CPU_ONLINE] = "cpu",
	[SCN_SET_AFFINITY] = "set-affinity", [SCN_IO] = "io", [SCN_BALANCE] = "balance",
	[SCN_HOST] = "host",
};

#define SCN_MAX_IRQ 1048576u  /* irq numbers (the kernel's IRQ_BITMAP_BITS is far lower) */
/*
 * irqs one set-affinity may name: as many as /proc/irq can hold on the
 * largest machine modelled (arch_probe_nr_irqs gives 8192 CPUs about 66k);
 * the step reports every irq, so a million-irq range would be a 100 MB line.
 */
#define SCN_MAX_AFFINITY_IRQS 65536u

/* set-affinity IRQS CPULIST: IRQS = N or a comma list of N and A-B */
static int parse_set_affinity(struct parser *p, size_t i, struct scn_set_affinity *a)
{
	struct shown g;
	size_t ws, we, cs, ce;
	unsigned char *seen = NULL;
	unsigned lo_all = SCN_MAX_IRQ, hi_all = 0;
	unsigned long named = 0;

	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected irq numbers after 'set-affinity' (N, A-B or a comma "
			    "list), got end of line");
	if (!next_word(p, &i, &cs, &ce))
		return perr(p, cs, "expected a CPU list after the irq numbers, got end of line");
	if (expect_end(p, ce, "the CPU list"))
		return -1;
	p->buf[we] = '\0';
	p->buf[ce] = '\0';
	seen = nomem_check(calloc(SCN_MAX_IRQ / 8 + 1, 1));
	if (!seen)
		return oom(p);
	for (size_t k = ws; k < we;) {
		unsigned long lo, hi;
		size_t s = k, e;
		char c;

		for (e = s; e < we && p->buf[e] != ',' && p->buf[e] != '-'; e++)
			;
		c = p->buf[e];
		p->buf[e] = '\0';
		if (get_num(p, p->buf + s, s, "set-affinity", "irq number", 0, SCN_MAX_IRQ - 1, &lo))
			goto fail;
		p->buf[e] = c;
		hi = lo;
		if (c == '-') {
			size_t s2 = e + 1, e2;

			for (e2 = s2; e2 < we && p->buf[e2] != ','; e2++)
				;
			c = p->buf[e2];
			p->buf[e2] = '\0';
			if (get_num(p, p->buf + s2, s2, "set-affinity", "irq number", 0, SCN_MAX_IRQ - 1,
				    &hi))
				goto fail;
			p->buf[e2] = c;
			if (hi < lo) {
				perr(p, s, "irq range %lu-%lu ends before it starts", lo, hi);
				goto fail;
			}
			e = e2;
		}
		for (unsigned long n = lo; n <= hi; n++) {
			named += !(seen[n / 8] & (1u << (n % 8)));
			seen[n / 8] |= (unsigned char)(1u << (n % 8));
		}
		if (named > SCN_MAX_AFFINITY_IRQS) {
			perr(p, s, "set-affinity names at most %u irqs; with %s it names %lu",
			     SCN_MAX_AFFINITY_IRQS, got(&g, p->buf + s, e - s), named);
			goto fail;
		}
		if (lo < lo_all)
			lo_all = (unsigned)lo;
		if (hi > hi_all)
			hi_all = (unsigned)hi;
		if (e < we && p->buf[e] == ',') {
			if (e + 1 >= we) {
				perr(p, e, "expected an irq number after ',', got %s", got_at(&g, p->buf, e + 1));
				goto fail;
			}
			e++;
		}
		k = e;
	}
	for (unsigned n = lo_all; n <= hi_all; n++)
		if (seen[n / 8] & (1u << (n % 8)))
			a->nr_irqs++;
	a->irqs = nomem_check(malloc(a->nr_irqs * sizeof(*a->irqs)));
	if (!a->irqs) {
		free(seen);
		return oom(p);
	}
	a->nr_irqs = 0;
	for (unsigned n = lo_all; n <= hi_all; n++)
		if (seen[n / 8] & (1u << (n % 8)))
			a->irqs[a->nr_irqs++] = n;
	free(seen);
	a->cpulist = dup_or_null(p->buf + cs);
	return a->cpulist ? 0 : oom(p);
fail:
	free(seen);
	return -1;
}

/* balance powersave|spread [continuous] | balance off */
/* host kvm [max-irq-routes=N] */
static int parse_host(struct parser *p, size_t i, unsigned *max_routes)
{
	struct shown g;
	size_t ws, we;

	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected 'kvm' after 'host', got end of line");
	char saved = p->buf[we];
	p->buf[we] = '\0';
	if (strcmp(p->buf + ws, "kvm"))
		return perr(p, ws, "unknown host '%s' (expected 'kvm')", show(&g, p->buf + ws, we - ws));
	p->buf[we] = saved;
	/* include/linux/kvm_host.h: KVM_MAX_IRQ_ROUTES on x86 */
	*max_routes = 4096;
	if (!next_word(p, &i, &ws, &we))
		return 0;
	saved = p->buf[we];
	p->buf[we] = '\0';
	static const char key[] = "max-irq-routes=";
	if (strncmp(p->buf + ws, key, sizeof(key) - 1))
		return perr(p, ws, "unexpected %s after 'host kvm' (expected max-irq-routes=N)",
			    got_at(&g, p->buf, ws));
	unsigned long n;
	if (get_num(p, p->buf + ws + sizeof(key) - 1, ws + sizeof(key) - 1, "max-irq-routes=", "'max-irq-routes'",
		    64, 65536, &n))
		return -1;
	*max_routes = (unsigned)n;
	p->buf[we] = saved;
	return expect_end(p, we, "max-irq-routes=N");
}

static int parse_balance(struct parser *p, size_t i, struct scn_balance *b)
{
	struct shown g;
	size_t ws, we;

	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected 'powersave', 'spread' or 'off' after 'balance', got end "
			    "of line");
	char saved = p->buf[we];

	p->buf[we] = '\0';
	if (!strcmp(p->buf + ws, "powersave"))
		b->mode = BALANCE_POWERSAVE;
	else if (!strcmp(p->buf + ws, "spread"))
		b->mode = BALANCE_SPREAD;
	else if (!strcmp(p->buf + ws, "off"))
		b->mode = BALANCE_OFF;
	else
		return perr(p, ws, "unknown balance mode '%s' (expected 'powersave', 'spread' or "
			    "'off')", show(&g, p->buf + ws, we - ws));
	p->buf[we] = saved;
	if (!next_word(p, &i, &ws, &we))
		return 0;
	saved = p->buf[we];
	p->buf[we] = '\0';
	if (b->mode == BALANCE_OFF || strcmp(p->buf + ws, "continuous"))
		return perr(p, ws, "unexpected %s after the balance mode (only 'continuous' may "
			    "follow 'powersave' or 'spread')", got_at(&g, p->buf, ws));
	p->buf[we] = saved;
	b->continuous = true;
	return expect_end(p, we, "'continuous'");
}

/* machine TYPE [pcie-hotplug=acpi|native] [root-ports=per-slot|packed]: the options after the type */
static int parse_machine_opts(struct parser *p, size_t i, struct scn_machine *m)
{
	static const char *const keys[] = { "pcie-hotplug", "root-ports" };
	static const char *const vals[][2] = { { "acpi", "native" }, { "per-slot", "packed" } };
	struct shown g;
	size_t ws, we;
	bool seen[2] = { false, false };

	while (next_word(p, &i, &ws, &we)) {
		size_t eq = ws;
		while (eq < we && p->buf[eq] != '=')
			eq++;
		unsigned k = 0;
		while (k < 2 && (eq - ws != strlen(keys[k]) || strncmp(p->buf + ws, keys[k], eq - ws)))
			k++;
		if (k == 2)
			return perr(p, ws, "unknown machine option %s (expected pcie-hotplug=acpi|native or "
				    "root-ports=per-slot|packed)", got_at(&g, p->buf, ws));
		if (seen[k])
			return perr(p, ws, "duplicate machine option '%s'", keys[k]);
		seen[k] = true;
		if (m->type != MACHINE_Q35)
			return perr(p, ws, k ? "root-ports= needs machine q35 (machine pc has no PCIe ports)"
					     : "pcie-hotplug= needs machine q35 (machine pc has no PCIe "
					       "ports; its hot-plug is ACPI's)");
		if (eq == we)
			return perr(p, eq, "expected '=' after '%s'", keys[k]);
		const char *v = p->buf + eq + 1;
		size_t vl = we - eq - 1;
		int val = -1;
		for (int c = 0; c < 2; c++)
			if (vl == strlen(vals[k][c]) && !strncmp(v, vals[k][c], vl))
				val = c;
		if (val < 0)
			return perr(p, eq + 1, "unknown %s mode '%s' (expected '%s' or '%s')", k ? "root-ports" : "pcie-hotplug",
				    show(&g, v, vl), vals[k][0], vals[k][1]);
		if (k)
			m->root_ports = val ? ROOT_PORTS_PACKED : ROOT_PORTS_PER_SLOT;
		else
			m->pcie_hotplug = val ? PCIE_HOTPLUG_NATIVE : PCIE_HOTPLUG_ACPI;
	}
	return 0;
}

static int parse_cmdline(struct parser *p, size_t i, char **out)
{
	struct shown g;
	size_t q, j, v = 0;

	q = skip_ws(p->buf, i);
	if (p->buf[q] != '"')
		return perr(p, q, "expected a double-quoted string after 'cmdline', got %s",
			    got_at(&g, p->buf, q));
	for (j = q + 1;; j++) {
		char c = p->buf[j];

		if (c == '\0')
			return perr(p, q, "unterminated string (missing closing '\"')");
		if (c == '"')
			break;
		if (c == '\\') {
			char n = p->buf[j + 1];

			if (n == '\0')
				return perr(p, q, "unterminated string (missing closing '\"')");
			if (n != '"' && n != '\\')
				return perr(p, j, "invalid escape '\\%s' (only \\\" and \\\\ are "
					    "allowed)", show(&g, &p->buf[j + 1], 1));
			c = n;
			j++;
		}
		p->val[v++] = c;
	}
	p->val[v] = '\0';
	if (expect_end(p, j + 1, "the closing quote"))
		return -1;
	*out = dup_or_null(p->val);
	return *out ? 0 : oom(p);
}

static int parse_cpu(struct parser *p, size_t i, struct scn_directive *d)
{
	struct shown g;
	size_t ws, we;
	unsigned long v;
	const char *sub;

	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected 'online' or 'offline' after 'cpu', got end of line");
	if (we - ws == 7 && !memcmp(p->buf + ws, "offline", 7)) {
		d->kind = SCN_CPU_OFFLINE;
		sub = "offline";
	} else if (we - ws == 6 && !memcmp(p->buf + ws, "online", 6)) {
		d->kind = SCN_CPU_ONLINE;
		sub = "online";
	} else {
		return perr(p, ws, "expected 'online' or 'offline' after 'cpu', got %s",
			    got_at(&g, p->buf, ws));
	}
	if (!next_word(p, &i, &ws, &we))
		return perr(p, ws, "expected a CPU number after '%s', got end of line", sub);
	if (expect_end(p, we, "the CPU number"))
		return -1;
	p->buf[we] = '\0';
	if (get_num(p, p->buf + ws, ws, sub, "CPU number", 0, NR_CPUS - 1, &v))
		return -1;
	d->u.cpu = (unsigned)v;
	return 0;
}

/* Append a zeroed directive; scenario_free() can always clean it up. */
static struct scn_directive *new_dir(struct parser *p)
{
	struct scenario *s = p->s;

	if (s->nr_dirs == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 16;
		struct scn_directive *n;

		if (ncap > SIZE_MAX / sizeof(*n))
			return NULL;
		n = nomem_check(realloc(s->dirs, ncap * sizeof(*n)));
		if (!n)
			return NULL;
		s->dirs = n;
		p->cap = ncap;
	}
	memset(&s->dirs[s->nr_dirs], 0, sizeof(s->dirs[0]));
	return &s->dirs[s->nr_dirs++];
}

static int find_kind(const char *kw, enum scn_kind *k)
{
	for (size_t i = 0; i < sizeof(kind_name) / sizeof(kind_name[0]); i++) {
		if (!strcmp(kw, kind_name[i])) {
			*k = (enum scn_kind)i;
			return 0;
		}
	}
	return -1;
}

/* Check where a directive may appear; returns -1 with a message if not. */
static int check_order(struct parser *p, enum scn_kind k, size_t col0)
{
	unsigned *once = NULL;

	switch (k) {
	case SCN_KERNEL:
		once = &p->kernel_line;
		break;
	case SCN_MACHINE:
		once = &p->machine_line;
		break;
	case SCN_SMP:
		once = &p->smp_line;
		break;
	case SCN_HOST:
		once = &p->host_line;
		break;
	case SCN_BOOT:
		if (p->boot_line)
			return perr(p, col0, "duplicate 'boot' directive (first at line %u)",
				    p->boot_line);
		p->boot_line = p->line;
		return 0;
	case SCN_HOTPLUG:
	case SCN_UNPLUG:
	case SCN_CPU_OFFLINE:
	case SCN_CPU_ONLINE:
	case SCN_SET_AFFINITY:
	case SCN_IO:
	case SCN_BALANCE:
		if (!p->boot_line)
			return perr(p, col0, "'%s' before 'boot' (runtime events must come after "
				    "a 'boot' line)", kind_name[k]);
		return 0;
	default:
		break;
	}
	if (p->boot_line) {
		if (k == SCN_DEVICE)
			return perr(p, col0, "'device' after 'boot' (line %u); use 'hotplug' to add "
				    "a device at runtime", p->boot_line);
		return perr(p, col0, "'%s' after 'boot' (line %u); machine configuration must "
			    "come before 'boot'", kind_name[k], p->boot_line);
	}
	if (once) {
		if (*once)
			return perr(p, col0, "duplicate '%s' directive (first at line %u)",
				    kind_name[k], *once);
		*once = p->line;
	}
	return 0;
}

static int parse_directive(struct parser *p, size_t start, size_t end)
{
	struct scn_directive *d;
	enum scn_kind kind;
	struct shown g;
	size_t kw_end = word_end(p->buf, start), ws, we, i;
	char saved = p->buf[kw_end];

	p->buf[kw_end] = '\0';
	if (!strcmp(p->buf + start, "variant"))
		return perr(p, start, "'variant' sections are run by 'irqsim run' (all of them, compared) "
			    "or one at a time with --variant NAME");
	if (find_kind(p->buf + start, &kind))
		return perr(p, start, "unknown directive '%s' (expected one of: " DIRECTIVES ")",
			    show(&g, p->buf + start, kw_end - start));
	p->buf[kw_end] = saved;
	if (check_order(p, kind, start))
		return -1;

	d = new_dir(p);
	if (!d)
		return oom(p);
	d->kind = kind;
	d->pos.line = p->line;
	d->pos.col = (unsigned)start + 1;
	d->text = nomem_check(malloc(end - start + 1));
	if (!d->text)
		return oom(p);
	memcpy(d->text, p->buf + start, end - start);
	d->text[end - start] = '\0';

	i = kw_end;
	if (kind >= SCN_BOOT && kind != SCN_HOST && ++p->steps > SCN_MAX_STEPS)
		return perr(p, start, "too many steps (a scenario has at most %u boot, hotplug, unplug, cpu, "
			    "set-affinity, io and balance lines)", SCN_MAX_STEPS);
	switch (kind) {
	case SCN_KERNEL:
		if (!next_word(p, &i, &ws, &we))
			return perr(p, ws, "expected a kernel version after 'kernel' (one of: "
				    KERNEL_CHOICES "), got end of line");
		saved = p->buf[we];
		p->buf[we] = '\0';
		if (kernel_sel_parse(p->buf + ws, &d->u.kernel, NULL, 0) < 0)
			return perr(p, ws, "unknown kernel version '%s' (expected one of: "
				    KERNEL_CHOICES ", or a release of one of them as uname -r prints it)",
				    show(&g, p->buf + ws, we - ws));
		p->buf[we] = saved;
		return expect_end(p, we, "the kernel version");
	case SCN_MACHINE:
		if (!next_word(p, &i, &ws, &we))
			return perr(p, ws, "expected a machine type after 'machine' ('pc' or "
				    "'q35'), got end of line");
		saved = p->buf[we];
		p->buf[we] = '\0';
		if (!strcmp(p->buf + ws, "pc"))
			d->u.machine.type = MACHINE_PC;
		else if (!strcmp(p->buf + ws, "q35"))
			d->u.machine.type = MACHINE_Q35;
		else
			return perr(p, ws, "unknown machine type '%s' (expected 'pc' or 'q35')",
				    show(&g, p->buf + ws, we - ws));
		p->buf[we] = saved;
		return parse_machine_opts(p, we, &d->u.machine);
	case SCN_SMP:
		return parse_smp(p, i, &d->u.smp);
	case SCN_NUMA:
		return parse_numa(p, i, &d->u.numa);
	case SCN_CMDLINE:
		return parse_cmdline(p, i, &d->u.cmdline);
	case SCN_DEVICE:
	case SCN_HOTPLUG:
		if (parse_device(p, i, kind_name[kind], &d->u.device))
			return -1;
		p->devices += d->u.device.count;
		if (p->devices > SCN_MAX_DEVICES)
			return perr(p, start, "too many devices (a scenario has at most %u, count= copies included; "
				    "with this line %lu)", SCN_MAX_DEVICES, p->devices);
		return 0;
	case SCN_BOOT:
		return expect_end(p, i, "'boot'");
	case SCN_UNPLUG:
		if (!next_word(p, &i, &ws, &we))
			return perr(p, ws, "expected a device id after 'unplug', got end of line");
		if (expect_end(p, we, "the device id"))
			return -1;
		p->buf[we] = '\0';
		if (check_id(p, p->buf + ws, ws, "unplug"))
			return -1;
		d->u.unplug_id = dup_or_null(p->buf + ws);
		return d->u.unplug_id ? 0 : oom(p);
	case SCN_CPU_OFFLINE:
	case SCN_CPU_ONLINE:
		return parse_cpu(p, i, d);
	case SCN_SET_AFFINITY:
		if (parse_set_affinity(p, i, &d->u.aff))
			return -1;
		p->affinity_irqs += d->u.aff.nr_irqs;
		if (p->affinity_irqs > SCN_MAX_AFFINITY_ALL)
			return perr(p, start, "too many irqs named by set-affinity lines (at most %u in a "
				    "scenario; with this line %lu)", SCN_MAX_AFFINITY_ALL, p->affinity_irqs);
		return 0;
	case SCN_IO:
		if (!next_word(p, &i, &ws, &we))
			return perr(p, ws, "expected a device id after 'io', got end of line");
		if (expect_end(p, we, "the device id"))
			return -1;
		p->buf[we] = '\0';
		if (check_id(p, p->buf + ws, ws, "io"))
			return -1;
		d->u.io_id = dup_or_null(p->buf + ws);
		return d->u.io_id ? 0 : oom(p);
	case SCN_BALANCE:
		return parse_balance(p, i, &d->u.balance);
	case SCN_HOST:
		return parse_host(p, i, &d->u.kvm_max_irq_routes);
	}
	return perr(p, start, "internal error: unhandled directive");
}

/* Cut the comment ('#' outside double quotes) and return the content length. */
static size_t strip_comment(char *b, size_t len)
{
	bool in_q = false;

	for (size_t i = 0; i < len; i++) {
		if (in_q) {
			if (b[i] == '\\' && i + 1 < len)
				i++;
			else if (b[i] == '"')
				in_q = false;
		} else if (b[i] == '"') {
			in_q = true;
		} else if (b[i] == '#') {
			b[i] = '\0';
			return i;
		}
	}
	return len;
}

int scenario_parse(const char *filename, const char *buf, size_t len,
		   struct scenario *out, char *err, size_t errlen)
{
	struct parser *p;
	size_t off = 0;
	int rc = 0;

	if (err && errlen)
		err[0] = '\0';
	if (!out)
		return -1;
	memset(out, 0, sizeof(*out));
	if (!filename)
		filename = "<input>";
	p = nomem_check(calloc(1, sizeof(*p)));
	out->filename = dup_or_null(filename);
	if (!p || !out->filename) {
		if (err && errlen)
			snprintf(err, errlen, "irqsim: out of memory");
		free(p);
		scenario_free(out);
		return -1;
	}
	p->fname = filename;
	p->err = err;
	p->errlen = errlen;
	p->s = out;
	if (!buf)
		len = 0;

	while (off < len) {
		const char *line = buf + off;
		const char *nl = memchr(line, '\n', len - off);
		size_t raw = nl ? (size_t)(nl - line) : len - off;
		size_t n = raw, start, end;
		const char *nul;

		off += raw + (nl ? 1 : 0);
		if (p->line == SCN_MAX_LINES) {
			p->line++;
			rc = perr(p, 0, "too many lines (more than %u)", SCN_MAX_LINES);
			break;
		}
		p->line++;
		nul = memchr(line, '\0', raw);
		if (nul) {
			rc = perr(p, (size_t)(nul - line), "unexpected NUL byte");
			break;
		}
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n > SCN_MAX_LINE) {
			rc = perr(p, SCN_MAX_LINE, "line too long (more than %u characters)",
				  SCN_MAX_LINE);
			break;
		}
		memcpy(p->buf, line, n);
		p->buf[n] = '\0';
		end = strip_comment(p->buf, n);
		while (end > 0 && is_ws(p->buf[end - 1]))
			end--;
		p->buf[end] = '\0';
		start = skip_ws(p->buf, 0);
		if (start == end)
			continue;
		rc = parse_directive(p, start, end);
		if (rc)
			break;
	}
	free(p);
	if (rc) {
		scenario_free(out);
		return -1;
	}
	return 0;
}

char *scenario_read_file(const char *path, size_t *lenp, char *err, size_t errlen)
{
	return read_file_capped(path, INPUT_MAX_BYTES, lenp, err, errlen);
}

int scenario_load(const char *path, struct scenario *out, char *err, size_t errlen)
{
	size_t len = 0;
	char *data;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (out)
		memset(out, 0, sizeof(*out));
	if (!path || !out) {
		if (err && errlen)
			snprintf(err, errlen, "scenario_load: no %s given", path ? "output" : "path");
		return -1;
	}
	data = scenario_read_file(path, &len, err, errlen);
	if (!data)
		return -1;
	rc = scenario_parse(strcmp(path, "-") ? path : "<stdin>", data, len, out, err, errlen);
	free(data);
	return rc;
}

/* --------------------------------------------------------- variants */

/* Is [b, e) a 'variant' line?  Sets the name's span. */
static bool variant_line(const char *b, size_t e, size_t *ns, size_t *ne)
{
	size_t i = 0;

	while (i < e && is_ws(b[i]))
		i++;
	if (e - i < 7 || memcmp(b + i, "variant", 7) || (i + 7 < e && !is_ws(b[i + 7]) && b[i + 7] != '#'))
		return false;
	i += 7;
	while (i < e && is_ws(b[i]))
		i++;
	*ns = i;
	while (i < e && !is_ws(b[i]) && b[i] != '#')
		i++;
	*ne = i;
	return true;
}

void scenario_variants_free(struct scn_variant *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].text);
	}
	free(v);
}

int scenario_variants(const char *filename, const char *buf, size_t len, struct scn_variant **out,
		      char *err, size_t errlen)
{
	struct scn_variant *v = NULL;
	int n = 0;
	unsigned line = 0;

	*out = NULL;
	/* pass 1: the variant lines */
	for (size_t off = 0; off < len;) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t e = nl ? (size_t)(nl - buf) - off : len - off, ns, ne;

		line++;
		if (variant_line(buf + off, e, &ns, &ne)) {
			size_t k = ns;
			struct scn_variant *nv;

			if (ne == ns) {
				snprintf(err, errlen, "%s:%u:%zu: expected a name after 'variant'", filename, line,
					 ns + 1);
				goto fail;
			}
			for (; k < ne; k++)
				if (!isalnum((unsigned char)buf[off + k]) && !strchr("_.-", buf[off + k]))
					break;
			if (k < ne || ne - ns > 64) {
				snprintf(err, errlen, "%s:%u:%zu: bad variant name (up to 64 of " NAME_CHARS ")",
					 filename, line, ns + 1);
				goto fail;
			}
			for (size_t j = ne; j < e && buf[off + j] != '#'; j++)
				if (!is_ws(buf[off + j])) {
					snprintf(err, errlen, "%s:%u:%zu: unexpected text after the variant name",
						 filename, line, j + 1);
					goto fail;
				}
			for (int j = 0; j < n; j++)
				if (strlen(v[j].name) == ne - ns && !memcmp(v[j].name, buf + off + ns, ne - ns)) {
					snprintf(err, errlen, "%s:%u:%zu: duplicate variant '%s' (first at line %u)",
						 filename, line, ns + 1, v[j].name, v[j].line);
					goto fail;
				}
			if (n >= 256) {
				snprintf(err, errlen, "%s:%u:1: too many variants (at most 256)", filename, line);
				goto fail;
			}
			nv = nomem_check(realloc(v, (size_t)(n + 1) * sizeof(*v)));
			if (!nv)
				goto oom;
			v = nv;
			memset(&v[n], 0, sizeof(v[n]));
			v[n].line = line;
			v[n].name = nomem_check(strndup(buf + off + ns, ne - ns));
			n++;
			if (!v[n - 1].name)
				goto oom;
		}
		off += e + 1;
	}
	/* pass 2: each variant's text, other variants blanked (newlines kept) */
	for (int k = 0; k < n; k++) {
		char *txt = nomem_check(malloc(len + 1));
		int cur = -1;

		if (!txt)
			goto oom;
		v[k].text = txt;
		v[k].len = len;
		line = 0;
		for (size_t off = 0; off < len;) {
			const char *nl = memchr(buf + off, '\n', len - off);
			size_t e = nl ? (size_t)(nl - buf) - off : len - off, ns, ne;
			bool keep;

			line++;
			if (variant_line(buf + off, e, &ns, &ne)) {
				cur++;
				keep = false;
			} else {
				keep = cur < 0 || cur == k;
			}
			if (keep)
				memcpy(txt + off, buf + off, e);
			else
				memset(txt + off, ' ', e);
			if (nl)
				txt[off + e] = '\n';
			off += e + 1;
		}
		txt[len] = '\0';
	}
	*out = v;
	return n;
oom:
	snprintf(err, errlen, "%s: out of memory", filename);
fail:
	scenario_variants_free(v, n);
	return -1;
}

static void free_device(struct scn_device *d)
{
	free(d->driver);
	free(d->id);
	for (size_t i = 0; i < d->nr_opts; i++) {
		free(d->opts[i].key);
		free(d->opts[i].value);
	}
	free(d->opts);
}

void scenario_free(struct scenario *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr_dirs; i++) {
		struct scn_directive *d = &s->dirs[i];

		switch (d->kind) {
		case SCN_CMDLINE:
			free(d->u.cmdline);
			break;
		case SCN_DEVICE:
		case SCN_HOTPLUG:
			free_device(&d->u.device);
			break;
		case SCN_UNPLUG:
			free(d->u.unplug_id);
			break;
		case SCN_SET_AFFINITY:
			free(d->u.aff.irqs);
			free(d->u.aff.cpulist);
			break;
		case SCN_IO:
			free(d->u.io_id);
			break;
		default:
			break;
		}
		free(d->text);
	}
	free(s->dirs);
	free(s->filename);
	memset(s, 0, sizeof(*s));
}

const struct scn_opt *scn_device_opt(const struct scn_device *d, const char *key)
{
	if (!d || !key)
		return NULL;
	for (size_t i = 0; i < d->nr_opts; i++)
		if (!strcmp(d->opts[i].key, key))
			return &d->opts[i];
	return NULL;
}
