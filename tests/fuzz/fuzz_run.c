// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the whole model: a fuzzed scenario that parses
 * is run (boot, timeline, every view, the invariant checker after every
 * step).  The model must refuse bad semantics with a one-line
 * FILE:LINE:COL message and never crash.  Scenarios larger than 64 CPUs or
 * 64 devices, or whose set-affinity lines name more than 4096 irqs in all
 * (64 CPUs have fewer than 1000 irqs; the rest only repeat "nonexistent
 * directory"), are skipped to keep executions fast (the sizes themselves
 * are covered by the unit tests and bench/).  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

static int small(const struct scenario *s)
{
	unsigned devs = 0;
	unsigned long irqs = 0;
	for (size_t i = 0; i < s->nr_dirs; i++) {
		const struct scn_directive *d = &s->dirs[i];
		if (d->kind == SCN_SMP) {
			/* -smp's topology multiplies out to the CPU count when cpus= is not given */
			const struct smp_config *c = &d->u.smp;
			unsigned long long n = 1;
			n *= c->sockets ? c->sockets : 1;
			n *= c->dies ? c->dies : 1;
			n *= c->clusters ? c->clusters : 1;
			n *= c->cores ? c->cores : 1;
			n *= c->threads ? c->threads : 1;
			if (c->cpus > 64 || c->maxcpus > 64 || n > 64)
				return 0;
		}
		if (d->kind == SCN_DEVICE || d->kind == SCN_HOTPLUG)
			devs += d->u.device.count;
		if (d->kind == SCN_SET_AFFINITY)
			irqs += d->u.aff.nr_irqs;
	}
	return devs <= 64 && irqs <= 4096;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario s;
	char err[512];
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		return 0;
	if (scenario_parse("fuzz.scn", (const char *)data, size, &s, err, sizeof(err)))
		return 0;
	if (!small(&s)) {
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
		for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
			irqsim_report(sim, views[v], (int)(v & 1), devnull);
		irqsim_free(sim);
	}
	scenario_free(&s);
	return 0;
}
