// SPDX-License-Identifier: GPL-2.0-only
/* The doctor's diagnosis: occupancy, headroom, the model run, findings, pre-flight (report/doctor.c prints it). */
#include "doctor/doctor.h"
#include "irqsim/irqsim.h"
#include "snapshot/snapshot.h"

int doctor_diagnose(struct doctor *d, const struct snapshot *snap, const struct irqsim_doctor_options *opt,
		    char *err, size_t errlen)
{
	if (doctor_build(d, snap, opt ? opt->kernel : NULL, err, errlen))
		return -1;
	/* a trace begun on a running machine: the counters it carries, nothing rebuilt from them (report_doctor) */
	if (snap->trace_after_boot) {
		if (opt && (opt->preflight || opt->add)) {
			snprintf(err, errlen, "%s: --%s needs the whole vector space: this trace does not start at boot "
				 "(record one from boot, or take a snapshot)", snap->source, opt->preflight ? "preflight" : "add");
			doctor_free(d);
			return -1;
		}
		return 0;
	}
	if (doctor_capacity(d, opt ? opt->add : NULL, err, errlen)) {
		doctor_free(d);
		return -1;
	}
	if (!opt || !opt->no_model)
		doctor_simulate(d, opt ? opt->kernel : NULL);
	else
		doctor_note(d, "no model run (--no-model)");
	doctor_findings(d);
	doctor_remedies(d);
	if (opt && opt->preflight && doctor_preflight(d, opt->preflight, err, errlen)) {
		doctor_free(d);
		return -1;
	}
	return 0;
}
