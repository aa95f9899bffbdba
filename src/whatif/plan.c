// SPDX-License-Identifier: GPL-2.0-only
/*
 * Capacity planning by simulation: from the state a scenario leaves, hot-add
 * one more device of a given kind at a time and record the interrupt mode
 * each one ends in, until the first probe failure (or a limit).  No formula:
 * every device goes through the same model as `irqsim run`, so the stage
 * boundaries are exactly the ones a run of the longer scenario would show.
 *
 * Placement: on pc each added device goes behind a pci-bridge hot-added for
 * it (bridges take no vectors: verified by the pc-2cpu-exhaust golden); on
 * q35 behind a new pcie-root-port, whose service vector is taken as the
 * kernel would take it for a port present at boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "drivers/driver.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "pci/pci.h"
#include "whatif/host.h"
#include "whatif/whatif.h"

struct slot_cursor {
	struct pci_dev *bridge;
	unsigned next_slot;
};

/* A parent bus with a free slot for the next device, creating one when needed. */
static struct pci_dev *next_parent(struct sim *s, struct slot_cursor *c, unsigned *slot, char *err, size_t errlen)
{
	if (s->machine == MACHINE_PC && c->bridge && c->next_slot < 32) {
		*slot = c->next_slot++;
		return c->bridge;
	}
	const char *kind = s->machine == MACHINE_PC ? "pci-bridge" : "pcie-root-port";
	char e[200];
	struct pci_dev *b = sim_add_bridge(s, kind, e, sizeof(e));
	if (!b) {
		snprintf(err, errlen, "no room for another %s: %.150s", kind, e);
		return NULL;
	}
	if (b->drv) {
		b->probed = true;
		b->drv->probe(s, b);
	}
	c->bridge = b;
	c->next_slot = 1;
	*slot = s->machine == MACHINE_PC ? c->next_slot++ : 0;
	return b;
}

/* The lowest online CPU without a free vector bit, or UINT_MAX. */
static unsigned first_full_cpu(struct sim *s)
{
	unsigned cpu;
	for_each_cpu(cpu, &s->cpu_online_mask)
		if (vector_cpu_available(s, cpu) == 0)
			return cpu;
	return UINT_MAX;
}

/*
 * An error in the --add spec, which plan_run parses as line 2 of
 * "boot\nhotplug SPEC": "PREFIX2:COL: msg" becomes "--add: column COL-8: msg"
 * (the spec's own column).
 */
static void add_error(char *err, size_t errlen, const char *prefix, const char *e)
{
	unsigned l, col;
	int n = 0;
	char fmt[32];
	snprintf(fmt, sizeof(fmt), "%s%%u:%%u: %%n", prefix);
	if (sscanf(e, fmt, &l, &col, &n) == 2 && n)
		snprintf(err, errlen, "--add: column %u: %s", col > 8 ? col - 8 : 1, e + n);
	else
		snprintf(err, errlen, "%s%s", strncmp(e, "--add", 5) ? "--add: " : "", e);
}

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
int irqsim_plan(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned max,
		struct irqsim_plan *out, char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	int rc = whatif_plan(scn, opt, spec, max, false, out, err, errlen);
	return nomem_since(nm, err, errlen) ? -1 : rc;
}

/* The --add spec as the hotplug directive of a scenario of its own, with its properties resolved: 0 or -1. */
static int parse_add(const char *spec, struct scenario *add, struct devprops **props, char *err, size_t errlen)
{
	char *text = NULL;
	/* counted (nomem), not only reported: inside a sweep this plan is one cell, and an uncounted
	 * failure would have shown as a refused cell of a sweep that succeeded */
	if (asprintf(&text, "boot\nhotplug %s\n", spec) < 0) {
		nomem();
		return nomem_error(err, errlen);
	}
	char e[512];
	int r = scenario_parse("--add", text, strlen(text), add, e, sizeof(e));
	free(text);
	if (r) {
		add_error(err, errlen, "--add:", e);
		return -1;
	}
	const struct scn_device *dev = &add->dirs[1].u.device;
	if (!driver_find(dev->driver)) {
		char hint[160];
		snprintf(err, errlen, "--add: unknown device '%s' (%s)", dev->driver,
			 driver_unknown_hint(dev->driver, hint, sizeof(hint)));
		scenario_free(add);
		return -1;
	}
	/* the same property table as a device line of the scenario, checked before the run */
	if (devprops_resolve(dev, props, e, sizeof(e))) {
		add_error(err, errlen, "", e);
		scenario_free(add);
		return -1;
	}
	if (dev->id || devprops_given(*props, "bus") || devprops_given(*props, "addr")) {
		snprintf(err, errlen, "--add: give the device without id=, bus= or addr= (plan places each copy)");
		devprops_free(*props);
		scenario_free(add);
		return -1;
	}
	return 0;
}

