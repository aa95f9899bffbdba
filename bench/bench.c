// SPDX-License-Identifier: GPL-2.0-only
/*
 * In-process benchmark: the CPU time of irqsim_run (the simulation) and of
 * the summary report, separately, median of RUNS runs (at least 11), for each
 * scenario given.  CPU time of this thread (CLOCK_THREAD_CPUTIME_ID), so a
 * loaded machine stretches the wall clock but not the figure.
 *
 * Usage: bench [-v VIEW] SCENARIO...
 * prints "SCENARIO simulate MS ms VIEW MS ms (median of N)" per scenario;
 * VIEW is summary (default) or interrupts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int runs = getenv("RUNS") ? atoi(getenv("RUNS")) : 11;
	enum irqsim_view view = IRQSIM_VIEW_SUMMARY;
	const char *view_name = "summary";
	int a = 1;

	if (runs < 11)
		runs = 11;
	if (argc > 2 && !strcmp(argv[1], "-v")) {
		view_name = argv[2];
		if (!strcmp(view_name, "interrupts"))
			view = IRQSIM_VIEW_INTERRUPTS;
		else if (strcmp(view_name, "summary")) {
			fprintf(stderr, "bench: -v summary|interrupts\n");
			return 2;
		}
		a = 3;
	}
	double *sim_ms = malloc((size_t)runs * sizeof(double)), *rep_ms = malloc((size_t)runs * sizeof(double));
	FILE *null = fopen("/dev/null", "w");
	if (!sim_ms || !rep_ms || !null)
		return 1;
	for (; a < argc; a++) {
		struct scenario scn;
		char err[1024];
		if (scenario_load(argv[a], &scn, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		/* as irqsim run does for these views: no trace, no kernel log, no step events (no explanations) */
		const struct irqsim_options o = { .omit = IRQSIM_OMIT_TRACE | IRQSIM_OMIT_EXPLAIN | IRQSIM_OMIT_LOG |
							  IRQSIM_OMIT_STEP_EVENTS };
		for (int r = 0; r < runs; r++) {
			double t0 = cpu_ms();
			struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
			double t1 = cpu_ms();
			if (!s) {
				fprintf(stderr, "%s\n", err);
				return 2;
			}
			irqsim_report(s, view, 0, null);
			double t2 = cpu_ms();
			irqsim_free(s);
			sim_ms[r] = t1 - t0;
			rep_ms[r] = t2 - t1;
		}
		qsort(sim_ms, (size_t)runs, sizeof(double), cmp_double);
		qsort(rep_ms, (size_t)runs, sizeof(double), cmp_double);
		printf("%s simulate %.3f ms %s %.3f ms (median of %d)\n", argv[a], sim_ms[runs / 2], view_name,
		       rep_ms[runs / 2], runs);
		scenario_free(&scn);
	}
	fclose(null);
	free(sim_ms);
	free(rep_ms);
	return 0;
}
