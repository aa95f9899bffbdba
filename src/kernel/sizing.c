// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sizing advice: for the VM a scenario describes and a device to add, the
 * largest value of each queue knob (a device option such as num-queues, or
 * a module parameter such as virtio_blk.num_request_queues) that still keeps
 * N such devices on per-queue vectors.  Every value is tried by simulation
 * (a plan that stops at the first fallback); nothing assumes that capacity
 * falls as queues grow, because it does not always (a queue count that
 * divides the CPUs evenly can fit more than a smaller one).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "irqsim/irqsim.h"
#include "kernel/plan.h"
#include "kernel/sim.h"
#include "lib/oneline.h"
#include "lib/output.h"
#include "report/report.h"
#include "scenario/edit.h"
#include "scenario/scenario.h"

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

struct try_result {
	unsigned value;
	unsigned fit;           /* devices on full vectors before the first fallback */
	int error;              /* the model refused this value */
};

/* How many devices of spec fit on full vectors with this knob value (up to want+1). */
static int try_value(const char *filename, const char *text, size_t len, const struct irqsim_options *opt,
		     const char *spec, const struct knob *k, unsigned v, unsigned want, unsigned *fit, char *err,
		     size_t errlen)
{
	struct scenario scn;
	if (scenario_parse(filename, text, len, &scn, err, errlen))
		return -1;
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
		r = plan_run(&scn, opt, sp ? sp : spec, want, true, &p, err, errlen);
	/* the devices before the first fallback: an nvme short of vectors falls
	 * back while keeping MSI-X, so counting MSI-X devices would take it in */
	if (!r)
		*fit = p.have_fallback ? (unsigned)p.first_fallback : p.count[DM_PER_VQ] + p.count[DM_MSIX];
	free(sp);
	scenario_free(&scn);
	return r;
}

/* Group equal capacities of consecutive tried values: "1-8: 198, 16: 190";
 * N+ when all N wanted fit (the plan stops there).  Into arr when f is NULL
 * (JSON; arr is NULL if it could not be made: counted, the call fails) */
static void ranges(const struct try_result *t, size_t n, unsigned want, FILE *f, json_t *arr)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && t[j + 1].fit == t[i].fit && t[j + 1].error == t[i].error)
			j++;
		if (!f) {
			json_t *o = json_object();
			report_push(arr, o);
			report_set(o, "from", report_int(t[i].value));
			report_set(o, "to", report_int(t[j].value));
			report_set(o, "fit", t[i].error ? json_null() : report_int(t[i].fit));
			report_set(o, "at_least", t[i].error ? json_null() : json_boolean(t[i].fit >= want));
		} else {
			fprintf(f, "%s", i ? ", " : "");
			if (i == j)
				fprintf(f, "%u", t[i].value);
			else
				fprintf(f, "%u-%u", t[i].value, t[j].value);
			if (t[i].error)
				fputs(": refused", f);
			else
				fprintf(f, ": %u%s", t[i].fit, t[i].fit >= want ? "+" : "");
		}
		i = j + 1;
	}
}

