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
#include "drivers/pcieport.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "irqsim/irqsim.h"
#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "irq/matrix.h"
#include "kernel/host.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "report/report.h"
#include "report/stats.h"

/* The irqs a device has requested (MSI vectors and, for INTx, its line). */
void report_irq_list(struct sim *s, const struct pci_dev *d, char *buf, size_t len)
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

/* The host bridge's _OSC outcome and which port services got irqs */
static void pcie_summary(const struct sim *s, FILE *out)
{
	unsigned ports = 0, pme = 0, aer = 0, hp = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->present || !d->drv || strcmp(d->drv->kernel_name, "pcieport"))
			continue;
		ports++;
		pme += !!(d->port_services & PCIE_PORT_SERVICE_PME);
		aer += !!(d->port_services & PCIE_PORT_SERVICE_AER);
		hp += !!(d->port_services & PCIE_PORT_SERVICE_HP);
	}
	fprintf(out, "PCIe: _OSC %s; hot-plug %s", s->host.osc_outcome,
		s->pcie_hotplug == PCIE_HOTPLUG_NATIVE ? "signalled natively (QEMU pcie-hotplug=native)" : "by ACPI (acpiphp)");
	if (ports)
		fprintf(out, "; %u port%s: PCIe PME %u, aerdrv %u, pciehp %u%s", ports, ports == 1 ? "" : "s", pme,
			aer, hp, s->params.pcie_ports_native ? " (pcie_ports=native)" : "");
	fputc('\n', out);
}

const struct report_column report_summary_columns[] = {
	{ "DEVICE", "the QEMU device (driver name)", 0, 0, false },
	{ "ID", "its id= in the scenario, or -", 0, 0, false },
	{ "DRIVER", "the kernel driver bound to it", 0, 0, false },
	{ "NAME", "the kernel's name for it (virtio0), or -", 0, 0, false },
	{ "MODE", "interrupt mode it ended in: per-vq, shared, msix, msi, intx, failed, removed", 0, 0, false },
	{ "VECTORS", "MSI/MSI-X vectors it holds (1 for INTx)", SCOLS_JSON_NUMBER, 0, false },
	{ "IRQS", "its Linux irq numbers", 0, 0, false },
	{ "ERRNO", "the probe's return value (0, -28, ...)", SCOLS_JSON_NUMBER, 0, false },
};
const size_t report_summary_nr_columns = sizeof(report_summary_columns) / sizeof(report_summary_columns[0]);

