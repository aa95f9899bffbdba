// SPDX-License-Identifier: GPL-2.0-only
/*
 * The debugfs irq/domains/VECTOR file: kernel/irq/irqdomain.c
 * irq_domain_debug_show_one followed by kernel/irq/matrix.c
 * irq_matrix_debug_show (Debian kernels do not build it; irqsim shows what it
 * would print).
 */
#include <stdio.h>

#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/sim.h"
#include "report/report.h"

int report_vector(struct sim *s, int json, FILE *out)
{
	struct irq_matrix *m = s->matrix;
	char buf[2048];
	unsigned mapped = 0, cpu;
	for (unsigned i = 0; i < s->irqs.size; i++)
		if (s->irqs.descs[i] && s->irqs.descs[i]->apicd)
			mapped++;
	if (json) {
		fprintf(out, "{\"matrix_bits\": %u, \"alloc_start\": %u, \"alloc_end\": %u, \"alloc_size\": %u, "
			     "\"global_available\": %u, \"global_reserved\": %u, \"systembits_inalloc\": %u, "
			     "\"total_allocated\": %u, \"online_maps\": %u, \"cpus\": [",
			m->matrix_bits, m->alloc_start, m->alloc_end, m->alloc_size, m->global_available,
			m->global_reserved, m->systembits_inalloc, m->total_allocated, m->online_maps);
		int first = 1;
		for_each_cpu(cpu, &s->cpu_online_mask) {
			const struct cpumap *cm = &m->maps[cpu];
			vecmap_print_list(buf, sizeof(buf), &cm->alloc_map, m->matrix_bits);
			fprintf(out, "%s{\"cpu\": %u, \"avl\": %u, \"man\": %u, \"mac\": %u, \"act\": %u, \"vectors\": ",
				first ? "\n  " : ",\n  ", cpu, cm->available, cm->managed, cm->managed_allocated,
				cm->allocated);
			json_string(out, buf);
			fputs("}", out);
			first = 0;
		}
		fputs("\n]}\n", out);
		return 0;
	}
	int ind = 0;
	fprintf(out, "%*sname:   %s\n", ind, "", "VECTOR");
	fprintf(out, "%*ssize:   %u\n", ind + 1, "", 0u);
	fprintf(out, "%*smapped: %u\n", ind + 1, "", mapped);
	/* IRQ_DOMAIN_FLAG_HIERARCHY | IRQ_DOMAIN_NAME_ALLOCATED */
	fprintf(out, "%*sflags:  0x%08x\n", ind + 1, "", 0x41u);
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
