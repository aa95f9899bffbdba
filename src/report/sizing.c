// SPDX-License-Identifier: GPL-2.0-only
/* plan --keep N as text or JSON (whatif/sizing.c computes it). */
#define _GNU_SOURCE
#include <stdio.h>

#include "irqsim/irqsim.h"
#include "lib/nomem.h"
#include "lib/output.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "whatif/whatif.h"

/* Consecutive tried values with the same capacity, from t[i]: the index of the last of them. */
static size_t run_end(const struct whatif_knob *k, size_t i)
{
	size_t j = i;
	while (j + 1 < k->nr_tries && k->tries[j + 1].fit == k->tries[i].fit &&
	       k->tries[j + 1].refused == k->tries[i].refused)
		j++;
	return j;
}

/* Equal capacities of consecutive values as JSON ranges {from, to, fit, at_least} */
static json_t *ranges_json(const struct whatif_knob *k, unsigned want)
{
	json_t *arr = json_array();
	for (size_t i = 0, j; i < k->nr_tries; i = j + 1) {
		const struct whatif_try *t = &k->tries[i];
		j = run_end(k, i);
		json_t *o = json_object();
		report_push(arr, o);
		report_set(o, "from", report_int(t->value));
		report_set(o, "to", report_int(k->tries[j].value));
		report_set(o, "fit", t->refused ? json_null() : report_int(t->fit));
		report_set(o, "at_least", t->refused ? json_null() : json_boolean(t->fit >= want));
	}
	return arr;
}

/* The same as text: "1-8: 198, 16: 190"; N+ when all N wanted fit (the plan stops there) */
static void ranges_text(const struct whatif_knob *k, unsigned want, FILE *f)
{
	for (size_t i = 0, j; i < k->nr_tries; i = j + 1) {
		const struct whatif_try *t = &k->tries[i];
		j = run_end(k, i);
		fprintf(f, "%s", i ? ", " : "");
		if (i == j)
			fprintf(f, "%u", t->value);
		else
			fprintf(f, "%u-%u", t->value, k->tries[j].value);
		if (t->refused)
			fputs(": refused", f);
		else
			fprintf(f, ": %u%s", t->fit, t->fit >= want ? "+" : "");
	}
}

struct sizing_text {
	const struct whatif_sizing *z;
	const char *spec;
};

static int sizing_text(const void *arg, FILE *f, char *err, size_t errlen)
{
	const struct whatif_sizing *z = ((const struct sizing_text *)arg)->z;
	fprintf(f, "keeping %u x %s on per-queue vectors (%u CPUs, kernel %s):\n", z->want,
		((const struct sizing_text *)arg)->spec, z->cpus, z->kernel);
	for (size_t i = 0; i < z->nr_knobs; i++) {
		const struct whatif_knob *k = &z->knobs[i];
		fprintf(f, "  %s (%s):\n    ", k->name, k->why);
		if (k->largest >= 0)
			fprintf(f, "largest value that keeps %u: %u\n", z->want, k->tries[k->largest].value);
		else if (k->top >= 0)
			fprintf(f, "no value keeps %u; at most %u fit (with %s=%u): the queue count is not "
				   "the limit, see irqsim plan --fixes\n",
				z->want, k->tries[k->top].fit, k->name, k->tries[k->top].value);
		else
			fprintf(f, "every value was refused by the model\n");
		fputs("    devices that fit, by value: ", f);
		ranges_text(k, z->want, f);
		fputc('\n', f);
	}
	return 0;
}

int report_sizing(const struct whatif_sizing *z, const char *spec, int json, FILE *out, char *err, size_t errlen)
{
	if (!json) {
		/* the text names the user's spec: printed through the filter as every view is */
		const struct sizing_text t = { z, spec };
		return report_filtered(out, err, errlen, sizing_text, &t);
	}
	json_t *doc = report_doc("plan", "keep", z->kernel), *arr = json_array();
	report_set(doc, "device", report_str(spec));
	report_set(doc, "keep", report_int(z->want));
	report_set(doc, "cpus", report_int(z->cpus));
	report_set(doc, "knobs", arr);
	for (size_t i = 0; i < z->nr_knobs; i++) {
		const struct whatif_knob *k = &z->knobs[i];
		json_t *o = json_object();
		report_push(arr, o);
		report_set(o, "knob", report_str(k->name));
		report_set(o, "cmdline", json_boolean(k->cmdline));
		report_set(o, "largest", k->largest >= 0 ? report_int(k->tries[k->largest].value) : json_null());
		report_set(o, "capacity", ranges_json(k, z->want));
	}
	return report_doc_print(doc, out, err, errlen);
}

static int sizing_body(const char *filename, const char *text, size_t len, const struct irqsim_options *opt,
		       const char *spec, unsigned want, int json, FILE *out, char *err, size_t errlen, unsigned long nm)
{
	struct scenario scn;
	if (scenario_parse(filename, text, len, &scn, err, errlen))
		return -1;
	struct whatif_sizing z;
	int rc = whatif_sizing(&scn, opt, spec, want, &z, err, errlen);
	scenario_free(&scn);
	if (rc)
		return -1;
	/* a value whose run ran out of memory would print as refused: nothing is printed (the caller says why) */
	if (nomem_count != nm) {
		whatif_sizing_free(&z);
		return -1;
	}
	rc = report_sizing(&z, spec, json, out, err, errlen);
	whatif_sizing_free(&z);
	return rc;
}

int irqsim_sizing(const char *filename, const char *text, size_t len, const struct irqsim_options *opt,
		  const char *spec, unsigned want, int json, FILE *out, char *err, size_t errlen)
{
	/* every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = sizing_body(filename, text, len, opt, spec, want, json, out, err, errlen, nm);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}
