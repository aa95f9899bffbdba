// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary view: every PCI function with a driver, the interrupt mode it
 * ended in, its irqs and errno, where each fallback stage starts, and the
 * matrix totals: a table (report/table.c) and the totals, or one JSON document.
 */
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
#include "whatif/host.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "report/groups.h"
#include "report/ranges.h"
#include "report/report.h"
#include "whatif/stats.h"

/* The irqs a device has requested (MSI vectors and, for INTx, its line). */
json_t *report_irq_list(struct sim *s, const struct pci_dev *d)
{
	json_t *arr = json_array();
	if (!arr)
		report_push(NULL, NULL); /* remembered as out of memory */
	for (unsigned i = 0; i < d->nr_msi; i++) {
		struct irq_desc *x = irq_to_desc(s, d->msi[i].irq);
		if (x && x->action)
			report_push(arr, report_int(x->irq));
	}
	const struct virtio_pci_device *vp = d->drvdata;
	bool intx = d->drv && d->drv->is_virtio ? vp && vp->intx_enabled : d->irq_mode == PCI_IRQ_MODE_INTX;
	if (intx)
		report_push(arr, report_int(d->irq));
	return arr;
}

void report_irq_text(struct sim *s, const struct pci_dev *d, char *buf, size_t len)
{
	json_t *arr = report_irq_list(s, d);
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < json_array_size(arr) && n + 24 < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%lld", n ? "," : "",
				      (long long)json_integer_value(json_array_get(arr, i)));
	json_decref(arr);
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
	{ "device", "the QEMU device (driver name)", RT_STRING, false, false },
	{ "id", "its id= in the scenario (null: none)", RT_STRING, true, false },
	{ "driver", "the kernel driver bound to it", RT_STRING, false, false },
	{ "name", "the kernel's name for it (virtio0; null: none)", RT_STRING, true, false },
	{ "mode", "interrupt mode it ended in: per-vq, shared, msix, msi, intx, failed, removed", RT_STRING, false, false },
	{ "vectors", "MSI/MSI-X vectors it holds (1 for INTx)", RT_NUMBER, false, false },
	{ "irqs", "its Linux irq numbers", RT_NUMBERS, false, false },
	{ "errno", "the probe's return value (0, -28, ...)", RT_NUMBER, false, false },
};
const size_t report_summary_nr_columns = sizeof(report_summary_columns) / sizeof(report_summary_columns[0]);

/* An index as JSON: null for -1 */
static json_t *index_or_null(int i)
{
	return i < 0 ? json_null() : report_int(i);
}

/*
 * A machine with more CPUs than an xAPIC guest can address: say how many
 * never came up and what the machine needs (sim.c xapic_usable_cpus).
 */
static void x2apic_warning(const struct sim *s, FILE *out)
{
	if (!s->apicid_dropped)
		return;
	unsigned first = s->apicid_first_dropped, last = first + s->apicid_dropped - 1;
	const char *why = s->params.nox2apic ? "nox2apic keeps the guest in xAPIC mode"
			  : s->params.intremap_off && s->intel_iommu ? "intremap=off leaves x2APIC without interrupt remapping"
			  : "x2APIC needs interrupt remapping in x2apic mode: device intel-iommu,intremap=on,eim=on (q35)";
	fprintf(out, "warning: %u of %u CPUs not brought up (QEMU CPUs %u-%u, APIC ids %u-%u): an xAPIC guest ignores "
		     "APIC ids above 254 (acpi_parse_x2apic); %s\n",
		s->apicid_dropped, last + 1, first, last, topology_apic_id(&s->topo, first),
		topology_apic_id(&s->topo, last), why);
}

/* USB devices whose controller is present (an unplugged controller takes its devices with it) */
static size_t usb_listed(const struct sim *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nr_usb_devs; i++)
		n += s->usb_devs[i].hc->present;
	return n;
}

/*
 * The USB devices in one line: none is a PCI function or takes an
 * interrupt (their transfers complete on the controller's), so they are
 * listed beside the table, not in it.  The first few by name, then a count.
 */
static void usb_summary(const struct sim *s, FILE *out)
{
	size_t n = usb_listed(s), shown = 0;
	if (!n)
		return;
	fprintf(out, "usb: %zu device%s, no PCI function and no interrupt of %s own (the controller's carries %s):",
		n, n == 1 ? "" : "s", n == 1 ? "its" : "their", n == 1 ? "it" : "them");
	for (size_t i = 0; i < s->nr_usb_devs; i++) {
		const struct sim_usb_dev *u = &s->usb_devs[i];
		if (!u->hc->present)
			continue;
		if (shown == 8) {
			fprintf(out, " and %zu more", n - shown);
			break;
		}
		fprintf(out, "%s %s%s%s on %s ", shown++ ? "," : "", u->driver, u->id ? " " : "", u->id ? u->id : "",
			u->bus);
		if (u->port)
			fprintf(out, "port %u", u->port);
		else
			fputs("behind QEMU's usb-hub", out);
		fprintf(out, " (%s %s)", u->hc->name, driver_name(u->hc));
	}
	fputc('\n', out);
}