static int sizing_body(const char *filename, const char *text, size_t len, const struct irqsim_options *opt,
		       const char *spec, unsigned want, int json, FILE *out, char *err, size_t errlen, unsigned long nm)
{
	/* the driver of the spec, and the CPU count of the VM */
	size_t dl = strcspn(spec, ",");
	struct scenario scn;
	if (scenario_parse(filename, text, len, &scn, err, errlen))
		return -1;
	struct sim *s = irqsim_run(&scn, opt, err, errlen);
	scenario_free(&scn);
	if (!s)
		return -1;
	unsigned cpus = s->topo.nr_cpu_ids;
	const char *kname = kernel_line_name(s->prof->line);
	irqsim_free(s);
	bool any = false;
	for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		any |= strlen(knobs[i].driver) == dl && !strncmp(knobs[i].driver, spec, dl);
	if (!any) {
		snprintf(err, errlen, "--keep: irqsim knows no queue settings of '%.*s' (it has them for:", (int)dl,
			 spec);
		for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
			if (!i || strcmp(knobs[i].driver, knobs[i - 1].driver))
				snprintf(err + strlen(err), errlen - strlen(err), " %s", knobs[i].driver);
		snprintf(err + strlen(err), errlen - strlen(err), ")");
		return -1;
	}
	/* the text names the user's spec: printed through the filter as every view is */
	json_t *doc = NULL, *arr = NULL;
	FILE *f = NULL;
	if (json) {
		doc = report_doc("plan", "keep", kname);
		report_set(doc, "device", report_str(spec));
		report_set(doc, "keep", report_int(want));
		report_set(doc, "cpus", report_int(cpus));
		report_set(doc, "knobs", arr = json_array());
	} else if ((f = text_filter_open(out))) {
		fprintf(f, "keeping %u x %s on per-queue vectors (%u CPUs, kernel %s):\n", want, spec, cpus, kname);
	} else {
		snprintf(err, errlen, "irqsim: out of memory");
		return -1;
	}
	for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		const struct knob *k = &knobs[i];
		if (strlen(k->driver) != dl || strncmp(k->driver, spec, dl))
			continue;
		unsigned vals[256];
		size_t n = values(k->max ? k->max : cpus, vals, 256);
		struct try_result *t = nomem_check(calloc(n, sizeof(*t)));
		if (!t) {
			json_decref(doc);
			if (f)
				fclose(f);
			snprintf(err, errlen, "irqsim: out of memory");
			return -1;
		}
		int best = -1, top = -1;
		for (size_t v = 0; v < n; v++) {
			char e[512];
			t[v].value = vals[v];
			if (try_value(filename, text, len, opt, spec, k, vals[v], want, &t[v].fit, e, sizeof(e))) {
				t[v].error = 1;
				continue;
			}
			if (t[v].fit >= want)
				best = (int)v;
			if (top < 0 || t[v].fit > t[top].fit)
				top = (int)v;
		}
		/* a value whose run ran out of memory would print as refused: stop here (the caller reports it) */
		if (nomem_count != nm) {
			free(t);
			json_decref(doc);
			if (f)
				fclose(f);
			return -1;
		}
		if (json) {
			json_t *o = json_object(), *cap = json_array();
			report_push(arr, o);
			report_set(o, "knob", report_str(k->name));
			report_set(o, "cmdline", json_boolean(k->cmdline));
			report_set(o, "largest", best >= 0 ? report_int(t[best].value) : json_null());
			report_set(o, "capacity", cap);
			ranges(t, n, want, NULL, cap);
		} else {
			fprintf(f, "  %s (%s):\n    ", k->name, k->why);
			if (best >= 0)
				fprintf(f, "largest value that keeps %u: %u\n", want, t[best].value);
			else if (top >= 0)
				fprintf(f, "no value keeps %u; at most %u fit (with %s=%u): the queue count is not "
					     "the limit, see irqsim plan --fixes\n",
					want, t[top].fit, k->name, t[top].value);
			else
				fprintf(f, "every value was refused by the model\n");
			fputs("    devices that fit, by value: ", f);
			ranges(t, n, want, f, NULL);
			fputc('\n', f);
		}
		free(t);
	}
	if (json)
		return report_doc_print(doc, out, err, errlen);
	bool failed = ferror(f);
	if (fclose(f) || failed) {
		snprintf(err, errlen, "irqsim: write error");
		return -1;
	}
	return 0;
}

int irqsim_sizing(const char *filename, const char *text, size_t len, const struct irqsim_options *opt,
		  const char *spec, unsigned want, int json, FILE *out, char *err, size_t errlen)
{
	/* every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = sizing_body(filename, text, len, opt, spec, want, json, out, err, errlen, nm);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}