int report_summary(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	int json = fmt->json;
	struct libscols_table *tb =
		report_table_new("devices", report_summary_columns, report_summary_nr_columns, fmt, out, err, errlen);
	if (!tb)
		return -1;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		enum dev_irq_mode m = device_irq_mode(d);
		char name[32], vec[16], irqs[256], errno_s[16];
		const char *kname = driver_dev_name(d);
		snprintf(name, sizeof(name), "%s", kname != d->name ? kname : "-");
		unsigned nvec = (m == DM_PER_VQ || m == DM_SHARED || m == DM_MSIX || m == DM_MSI) ? d->nr_msi
				: (m == DM_INTX ? 1 : 0);
		snprintf(vec, sizeof(vec), "%u", nvec);
		report_irq_list(s, d, irqs, sizeof(irqs));
		snprintf(errno_s, sizeof(errno_s), "%d", d->probe_err);
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		scols_line_set_data(ln, 0, d->name);
		scols_line_set_data(ln, 1, d->id ? d->id : "-");
		scols_line_set_data(ln, 2, d->drv->kernel_name);
		scols_line_set_data(ln, 3, name);
		scols_line_set_data(ln, 4, device_irq_mode_name(m));
		scols_line_set_data(ln, 5, vec);
		scols_line_set_data(ln, 6, irqs[0] ? irqs : "-");
		scols_line_set_data(ln, 7, errno_s);
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
		report_table_print(tb, fmt);
		fprintf(out, ", \"stages\": {\"per_vq\": %u, \"shared\": %u, \"intx\": %u, \"failed\": %u, "
			     "\"msix\": %u, \"msi\": %u, "
			     "\"first_shared\": %d, \"first_intx\": %d, \"first_failed\": %d, \"unplug_pending\": %u},\n",
			counts[DM_PER_VQ], counts[DM_SHARED], counts[DM_INTX], counts[DM_FAILED], counts[DM_MSIX],
			counts[DM_MSI], first_shared, first_intx, first_failed, st.unplug_pending);
		if (m)
			fprintf(out, " \"matrix\": {\"global_available\": %u, \"global_reserved\": %u, "
				     "\"total_allocated\": %u, \"online_maps\": %u, \"alloc_size\": %u, "
				     "\"systembits_inalloc\": %u}",
				m->global_available, m->global_reserved, m->total_allocated, m->online_maps,
				m->alloc_size, m->systembits_inalloc);
		else /* 3.10: per-CPU vector_irq tables, no matrix */
			fprintf(out, " \"vectors\": {\"allocator\": \"vector_irq\", \"usable_per_cpu\": %u, "
				     "\"allocated\": %u, \"available\": %u}",
				legacy_vectors_usable(s), vector_total_allocated(s), vector_global_available(s));
		if (host_kvm(s))
			fprintf(out, ",\n \"host\": {\"kvm_max_irq_routes\": %u, \"routes_used\": %u, "
				     "\"routes_free\": %u}",
				s->kvm_max_irq_routes, host_routes_used(s), host_routes_free(s));
		if (s->panicked) {
			fputs(",\n \"panic\": ", out);
			json_put_string(out, s->panic_reason ? s->panic_reason : "");
		}
		fputs("}\n", out);
		return 0;
	}
	report_table_print(tb, fmt);
	/* raw and pairs output are for scripts: the table alone */
	if (fmt->raw || fmt->pairs)
		return 0;
	fprintf(out, "\nkernel %s, machine %s, %u CPUs online (%u possible)\n",
		kernel_line_name(s->prof->line), s->machine == MACHINE_PC ? "pc" : "q35",
		cpumask_weight(&s->cpu_online_mask), s->topo.nr_cpu_ids);
	fprintf(out, "devices: %u per-vq, %u shared, %u intx, %u failed, %u removed", counts[DM_PER_VQ],
		counts[DM_SHARED], counts[DM_INTX], counts[DM_FAILED], counts[DM_REMOVED]);
	/* drivers without virtio's modes (nvme, PCIe ports): their MSI-X/MSI count */
	if (counts[DM_MSIX] || counts[DM_MSI])
		fprintf(out, ", %u msix, %u msi", counts[DM_MSIX], counts[DM_MSI]);
	fputc('\n', out);
	if (s->machine == MACHINE_Q35)
		pcie_summary(s, out);
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->unplug_pending)
			continue;
		char why[300], irqs[256];
		sim_unhandled_slot_reason(s, d, why, sizeof(why));
		report_irq_list(s, d, irqs, sizeof(irqs));
		if (d->hp_unseen)
			fprintf(out, "unplug pending: %s (%s) was never enumerated by the guest: %s\n",
				d->id ? d->id : "-", d->name, why);
		else
			fprintf(out, "unplug pending: %s (%s) stays present with irqs %s: %s\n", d->id ? d->id : "-",
				d->name, irqs[0] ? irqs : "(none)", why);
	}
	if (first_shared >= 0)
		fprintf(out, "shared MSI-X from device #%d (%s)\n", first_shared, first_shared_name);
	if (first_intx >= 0)
		fprintf(out, "INTx from device #%d (%s)\n", first_intx, first_intx_name);
	if (first_failed >= 0)
		fprintf(out, "failures from device #%d (%s)\n", first_failed, first_failed_name);
	if (m)
		fprintf(out, "matrix: global_available %u, global_reserved %u, total_allocated %u, online_maps %u\n",
			m->global_available, m->global_reserved, m->total_allocated, m->online_maps);
	else
		fprintf(out, "vectors (3.10 per-CPU vector_irq tables, no matrix): %u usable per CPU, allocated %u, "
			     "available %u\n",
			legacy_vectors_usable(s), vector_total_allocated(s), vector_global_available(s));
	if (host_kvm(s)) {
		unsigned used = host_routes_used(s);
		fprintf(out, "host: KVM GSI routes %u of %u in use (%u IO-APIC pins, %u MSI/MSI-X vectors)%s\n", used,
			s->kvm_max_irq_routes, KVM_IOAPIC_GSIS, used - KVM_IOAPIC_GSIS,
			used > s->kvm_max_irq_routes ? ": over the limit, the last vectors find no route" : "");
	}
	if (s->panicked)
		fprintf(out, "kernel panic: %s\n", s->panic_reason ? s->panic_reason : "");
	if (s->params.nr_ignored) {
		fputs("cmdline: ignored (not modelled):", out);
		for (size_t i = 0; i < s->params.nr_ignored; i++)
			fprintf(out, " %s", s->params.ignored[i]);
		fputc('\n', out);
	}
	return 0;
}
