// SPDX-License-Identifier: GPL-2.0-only
/*
 * The incidents irqsim exists for, recognised in a snapshot: managed
 * reservations crowding the vector space (seed 000), devices already on
 * shared MSI-X or INTx, the kernel's own complaints, a kdump kernel that
 * will starve (seed 001), pcie_aspm=off with hot-plug slots (seed 002),
 * managed irqs that neither move nor take a new affinity (seed 003).
 */
#define _GNU_SOURCE
#include "doctor/doctor.h"
#include "kernel/profile.h"
#include "snapshot/snapshot_int.h"

static bool cmdline_has(const struct snapshot *s, const char *word)
{
	if (!s->cmdline)
		return false;
	size_t l = strlen(word);
	for (const char *p = s->cmdline; (p = strstr(p, word)); p += l)
		if ((p == s->cmdline || p[-1] == ' ') && (p[l] == 0 || p[l] == ' ' || word[l - 1] == '='))
			return true;
	return false;
}

static void space(struct doctor *d)
{
	unsigned online = cpumask_weight(&d->online);
	if (!d->usable || !online)
		return;
	int low = -1;
	unsigned full = 0;
	for (unsigned c = 0; c < d->nr_cpu_ids; c++) {
		if (!d->cpu[c].online)
			continue;
		if (low < 0 || d->cpu[c].available < d->cpu[low].available)
			low = (int)c;
		full += d->cpu[c].available <= 0;
	}
	unsigned total = online * d->usable;
	unsigned used = total - d->global_available;
	unsigned held = 0;
	for (unsigned c = 0; c < d->nr_cpu_ids; c++)
		if (d->cpu[c].online)
			held += d->cpu[c].managed - d->cpu[c].managed_alloc;
	if (full)
		doctor_finding(d, 2, "vector-space-full",
			       "see the managed and fallback findings; `irqsim run --from-snapshot` then "
			       "`irqsim plan --fixes` ranks the remedies on this machine's model",
			       "%u of %u online CPUs have no free vector (CPU %d first); global_available %u of %u",
			       full, online, low, d->global_available, total);
	else if (d->global_available * 10 < total)
		doctor_finding(d, 1, "vector-space-low", NULL,
			       "only %u of %u vectors are free (%u%%); the emptiest CPU, %d, has %d",
			       d->global_available, total, d->global_available * 100 / total, low, d->cpu[low].available);
	if (d->managed_irqs && held * 2 > used && (full || d->global_available * 4 < total))
		doctor_finding(d, 2, "managed-crowding",
			       "each managed irq reserves a vector on every CPU of its mask whatever the queue count, so "
			       "fewer queues per device does not help; fewer such devices, more CPUs, or a driver "
			       "without managed affinity does (seed 000: 512 disks fit only without it)",
			       "%u managed irqs reserve %u CPU slots (kernel/irq/matrix.c: irq_matrix_reserve_managed); "
			       "%u of them are reservations no interrupt uses, %u%% of the %u vectors in use",
			       d->managed_irqs, d->managed_slots, held, used ? held * 100 / used : 0, used);
}

/* Devices of one kind of trouble, named compactly: "virtio132 (0000:05:09.0) .. virtio149 (0000:05:1a.0)". */
struct names {
	unsigned n;
	char first[64], last[64];
	unsigned pcie;
};

static void names_add(struct names *g, const char *who, const char *bdf, bool pcie)
{
	char t[64];
	snprintf(t, sizeof(t), "%.24s (%.16s)", who, bdf);
	if (!g->n++)
		snprintf(g->first, sizeof(g->first), "%s", t);
	snprintf(g->last, sizeof(g->last), "%s", t);
	g->pcie += pcie;
}

static const char *names_text(const struct names *g, char *buf, size_t len)
{
	if (g->n == 1)
		snprintf(buf, len, "%s", g->first);
	else
		snprintf(buf, len, "%u devices, %s .. %s", g->n, g->first, g->last);
	return buf;
}

/*
 * Functions that ended on shared MSI-X or INTx although they can do better,
 * and virtio devices whose driver did not bind (the probe failed).
 */
