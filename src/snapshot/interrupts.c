// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/interrupts as kernel/irq/proc.c show_interrupts prints it: a header
 * of online CPUs, then per irq its counts, the chip name, "hwirq-trigger"
 * (3.10: "chip-trigger", no hwirq) and the action names joined by ", ".
 * Architecture rows (NMI, LOC, ...) carry no irq number.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdint.h>

#include "snapshot/snapshot_int.h"

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static const char *token_end(const char *p)
{
	while (*p && *p != ' ' && *p != '\t' && *p != '\n')
		p++;
	return p;
}

static char *dup_range(const char *b, const char *e)
{
	char *s = xmalloc((size_t)(e - b) + 1);
	memcpy(s, b, (size_t)(e - b));
	s[e - b] = 0;
	return s;
}

/* "540672-edge" -> hwirq "540672", type "edge"; false if not of that shape */
static bool split_hwirq(const char *b, const char *e, char **hwirq, char **type)
{
	const char *dash = NULL;
	for (const char *p = b; p < e; p++)
		if (*p == '-')
			dash = p;
	if (!dash || dash + 1 == e)
		return false;
	for (const char *p = b; p < dash; p++)
		if (!isxdigit((unsigned char)*p))
			return false;
	*hwirq = dup_range(b, dash);
	*type = dup_range(dash + 1, e);
	return true;
}

static void set_err(char *err, size_t errlen, unsigned line, const char *lb, const char *at, const char *what)
{
	snprintf(err, errlen, "%u:%u: %s", line, (unsigned)(at - lb) + 1, what);
}

