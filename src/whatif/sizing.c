// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sizing advice: for the VM a scenario describes and a device to add, the
 * largest value of each queue knob (a device option such as num-queues, or
 * a module parameter such as virtio_blk.num_request_queues) that still keeps
 * N such devices on per-queue vectors.  Every value is tried by simulation
 * (a plan that stops at the first fallback); nothing assumes that capacity
 * falls as queues grow, because it does not always (a queue count that
 * divides the CPUs evenly can fit more than a smaller one).  The result is
 * data (whatif.h); report/sizing.c prints it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "scenario/edit.h"
#include "scenario/scenario.h"
#include "whatif/whatif.h"

/* The knobs of a driver: a device option or a kernel command-line parameter */
struct knob {
	const char *driver;     /* QEMU device name */
	const char *name;
	bool cmdline;
	unsigned max;           /* largest meaningful value; 0 = the CPU count */
	const char *why;
};

static const struct knob knobs[] = {
	/* drivers/block/virtio_blk.c: init_vq caps the queues at nr_cpu_ids */
	{ "virtio-blk-pci", "num-queues", false, 0, "queues of each added disk, a QEMU property" },
	{ "virtio-blk-pci", "virtio_blk.num_request_queues", true, 0,
	  "queues of every virtio-blk disk of the guest, a module parameter" },
	/* drivers/scsi/virtio_scsi.c: virtscsi_init caps request queues at nr_cpu_ids */
	{ "virtio-scsi-pci", "num_queues", false, 0, "request queues of each added HBA, a QEMU property" },
	/* drivers/net/virtio_net.c: one input and one output vector per queue pair, all
	 * of them (max_queue_pairs), not only the curr_queue_pairs in use */
	{ "virtio-net-pci", "queues", false, 0, "queue pairs of each added NIC, a multiqueue tap" },
	/* drivers/nvme/host/pci.c: nvme_setup_io_queues asks for nvme_max_io_queues
	 * (the possible CPUs) and QEMU grants max_ioqpairs: one managed vector a queue */
	{ "nvme", "max_ioqpairs", false, 0, "I/O queue pairs of each added controller, a QEMU property" },
};

/* Values to try: every value up to 64, then powers of two, then the maximum. */
static size_t values(unsigned max, unsigned *out, size_t cap)
{
	size_t n = 0;
	for (unsigned v = 1; v <= max && n < cap; v = v < 64 ? v + 1 : v * 2)
		out[n++] = v;
	if (n && out[n - 1] != max && n < cap)
		out[n++] = max;
	return n;
}

/* How many devices of spec fit on full vectors with this knob value (up to want+1). */
static int try_value(const struct scenario *base, const struct irqsim_options *opt, const char *spec,
		     const struct knob *k, unsigned v, unsigned want, unsigned *fit, char *err, size_t errlen)
{
	struct scenario scn;
	if (scn_dup(base, &scn))
		return nomem_error(err, errlen);
	char val[16];
	snprintf(val, sizeof(val), "%u", v);
	char *sp = NULL;
	int r = 0;
	if (k->cmdline)
		r = scn_edit_cmdline(&scn, k->name, val);
	else if (!(sp = spec_set_opt(spec, k->name, val)))
		r = -1;
	struct irqsim_plan p;
	if (!r)
		r = whatif_plan(&scn, opt, sp ? sp : spec, want, true, &p, err, errlen);
	/* the devices before the first fallback: an nvme short of vectors falls
	 * back while keeping MSI-X, so counting MSI-X devices would take it in */
	if (!r)
		*fit = p.have_fallback ? (unsigned)p.first_fallback : p.count[DM_PER_VQ] + p.count[DM_MSIX];
	free(sp);
	scenario_free(&scn);
	return r;
}

/* Does knob k belong to the driver spec names (its first dl bytes)? */
static bool knob_of(const struct knob *k, const char *spec, size_t dl)
{
	return strlen(k->driver) == dl && !strncmp(k->driver, spec, dl);
}

/* The driver has no knob: -1 with the drivers that have some. */
static int no_knobs(const char *spec, size_t dl, char *err, size_t errlen)
{
	snprintf(err, errlen, "--keep: irqsim knows no queue settings of '%.*s' (it has them for:", (int)dl, spec);
	for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		if (!i || strcmp(knobs[i].driver, knobs[i - 1].driver))
			snprintf(err + strlen(err), errlen - strlen(err), " %s", knobs[i].driver);
	snprintf(err + strlen(err), errlen - strlen(err), ")");
	return -1;
}

/* Every value of one knob: 0 or -1 (out of memory). */
static int size_knob(const struct scenario *scn, const struct irqsim_options *opt, const char *spec,
		     const struct knob *k, unsigned want, unsigned cpus, struct whatif_knob *out)
{
	unsigned vals[256];
	size_t n = values(k->max ? k->max : cpus, vals, 256);
	*out = (struct whatif_knob){ .name = k->name, .why = k->why, .cmdline = k->cmdline, .largest = -1, .top = -1 };
	if (!(out->tries = nomem_check(calloc(n, sizeof(*out->tries)))))
		return -1;
	out->nr_tries = n;
	for (size_t v = 0; v < n; v++) {
		struct whatif_try *t = &out->tries[v];
		char e[512];
		t->value = vals[v];
		if (try_value(scn, opt, spec, k, vals[v], want, &t->fit, e, sizeof(e))) {
			t->refused = true;
			continue;
		}
		if (t->fit >= want)
			out->largest = (int)v;
		if (out->top < 0 || t->fit > out->tries[out->top].fit)
			out->top = (int)v;
	}
	return 0;
}

int whatif_sizing(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned want,
		  struct whatif_sizing *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	out->want = want;
	/* the driver of the spec, and the CPU count of the VM */
	size_t dl = strcspn(spec, ",");
	struct sim *s = irqsim_run(scn, opt, err, errlen);
	if (!s)
		return -1;
	out->cpus = s->topo.nr_cpu_ids;
	snprintf(out->kernel, sizeof(out->kernel), "%s", kernel_line_name(s->prof->line));
	irqsim_free(s);
	size_t nk = 0;
	for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		nk += knob_of(&knobs[i], spec, dl);
	if (!nk)
		return no_knobs(spec, dl, err, errlen);
	if (!(out->knobs = nomem_check(calloc(nk, sizeof(*out->knobs)))))
		return nomem_error(err, errlen);
	for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		if (!knob_of(&knobs[i], spec, dl))
			continue;
		if (size_knob(scn, opt, spec, &knobs[i], want, out->cpus, &out->knobs[out->nr_knobs++])) {
			whatif_sizing_free(out);
			return nomem_error(err, errlen);
		}
	}
	return 0;
}

void whatif_sizing_free(struct whatif_sizing *z)
{
	for (size_t i = 0; i < z->nr_knobs; i++)
		free(z->knobs[i].tries);
	free(z->knobs);
	z->knobs = NULL;
	z->nr_knobs = 0;
}