static void fallbacks(struct doctor *d)
{
	const struct snapshot *s = d->snap;
	struct names shared = { 0 }, intx = { 0 }, failed = { 0 };
	for (size_t i = 0; i < s->nr_pcis; i++) {
		const struct snap_pci *p = &s->pcis[i];
		if (!p->driver)
			continue;
		const char *who = p->virtio_dev ? p->virtio_dev : p->driver;
		if (p->virtio_dev && !p->virtio_driver) {
			names_add(&failed, who, p->bdf, p->pcie_type >= 0);
			continue;
		}
		char want[96];
		snprintf(want, sizeof(want), "%s-virtqueues", who);
		for (size_t k = 0; k < p->nr_msi_irqs; k++) {
			const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[k].irq);
			if (q && q->actions && strstr(q->actions, want))
				names_add(&shared, who, p->bdf, p->pcie_type >= 0);
		}
		if (p->nr_msi_irqs || p->irq <= 0)
			continue;
		const struct snap_irq *q = snapshot_irq(s, (unsigned)p->irq);
		if (!q || !q->actions || !strstr(q->actions, who))
			continue;
		if (p->msix_table > 0 || p->msi_max > 0 || p->virtio_dev)
			names_add(&intx, who, p->bdf, p->pcie_type >= 0);
	}
	char buf[200];
	if (failed.n)
		doctor_finding(d, 2, "probe-failed", "free vectors (the headroom above shows which CPU ran dry) or add CPUs",
			       "%s: no driver bound to the virtio device: its probe failed after every interrupt mode "
			       "(per-queue MSI-X, shared MSI-X, INTx)", names_text(&failed, buf, sizeof(buf)));
	if (shared.n)
		doctor_finding(d, 1, "shared-msix", "free vectors and re-probe; one vector serialises every queue",
			       "%s: all queues on one shared MSI-X vector ('virtqueues'): vp_find_vqs fell back from a "
			       "vector per queue", names_text(&shared, buf, sizeof(buf)));
	if (intx.n)
		doctor_finding(d, intx.pcie ? 2 : 1, "intx-fallback",
			       "INTx is shared and slow: find what took the vectors (headroom above)",
			       "%s: on INTx although MSI or MSI-X is there%s", names_text(&intx, buf, sizeof(buf)),
			       intx.pcie ? " (PCIe devices among them)" : "");
}

struct pattern {
	const char *needle, *id;
	int severity;
	const char *what, *fix;
};

static const struct pattern patterns[] = {
	{ "genirq: Flags mismatch", "flags-mismatch", 2,
	  "a driver asked for an irq another holds with incompatible flags (seed 000: irq 0, the timer, after an "
	  "INTx fallback with pci_dev->irq 0)",
	  "the device had no INTx route left to fall back to: free vectors so its MSI-X probe succeeds" },
	{ "failed with error -28", "probe-enospc", 2, "a probe failed with -ENOSPC (no vector)",
	  "free vectors or add CPUs; `irqsim doctor` headroom shows which CPU ran dry" },
	{ "Affinity broken due to vector space exhaustion", "affinity-broken", 1,
	  "an irq was placed outside its affinity because its CPUs had no vector", NULL },
	{ "no vector available", "managed-startup", 2, "a managed irq could not start: no vector on its CPUs", NULL },
	{ "Cannot disable CPU", "cpu-offline-refused", 2,
	  "a CPU could not go offline: the other CPUs have no room for its vectors (lapic_can_unplug_cpu)",
	  "`irqsim doctor --preflight offline=CPULIST` answers before the kernel refuses" },
	{ "Interrupt reservation exceeds available resources", "reservation-exceeds", 1,
	  "reserved (allocated, not requested) irqs exceed the free vectors", NULL },
	{ "pci_enable_msix failed", "msix-failed", 1, "an MSI-X enable failed; the driver fell back", NULL },
	{ "unable to allocate interrupt", "no-interrupt", 2, "a driver could not get any interrupt (seed 001)",
	  "in a kdump kernel: keep NIC drivers out of its initrd (rd.driver.blacklist=i40e) or boot it with more CPUs" },
	{ "kernel BUG at", "kernel-bug", 2, "the kernel hit a BUG", NULL },
};

static void kernel_log(struct doctor *d)
{
	const struct snapshot *s = d->snap;
	for (size_t k = 0; k < sizeof(patterns) / sizeof(patterns[0]); k++) {
		unsigned n = 0;
		const char *first = NULL;
		for (size_t i = 0; i < s->nr_dmesg; i++)
			if (strstr(s->dmesg[i], patterns[k].needle)) {
				if (!first)
					first = s->dmesg[i];
				n++;
			}
		if (n)
			doctor_finding(d, patterns[k].severity, patterns[k].id, patterns[k].fix, "%s: %u line%s, first: %.200s",
				       patterns[k].what, n, n == 1 ? "" : "s", first);
	}
}

