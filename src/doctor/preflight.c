// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pre-flight: would the kernel refuse this change?  Taking CPUs offline
 * (and suspend, which takes every CPU but the boot CPU offline) runs
 * lapic_can_unplug_cpu's check and the migration of each vector on the
 * rebuilt matrix; a kdump kernel is the snapshot's scenario booted with the
 * capture kernel's command line, through the model.
 */
#define _GNU_SOURCE
#include <stdarg.h>

#include "doctor/doctor.h"
#include "drivers/driver.h"
#include "pci/pci.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "scenario/scenario.h"
#include "snapshot/snapshot_int.h"

static void say(struct doctor *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct doctor *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	doctor_vlist_push(&d->preflight, &d->nr_preflight, fmt, ap);
	va_end(ap);
}

/*
 * One CPU going down on the rebuilt matrix.  arch/x86/kernel/apic/vector.c:
 * lapic_can_unplug_cpu compares the CPU's non-managed vectors with what the
 * other CPUs have free; kernel/irq/cpuhotplug.c: migrate_one_irq moves each
 * irq inside its mask (the whole online set when the mask has no online
 * CPU left: "affinity broken"), and a managed irq whose mask has no online
 * CPU left is shut down instead.
 */
static bool offline_one(struct doctor *d, struct irq_matrix *m, struct cpumask *online, unsigned cpu)
{
	m->this_cpu = cpu;
	unsigned tomove = irq_matrix_allocated(m);
	unsigned avl = irq_matrix_available(m, true);
	if (avl < tomove) {
		say(d, "CPU %u has %u vectors, %u available. Cannot disable CPU", cpu, tomove, avl);
		return false;
	}
	cpumask_clear_cpu(cpu, online);
	unsigned moved = 0, shut = 0, broken = 0;
	for (size_t i = 0; i < d->nr_irqs; i++) {
		struct doc_irq *di = &d->irqs[i];
		if (!di->has_vector || di->cpu != cpu)
			continue;
		struct cpumask target;
		unsigned newcpu;
		int bit;
		if (di->managed) {
			if (!cpumask_and(&target, di->mask, online)) {
				irq_matrix_free(m, cpu, di->bit, true);
				di->has_vector = false;
				shut++;
				continue;
			}
			bit = irq_matrix_alloc_managed(m, &target, &newcpu);
		} else {
			if (!cpumask_and(&target, di->mask, online)) {
				cpumask_copy(&target, online);
				broken++;
			}
			bit = irq_matrix_alloc(m, &target, false, &newcpu);
		}
		if (bit < 0) {
			say(d, "irq %u (%s): no vector on CPUs left online to move to", di->q->irq,
			    di->q->actions ? di->q->actions : "");
			continue;
		}
		irq_matrix_free(m, cpu, di->bit, di->managed);
		di->cpu = newcpu;
		di->bit = (unsigned)bit;
		moved++;
	}
	irq_matrix_offline(m);
	say(d, "CPU %u offline: %u irqs moved, %u managed irqs shut down%s (global_available now %u)", cpu, moved,
	    shut, broken ? ", some outside their affinity" : "", m->global_available);
	if (broken)
		say(d, "  %u irqs had no online CPU left in their mask and were moved anyway (affinity broken)", broken);
	return true;
}

static int offline_cpus(struct doctor *d, const struct cpumask *which, const char *what)
{
	struct irq_matrix *m = doctor_seed_matrix(d);
	if (!m) {
		say(d, "%s: 3.10 has no matrix allocator: not modelled", what);
		return 0;
	}
	struct cpumask online;
	cpumask_copy(&online, &d->online);
	bool ok = true;
	/* the matrix has d->nr_cpu_ids CPUs: no CPU past them is looked at, whatever the mask holds */
	for (unsigned c = cpumask_first(which); c < d->nr_cpu_ids && ok; c = cpumask_next_from(which, c + 1))
		ok = offline_one(d, m, &online, c);
	snap_drop(m);
	irq_matrix_destroy(m);
	d->preflight_ok = ok;
	say(d, ok ? "%s: the kernel would accept it" : "%s: the kernel would refuse it", what);
	return 0;
}