/*
 * Device #i has been added in mode m: count it.  True when the plan stops
 * here (the first fallback if asked, a kernel panic, a failed probe), with
 * the reason in out.
 */
static bool count_added(struct sim *s, const struct pci_dev *d, unsigned i, bool stop_at_fallback,
			struct irqsim_plan *out)
{
	enum dev_irq_mode m = device_irq_mode(d);
	out->added++;
	if (out->host && out->first_route_short < 0 && host_routes_used(s) > s->kvm_max_irq_routes)
		out->first_route_short = (int)i;
	out->count[m]++;
	if (out->first[m] < 0)
		out->first[m] = (int)i;
	if ((m == DM_NONE || device_fell_back(d)) && !out->have_fallback) {
		out->have_fallback = 1;
		out->first_fallback = (int)i;
		unsigned cpu = first_full_cpu(s);
		out->first_full_cpu = cpu == UINT_MAX ? -1 : (int)cpu;
		out->fallback_global_available = vector_global_available(s);
		if (stop_at_fallback) {
			snprintf(out->stop_reason, sizeof(out->stop_reason), "device #%u fell back to %s", i,
				 device_irq_mode_name(m));
			return true;
		}
	}
	if (s->panicked) {
		snprintf(out->stop_reason, sizeof(out->stop_reason), "device #%u: %.150s", i,
			 s->panic_reason ? s->panic_reason : "kernel panic");
		return true;
	}
	if (m == DM_FAILED) {
		out->fail_errno = d->probe_err;
		snprintf(out->stop_reason, sizeof(out->stop_reason), "device #%u failed to probe with error %d", i,
			 d->probe_err);
		return true;
	}
	return false;
}

/* Hot-add up to max devices to the booted machine s: 0, or -1 with err (the model refused a device). */
static int add_devices(struct sim *s, const struct scenario *add, const struct devprops *props, unsigned max,
		       bool stop_at_fallback, struct irqsim_plan *out, char *err, size_t errlen)
{
	struct slot_cursor cur = { 0 };
	char e[512];
	for (unsigned i = 0; i < max; i++) {
		unsigned slot;
		struct pci_dev *parent = next_parent(s, &cur, &slot, e, sizeof(e));
		if (!parent) {
			snprintf(out->stop_reason, sizeof(out->stop_reason), "%.150s", e);
			out->stop_slots = 1;
			break;
		}
		struct pci_dev *d = sim_hotplug_one(s, add, &add->dirs[1], props, 0, parent, slot, e, sizeof(e));
		if (!d) {
			snprintf(err, errlen, "%s", e);
			return -1;
		}
		if (count_added(s, d, i, stop_at_fallback, out))
			break;
	}
	if (!out->stop_reason[0])
		snprintf(out->stop_reason, sizeof(out->stop_reason), "reached --max %u", max);
	return 0;
}

int whatif_plan(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned max,
		bool stop_at_fallback, struct irqsim_plan *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	for (unsigned m = 0; m < IRQSIM_PLAN_MODES; m++)
		out->first[m] = -1;
	out->first_full_cpu = -1;
	out->first_route_short = -1;
	struct scenario add;
	struct devprops *props;
	if (parse_add(spec, &add, &props, err, errlen))
		return -1;
	struct sim *s = irqsim_run(scn, opt, err, errlen);
	int r = s ? 0 : -1;
	if (s) {
		out->start_global_available = vector_global_available(s);
		snprintf(out->kernel, sizeof(out->kernel), "%s", kernel_line_name(s->prof->line));
		out->host = host_kvm(s);
		out->routes_max = s->kvm_max_irq_routes;
		out->routes_start = host_routes_used(s);
		r = add_devices(s, &add, props, max, stop_at_fallback, out, err, errlen);
		out->end_global_available = vector_global_available(s);
		out->routes_end = host_routes_used(s);
		out->end_total_allocated = vector_total_allocated(s);
		irqsim_free(s);
	}
	devprops_free(props);
	scenario_free(&add);
	return r;
}
