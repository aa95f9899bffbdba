// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary view: every PCI function with a driver, the interrupt mode it
 * ended in, its irqs and errno, where each fallback stage starts, and the
 * matrix totals.  Tables and JSON through libsmartcols, as util-linux's lsirq.
 */
#include <libsmartcols.h>
#include <stdio.h>
#include <string.h>

#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "report/report.h"
#include "report/stats.h"

/* The irqs a device has requested (MSI vectors and, for INTx, its line). */
static void irq_list(struct sim *s, const struct pci_dev *d, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < d->nr_msi && n + 16 < len; i++) {
		struct irq_desc *x = irq_to_desc(s, d->msi[i].irq);
		if (x && x->action)
			n += (size_t)snprintf(buf + n, len - n, "%s%u", n ? "," : "", x->irq);
	}
	const struct virtio_pci_device *vp = d->drvdata;
	bool intx = d->drv && d->drv->is_virtio ? vp && vp->intx_enabled : d->irq_mode == PCI_IRQ_MODE_INTX;
	if (intx && n + 16 < len)
		snprintf(buf + n, len - n, "%s%u", n ? "," : "", d->irq);
}

int report_summary(struct sim *s, int json, FILE *out)
{
	struct libscols_table *tb = scols_new_table();
	if (!tb)
		return -1;
	scols_table_enable_json(tb, json);
	scols_table_set_stream(tb, out);
	scols_table_set_name(tb, "devices");
	const char *cols[] = { "DEVICE", "ID", "DRIVER", "NAME", "MODE", "VECTORS", "IRQS", "ERRNO" };
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		struct libscols_column *c = scols_table_new_column(tb, cols[i], 0, 0);
		if (json && (i == 5 || i == 7))
			scols_column_set_json_type(c, SCOLS_JSON_NUMBER);
	}
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		enum dev_irq_mode m = device_irq_mode(d);
		char name[32], vec[16], irqs[256], err[16];
		const char *kname = driver_dev_name(d);
		snprintf(name, sizeof(name), "%s", kname != d->name ? kname : "-");
		unsigned nvec = (m == DM_PER_VQ || m == DM_SHARED || m == DM_MSIX || m == DM_MSI) ? d->nr_msi
				: (m == DM_INTX ? 1 : 0);
		snprintf(vec, sizeof(vec), "%u", nvec);
		irq_list(s, d, irqs, sizeof(irqs));
		snprintf(err, sizeof(err), "%d", d->probe_err);
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		scols_line_set_data(ln, 0, d->name);
		scols_line_set_data(ln, 1, d->id ? d->id : "-");
		scols_line_set_data(ln, 2, d->drv->kernel_name);
		scols_line_set_data(ln, 3, name);
		scols_line_set_data(ln, 4, device_irq_mode_name(m));
		scols_line_set_data(ln, 5, vec);
		scols_line_set_data(ln, 6, irqs[0] ? irqs : "-");
		scols_line_set_data(ln, 7, err);
	}
	struct sim_stats st;
	sim_stats(s, &st);
	unsigned *counts = st.counts;
	int first_shared = st.first[DM_SHARED], first_intx = st.first[DM_INTX], first_failed = st.first[DM_FAILED];
	const char *first_shared_name = st.first_name[DM_SHARED], *first_intx_name = st.first_name[DM_INTX],
		   *first_failed_name = st.first_name[DM_FAILED];
	struct irq_matrix *m = s->matrix;
	if (json) {
		fputs("{\"summary\": ", out);
		scols_print_table(tb);
		fprintf(out, ", \"stages\": {\"per_vq\": %u, \"shared\": %u, \"intx\": %u, \"failed\": %u, "
			     "\"msix\": %u, \"msi\": %u, "
			     "\"first_shared\": %d, \"first_intx\": %d, \"first_failed\": %d},\n",
			counts[DM_PER_VQ], counts[DM_SHARED], counts[DM_INTX], counts[DM_FAILED], counts[DM_MSIX],
			counts[DM_MSI], first_shared, first_intx, first_failed);
		fprintf(out, " \"matrix\": {\"global_available\": %u, \"global_reserved\": %u, "
			     "\"total_allocated\": %u, \"online_maps\": %u, \"alloc_size\": %u, "
			     "\"systembits_inalloc\": %u}}\n",
			m->global_available, m->global_reserved, m->total_allocated, m->online_maps, m->alloc_size,
			m->systembits_inalloc);
		scols_unref_table(tb);
		return 0;
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	fprintf(out, "\nkernel %s, machine %s, %u CPUs online (%u possible)\n",
		kernel_line_name(s->prof->line), s->machine == MACHINE_PC ? "pc" : "q35",
		cpumask_weight(&s->cpu_online_mask), s->topo.nr_cpu_ids);
	fprintf(out, "devices: %u per-vq, %u shared, %u intx, %u failed, %u removed", counts[DM_PER_VQ],
		counts[DM_SHARED], counts[DM_INTX], counts[DM_FAILED], counts[DM_REMOVED]);
	/* drivers without virtio's modes (nvme, PCIe ports): their MSI-X/MSI count */
	if (counts[DM_MSIX] || counts[DM_MSI])
		fprintf(out, ", %u msix, %u msi", counts[DM_MSIX], counts[DM_MSI]);
	fputc('\n', out);
	if (first_shared >= 0)
		fprintf(out, "shared MSI-X from device #%d (%s)\n", first_shared, first_shared_name);
	if (first_intx >= 0)
		fprintf(out, "INTx from device #%d (%s)\n", first_intx, first_intx_name);
	if (first_failed >= 0)
		fprintf(out, "failures from device #%d (%s)\n", first_failed, first_failed_name);
	fprintf(out, "matrix: global_available %u, global_reserved %u, total_allocated %u, online_maps %u\n",
		m->global_available, m->global_reserved, m->total_allocated, m->online_maps);
	if (s->params.nr_ignored) {
		fputs("cmdline: ignored (not modelled):", out);
		for (size_t i = 0; i < s->params.nr_ignored; i++)
			fprintf(out, " %s", s->params.ignored[i]);
		fputc('\n', out);
	}
	return 0;
}