/* The capture kernel: the snapshot's scenario with the kdump command line, run through the model. */
static int kdump(struct doctor *d, const char *cmdline, char *err, size_t errlen)
{
	const char *extra = cmdline && *cmdline ? cmdline : "irqpoll nr_cpus=1 reset_devices";
	if (!d->scenario || !d->scn_info.qemu_machine || d->scn_info.unmodelled) {
		unsigned fns = 0, vecs = 0;
		for (size_t i = 0; i < d->snap->nr_pcis; i++)
			if (d->snap->pcis[i].nr_msi_irqs) {
				fns++;
				vecs += (unsigned)d->snap->pcis[i].nr_msi_irqs;
			}
		say(d, "kdump (%s): not a machine irqsim can boot in its model; estimate: one CPU has %u usable vectors, "
		    "the %u MSI/MSI-X functions use %u now", extra, d->usable, fns, vecs);
		d->preflight_ok = vecs + 16 <= d->usable;
		say(d, d->preflight_ok ? "kdump: likely fits (drivers ask no more with fewer CPUs)"
				       : "kdump: may not fit: drivers that do not scale down with CPUs will fail or fall back");
		return 0;
	}
	char *text;
	/* the command line goes after the snapshot's own: a later nr_cpus= wins, as on the kernel */
	if (asprintf(&text, "%s", d->scenario) < 0)
		snap_oom(NULL);
	char *boot = strstr(text, "\nboot\n");
	if (!boot) {
		snprintf(err, errlen, "the snapshot's scenario has no boot line");
		free(text);
		return -1;
	}
	*boot = 0;
	char *full;
	if (strchr(extra, '"')) {
		snprintf(err, errlen, "--preflight kdump: the command line may not contain '\"'");
		free(text);
		return -1;
	}
	if (asprintf(&full, "%s\ncmdline \"%s\"\nboot\n", text, extra) < 0)
		snap_oom(NULL);
	free(text);
	struct scenario scn;
	char e[512];
	if (scenario_parse("<kdump>", full, strlen(full), &scn, e, sizeof(e))) {
		snprintf(err, errlen, "--preflight kdump: %s", e);
		free(full);
		return -1;
	}
	free(full);
	struct irqsim_options o = { .omit = IRQSIM_OMIT_TRACE | IRQSIM_OMIT_EXPLAIN };
	struct sim *s = irqsim_run(&scn, &o, e, sizeof(e));
	if (!s) {
		scenario_free(&scn);
		snprintf(err, errlen, "--preflight kdump: %s", e);
		return -1;
	}
	unsigned failed = 0, fell = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *p = s->pdevs[i];
		if (!p->drv || p->is_bridge)
			continue;
		enum dev_irq_mode mode = device_irq_mode(p);
		if (mode == DM_FAILED) {
			failed++;
			say(d, "kdump: %s (%s) fails to probe: %d", p->name, p->qemu_driver, p->probe_err);
		} else if (mode == DM_SHARED || mode == DM_INTX || device_fell_back(p)) {
			fell++;
			say(d, "kdump: %s (%s) falls back to %s", p->name, p->qemu_driver, device_irq_mode_name(mode));
		}
	}
	if (s->panicked)
		say(d, "kdump: the capture kernel panics: %s", s->panic_reason ? s->panic_reason : "BUG");
	say(d, "kdump (%s): %u CPU(s) online, %u devices fail, %u fall back, global_available %u at the end", extra,
	    cpumask_weight(&s->cpu_online_mask), failed, fell, s->matrix ? s->matrix->global_available : 0);
	d->preflight_ok = !failed && !s->panicked;
	say(d, d->preflight_ok ? "kdump: the capture kernel boots with every device" : "kdump: the capture kernel loses devices");
	/* the sim's USB devices and device properties point into the scenario: it goes last */
	irqsim_free(s);
	scenario_free(&scn);
	return 0;
}

int doctor_preflight(struct doctor *d, const char *what, char *err, size_t errlen)
{
	/* the model runs of the capacity and remedies steps left their own machine's CPU count */
	cpumask_set_nr_cpu_ids(d->nr_cpu_ids);
	if (!strncmp(what, "offline=", 8)) {
		struct cpumask which;
		unsigned pos = 0;
		cpumask_set_nr_cpu_ids(NR_CPUS);
		int bad = cpulist_parse(what + 8, &which, NR_CPUS, &pos);
		unsigned last = bad ? 0 : cpumask_last(&which);
		cpumask_set_nr_cpu_ids(d->nr_cpu_ids);
		if (!bad && last < NR_CPUS && last >= d->nr_cpu_ids) {
			snprintf(err, errlen, "--preflight offline: CPU %u is not online in the snapshot", last);
			return -1;
		}
		if (bad || cpumask_empty(&which)) {
			snprintf(err, errlen, "--preflight offline=CPULIST: '%s' is not a CPU list (at offset %u)", what + 8,
				 pos);
			return -1;
		}
		for (unsigned c = cpumask_first(&which); c < NR_CPUS; c = cpumask_next_from(&which, c + 1))
			if (c >= d->nr_cpu_ids || !d->cpu[c].online) {
				snprintf(err, errlen, "--preflight offline: CPU %u is not online in the snapshot", c);
				return -1;
			}
		if (cpumask_subset(&d->online, &which)) {
			snprintf(err, errlen, "--preflight offline: the last online CPU cannot go offline");
			return -1;
		}
		return offline_cpus(d, &which, what);
	}
	if (!strcmp(what, "suspend")) {
		/* freeze_secondary_cpus: every online CPU but the first, in order */
		struct cpumask which;
		cpumask_clear(&which);
		cpumask_copy(&which, &d->online);
		cpumask_clear_cpu(cpumask_first(&d->online), &which);
		if (cpumask_empty(&which)) {
			say(d, "suspend: one CPU online, nothing goes offline");
			d->preflight_ok = 1;
			return 0;
		}
		return offline_cpus(d, &which, "suspend");
	}
	if (!strcmp(what, "kdump"))
		return kdump(d, NULL, err, errlen);
	if (!strncmp(what, "kdump:", 6))
		return kdump(d, what + 6, err, errlen);
	snprintf(err, errlen, "--preflight: unknown check '%s' (expected offline=CPULIST, suspend, kdump or kdump:CMDLINE)",
		 what);
	return -1;
}
