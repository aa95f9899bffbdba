// SPDX-License-Identifier: GPL-2.0-only
/*
 * `irqsim kernels`: the kernel lines irqsim models, how each is known and
 * who ships it, and (verbose) every switch with its value per line, the
 * kernel function and the commit.  Also the public accessors of a line's
 * name and provenance (the JSON header and compare use them).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "kernel/profile.h"
#include "kernel/sim.h"
#include "arch/x86/vector.h"
#include "lib/output.h"
#include "report/report.h"

static void fill(enum kernel_line k, struct irqsim_kernel_line *out)
{
	out->name = kernel_line_name(k);
	out->provenance = kernel_line_provenance(k);
	out->distros = kernel_line_distros(k);
	out->reference_release = kernel_profile_get(k)->release;
}

int irqsim_kernel_line_info(size_t i, struct irqsim_kernel_line *out)
{
	if (i >= KERNEL_NR_LINES)
		return -1;
	fill((enum kernel_line)i, out);
	return 0;
}

int irqsim_kernel_resolve(const char *kernel, struct irqsim_kernel_line *out, char *note, size_t notelen)
{
	struct kernel_sel sel;
	if (kernel_sel_parse(kernel, &sel, note, notelen))
		return -1;
	fill(sel.line, out);
	return 0;
}

void irqsim_sim_kernel(const struct sim *s, struct irqsim_kernel_line *out)
{
	fill(s->prof->line, out);
}

unsigned irqsim_unmodelled_notes(const struct sim *s, char *buf, size_t len)
{
	return sim_unmodelled_notes(s, buf, len);
}

/* Allocatable vectors per CPU: the matrix window minus the system vectors in it (0 for 3.10) */
static unsigned usable_vectors(const struct kernel_profile *p)
{
	if (p->legacy_vector_alloc)
		return 0;
	struct irq_matrix *m = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, p->first_system_vector, 1, p->line);
	if (!m)
		return 0;
	x86_assign_system_vectors_prof(m, p);
	unsigned n = m->alloc_size - m->systembits_inalloc;
	irq_matrix_destroy(m);
	return n;
}

const struct report_column report_kernels_columns[] = {
	{ "line", "the kernel line (--kernel takes it, or a `uname -r` release of it)", RT_STRING, false, false },
	{ "provenance", "how irqsim knows the line: verified by boot, from source and patches, from the seed's figures",
	  RT_STRING, false, false },
	{ "vectors_per_cpu", "allocatable vectors per CPU (null: 3.10's allocator has no matrix)", RT_NUMBER, true,
	  false },
	{ "first_system_vector", "the lowest system vector: allocation ends below it", RT_NUMBER, false, false },
	{ "reference_release", "the release whose source or boot the line is", RT_STRING, false, false },
	{ "distributions", "the distributions that ship the line", RT_STRINGS, false, false },
	{ "switches", "the switches on for the line (--switches shows them)", RT_STRINGS, false, true },
};
const size_t report_kernels_nr_columns = sizeof(report_kernels_columns) / sizeof(report_kernels_columns[0]);

/* "Debian 12, Amazon Linux 2023" as ["Debian 12", "Amazon Linux 2023"]; a comma in parentheses stays */
static json_t *distributions(const char *s)
{
	json_t *arr = json_array();
	const char *start = s;
	int depth = 0;
	for (const char *c = s;; c++) {
		depth += *c == '(' ? 1 : *c == ')' && depth ? -1 : 0;
		if (*c && (*c != ',' || depth))
			continue;
		char buf[256];
		snprintf(buf, sizeof(buf), "%.*s", (int)(c - start), start);
		if (buf[0])
			report_push(arr, report_str(buf));
		if (!*c)
			break;
		start = c + 1 + (c[1] == ' ');
	}
	return arr;
}

static json_t *switches_on(const struct kernel_profile *p)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < kernel_nr_switches; i++)
		if (kernel_switch_value(p, i))
			report_push(arr, report_str(kernel_switches[i].name));
	return arr;
}

