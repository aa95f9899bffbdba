// SPDX-License-Identifier: GPL-2.0-only
#include "irqsim/irqsim.h"
#include "report/report.h"

int irqsim_report(struct sim *s, enum irqsim_view view, int json, FILE *out)
{
	switch (view) {
	case IRQSIM_VIEW_SUMMARY:
		return report_summary(s, json, out);
	case IRQSIM_VIEW_INTERRUPTS:
		return report_interrupts(s, json, out);
	case IRQSIM_VIEW_VECTOR:
		return report_vector(s, json, out);
	case IRQSIM_VIEW_TRACE:
		return report_trace(s, json, out);
	case IRQSIM_VIEW_DMESG:
		return report_dmesg(s, json, out);
	case IRQSIM_VIEW_AFFINITY:
		return report_affinity(s, json, out);
	case IRQSIM_VIEW_STEPS:
		return report_steps(s, json, out);
	case IRQSIM_VIEW_EXPLAIN:
		return report_explain(s, json, out);
	case IRQSIM_VIEW_SNAPSHOT:
		return report_snapshot(s, out);
	case IRQSIM_VIEW_DOCTOR:
		return report_sim_doctor(s, json, out);
	case IRQSIM_VIEW_MAP:
		return report_map(s, json, out);
	}
	return -1;
}
