// SPDX-License-Identifier: GPL-2.0-only
/*
 * In-process benchmark: time irqsim_run (the simulation) and the summary
 * report separately, best of N runs, for each scenario given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	int runs = getenv("RUNS") ? atoi(getenv("RUNS")) : 5;
	for (int a = 1; a < argc; a++) {
		struct scenario scn;
		char err[1024];
		if (scenario_load(argv[a], &scn, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		double best_run = 1e18, best_rep = 1e18;
		for (int r = 0; r < runs; r++) {
			double t0 = now_ms();
			struct sim *s = irqsim_run(&scn, NULL, err, sizeof(err));
			double t1 = now_ms();
			if (!s) {
				fprintf(stderr, "%s\n", err);
				return 2;
			}
			FILE *null = fopen("/dev/null", "w");
			irqsim_report(s, IRQSIM_VIEW_SUMMARY, 0, null);
			fclose(null);
			double t2 = now_ms();
			irqsim_free(s);
			if (t1 - t0 < best_run)
				best_run = t1 - t0;
			if (t2 - t1 < best_rep)
				best_rep = t2 - t1;
		}
		printf("%-40s simulate %8.2f ms   summary %8.2f ms   (best of %d)\n", argv[a], best_run, best_rep, runs);
		scenario_free(&scn);
	}
	return 0;
}
