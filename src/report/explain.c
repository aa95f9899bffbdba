// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explain view: where the vector space went, then for every device that
 * fell back or failed the chain of attempts with the kernel function that
 * refused and its numbers.  Devices whose chains differ only in numbers
 * (irq, CPU, counters) are grouped.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "irq/matrix.h"
#include "kernel/host.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "report/report.h"
#include "report/stats.h"

static const char *dev_name(const struct pci_dev *d)
{
	return driver_dev_name(d);
}

/* The chain with every digit run and the device's own name folded, for grouping. */
static char *shape(const struct pci_dev *d)
{
	const char *c = d->explain ? d->explain : "";
	char *out = nomem_check(malloc(strlen(c) + 1));
	if (!out)
		return NULL;
	size_t o = 0;
	for (const char *p = c; *p;) {
		if (isdigit((unsigned char)*p)) {
			out[o++] = '#';
			while (isdigit((unsigned char)*p))
				p++;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
	return out;
}

static bool fell_back(const struct pci_dev *d)
{
	return device_fell_back(d);
}

int report_explain(struct sim *s, int json, FILE *out)
{
	struct sim_stats st;
	sim_stats(s, &st);
	unsigned managed_irqs = st.managed_irqs, managed_cpus = st.managed_cpus;
	int first_managed = st.first_managed;
	const char *first_managed_name = st.first_managed_name;
	int idx;
	/* the host's GSI routes, taken in device order: who is the first short */
	int first_short = -1;
	const char *first_short_name = NULL;
	unsigned routes = KVM_IOAPIC_GSIS;
	idx = 0;
	for (size_t i = 0; i < s->nr_pdevs && host_kvm(s); i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		routes += host_device_routes(d);
		if (routes > s->kvm_max_irq_routes && first_short < 0) {
			first_short = idx;
			first_short_name = dev_name(d);
		}
		idx++;
	}
	/* 3.10 has no matrix: the same figures from its vector_irq tables */
	unsigned alloc_size = s->matrix ? s->matrix->alloc_size : legacy_vectors_usable(s);
	unsigned allocated = vector_total_allocated(s), available = vector_global_available(s);
	unsigned online = cpumask_weight(&s->cpu_online_mask);
	if (json) {
		fprintf(out, "{\"space\": {\"online_cpus\": %u, \"alloc_size\": %u, \"allocated\": %u, "
			     "\"managed_reserved\": %u, \"managed_irqs\": %u, \"available\": %u, \"min_cpu\": %d, "
			     "\"min_cpu_available\": %u},\n",
			online, alloc_size, allocated, st.managed_reserved, managed_irqs, available,
			st.min_cpu, st.min_cpu_available);
		if (host_kvm(s))
			fprintf(out, " \"host\": {\"kvm_max_irq_routes\": %u, \"routes_used\": %u, "
				     "\"first_short\": %d},\n",
				s->kvm_max_irq_routes, routes, first_short);
		fputs(" \"devices\": [", out);
		int first = 1;
		for (size_t i = 0; i < s->nr_pdevs; i++) {
			const struct pci_dev *d = s->pdevs[i];
			if (!d->drv || !fell_back(d))
				continue;
			fputs(first ? "\n  {\"device\": " : ",\n  {\"device\": ", out);
			json_put_string(out, dev_name(d));
			fputs(", \"pci\": ", out);
			json_put_string(out, d->name);
			fputs(", \"mode\": ", out);
			json_put_string(out, device_irq_mode_name(device_irq_mode(d)));
			fprintf(out, ", \"errno\": %d, \"chain\": [", d->probe_err);
			const char *p = d->explain ? d->explain : "";
			int fl = 1;
			while (*p) {
				const char *nl = strchr(p, '\n');
				size_t n = nl ? (size_t)(nl - p) : strlen(p);
				char *line = nomem_check(strndup(p, n));
				fputs(fl ? "" : ", ", out);
				json_put_string(out, line ? line : "");
				free(line);
				fl = 0;
				p += n + (nl ? 1 : 0);
			}
			fputs("]}", out);
			first = 0;
		}
		fputs("\n]}\n", out);
		return 0;
	}
	fprintf(out, "vector space: %u online CPUs x %u allocatable vectors = %u\n", online, alloc_size,
		online * alloc_size);
	fprintf(out, "  allocated %u, held as managed reservations %u (%u managed irqs, %u CPU slots in their masks), "
		     "available %u\n",
		allocated, st.managed_reserved, managed_irqs, managed_cpus, available);
	if (managed_irqs)
		fprintf(out, "  each managed irq reserves a vector on every CPU of its mask (kernel/irq/matrix.c: "
			     "irq_matrix_reserve_managed), first from device #%d (%s)\n",
			first_managed, first_managed_name ? first_managed_name : "-");
	if (st.min_cpu >= 0)
		fprintf(out, "  emptiest CPU: %d with %u available\n", st.min_cpu, st.min_cpu_available);
	if (host_kvm(s)) {
		fprintf(out, "host: KVM GSI routes %u of %u (%u IO-APIC pins + one per enabled MSI/MSI-X vector)\n",
			routes, s->kvm_max_irq_routes, KVM_IOAPIC_GSIS);
		if (first_short >= 0)
			fprintf(out, "  device #%d (%s) is the first whose vectors find no route "
				     "(accel/kvm: kvm_irqchip_add_msi_route -ENOSPC; KVM_MAX_IRQ_ROUTES %u)\n",
				first_short, first_short_name, s->kvm_max_irq_routes);
	}
	unsigned nfb = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++)
		nfb += s->pdevs[i]->drv && fell_back(s->pdevs[i]);
	if (!nfb) {
		fputs("no device fell back or failed\n", out);
		return 0;
	}
	fprintf(out, "%u devices fell back or failed:\n", nfb);
	for (size_t i = 0; i < s->nr_pdevs;) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv || !fell_back(d)) {
			i++;
			continue;
		}
		/* the run of following devices with the same mode and chain shape */
		char *sh = shape(d);
		size_t j = i + 1, last = i, count = 1;
		for (; j < s->nr_pdevs; j++) {
			const struct pci_dev *e = s->pdevs[j];
			if (!e->drv)
				continue;
			if (!fell_back(e) || device_irq_mode(e) != device_irq_mode(d))
				break;
			char *sh2 = shape(e);
			bool same = sh && sh2 && !strcmp(sh, sh2);
			free(sh2);
			if (!same)
				break;
			last = j;
			count++;
		}
		free(sh);
		fprintf(out, "\n%s (%s)", dev_name(d), d->name);
		if (count > 1)
			fprintf(out, " .. %s (%s), %zu devices", dev_name(s->pdevs[last]), s->pdevs[last]->name, count);
		enum dev_irq_mode mode = device_irq_mode(d);
		fprintf(out, ": %s", device_irq_mode_name(mode));
		/* on MSI-X/MSI, falling back means getting fewer vectors (nvme) */
		if (mode == DM_MSIX || mode == DM_MSI)
			fprintf(out, " with fewer vectors than asked");
		if (d->probe_err)
			fprintf(out, ", probe failed with %d", d->probe_err);
		fputc('\n', out);
		const char *p = d->explain ? d->explain : "";
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			fprintf(out, "  %.*s\n", (int)n, p);
			p += n + (nl ? 1 : 0);
		}
		if (count > 1)
			fprintf(out, "  (the others: the same steps with their own numbers)\n");
		i = last + 1;
	}
	return 0;
}