/* Vectors the MSI/MSI-X functions hold now: what a one-CPU kernel would have to fit. */
static unsigned msi_vectors(const struct snapshot *s, unsigned *functions)
{
	unsigned n = 0;
	*functions = 0;
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (s->pcis[i].nr_msi_irqs) {
			n += (unsigned)s->pcis[i].nr_msi_irqs;
			(*functions)++;
		}
	return n;
}

static void kdump(struct doctor *d)
{
	const struct snapshot *s = d->snap;
	unsigned fns, vecs = msi_vectors(s, &fns);
	bool in_kdump = cmdline_has(s, "nr_cpus=1") || cmdline_has(s, "reset_devices");
	if (cmdline_has(s, "crashkernel=") && d->usable && vecs + 16 > d->usable)
		doctor_finding(d, 1, "kdump-starves",
			       "keep the drivers the dump does not need out of the kdump initrd "
			       "(rd.driver.blacklist=i40e,...) or give the capture kernel more CPUs (nr_cpus=N); "
			       "`irqsim doctor --preflight kdump` checks the capture kernel's command line",
			       "crashkernel= is set: a capture kernel booted with nr_cpus=1 has %u vectors on its one CPU, "
			       "and %u MSI/MSI-X functions use %u here (drivers scale queues down with CPUs, but not all: "
			       "seed 001's i40e took them and mpt3sas fell back to the IO-APIC)",
			       d->usable, fns, vecs);
	if (in_kdump && cpumask_weight(&d->online) == 1)
		doctor_note(d, "this looks like a capture kernel (nr_cpus=1 / reset_devices): one CPU, %u usable vectors",
			    d->usable);
}

static void aspm(struct doctor *d)
{
	const struct snapshot *s = d->snap;
	if (!cmdline_has(s, "pcie_aspm=off"))
		return;
	unsigned slots = 0, ports = 0;
	for (size_t i = 0; i < s->nr_pcis; i++) {
		slots += s->pcis[i].hotplug_slot == 1;
		ports += s->pcis[i].pcie_type == 4 || s->pcis[i].pcie_type == 6;
	}
	bool osc_refused = false;
	for (size_t i = 0; i < s->nr_dmesg; i++)
		osc_refused |= strstr(s->dmesg[i], "_OSC: not requesting OS control") != NULL;
	if (slots || ports || osc_refused)
		doctor_finding(d, 2, "aspm-off-hotplug",
			       "drop pcie_aspm=off (pcie_aspm.policy=performance keeps the links at full power), or "
			       "boot with pcie_ports=native",
			       "pcie_aspm=off: _OSC is not requested (drivers/acpi/pci_root.c), so the %u PCIe ports%s get "
			       "no PME/AER/pciehp service and no interrupt; a hot-unplug through the attention button is "
			       "never handled (seed 002)%s",
			       ports, slots ? " with hot-plug slots" : "",
			       osc_refused ? "; the log shows \"_OSC: not requesting OS control\"" : "");
}

static void managed_fixed(struct doctor *d)
{
	if (!d->managed_irqs)
		return;
	/* the snapshot's release, with the switches its point release or flavour sets */
	struct kernel_profile pp;
	kernel_profile_build(&d->sel, &pp);
	const struct kernel_profile *prof = &pp;
	doctor_finding(d, 0, "managed-affinity-fixed",
		       "to keep CPUs free of them use isolcpus=managed_irq,LIST (housekeeping CPUs get the "
		       "interrupts while any is online)",
		       "%u managed irqs: writing their smp_affinity fails with %s%s, and taking the last online CPU of a "
		       "mask offline shuts the irq down instead of moving it (seed 003)",
		       d->managed_irqs, prof->affinity_usr_eperm ? "-EPERM" : "-EIO",
		       /* switch affinity_files_0444 */
		       prof->affinity_files_0444 ? " (the files are 0444: a non-root shell says \"Permission denied\")"
						 : "");
}

void doctor_findings(struct doctor *d)
{
	space(d);
	fallbacks(d);
	kernel_log(d);
	kdump(d);
	aspm(d);
	managed_fixed(d);
}