/* The summary's document beside the devices table */
static json_t *summary_doc(struct sim *s, json_t *devices, const struct sim_stats *st)
{
	json_t *doc = report_sim_doc(s, "summary"), *o;
	const unsigned *counts = st->counts;
	report_set(doc, "devices", devices);
	report_set(doc, "machine", o = json_object());
	report_set(o, "type", report_str(s->machine == MACHINE_PC ? "pc" : "q35"));
	report_set(o, "cpus_online", report_int(cpumask_weight(&s->cpu_online_mask)));
	report_set(o, "cpus_possible", report_int(s->topo.nr_cpu_ids));
	/* the scenario's CPUs an xAPIC guest could not bring up (APIC id above 254) */
	report_set(o, "cpus_without_usable_apic_id", report_int(s->apicid_dropped));
	report_set(doc, "stages", o = json_object());
	report_set(o, "per_vq", report_int(counts[DM_PER_VQ]));
	report_set(o, "shared", report_int(counts[DM_SHARED]));
	report_set(o, "intx", report_int(counts[DM_INTX]));
	report_set(o, "failed", report_int(counts[DM_FAILED]));
	report_set(o, "removed", report_int(counts[DM_REMOVED]));
	report_set(o, "msix", report_int(counts[DM_MSIX]));
	report_set(o, "msi", report_int(counts[DM_MSI]));
	report_set(o, "first_shared", index_or_null(st->first[DM_SHARED]));
	report_set(o, "first_intx", index_or_null(st->first[DM_INTX]));
	report_set(o, "first_failed", index_or_null(st->first[DM_FAILED]));
	report_set(o, "unplug_pending", report_int(st->unplug_pending));
	struct irq_matrix *m = s->matrix;
	if (m) {
		report_set(doc, "matrix", o = json_object());
		report_set(o, "global_available", report_int(m->global_available));
		report_set(o, "global_reserved", report_int(m->global_reserved));
		report_set(o, "total_allocated", report_int(m->total_allocated));
		report_set(o, "online_maps", report_int(m->online_maps));
		report_set(o, "alloc_size", report_int(m->alloc_size));
		report_set(o, "systembits_inalloc", report_int(m->systembits_inalloc));
		report_set(doc, "vectors", json_null());
	} else {
		/* 3.10: per-CPU vector_irq tables, no matrix */
		report_set(doc, "matrix", json_null());
		report_set(doc, "vectors", o = json_object());
		report_set(o, "allocator", report_str("vector_irq"));
		report_set(o, "usable_per_cpu", report_int(legacy_vectors_usable(s)));
		report_set(o, "allocated", report_int(vector_total_allocated(s)));
		report_set(o, "available", report_int(vector_global_available(s)));
	}
	if (host_kvm(s)) {
		report_set(doc, "host", o = json_object());
		report_set(o, "kvm_max_irq_routes", report_int(s->kvm_max_irq_routes));
		report_set(o, "routes_used", report_int(host_routes_used(s)));
		report_set(o, "routes_free", report_int(host_routes_free(s)));
	} else {
		report_set(doc, "host", json_null());
	}
	report_set(doc, "panic", s->panicked ? report_str(s->panic_reason ? s->panic_reason : "") : json_null());
	report_set(doc, "cmdline_ignored", o = json_array());
	for (size_t i = 0; i < s->params.nr_ignored; i++)
		report_push(o, report_str(s->params.ignored[i]));
	/* USB devices, only when there are some (the documents of other runs stay as they were) */
	if (usb_listed(s)) {
		report_set(doc, "usb_devices", o = json_array());
		for (size_t i = 0; i < s->nr_usb_devs; i++) {
			const struct sim_usb_dev *u = &s->usb_devs[i];
			if (!u->hc->present)
				continue;
			json_t *r = json_object();
			report_set(r, "device", report_str(u->driver));
			report_set(r, "id", report_str(u->id));
			report_set(r, "bus", report_str(u->bus));
			report_set(r, "port", u->port ? report_int(u->port) : json_null());
			report_set(r, "controller", report_str(u->hc->name));
			report_push(o, r);
		}
	}
	return doc;
}

/* Why the first device that fell back did, in one line of its causal chain (the explain view's) */
static void summary_cause(struct sim *s, FILE *out)
{
	int idx = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		if (device_fell_back(d)) {
			char cause[512];
			if (report_cause_line(d, cause, sizeof(cause))[0])
				fprintf(out, "cause: %s (device #%d %s; irqsim run --view explain)\n", cause, idx,
					driver_dev_name(d));
			return;
		}
		idx++;
	}
}

