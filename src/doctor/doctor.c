// SPDX-License-Identifier: GPL-2.0-only
/* irqsim_doctor: occupancy, headroom, the model run, findings, pre-flight, report. */
#include "doctor/doctor.h"
#include "irqsim/irqsim.h"
#include "lib/oneline.h"
#include "lib/nomem.h"
#include "lib/output.h"
#include "snapshot/snapshot.h"

static void doctor_release(void *d)
{
	doctor_free(d);
}

static int doctor_run(const struct snapshot *snap, const struct irqsim_doctor_options *opt, int json, FILE *out,
		  char *err, size_t errlen)
{
	struct doctor d = { 0 };
	/* an allocation failure before the report: it would show a figure the model did not give (a plan cut short) */
	unsigned long nm = nomem_count;
	/* released if an allocation fails (snap_oom_call); forgotten when irqsim_doctor returns */
	snap_hold(&d, doctor_release);
	if (doctor_build(&d, snap, opt ? opt->kernel : NULL, err, errlen))
		return -1;
	/* a trace begun on a running machine: the counters it carries, nothing rebuilt from them (report_doctor) */
	if (snap->trace_after_boot) {
		int rc = 0;
		if (opt && (opt->preflight || opt->add)) {
			snprintf(err, errlen, "%s: --%s needs the whole vector space: this trace does not start at boot "
				 "(record one from boot, or take a snapshot)", snap->source, opt->preflight ? "preflight" : "add");
			rc = -1;
		}
		rc = rc || nomem_count != nm ? -1 : report_doctor(&d, json, out, err, errlen);
		doctor_free(&d);
		return rc;
	}
	if (doctor_capacity(&d, opt ? opt->add : NULL, err, errlen)) {
		doctor_free(&d);
		return -1;
	}
	if (!opt || !opt->no_model)
		doctor_simulate(&d, opt ? opt->kernel : NULL);
	else
		doctor_note(&d, "no model run (--no-model)");
	doctor_findings(&d);
	doctor_remedies(&d);
	if (opt && opt->preflight && doctor_preflight(&d, opt->preflight, err, errlen)) {
		doctor_free(&d);
		return -1;
	}
	int rc = nomem_count != nm ? -1 : report_doctor(&d, json, out, err, errlen);
	doctor_free(&d);
	return rc;
}

/* Errors quote the snapshot's own strings (its source, its architecture): a message stays one line whatever they hold. */
struct doctor_call {
	const struct snapshot *snap;
	const struct irqsim_doctor_options *opt;
	int json;
	FILE *out;
	char *err;
	size_t errlen;
};

static int doctor_call(void *arg)
{
	struct doctor_call *c = arg;
	return doctor_run(c->snap, c->opt, c->json, c->out, c->err, c->errlen);
}

int irqsim_doctor(const struct snapshot *snap, const struct irqsim_doctor_options *opt, int json, FILE *out,
		  char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	struct doctor_call c = { snap, opt, json, out, err, errlen };
	int rc = snap_oom_call(doctor_call, &c, NULL, err, errlen);
	if (nomem_since(nm, err, errlen))
		rc = -1;
	else
		rc = output_result(out, rc, err, errlen);
	if (rc && errlen)
		text_one_line(err);
	return rc;
}
