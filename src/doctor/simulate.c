// SPDX-License-Identifier: GPL-2.0-only
/*
 * When the snapshot is a QEMU guest whose devices irqsim models, the doctor
 * does not stop at inference: it runs the snapshot's scenario through the
 * model, checks that the model lands where the machine is (every irq's
 * actions and effective CPU), and answers "how many more fit" with the
 * same capacity plan `irqsim plan --add` runs.
 */
#define _GNU_SOURCE
#include "doctor/doctor.h"
#include "irq/irqdesc.h"
#include "irq/proc.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/jsonload.h"
#include "lib/nomem.h"
#include "scenario/scenario.h"
#include "snapshot/snapshot_int.h"
#include "whatif/whatif.h"

/* The model's action names of an irq as sysfs joins them ("a,b") */
static void sim_actions(const struct irq_desc *dsc, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = 0;
	for (const struct irqaction *a = dsc->action; a && n < len; a = a->next)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", a == dsc->action ? "" : ",", a->name);
}

static void compare(struct doctor *d, struct sim *s)
{
	char acts[512], eff[256];
	for (size_t i = 0; i < d->nr_irqs; i++) {
		const struct snap_irq *q = d->irqs[i].q;
		/* the irqs the machine shows working: those with an action */
		if (!q->actions || !q->actions[0])
			continue;
		d->sim_irqs_compared++;
		struct irq_desc *dsc = q->irq < s->irqs.size ? s->irqs.descs[q->irq] : NULL;
		if (!dsc || !dsc->action) {
			if (!d->sim_mismatch[0])
				snprintf(d->sim_mismatch, sizeof(d->sim_mismatch), "irq %u (%s): not requested in the model",
					 q->irq, q->actions);
			continue;
		}
		sim_actions(dsc, acts, sizeof(acts));
		read_irq_effective_affinity(s, dsc, eff, sizeof(eff));
		bool same_eff = !q->effective || !strcmp(q->effective, eff);
		if (strcmp(acts, q->actions) || !same_eff) {
			if (!d->sim_mismatch[0])
				snprintf(d->sim_mismatch, sizeof(d->sim_mismatch),
					 "irq %u: the machine has %s on CPU %s, the model %s on CPU %s", q->irq, q->actions,
					 q->effective ? q->effective : "?", acts, eff[0] ? eff : "none");
			continue;
		}
		d->sim_irqs_matched++;
	}
}

void doctor_simulate(struct doctor *d, const char *kernel)
{
	char err[512];
	d->scenario = snapshot_scenario(d->snap, &d->scn_info, err, sizeof(err));
	if (!d->scenario) {
		doctor_note(d, "no model run: %s", err);
		return;
	}
	if (!d->scn_info.qemu_machine || d->scn_info.unmodelled) {
		if (!d->scn_info.qemu_machine)
			doctor_note(d, "no model run: not a QEMU pc/q35 machine (headroom is the rebuilt matrix's)");
		else
			doctor_note(d, "no model run: %u function(s) with MSI irqs have no model (see run --from-snapshot)",
				    d->scn_info.unmodelled);
		return;
	}
	if (d->scn_info.generic)
		doctor_note(d, "model run: %u function%s without a model of %s own run as pci-generic, from %s irqs, "
			    "masks and managed-ness", d->scn_info.generic, d->scn_info.generic == 1 ? "" : "s",
			    d->scn_info.generic == 1 ? "its" : "their", d->scn_info.generic == 1 ? "its" : "their");
	struct scenario scn;
	if (scenario_parse("<snapshot>", d->scenario, strlen(d->scenario), &scn, err, sizeof(err))) {
		doctor_note(d, "no model run: the snapshot's scenario does not parse: %s", err);
		return;
	}
	struct irqsim_options o = { .kernel = kernel, .omit = IRQSIM_OMIT_TRACE | IRQSIM_OMIT_EXPLAIN };
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	if (!s) {
		doctor_note(d, "no model run: %s", err);
		scenario_free(&scn);
		cpumask_set_nr_cpu_ids(d->nr_cpu_ids);
		return;
	}
	d->simulated = true;
	compare(d, s);
	irqsim_free(s);
	/* the same capacity plan as `irqsim plan --add KIND --until-failure` */
	for (size_t k = 0; k < d->nr_cap; k++) {
		struct doc_capacity *cap = &d->cap[k];
		struct irqsim_plan p;
		if (whatif_plan(&scn, &o, cap->kind, 4096, false, &p, err, sizeof(err))) {
			doctor_note(d, "plan for %s: %s", cap->kind, err);
			continue;
		}
		cap->simulated = p.have_fallback ? p.first_fallback : (int)p.added;
		/* devices that probed: all added but a failed last one */
		cap->simulated_total = (int)p.added - (p.fail_errno ? 1 : 0);
		cap->sim_slots = p.stop_slots && !p.have_fallback;
		cap->sim_vectors = p.have_fallback && p.first_full_cpu >= 0;
	}
	scenario_free(&scn);
	/* the runs set the cpumask width to their machine's: back to the snapshot's */
	cpumask_set_nr_cpu_ids(d->nr_cpu_ids);
}

/*
 * The known remedies (irqsim plan --fixes) run on this machine's model, when
 * devices fell back or failed: the ones that keep more devices on MSI/MSI-X.
 */
void doctor_remedies(struct doctor *d)
{
	bool trouble = false;
	for (size_t i = 0; i < d->nr_findings; i++)
		trouble |= d->findings[i].severity >= 1;
	if (!d->simulated || !trouble)
		return;
	char err[512];
	struct scenario scn;
	struct whatif_fixes fx;
	/* the remedies are figures: no trace or explanations */
	struct irqsim_options o = { .omit = IRQSIM_OMIT_TRACE | IRQSIM_OMIT_EXPLAIN };
	int rc = scenario_parse("<snapshot>", d->scenario, strlen(d->scenario), &scn, err, sizeof(err));
	if (!rc) {
		rc = whatif_fixes(&scn, &o, &fx, err, sizeof(err));
		scenario_free(&scn);
	}
	cpumask_set_nr_cpu_ids(d->nr_cpu_ids);
	/* row 0 is the machine as it is */
	for (size_t i = 1; !rc && i < fx.nr; i++) {
		const struct whatif_fix *r = &fx.rows[i];
		if (!r->applies || r->gained <= 0 || r->o.panicked)
			continue;
		doctor_list_push(&d->remedies, &d->nr_remedies, "%s: +%d devices on MSI/MSI-X (%s)", r->remedy, r->gained,
				 r->side_effect);
	}
}
