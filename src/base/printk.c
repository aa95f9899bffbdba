// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's log, event stream, explanations and BUG (base/printk.h): the
 * bottom of the model, below the irq core, so that the layers that print
 * (as the kernel's subsystems call printk) call down, never up into the
 * machine's boot and timeline.
 */
#define _GNU_SOURCE
#include "base/printk.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/profile.h"
#include "kernel/sim.h"
#include "lib/grow.h"
#include "lib/nomem.h"
#include "pci/pci.h"

/*
 * fmt formatted into a string of its own: through a stack buffer, one exact
 * allocation (vasprintf's growing buffer and string stream cost twice that
 * for the short lines of a log), or NULL, counted (lib/nomem.h).
 */
static char *format_line(const char *fmt, va_list ap)
{
	char buf[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	char *text = NULL;
	if (n >= 0 && (size_t)n < sizeof(buf)) {
		if ((text = malloc((size_t)n + 1)))
			memcpy(text, buf, (size_t)n + 1);
	} else if (n >= 0 && vasprintf(&text, fmt, again) < 0) {
		text = NULL;
	}
	va_end(again);
	return nomem_check(text);
}

void sim_log(struct sim *s, enum log_level lvl, const char *fmt, ...)
{
	/* 830 lines on seed 000, a tenth of its simulation: formatted only for a view that prints them */
	if (s->log_omitted)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *text = format_line(fmt, ap);
	va_end(ap);
	if (!text)
		return;
	if (array_grow_cap(&s->log.lines, &s->log.cap, s->log.nr, sizeof(*s->log.lines), 64)) {
		free(text);
		return;
	}
	s->log.lines[s->log.nr++] = (struct log_line){ .level = lvl, .text = text };
}

int trace_log_push(struct trace_log *tl, const struct matrix_trace *t)
{
	if (!tl->enabled || tl->omitted)
		return 0;
	if (array_grow_cap(&tl->recs, &tl->cap, tl->nr, sizeof(*tl->recs), 1024))
		return -ENOMEM;
	tl->recs[tl->nr++] = (struct trace_rec){
		.kind = TR_MATRIX, .ev = (uint8_t)t->ev, .bit = (uint8_t)t->bit, .online = t->online,
		.cpu = (uint16_t)t->cpu, .dev = t->dev <= UINT16_MAX ? (uint16_t)t->dev : 0,
		.c = { t->avl, t->alloc, t->managed, t->online_maps, t->global_avl, t->global_rsvd, t->total_alloc },
	};
	return 0;
}

int trace_rec_matrix(const struct trace_log *tl, size_t i, struct matrix_trace *out)
{
	const struct trace_rec *r = &tl->recs[i];
	if (r->kind != TR_MATRIX)
		return -1;
	*out = (struct matrix_trace){
		.ev = (enum matrix_event)r->ev, .bit = r->bit, .cpu = r->cpu, .online = r->online,
		.avl = r->c.avl, .alloc = r->c.alloc, .managed = r->c.managed, .online_maps = r->c.online_maps,
		.global_avl = r->c.global_avl, .global_rsvd = r->c.global_rsvd, .total_alloc = r->c.total_alloc,
		.dev = r->dev,
	};
	return 0;
}

const char *trace_rec_marker(const struct trace_log *tl, size_t i)
{
	const struct trace_rec *r = &tl->recs[i];
	return r->kind == TR_MARKER ? tl->markers[r->marker] : NULL;
}

void trace_log_free(struct trace_log *tl)
{
	for (size_t i = 0; i < tl->nr_markers; i++)
		free(tl->markers[i]);
	free(tl->markers);
	free(tl->recs);
	tl->markers = NULL;
	tl->recs = NULL;
	tl->nr = tl->cap = tl->nr_markers = tl->cap_markers = 0;
}

bool sim_explaining(const struct sim *s)
{
	return s->probing && !s->explain_omitted;
}

void sim_explain(struct sim *s, const char *fmt, ...)
{
	struct pci_dev *d = s->probing;
	if (!d || s->explain_omitted)
		return;
	/*
	 * Formatted once into a stack buffer (an explanation line is short) and
	 * appended in place: 2,854 lines on seed 000, where formatting each
	 * with vasprintf and copying the whole chain with asprintf per line
	 * was a fifth of the run.
	 */
	char buf[512], *line = buf;
	va_list ap;
	va_start(ap, fmt);
	int ln = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (ln < 0)
		return;
	if ((size_t)ln >= sizeof(buf)) {
		line = NULL;
		va_start(ap, fmt);
		if (vasprintf(&line, fmt, ap) < 0)
			line = NULL;
		va_end(ap);
		if (!nomem_check(line))
			return;
	}
	size_t el = d->explain ? strlen(d->explain) : 0;
	/* a retry that fails the same way adds nothing */
	if (el) {
		const char *last = d->explain + el - 1; /* the final '\n' */
		while (last > d->explain && last[-1] != '\n')
			last--;
		if ((size_t)(d->explain + el - 1 - last) == (size_t)ln && !strncmp(last, line, (size_t)ln)) {
			if (line != buf)
				free(line);
			return;
		}
	}
	char *n = nomem_check(realloc(d->explain, el + (size_t)ln + 2));
	if (n) {
		memcpy(n + el, line, (size_t)ln);
		n[el + (size_t)ln] = '\n';
		n[el + (size_t)ln + 1] = '\0';
		d->explain = n;
	}
	if (line != buf)
		free(line);
}

void sim_marker(struct sim *s, const char *fmt, ...)
{
	struct trace_log *tl = &s->trace;
	va_list ap;
	if (tl->omitted)
		return;
	va_start(ap, fmt);
	char *text = format_line(fmt, ap);
	va_end(ap);
	if (!text)
		return;
	if (array_grow_cap(&tl->markers, &tl->cap_markers, tl->nr_markers, sizeof(*tl->markers), 64) ||
	    array_grow_cap(&tl->recs, &tl->cap, tl->nr, sizeof(*tl->recs), 1024)) {
		free(text);
		return;
	}
	tl->recs[tl->nr++] = (struct trace_rec){ .kind = TR_MARKER, .marker = (uint32_t)tl->nr_markers };
	tl->markers[tl->nr_markers++] = text;
}

void sim_kernel_bug(struct sim *s, const char *file, unsigned line, const char *function, const char *trace)
{
	if (s->panicked)
		return;
	sim_log(s, LOG_WARNING, "------------[ cut here ]------------");
	sim_log(s, LOG_WARNING, "kernel BUG at %s:%u!", file, line);
	sim_log(s, LOG_WARNING, "invalid opcode: 0000 [#1] SMP");
	sim_log(s, LOG_WARNING, "RIP: %s", function);
	sim_log(s, LOG_WARNING, "Call Trace: %s", trace);
	sim_log(s, LOG_ERR, "Kernel panic - not syncing: Fatal exception");
	s->panicked = true;
	free(s->panic_reason);
	if (asprintf(&s->panic_reason, "kernel BUG at %s:%u! (%s)", file, line, function) < 0) {
		s->panic_reason = NULL;
		nomem();
	}
	sim_explain(s, "  kernel BUG at %s:%u in %s, called from %s: the kernel panics", file, line, function, trace);
}

void sim_unmodelled(struct sim *s, const char *switch_name)
{
	int i = kernel_switch_index(switch_name);
	if (i < 0 || i >= 64 || kernel_switches[i].modelled || !kernel_switch_value(s->prof, (size_t)i))
		return;
	s->unmodelled_hit |= 1ull << i;
}
