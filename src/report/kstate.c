// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kstate view: the model's interrupt-vector state after boot (step 0)
 * and after every timeline step, in the line format of the conformance
 * goldens' kstate.txt (tests/conformance/README.md), which record --kstate
 * reads from the real kernel's memory with gdb: struct irq_matrix and every
 * CPU's struct cpumap (kernel/irq/matrix.c), then each irq's irq_data state
 * and the vector domain's apic_chip_data (the irqdebug view's fields).  The
 * conformance replay compares the two field by field.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/profile.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "report/irqdebug.h"
#include "report/kstate.h"

/* The text of every step so far, kept by the step hook. */
struct kstate_log {
	char **text;
	size_t nr, cap;
};

static void log_free(void *p)
{
	struct kstate_log *l = p;
	for (size_t i = 0; l && i < l->nr; i++)
		free(l->text[i]);
	if (l)
		free(l->text);
	free(l);
}

/* The kernel's %*pb form of a 256-bit map: 32-bit groups, most significant first. */
static void print_map(FILE *out, const struct vecmap *m)
{
	for (int g = (int)(IRQ_MATRIX_BITS / 32u) - 1; g >= 0; g--)
		fprintf(out, "%08x%s", (unsigned)(m->w[g / 2] >> (32 * (g % 2))) & 0xffffffffu, g ? "," : "");
}

static int print_state(const struct sim *s, const char *what, FILE *out)
{
	const struct irq_matrix *m = s->matrix;
	fprintf(out, "step %u %s\n", s->step, what);
	fprintf(out,
		"matrix matrix_bits=%u alloc_start=%u alloc_end=%u alloc_size=%u global_available=%u "
		"global_reserved=%u systembits_inalloc=%u total_allocated=%u online_maps=%u system_map=",
		m->matrix_bits, m->alloc_start, m->alloc_end, m->alloc_size, m->global_available, m->global_reserved,
		m->systembits_inalloc, m->total_allocated, m->online_maps);
	print_map(out, &m->system_map);
	fputc('\n', out);
	for (unsigned cpu = 0; cpu < m->nr_maps; cpu++) {
		const struct cpumap *c = &m->maps[cpu];
		fprintf(out,
			"cpu %u initialized=%d online=%d available=%u allocated=%u managed=%u managed_allocated=%u "
			"alloc_map=",
			cpu, c->initialized, c->online, c->available, c->allocated, c->managed, c->managed_allocated);
		print_map(out, &c->alloc_map);
		fputs(" managed_map=", out);
		print_map(out, &c->managed_map);
		fputc('\n', out);
	}
	for (unsigned i = 0; i < s->irqs.size; i++)
		if (s->irqs.descs[i] && irqdebug_kstate_line(s, s->irqs.descs[i], out))
			return -ENOMEM;
	return 0;
}

/* The step hook: the state after boot (step 0) and after each step. */
static int kstate_hook(struct sim *s)
{
	if (!s->matrix)
		return 0; /* 3.10: refused when the view is printed */
	struct kstate_log *l = s->step_log;
	if (!l) {
		l = nomem_check(calloc(1, sizeof(*l)));
		if (!l)
			return -ENOMEM;
		s->step_log = l;
		s->step_log_free = log_free;
	}
	if (l->nr == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		char **t = nomem_check(realloc(l->text, cap * sizeof(*t)));
		if (!t)
			return -ENOMEM;
		l->text = t;
		l->cap = cap;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!nomem_check(f))
		return -ENOMEM;
	const char *what = s->step && s->snaps.nr ? s->snaps.v[s->snaps.nr - 1].text : "booted";
	int rc = print_state(s, what, f);
	if (fclose(f) || rc || !buf) {
		free(buf);
		return nomem();
	}
	l->text[l->nr++] = buf;
	return 0;
}

void report_kstate_select(bool on)
{
	sim_set_step_hook(on ? kstate_hook : NULL);
}

int report_kstate(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (fmt->json) {
		snprintf(err, errlen, "irqsim: the kstate view is the text of the goldens' kstate.txt; it has no JSON form (-J)");
		return -1;
	}
	if (!s->matrix) {
		snprintf(err, errlen, "irqsim: the kstate view prints struct irq_matrix, which %s has not (4.15 and later)",
			 kernel_line_name(s->prof->line));
		return -1;
	}
	const struct kstate_log *l = s->step_log;
	if (!l || s->step_log_free != log_free) {
		snprintf(err, errlen, "irqsim: the kstate view needs its steps kept: select it before the run "
				      "(irqsim_kstate_select)");
		return -1;
	}
	for (size_t i = 0; i < l->nr; i++)
		fputs(l->text[i], out);
	return 0;
}

void irqsim_kstate_select(int on)
{
	report_kstate_select(on != 0);
}
