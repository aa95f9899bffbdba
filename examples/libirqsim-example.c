// SPDX-License-Identifier: GPL-2.0-only
/*
 * libirqsim example: load a scenario, run it, print its summary view, then
 * plan how many more devices of one kind fit and print that number.
 *
 *   cc libirqsim-example.c $(pkg-config --cflags --libs libirqsim) -o libirqsim-example
 *   ./libirqsim-example SCENARIO [DEVICE-SPEC [VARIANT]]
 */
#include <stdio.h>
#include <stdlib.h>

#include <irqsim/irqsim.h>

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: %s SCENARIO [DEVICE-SPEC [VARIANT]]\n", argv[0]);
		return 2;
	}
	const char *spec = argc > 2 ? argv[2] : "virtio-blk-pci";
	char err[1024];
	struct scenario *scn = irqsim_scenario_load(argv[1], argc > 3 ? argv[3] : NULL, err, sizeof(err));
	if (!scn) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	/* the scenario's own kernel; options outlive the calls that use them */
	const struct irqsim_options opt = { .kernel = NULL };
	struct sim *s = irqsim_run(scn, &opt, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "%s\n", err);
		irqsim_scenario_free(scn);
		return 2;
	}
	int rc = irqsim_report(s, IRQSIM_VIEW_SUMMARY, 0, stdout) ? 1 : 0;
	irqsim_free(s);

	/* the scenario is only read: it can be run again, here as a plan */
	struct irqsim_plan plan;
	if (!rc && irqsim_plan(scn, &opt, spec, 1000, &plan, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		rc = 2;
	}
	if (!rc)
		printf("%s: %u added, %u with a vector per queue; stopped: %s\n", spec, plan.added,
		       plan.count[IRQSIM_MODE_PER_VQ], plan.stop_reason);
	irqsim_scenario_free(scn);
	return rc;
}
