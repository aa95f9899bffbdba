// SPDX-License-Identifier: GPL-2.0-only
/*
 * The debugfs irq/domains/VECTOR file: kernel/irq/irqdomain.c
 * irq_domain_debug_show_one followed by kernel/irq/matrix.c
 * irq_matrix_debug_show (Debian kernels do not build it; irqsim shows what it
 * would print).
 */
#include <stdio.h>

#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/sim.h"
#include "irqsim/irqsim.h"
#include "report/report.h"

/*
 * 3.10 has neither the matrix nor a VECTOR irq domain: show what it has, the
 * per-CPU vector_irq tables (arch/x86/kernel/irq.c) that __assign_irq_vector
 * searches, and the search position it resumes from.
 */
static int report_vector_legacy(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	struct legacy_vector_state *v = s->legacy;
	unsigned cpu;
	static const char *const apic_names[] = { "x2apic_cluster", "physflat", "flat" };
	if (fmt->json) {
		json_t *doc = report_sim_doc(s, "vector"), *o, *cpus;
		report_set(doc, "allocator", report_str("vector_irq"));
		report_set(doc, "matrix", json_null());
		report_set(doc, "vector_irq", o = json_object());
		report_set(o, "apic", report_str(apic_names[v->apic]));
		report_set(o, "first_system_vector", report_int(v->first_system_vector));
		report_set(o, "usable_per_cpu", report_int(legacy_vectors_usable(s)));
		report_set(o, "current_vector", report_int(v->current_vector));
		report_set(o, "current_offset", report_int(v->current_offset));
		report_set(o, "cpus", cpus = json_array());
		for_each_cpu(cpu, &s->cpu_online_mask) {
			json_t *c = json_object(), *vecs = json_array();
			report_push(cpus, c);
			report_set(c, "cpu", report_int(cpu));
			report_set(c, "allocated", report_int(legacy_vectors_allocated(s, cpu)));
			report_set(c, "available", report_int(vector_cpu_available(s, cpu)));
			report_set(c, "vectors", vecs);
			for (unsigned vec = 0; vec < NR_VECTORS; vec++) {
				int irq = *legacy_vector_irq(v, cpu, vec);
				if (irq <= VECTOR_UNDEFINED)
					continue;
				json_t *e = json_object();
				report_push(vecs, e);
				report_set(e, "vector", report_int(vec));
				report_set(e, "irq", report_int(irq));
			}
		}
		return report_doc_print(doc, out, err, errlen);
	}
	fputs("kernel 3.10: no irq_matrix and no VECTOR irq domain; per-CPU vector_irq tables\n"
	      "(arch/x86/kernel/apic/io_apic.c __assign_irq_vector, steps of 16 per priority level)\n", out);
	fprintf(out, "apic %s, first_system_vector 0x%02x, usable vectors per CPU %u "
		     "(0x%02x-0x%02x minus used_vectors)\n",
		apic_names[v->apic], v->first_system_vector, legacy_vectors_usable(s), FIRST_EXTERNAL_VECTOR,
		v->first_system_vector - 1);
	fprintf(out, "search position: current_vector 0x%02x, current_offset %u\n", v->current_vector,
		v->current_offset);
	fputs("| CPU | avl | act | vector -> irq\n", out);
	for_each_cpu(cpu, &s->cpu_online_mask) {
		fprintf(out, "  %4u  %4u  %4u ", cpu, vector_cpu_available(s, cpu), legacy_vectors_allocated(s, cpu));
		unsigned n = 0;
		for (unsigned vec = FIRST_EXTERNAL_VECTOR; vec < v->first_system_vector; vec++) {
			int irq = *legacy_vector_irq(v, cpu, vec);
			if (irq <= VECTOR_UNDEFINED)
				continue;
			fprintf(out, "%s0x%02x:%d", n && n % 12 == 0 ? "\n                  " : " ", vec, irq);
			n++;
		}
		fputc('\n', out);
	}
	return 0;
}