int snapshot_parse_interrupts(struct snapshot *s, const char *text, char *err, size_t errlen)
{
	const char *p = text;
	unsigned line = 1, cpus = 0;
	/* header: "CPU0 CPU1 ..." */
	const char *nl = strchr(p, '\n');
	const char *hend = nl ? nl : p + strlen(p); /* once: a header without a newline is not measured per word */
	for (const char *q = p; q && *q && q < hend;) {
		q = skip_ws(q);
		if (!strncmp(q, "CPU", 3)) {
			/* the snapshot loader's bound (proc_interrupts_cpus): one column per online CPU */
			if (cpus == SNAP_MAX_CPUS) {
				set_err(err, errlen, line, p, q, "more than 8192 CPU columns");
				return -1;
			}
			cpus++;
			q = token_end(q);
		} else if (*q && *q != '\n') {
			set_err(err, errlen, line, p, q, "expected the CPU header (CPU0 CPU1 ...)");
			return -1;
		} else
			break;
	}
	if (!cpus) {
		set_err(err, errlen, line, p, p, "expected the CPU header (CPU0 CPU1 ...)");
		return -1;
	}
	s->proc_cpus = cpus;
	bool x86_rows = false;
	/* the highest irq known: the sysfs passes before this file leave s->irqs sorted */
	unsigned top = s->nr_irqs ? s->irqs[s->nr_irqs - 1].irq : 0;
	for (p = nl ? nl + 1 : p + strlen(p), line = 2; *p; line++) {
		const char *lb = p;
		nl = strchr(p, '\n');
		const char *le = nl ? nl : p + strlen(p);
		const char *q = skip_ws(p);
		const char *colon = memchr(q, ':', (size_t)(le - q));
		if (q == le) {
			p = nl ? nl + 1 : le;
			continue;
		}
		if (!colon) {
			set_err(err, errlen, line, lb, q, "expected 'IRQ:' or 'NAME:' at the start of the line");
			return -1;
		}
		bool numeric = colon > q;
		for (const char *c = q; c < colon; c++)
			if (!isdigit((unsigned char)*c))
				numeric = false;
		if (!numeric) {
			if (colon - q == 3 && !strncmp(q, "LOC", 3))
				x86_rows = true;
			p = nl ? nl + 1 : le;
			continue;
		}
		errno = 0;
		unsigned long irq = strtoul(q, NULL, 10);
		if (errno || irq >= (1ul << 24)) {
			set_err(err, errlen, line, lb, q, "irq number out of range");
			return -1;
		}
		unsigned long long total = 0;
		const char *c = colon + 1;
		for (unsigned k = 0; k < cpus; k++) {
			c = skip_ws(c);
			if (!isdigit((unsigned char)*c)) {
				set_err(err, errlen, line, lb, c, "expected one count per CPU column");
				return -1;
			}
			char *end;
			errno = 0;
			unsigned long long n = strtoull(c, &end, 10);
			/* the loader takes a total up to INT64_MAX; never wrap past it */
			if (errno || n > (unsigned long long)INT64_MAX - total) {
				set_err(err, errlen, line, lb, c, "count out of range (a total above 2^63-1)");
				return -1;
			}
			total += n;
			c = end;
		}
		if (s->nr_irqs >= SNAP_MAX_IRQS) {
			set_err(err, errlen, line, lb, q, "more than 65536 irqs");
			return -1;
		}
		/* the irq's entry: a new one, or the one sysfs already gave */
		struct snap_irq *ir = NULL;
		/*
		 * the kernel prints irqs in ascending order: a row above every irq
		 * known so far is new, without a scan.  Compared with the highest
		 * irq, not the last entry: a row out of order is appended, and a
		 * later row above it may still be one already known.
		 */
		bool above = !s->nr_irqs || top < irq;
		for (size_t i = 0; i < s->nr_irqs && !above; i++)
			if (s->irqs[i].irq == irq)
				ir = &s->irqs[i];
		if (!ir) {
			if (!s->nr_irqs || top < irq)
				top = (unsigned)irq;
			s->irqs = xreallocarray(s->irqs, s->nr_irqs + 1, sizeof(*s->irqs));
			ir = &s->irqs[s->nr_irqs++];
			memset(ir, 0, sizeof(*ir));
			ir->irq = (unsigned)irq;
			ir->node = -1;
		}
		ir->in_proc = true;
		ir->count = total;
		c = skip_ws(c);
		const char *te = token_end(c);
		if (c < te && c < le) {
			const char *chip_b = c, *chip_e = te;
			c = skip_ws(te);
			te = token_end(c);
			char *hw = NULL, *ty = NULL;
			if (c < le && split_hwirq(c, te, &hw, &ty)) {
				c = skip_ws(te);
			} else {
				/* 3.10: "IO-APIC-edge": the trigger is the chip token's last part */
				const char *dash = NULL;
				for (const char *d = chip_b; d < chip_e; d++)
					if (*d == '-')
						dash = d;
				if (dash && dash + 1 < chip_e) {
					ty = dup_range(dash + 1, chip_e);
					chip_e = dash;
				}
			}
			if (!ir->chip)
				ir->chip = dup_range(chip_b, chip_e);
			if (!ir->hwirq && hw)
				ir->hwirq = hw;
			else
				free(hw);
			if (!ir->type && ty)
				ir->type = ty;
			else
				free(ty);
			/* actions: "a, b" -> "a,b" as sysfs writes them */
			const char *ae = le;
			while (ae > c && isspace((unsigned char)ae[-1]))
				ae--;
			char *acts = xmalloc((size_t)(ae - c) + 1);
			size_t n = 0;
			for (const char *d = c; d < ae; d++) {
				if (*d == ',' && d + 1 < ae && d[1] == ' ') {
					acts[n++] = ',';
					d++;
					continue;
				}
				acts[n++] = *d;
			}
			acts[n] = 0;
			if (!ir->actions)
				ir->actions = acts;
			else
				free(acts);
		}
		p = nl ? nl + 1 : le;
	}
	if (x86_rows && !s->arch)
		s->arch = xstrdup("x86_64");
	snap_sort_irqs(s);
	return 0;
}