/* Every switch: what it changes, where, and the lines that have it */
static json_t *switch_list(void)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < kernel_nr_switches; i++) {
		const struct kernel_switch *w = &kernel_switches[i];
		json_t *o = json_object(), *lines = json_array();
		for (unsigned k = 0; k < KERNEL_NR_LINES; k++)
			if ((w->lines >> k) & 1u)
				report_push(lines, report_str(kernel_line_name((enum kernel_line)k)));
		report_set(o, "name", report_str(w->name));
		report_set(o, "modelled", json_boolean(w->modelled));
		report_set(o, "lines", lines);
		report_set(o, "effect", report_str(w->effect));
		report_set(o, "function", report_str(w->function));
		report_set(o, "commit", report_str(w->commit));
		report_set(o, "checked", report_str(w->checked));
		report_push(arr, o);
	}
	return arr;
}

static void switch_blocks(FILE *out)
{
	for (size_t i = 0; i < kernel_nr_switches; i++) {
		const struct kernel_switch *w = &kernel_switches[i];
		fprintf(out, "\n%s%s\n  on for:", w->name, w->modelled ? "" : " (NOT MODELLED)");
		for (unsigned k = 0; k < KERNEL_NR_LINES; k++)
			if ((w->lines >> k) & 1u)
				fprintf(out, " %s", kernel_line_name((enum kernel_line)k));
		fprintf(out, "\n  effect: %s\n  function: %s\n  commit: %s\n  checked: %s\n", w->effect, w->function,
			w->commit, w->checked);
	}
}

struct kernels_args {
	int switches;
	const struct irqsim_output *fmt;
};

static int kernels_print(const void *arg, FILE *out, char *err, size_t errlen)
{
	const struct kernels_args *a = arg;
	struct irqsim_output fmt = *a->fmt;
	if (irqsim_output_check(&fmt, err, errlen))
		return -1;
	/*
	 * --switches: the aligned table is followed by a block per switch (the
	 * column would be wider than a terminal); the formats made for programs
	 * get the switches column instead, unless -o chose the columns
	 */
	bool aligned = !fmt.json && !fmt.raw && !fmt.pairs && !fmt.csv;
	if (a->switches && !fmt.columns && !aligned)
		fmt.columns = "+switches";
	struct report_table *tb = report_table_new(report_kernels_columns, report_kernels_nr_columns, &fmt, err, errlen);
	if (!tb)
		return -1;
	for (unsigned k = 0; k < KERNEL_NR_LINES; k++) {
		const struct kernel_profile *p = kernel_profile_get((enum kernel_line)k);
		unsigned n = usable_vectors(p);
		json_t *row = report_table_row(tb);
		report_set(row, "line", report_str(kernel_line_name(p->line)));
		report_set(row, "provenance", report_str(kernel_line_provenance(p->line)));
		report_set(row, "vectors_per_cpu", n ? report_int(n) : json_null());
		report_set(row, "first_system_vector", report_int(p->first_system_vector));
		report_set(row, "reference_release", report_str(p->release));
		report_set(row, "distributions", distributions(kernel_line_distros(p->line)));
		report_set(row, "switches", switches_on(p));
	}
	int rc;
	if (fmt.json) {
		/* the lines, not one run's: no kernel in the header */
		json_t *doc = report_doc("kernels", a->switches ? "switches" : NULL, NULL);
		report_set(doc, "kernels", report_table_json(tb));
		if (a->switches)
			report_set(doc, "switches", switch_list());
		rc = report_doc_print(doc, out, err, errlen);
	} else if ((rc = report_table_text(tb, out))) {
		snprintf(err, errlen, "irqsim: out of memory");
	} else if (aligned && !fmt.noheadings) {
		/* prose only around the aligned table: -r, -P, --csv and -n print the table alone */
		fputs("\n--kernel and the scenario's 'kernel' take a line or what `uname -r` prints "
		      "(5.14.0-427.13.1.el9_4.x86_64, 6.1.0-57-amd64, 6.12.118+deb12-cloud-amd64).\n",
		      out);
		if (a->switches)
			switch_blocks(out);
		else
			fputs("irqsim kernels --switches lists every switch per line.\n", out);
	}
	report_table_free(tb);
	return rc;
}

int irqsim_kernels_format(int switches, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	static const struct irqsim_output plain;
	const struct kernels_args a = { switches, fmt ? fmt : &plain };
	return output_result(out, report_filtered(out, err, errlen, kernels_print, &a), err, errlen);
}

int irqsim_kernels_print(int verbose, int json, FILE *out)
{
	const struct irqsim_output fmt = { .json = json };
	char err[256];
	return irqsim_kernels_format(verbose, &fmt, out, err, sizeof(err));
}