int report_vector(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	struct irq_matrix *m = s->matrix;
	if (!m)
		return report_vector_legacy(s, fmt, out, err, errlen);
	char buf[2048];
	unsigned mapped = 0, cpu;
	for (unsigned i = 0; i < s->irqs.size; i++)
		if (s->irqs.descs[i] && s->irqs.descs[i]->apicd)
			mapped++;
	if (fmt->json) {
		json_t *doc = report_sim_doc(s, "vector"), *o, *cpus;
		report_set(doc, "allocator", report_str("matrix"));
		report_set(doc, "matrix", o = json_object());
		report_set(doc, "vector_irq", json_null());
		report_set(o, "mapped", report_int(mapped));
		report_set(o, "matrix_bits", report_int(m->matrix_bits));
		report_set(o, "alloc_start", report_int(m->alloc_start));
		report_set(o, "alloc_end", report_int(m->alloc_end));
		report_set(o, "alloc_size", report_int(m->alloc_size));
		report_set(o, "global_available", report_int(m->global_available));
		report_set(o, "global_reserved", report_int(m->global_reserved));
		report_set(o, "systembits_inalloc", report_int(m->systembits_inalloc));
		report_set(o, "total_allocated", report_int(m->total_allocated));
		report_set(o, "online_maps", report_int(m->online_maps));
		vecmap_print_list(buf, sizeof(buf), &m->system_map, m->matrix_bits);
		report_set(o, "system", report_cpulist(buf));
		report_set(o, "cpus", cpus = json_array());
		for_each_cpu(cpu, &s->cpu_online_mask) {
			const struct cpumap *cm = &m->maps[cpu];
			json_t *c = json_object();
			report_push(cpus, c);
			vecmap_print_list(buf, sizeof(buf), &cm->alloc_map, m->matrix_bits);
			report_set(c, "cpu", report_int(cpu));
			report_set(c, "avl", report_int(cm->available));
			report_set(c, "man", report_int(cm->managed));
			report_set(c, "mac", report_int(cm->managed_allocated));
			report_set(c, "act", report_int(cm->allocated));
			report_set(c, "vectors", report_cpulist(buf));
		}
		return report_doc_print(doc, out, err, errlen);
	}
	int ind = 0;
	fprintf(out, "%*sname:   %s\n", ind, "", "VECTOR");
	fprintf(out, "%*ssize:   %u\n", ind + 1, "", 0u);
	fprintf(out, "%*smapped: %u\n", ind + 1, "", mapped);
	/*
	 * IRQ_DOMAIN_FLAG_HIERARCHY | IRQ_DOMAIN_NAME_ALLOCATED: (1 << 1) since
	 * 5.6 ("genirq/irqdomain: Make sure all irq domain flags are distinct"),
	 * (1 << 6) before, kept for 4.18; with per-device MSI domains
	 * x86_create_pci_msi_domain also marks the vector domain
	 * IRQ_DOMAIN_FLAG_MSI_PARENT (1 << 8).  The kernel's memory (record
	 * --kstate): 0x3 on 6.1, 0x103 on 6.12.
	 */
	unsigned dflags = s->prof->line <= KERNEL_4_18 ? 0x41u : 0x3u;
	if (s->prof->msi_per_device_domain)
		dflags |= 1u << 8;
	fprintf(out, "%*sflags:  0x%08x\n", ind + 1, "", dflags);
	ind++;
	fprintf(out, "Online bitmaps:   %6u\n", m->online_maps);
	fprintf(out, "Global available: %6u\n", m->global_available);
	fprintf(out, "Global reserved:  %6u\n", m->global_reserved);
	fprintf(out, "Total allocated:  %6u\n", m->total_allocated);
	vecmap_print_list(buf, sizeof(buf), &m->system_map, m->matrix_bits);
	fprintf(out, "System: %u: %s\n", vecmap_weight(&m->system_map, m->matrix_bits), buf);
	fprintf(out, "%*s| CPU | avl | man | mac | act | vectors\n", ind, " ");
	for_each_cpu(cpu, &s->cpu_online_mask) {
		const struct cpumap *cm = &m->maps[cpu];
		vecmap_print_list(buf, sizeof(buf), &cm->alloc_map, m->matrix_bits);
		fprintf(out, "%*s %4u  %4u  %4u  %4u %4u  %s\n", ind, " ", cpu, cm->available, cm->managed,
			cm->managed_allocated, cm->allocated, buf);
	}
	/* the crash-dump view of struct irq_matrix that seed 000 quotes */
	fprintf(out, "\nmatrix_bits = %u, alloc_start = %u, alloc_end = %u, alloc_size = %u,\n", m->matrix_bits,
		m->alloc_start, m->alloc_end, m->alloc_size);
	fprintf(out, "global_available = %u, global_reserved = %u, systembits_inalloc = %u,\n",
		m->global_available, m->global_reserved, m->systembits_inalloc);
	fprintf(out, "total_allocated = %u, online_maps = %u\n", m->total_allocated, m->online_maps);
	return 0;
}
