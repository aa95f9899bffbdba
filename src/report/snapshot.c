// SPDX-License-Identifier: GPL-2.0-only
/* The views of a simulated guest as a real machine: its snapshot, and the doctor on it. */
#include <string.h>

#include "irqsim/irqsim.h"
#include "report/report.h"
#include "snapshot/snapshot.h"

int report_snapshot(struct sim *s, FILE *out)
{
	struct snapshot snap = { 0 };
	snap_hold(&snap, snapshot_release);
	snapshot_from_sim(s, &snap);
	int rc = snapshot_write_json(&snap, out);
	snap_drop(&snap);
	snapshot_free(&snap);
	return rc;
}

int report_sim_doctor(struct sim *s, int json, FILE *out, char *err, size_t errlen)
{
	struct snapshot snap = { 0 };
	snap_hold(&snap, snapshot_release);
	snapshot_from_sim(s, &snap);
	/* the message goes back to the caller, which prints it once */
	int rc = irqsim_doctor(&snap, NULL, json, out, err, errlen);
	snap_drop(&snap);
	snapshot_free(&snap);
	return rc;
}