int report_summary(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	struct report_table *tb = report_table_new(report_summary_columns, report_summary_nr_columns, fmt, err, errlen);
	if (!tb)
		return -1;
	/* the default text leads with the outcome and prints the devices in ranges: no row of the table is read */
	bool lead = !report_format_custom(fmt);
	for (size_t i = 0; i < s->nr_pdevs && (!lead || fmt->json); i++) {
		struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		enum dev_irq_mode m = device_irq_mode(d);
		const char *kname = driver_dev_name(d);
		unsigned nvec = (m == DM_PER_VQ || m == DM_SHARED || m == DM_MSIX || m == DM_MSI) ? d->nr_msi
				: (m == DM_INTX ? 1 : 0);
		json_t *row = report_table_row(tb);
		report_set(row, "device", report_str(d->name));
		report_set(row, "id", report_str(d->id));
		report_set(row, "driver", report_str(driver_name(d)));
		report_set(row, "name", kname != d->name ? report_str(kname) : json_null());
		report_set(row, "mode", report_str(device_irq_mode_name(m)));
		report_set(row, "vectors", report_int(nvec));
		report_set(row, "irqs", report_irq_list(s, d));
		report_set(row, "errno", report_int(d->probe_err));
	}
	struct sim_stats st;
	sim_stats(s, &st);
	unsigned *counts = st.counts;
	int first_shared = st.first[DM_SHARED], first_intx = st.first[DM_INTX], first_failed = st.first[DM_FAILED];
	const char *first_shared_name = st.first_name[DM_SHARED], *first_intx_name = st.first_name[DM_INTX],
		   *first_failed_name = st.first_name[DM_FAILED];
	struct irq_matrix *m = s->matrix;
	if (fmt->json) {
		json_t *devices = report_table_json(tb);
		report_table_free(tb);
		return report_doc_print(summary_doc(s, devices, &st), out, err, errlen);
	}
	/* the default text leads with the outcome, then the devices in ranges (report/ranges.c) */
	int rc = lead ? 0 : report_table_text(tb, out);
	report_table_free(tb);
	if (rc) {
		snprintf(err, errlen, "irqsim: out of memory");
		return -1;
	}
	/* raw, pairs and CSV output are for scripts: the table alone */
	if (fmt->raw || fmt->pairs || fmt->csv)
		return 0;
	fprintf(out, "%skernel %s, machine %s, %u CPUs online (%u possible)\n", lead ? "" : "\n",
		kernel_line_name(s->prof->line), s->machine == MACHINE_PC ? "pc" : "q35",
		cpumask_weight(&s->cpu_online_mask), s->topo.nr_cpu_ids);
	x2apic_warning(s, out);
	fprintf(out, "devices: %u per-vq, %u shared, %u intx, %u failed, %u removed", counts[DM_PER_VQ],
		counts[DM_SHARED], counts[DM_INTX], counts[DM_FAILED], counts[DM_REMOVED]);
	/* drivers without virtio's modes (nvme, PCIe ports): their MSI-X/MSI count */
	if (counts[DM_MSIX] || counts[DM_MSI])
		fprintf(out, ", %u msix, %u msi", counts[DM_MSIX], counts[DM_MSI]);
	fputc('\n', out);
	/* issue 22: functions irqsim has no model of, counted so none passes unseen */
	unsigned generic = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++)
		generic += s->pdevs[i]->present && s->pdevs[i]->drv && !strcmp(s->pdevs[i]->drv->qemu_name, "pci-generic");
	if (generic)
		fprintf(out, "pci-generic: %u function%s without a model of %s own (%s driver's request as written)\n",
			generic, generic == 1 ? "" : "s", generic == 1 ? "its" : "their", generic == 1 ? "its" : "each");
	usb_summary(s, out);
	if (s->machine == MACHINE_Q35)
		pcie_summary(s, out);
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->unplug_pending)
			continue;
		char why[300], irqs[256];
		sim_unhandled_slot_reason(s, d, why, sizeof(why));
		report_irq_text(s, d, irqs, sizeof(irqs));
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
	/* the outcome the default text leads with (a table option keeps the lines scripts read) */
	if (lead && st.min_cpu >= 0)
		fprintf(out, "emptiest CPU: %d with %u available\n", st.min_cpu, st.min_cpu_available);
	if (lead)
		summary_cause(s, out);
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
	report_concurrency_note(s, out);
	if (lead) {
		fputc('\n', out);
		if (report_device_ranges(s, out)) {
			snprintf(err, errlen, "irqsim: out of memory");
			return -1;
		}
	}
	return 0;
}
