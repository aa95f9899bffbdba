// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the whole model: a fuzzed scenario that parses
 * is run (boot, timeline, every view, the invariant checker after every
 * step).  The model must refuse bad semantics with a one-line
 * FILE:LINE:COL message and never crash.  Large scenarios are skipped to
 * keep executions fast (fuzz_small.h).  Built and run by `make fuzz`.
 *
 * The views are printed into a stream that refuses every write past a byte
 * budget taken from the input (a disk that fills up, a reader that goes
 * away): each view must return non-zero exactly when some of its output was
 * refused, never 0 with output lost.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* fopencookie; the gcc replay build defines it on the command line */
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"
#include "fuzz_small.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A stream that takes 'budget' bytes, then refuses every write (ENOSPC) */
struct failing {
	size_t budget, used;
	int refused;
};

static ssize_t failing_write(void *cookie, const char *buf, size_t n)
{
	struct failing *f = cookie;
	(void)buf;
	if (n > f->budget - f->used) {
		f->refused = 1;
		errno = ENOSPC;
		return 0; /* fopencookie(3): 0 on error, never negative (glibc would count -1 as SIZE_MAX bytes) */
	}
	f->used += n;
	return (ssize_t)n;
}

/* The budget: one input in four writes everything, the others fail somewhere in the first 16 KiB */
static size_t failing_budget(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h % 4 == 0 ? SIZE_MAX : (h >> 2) % 16384;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario s;
	char err[512];
	if (scenario_parse("fuzz.scn", (const char *)data, size, &s, err, sizeof(err)))
		return 0;
	if (!fuzz_small(&s)) {
		scenario_free(&s);
		return 0;
	}
	struct irqsim_options o = { .check_invariants = 1 };
	struct sim *sim = irqsim_run(&s, &o, err, sizeof(err));
	if (!sim) {
		if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n') || strncmp(err, "fuzz.scn", 8))
			__builtin_trap();
		if (strstr(err, "invariant violated"))
			__builtin_trap(); /* a model bug, not a bad input */
	} else {
		static const enum irqsim_view views[] = {
			IRQSIM_VIEW_SUMMARY, IRQSIM_VIEW_INTERRUPTS, IRQSIM_VIEW_VECTOR, IRQSIM_VIEW_TRACE,
			IRQSIM_VIEW_DMESG,   IRQSIM_VIEW_AFFINITY,   IRQSIM_VIEW_STEPS,  IRQSIM_VIEW_EXPLAIN,
		};
		const size_t budget = failing_budget(data, size);
		for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++) {
			struct failing st = { .budget = budget };
			FILE *out = fopencookie(&st, "w", (cookie_io_functions_t){ .write = failing_write });
			if (!out)
				break;
			int rc = irqsim_report(sim, views[v], (int)(v & 1), out);
			if ((rc != 0) != (st.refused != 0))
				__builtin_trap(); /* output lost and 0 returned, or a failure with nothing lost */
			fclose(out);
		}
		irqsim_free(sim);
	}
	scenario_free(&s);
	return 0;
}
