// SPDX-License-Identifier: GPL-2.0-only
/* The views of a simulated guest as a real machine: its snapshot, and the doctor on it. */
#include "irqsim/irqsim.h"
#include "report/report.h"
#include "snapshot/snapshot.h"

int report_snapshot(struct sim *s, FILE *out)
{
	struct snapshot snap;
	snapshot_from_sim(s, &snap);
	int rc = snapshot_write_json(&snap, out);
	snapshot_free(&snap);
	return rc;
}

int report_sim_doctor(struct sim *s, int json, FILE *out)
{
	struct snapshot snap;
	char err[512];
	snapshot_from_sim(s, &snap);
	int rc = irqsim_doctor(&snap, NULL, json, out, err, sizeof(err));
	if (rc && !ferror(out)) /* a lost write is the caller's to report */
		fprintf(stderr, "irqsim: %s\n", err);
	snapshot_free(&snap);
	return rc;
}
