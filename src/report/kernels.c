// SPDX-License-Identifier: GPL-2.0-only
/*
 * `irqsim kernels`: the kernel lines irqsim models, how each is known and
 * who ships it, and (verbose) every switch with its value per line, the
 * kernel function and the commit.  Also the public accessors of a line's
 * name and provenance (the JSON header and compare use them).
 */
#include <stdio.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "kernel/profile.h"
#include "kernel/sim.h"
#include "arch/x86/vector.h"

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

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static int print_json(int verbose, FILE *out)
{
	fputs("{\"kernels\": [", out);
	for (unsigned k = 0; k < KERNEL_NR_LINES; k++) {
		const struct kernel_profile *p = kernel_profile_get((enum kernel_line)k);
		fprintf(out, "%s\n  {\"line\": ", k ? "," : "");
		json_str(out, kernel_line_name(p->line));
		fputs(", \"provenance\": ", out);
		json_str(out, kernel_line_provenance(p->line));
		fputs(", \"distributions\": ", out);
		json_str(out, kernel_line_distros(p->line));
		fputs(", \"reference_release\": ", out);
		json_str(out, p->release);
		fprintf(out, ", \"first_system_vector\": %u, \"vectors_per_cpu\": %u", p->first_system_vector,
			usable_vectors(p));
		if (verbose) {
			fputs(", \"switches\": {", out);
			for (size_t i = 0; i < kernel_nr_switches; i++) {
				fprintf(out, "%s", i ? ", " : "");
				json_str(out, kernel_switches[i].name);
				fprintf(out, ": %s", kernel_switch_value(p, i) ? "true" : "false");
			}
			fputc('}', out);
		}
		fputc('}', out);
	}
	fputs("\n]", out);
	if (verbose) {
		fputs(",\n\"switches\": [", out);
		for (size_t i = 0; i < kernel_nr_switches; i++) {
			const struct kernel_switch *w = &kernel_switches[i];
			fprintf(out, "%s\n  {\"name\": ", i ? "," : "");
			json_str(out, w->name);
			fputs(", \"function\": ", out);
			json_str(out, w->function);
			fputs(", \"commit\": ", out);
			json_str(out, w->commit);
			fputs(", \"checked\": ", out);
			json_str(out, w->checked);
			fprintf(out, ", \"modelled\": %s, \"effect\": ", w->modelled ? "true" : "false");
			json_str(out, w->effect);
			fputc('}', out);
		}
		fputs("\n]", out);
	}
	fputs("}\n", out);
	return 0;
}

int irqsim_kernels_print(int verbose, int json, FILE *out)
{
	if (json)
		print_json(verbose, out);
	else {
		fprintf(out, "%-5s %-24s %-8s %-30s %s\n", "LINE", "PROVENANCE", "VEC/CPU", "REFERENCE RELEASE",
			"SHIPPED BY");
		for (unsigned k = 0; k < KERNEL_NR_LINES; k++) {
			const struct kernel_profile *p = kernel_profile_get((enum kernel_line)k);
			char vec[16];
			unsigned n = usable_vectors(p);
			if (n)
				snprintf(vec, sizeof(vec), "%u", n);
			else
				snprintf(vec, sizeof(vec), "-");
			fprintf(out, "%-5s %-24s %-8s %-30s %s\n", kernel_line_name(p->line), kernel_line_provenance(p->line),
				vec, p->release, kernel_line_distros(p->line));
		}
		fputs("\n--kernel and the scenario's 'kernel' take a line or what `uname -r` prints "
		      "(5.14.0-427.13.1.el9_4.x86_64, 6.1.0-57-amd64, 6.12.118+deb12-cloud-amd64).\n", out);
		if (!verbose) {
			fputs("irqsim kernels --switches lists every switch per line.\n", out);
		} else {
			for (size_t i = 0; i < kernel_nr_switches; i++) {
				const struct kernel_switch *w = &kernel_switches[i];
				fprintf(out, "\n%s%s\n  on for:", w->name, w->modelled ? "" : " (NOT MODELLED)");
				for (unsigned k = 0; k < KERNEL_NR_LINES; k++)
					if ((w->lines >> k) & 1u)
						fprintf(out, " %s", kernel_line_name((enum kernel_line)k));
				fprintf(out, "\n  effect: %s\n  function: %s\n  commit: %s\n  checked: %s\n", w->effect,
					w->function, w->commit, w->checked);
			}
		}
	}
	return ferror(out) ? -1 : 0;
}
