// SPDX-License-Identifier: GPL-2.0-only
/*
 * The doctor's first step: which irq holds what in the vector space, per
 * CPU, from what the snapshot shows (see doctor.h for the rules).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>

#include "arch/x86/vector.h"
#include "doctor/doctor.h"
#include "kernel/profile.h"
#include "snapshot/snapshot_int.h"

void doctor_vlist_push(char ***list, size_t *n, const char *fmt, va_list ap)
{
	char *t;
	/* the slot first: a failure then leaves no string behind */
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	if (vasprintf(&t, fmt, ap) < 0)
		snap_oom(NULL);
	(*list)[(*n)++] = t;
}

void doctor_list_push(char ***list, size_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	doctor_vlist_push(list, n, fmt, ap);
	va_end(ap);
}

void doctor_note(struct doctor *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	doctor_vlist_push(&d->notes, &d->nr_notes, fmt, ap);
	va_end(ap);
}

void doctor_finding(struct doctor *d, int severity, const char *id, const char *fix, const char *fmt, ...)
{
	/* each step leaves d whole for doctor_free if the next allocation fails (snap_oom_call) */
	d->findings = xreallocarray(d->findings, d->nr_findings + 1, sizeof(*d->findings));
	struct doc_finding *f = &d->findings[d->nr_findings++];
	memset(f, 0, sizeof(*f));
	f->severity = severity;
	f->id = xstrdup(id);
	f->fix = fix ? xstrdup(fix) : NULL;
	char **text = NULL;
	size_t n = 0;
	snap_hold(&text, snap_release_ptr);
	va_list ap;
	va_start(ap, fmt);
	doctor_vlist_push(&text, &n, fmt, ap);
	va_end(ap);
	snap_drop(&text);
	f->text = text[0];
	free(text);
}

/*
 * Chips on the x86 vector domain: the IO-APIC, PCI MSI/MSI-X (4.x/6.1
 * "PCI-MSI", 6.12 per-device "PCI-MSIX-<bdf>"), interrupt remapping's "IR-"
 * twins, DMAR and HPET.  The 8259 (XT-PIC) and per-CPU chips are not.
 */
static bool vector_chip(const char *chip)
{
	static const char *const prefixes[] = { "IO-APIC", "IR-IO-APIC", "PCI-MSI", "IR-PCI-MSI", "DMAR-MSI",
						"HPET", "IR-HPET", "AMD-IR", "INTEL-IR", "Hyper-V PCIe MSI" };
	if (!chip)
		return false;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(chip, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* "nvme0q3" (an I/O queue) but not "nvme0q0" (admin) */
static bool nvme_io_queue(const char *a)
{
	if (strncmp(a, "nvme", 4))
		return false;
	const char *p = a + 4;
	while (isdigit((unsigned char)*p))
		p++;
	if (p == a + 4 || *p != 'q' || !isdigit((unsigned char)p[1]))
		return false;
	return strtoul(p + 1, NULL, 10) > 0 && !strstr(a, "q0,") && !strstr(a, "q0 ");
}

/*
 * Managed by the driver's own choice: the queue vectors of drivers that pass
 * an irq_affinity descriptor (virtio_blk init_vq, virtio_scsi virtscsi_init,
 * nvme nvme_setup_irqs); their other vectors (config, admin) are not.
 */
static const char *managed_by_driver(const struct snap_irq *q, const struct snap_pci *p)
{
	const char *a = q->actions;
	if (!a || !*a)
		return NULL;
	const char *vd = p ? p->virtio_driver : NULL;
	if (vd && !strcmp(vd, "virtio_blk") && strstr(a, "-req."))
		return "virtio_blk request queue";
	if (vd && !strcmp(vd, "virtio_scsi") && strstr(a, "-request"))
		return "virtio_scsi request queue";
	if (nvme_io_queue(a))
		return "nvme I/O queue";
	return NULL;
}

/*
 * Managed by shape: irq_create_affinity_masks spreads a function's queue
 * vectors over all possible CPUs in disjoint groups.  Two or more irqs of
 * one function whose masks are pairwise disjoint, each smaller than the
 * possible CPUs, and together cover them are taken as managed.
 */
static void managed_by_masks(struct doctor *d, const struct snap_pci *p)
{
	struct cpumask uni;
	cpumask_clear(&uni);
	unsigned n = 0;
	unsigned np = cpumask_weight(&d->possible);
	for (size_t k = 0; k < p->nr_msi_irqs; k++)
		for (size_t i = 0; i < d->nr_irqs; i++) {
			struct doc_irq *di = &d->irqs[i];
			if (di->q->irq != p->msi_irqs[k].irq || di->managed || !di->q->affinity)
				continue;
			unsigned w = cpumask_weight(di->mask);
			if (w == np)
				continue;
			if (cpumask_intersects(&uni, di->mask))
				return;
			cpumask_or(&uni, &uni, di->mask);
			n++;
		}
	if (n < 2 || !cpumask_equal(&uni, &d->possible))
		return;
	for (size_t k = 0; k < p->nr_msi_irqs; k++)
		for (size_t i = 0; i < d->nr_irqs; i++) {
			struct doc_irq *di = &d->irqs[i];
			if (di->q->irq == p->msi_irqs[k].irq && !di->managed && cpumask_weight(di->mask) < np) {
				di->managed = true;
				di->managed_why = "its function's masks split the CPUs";
			}
		}
}

/*
 * Queue irqs named like a managed driver's, two or more, all with the full
 * mask: this driver does not spread its queues (a build without the
 * affinity descriptor, seed 000's fix), so they are not managed.
 */
static void unspread_queues(struct doctor *d, const struct snap_pci *p)
{
	unsigned named = 0, full = 0;
	unsigned np = cpumask_weight(&d->possible);
	for (size_t i = 0; i < d->nr_irqs; i++) {
		struct doc_irq *di = &d->irqs[i];
		if (di->pci != p || !di->managed)
			continue;
		named++;
		full += cpumask_weight(di->mask) == np;
	}
	if (named < 2 || full != named || np < 2)
		return;
	for (size_t i = 0; i < d->nr_irqs; i++)
		if (d->irqs[i].pci == p)
			d->irqs[i].managed = false;
}

/* irq_matrix_debug_show's text (the debugfs irq/domains/VECTOR file) */
static int parse_vector_dump(struct vector_dump *v, const char *text)
{
	memset(v, 0, sizeof(*v));
	const char *p = text;
	bool table = false;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)(l < 511 ? l : 511), p);
		unsigned a, b, c, e, f;
		if (sscanf(line, " Online bitmaps: %u", &a) == 1)
			v->online_maps = a;
		else if (sscanf(line, " Global available: %u", &a) == 1)
			v->global_available = a;
		else if (sscanf(line, " Global reserved: %u", &a) == 1)
			v->global_reserved = a;
		else if (sscanf(line, " Total allocated: %u", &a) == 1)
			v->total_allocated = a;
		else if (strstr(line, "| CPU | avl"))
			table = true;
		else if (table && sscanf(line, " %u %u %u %u %u", &a, &b, &c, &e, &f) == 5) {
			v->rows = xreallocarray(v->rows, v->nr + 1, sizeof(*v->rows));
			v->rows[v->nr].cpu = a;
			v->rows[v->nr].avl = b;
			v->rows[v->nr].man = c;
			v->rows[v->nr].mac = e;
			v->rows[v->nr].act = f;
			v->nr++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	v->present = table && v->nr > 0;
	return v->present ? 0 : -1;
}

/* "%*pb" hex: 32-bit groups, most significant first, comma separated */
static int parse_hex_mask(const char *t, struct cpumask *m)
{
	cpumask_clear(m);
	size_t n = strlen(t);
	unsigned bit = 0;
	for (size_t i = n; i-- > 0;) {
		char c = t[i];
		if (c == ',' || c == '\n')
			continue;
		int v = isdigit((unsigned char)c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
			: (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
		if (v < 0)
			return -1;
		for (int b = 0; b < 4; b++, bit++)
			if ((v >> b) & 1) {
				if (bit >= NR_CPUS)
					return -1;
				cpumask_set_cpu(bit, m);
			}
	}
	return 0;
}

static int parse_list(struct doctor *d, const char *what, const char *list, struct cpumask *m, char *err,
		      size_t errlen)
{
	unsigned pos = 0;
	if (cpulist_parse(list, m, NR_CPUS, &pos)) {
		snprintf(err, errlen, "%s: %s CPU list '%s' is not a CPU list (at offset %u)", d->snap->source, what,
			 list, pos);
		return -1;
	}
	return 0;
}

/*
 * The snapshot's CPUs: its architecture, the possible, present and online
 * lists (each within the one before, as the kernel keeps them), the kernel
 * line, and per CPU its node; irq_default_affinity.  0, or -1 with err.
 */
static int doctor_cpus(struct doctor *d, const struct snapshot *s, const char *kernel, char *err, size_t errlen)
{
	if (s->arch && strcmp(s->arch, "x86_64") && strcmp(s->arch, "i686")) {
		snprintf(err, errlen, "%s: the snapshot is from %s; irqsim models the x86 vector space only", s->source,
			 s->arch);
		return -1;
	}
	if (!s->possible) {
		snprintf(err, errlen, "%s: the snapshot has no possible CPU list (sys/devices/system/cpu/possible)",
			 s->source);
		return -1;
	}
	/* cpumask operations look at the words of nr_cpu_ids (a global the model sets): all of them while parsing */
	cpumask_set_nr_cpu_ids(NR_CPUS);
	if (parse_list(d, "possible", s->possible, &d->possible, err, errlen))
		return -1;
	if (cpumask_empty(&d->possible)) {
		snprintf(err, errlen, "%s: the possible CPU list is empty", s->source);
		return -1;
	}
	if (s->present ? parse_list(d, "present", s->present, &d->present, err, errlen) : 0)
		return -1;
	if (!s->present)
		cpumask_copy(&d->present, &d->possible);
	if (s->online ? parse_list(d, "online", s->online, &d->online, err, errlen) : 0)
		return -1;
	if (!s->online)
		cpumask_copy(&d->online, &d->present);
	/* the kernel keeps online within present within possible (kernel/cpu.c: set_cpu_online and friends);
	 * a snapshot that says otherwise was edited or mixes two machines */
	if (!cpumask_subset(&d->present, &d->possible) || !cpumask_subset(&d->online, &d->present)) {
		snprintf(err, errlen, "%s: the CPU lists disagree: online (%s) must be within present (%s), present within possible (%s)",
			 s->source, s->online ? s->online : "= present", s->present ? s->present : "= possible", s->possible);
		return -1;
	}
	if (cpumask_empty(&d->online)) {
		snprintf(err, errlen, "%s: no CPU is online in the snapshot", s->source);
		return -1;
	}
	if (kernel) {
		if (kernel_sel_parse(kernel, &d->sel, NULL, 0)) {
			snprintf(err, errlen, "unknown kernel '%s' (expected " KERNEL_CHOICES ", or a release of one)", kernel);
			return -1;
		}
		d->line = d->sel.line;
	} else {
		snapshot_kernel_sel(s->release, &d->sel, d->line_note, sizeof(d->line_note));
		d->line = d->sel.line;
	}
	d->nr_cpu_ids = cpumask_last(&d->possible) + 1;
	cpumask_set_nr_cpu_ids(d->nr_cpu_ids);
	d->cpu = xmalloc(d->nr_cpu_ids * sizeof(*d->cpu));
	memset(d->cpu, 0, d->nr_cpu_ids * sizeof(*d->cpu));
	for (unsigned c = 0; c < d->nr_cpu_ids; c++) {
		d->cpu[c].possible = cpumask_test_cpu(c, &d->possible);
		d->cpu[c].online = cpumask_test_cpu(c, &d->online);
		d->cpu[c].node = -1;
	}
	for (size_t i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].cpu < d->nr_cpu_ids)
			d->cpu[s->cpus[i].cpu].node = s->cpus[i].node;
	if (!s->default_affinity || parse_hex_mask(s->default_affinity, &d->default_affinity) ||
	    !cpumask_and(&d->default_affinity, &d->default_affinity, &d->possible))
		cpumask_copy(&d->default_affinity, &d->possible);
	return 0;
}

/*
 * The kernel's own per-CPU figures when the snapshot has them (debugfs
 * VECTOR file, or a trace's last matrix state), noting where the inferred
 * ones disagree; else a note of how managed-ness was inferred.
 */
static void doctor_take_dump(struct doctor *d, const struct snapshot *s)
{
	if (s->vector_dump && !parse_vector_dump(&d->dump, s->vector_dump)) {
		if (s->vector_from)
			doctor_note(d, "per-CPU figures are the kernel's own, from the %s", s->vector_from);
		else
			doctor_note(d, "debugfs VECTOR file present: per-CPU figures are the kernel's own");
		for (size_t i = 0; i < s->nr_notes; i++)
			doctor_note(d, "%s", s->notes[i]);
		if (!d->nr_irqs && !s->trace_after_boot)
			doctor_note(d, "%s alone: no irqs, NUMA nodes, default affinity or module parameters; "
				    "headroom assumes one node, all CPUs in the default affinity and default queues",
				    s->vector_from ? "the trace" : "the VECTOR file");
		d->global_available = d->dump.global_available;
		d->total_allocated = d->dump.total_allocated;
		d->global_reserved = d->dump.global_reserved;
		for (unsigned r = 0; r < d->dump.nr; r++) {
			unsigned c = d->dump.rows[r].cpu;
			if (c >= d->nr_cpu_ids)
				continue;
			struct doc_cpu *dc = &d->cpu[c];
			if (d->nr_irqs && ((int)d->dump.rows[r].avl != dc->available || d->dump.rows[r].man != dc->managed))
				doctor_note(d, "CPU %u: inferred available %d managed %u, the kernel says %u and %u", c,
					    dc->available, dc->managed, d->dump.rows[r].avl, d->dump.rows[r].man);
			dc->available = (int)d->dump.rows[r].avl;
			dc->managed = d->dump.rows[r].man;
			dc->managed_alloc = d->dump.rows[r].mac;
			dc->other = d->dump.rows[r].act - d->dump.rows[r].mac;
		}
	} else if (d->managed_irqs) {
		doctor_note(d, "no debugfs VECTOR file: %u irqs taken as managed from their drivers' queue names and "
			    "their masks", d->managed_irqs);
	}
}
/*
 * A multi-MSI block behind interrupt remapping (two or more MSI, not MSI-X,
 * irqs of one function on an IR- chip: only the remapping domains allow
 * more than one MSI vector).  QEMU's MSI has no per-vector masking, so
 * msi_check_reservation_mode says no and __msi_domain_alloc_irqs activates
 * every irq of the block: the ones no driver requested hold a vector too
 * (6.12's xhci_hcd gets 5 and requests 1: q35-4cpu-iommu-xhci-msi).  A
 * maskable MSI block would only reserve; the snapshot does not say which.
 */
static bool ir_multi_msi(const struct doc_irq *di)
{
	if (!di->pci || !di->q->chip || strncmp(di->q->chip, "IR-", 3))
		return false;
	size_t msi = 0;
	bool mine = false;
	for (size_t k = 0; k < di->pci->nr_msi_irqs; k++) {
		const struct snap_msi_irq *m = &di->pci->msi_irqs[k];
		if (m->msix)
			continue;
		msi++;
		mine |= m->irq == di->q->irq;
	}
	return mine && msi >= 2;
}


/* The usable vectors of a CPU: the allocation window minus the system vectors inside it. */
static void doctor_usable(struct doctor *d, const struct kernel_profile *prof)
{
	if (prof->legacy_vector_alloc)
		return;
	struct irq_matrix *m = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, prof->first_system_vector, 1, d->line);
	if (!m)
		snap_oom(NULL);
	x86_assign_system_vectors(m, d->line);
	d->usable = m->alloc_size - m->systembits_inalloc;
	d->alloc_end = m->alloc_end;
	irq_matrix_destroy(m);
}

/* Every irq of the snapshot: domain, owner, mask, managed-ness. */
static void doctor_read_irqs(struct doctor *d, const struct snapshot *s)
{
	d->irqs = xmalloc((s->nr_irqs ? s->nr_irqs : 1) * sizeof(*d->irqs));
	for (size_t i = 0; i < s->nr_irqs; i++) {
		struct doc_irq *di = &d->irqs[d->nr_irqs++];
		memset(di, 0, sizeof(*di));
		di->q = &s->irqs[i];
		di->pci = snapshot_pci_of_irq(s, di->q->irq);
		di->vector_domain = vector_chip(di->q->chip);
		di->mask = xmalloc(sizeof(*di->mask));
		unsigned pos = 0;
		if (!di->q->affinity || cpulist_parse(di->q->affinity, di->mask, NR_CPUS, &pos) || cpumask_empty(di->mask))
			cpumask_copy(di->mask, &d->possible);
		cpumask_and(di->mask, di->mask, &d->possible);
		di->managed_why = managed_by_driver(di->q, di->pci);
		di->managed = di->managed_why != NULL;
	}
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (s->pcis[i].nr_msi_irqs >= 2) {
			unspread_queues(d, &s->pcis[i]);
			managed_by_masks(d, &s->pcis[i]);
		}
}

/*
 * Each vector-domain irq's vector, from its effective CPU: held (managed or
 * not), reserved only (reservation mode, never requested), or activated
 * without a request and so without an effective CPU (returned: the number
 * of those, placed by doctor_place_unrequested).  *have_effective: the
 * snapshot had effective CPUs at all.
 */
static unsigned doctor_place_vectors(struct doctor *d, const struct kernel_profile *prof, bool *have_effective)
{
	unsigned unplaced = 0;
	*have_effective = false;
	for (size_t i = 0; i < d->nr_irqs; i++) {
		struct doc_irq *di = &d->irqs[i];
		if (!di->vector_domain)
			continue;
		struct cpumask eff;
		unsigned pos = 0;
		bool has_eff = di->q->effective && !cpulist_parse(di->q->effective, &eff, NR_CPUS, &pos) &&
			       !cpumask_empty(&eff);
		*have_effective |= di->q->effective != NULL;
		bool started = di->q->actions && di->q->actions[0];
		/*
		 * 4.18 behind remapping (switch ir_msi_no_reservation): the IR MSI
		 * domain has no reservation mode, so msi_domain_alloc_irqs activates
		 * every vector itself: an irq no driver requested holds its vector
		 * all the same (seed 000's platform)
		 */
		bool activated = started || (prof->ir_msi_no_reservation && di->q->chip &&
					     !strncmp(di->q->chip, "IR-PCI-MSI", 10)) ||
				 ir_multi_msi(di);
		unsigned cpu = has_eff ? cpumask_first(&eff) : 0;
		if (di->managed) {
			d->managed_irqs++;
			for (unsigned c = cpumask_first(di->mask); c < d->nr_cpu_ids; c = cpumask_next_from(di->mask, c + 1)) {
				d->cpu[c].managed++;
				d->managed_slots++;
			}
			/* started managed irqs hold a vector on an online CPU of their mask */
			if (activated && has_eff && cpu < d->nr_cpu_ids && d->cpu[cpu].online && cpumask_test_cpu(cpu, di->mask)) {
				di->has_vector = true;
				di->cpu = cpu;
				d->cpu[cpu].managed_alloc++;
				d->managed_started++;
			}
		} else if (activated && has_eff && cpu < d->nr_cpu_ids && d->cpu[cpu].online) {
			di->has_vector = true;
			di->cpu = cpu;
			d->cpu[cpu].other++;
		} else if (activated && !started) {
			/* no /proc/irq/N for an irq never requested: placed below */
			unplaced++;
		} else if (!activated) {
			/* allocated, not requested: reservation mode (irq_matrix_reserve) */
			di->reserved_only = true;
			d->global_reserved++;
		}
	}
	return unplaced;
}

/*
 * The vectors activated at allocation that no driver requested: the
 * snapshot has no effective CPU for them (the kernel makes /proc/irq/N at
 * request_irq).  Each goes where irq_matrix_alloc puts it, the online CPU
 * of its mask with the most available vectors (lowest number first), in
 * irq order; a managed one onto a CPU of its mask likewise.
 */
static void doctor_place_unrequested(struct doctor *d, unsigned unplaced)
{
	for (size_t i = 0; i < d->nr_irqs && unplaced; i++) {
		struct doc_irq *di = &d->irqs[i];
		bool started = di->q->actions && di->q->actions[0];
		if (!di->vector_domain || started || di->has_vector || di->reserved_only)
			continue;
		int best = -1;
		unsigned best_cpu = 0;
		for (unsigned c = cpumask_first(di->mask); c < d->nr_cpu_ids; c = cpumask_next_from(di->mask, c + 1)) {
			const struct doc_cpu *dc = &d->cpu[c];
			int avl = (int)d->usable - (int)dc->managed - (int)dc->other;
			if (dc->online && avl > best) {
				best = avl;
				best_cpu = c;
			}
		}
		if (best < 0)
			continue;
		di->has_vector = true;
		di->cpu = best_cpu;
		if (di->managed) {
			d->cpu[best_cpu].managed_alloc++;
			d->managed_started++;
		} else {
			d->cpu[best_cpu].other++;
		}
	}
	if (unplaced)
		doctor_note(d, "%u MSI vectors were never requested but hold vectors (no reservation mode for them: 4.18's "
			    "remapped MSI, or a multi-MSI block behind remapping): placed on the emptiest CPUs, as "
			    "irq_matrix_alloc would", unplaced);
}

/*
 * More vectors on a CPU than it has: some irqs were requested while the
 * space was full.  A reservation-mode irq gets its real vector from
 * irq_startup -> irq_setup_affinity, whose -ENOSPC irq_startup ignores:
 * the irq keeps its action and its effective CPU, but no vector, and
 * stays counted in global_reserved.  The last requested (highest
 * numbers) are the ones that found the CPU full.
 */
static void doctor_overcommit(struct doctor *d)
{
	unsigned overcommit = 0;
	for (size_t i = d->nr_irqs; i-- > 0;) {
		struct doc_irq *di = &d->irqs[i];
		if (!di->has_vector || di->managed || !d->usable)
			continue;
		struct doc_cpu *dc = &d->cpu[di->cpu];
		if (dc->managed + dc->other <= d->usable)
			continue;
		di->has_vector = false;
		di->reserved_only = true;
		dc->other--;
		d->global_reserved++;
		overcommit++;
	}
	if (overcommit)
		doctor_note(d, "%u requested irqs cannot all hold vectors on their CPUs: taken as requested while the "
			    "space was full (no vector; irq_startup ignores irq_setup_affinity's -ENOSPC)", overcommit);
}

/* The matrix's figures from the per-CPU counts. */
static void doctor_totals(struct doctor *d)
{
	for (unsigned c = 0; c < d->nr_cpu_ids; c++) {
		struct doc_cpu *dc = &d->cpu[c];
		dc->available = (int)d->usable - (int)dc->managed - (int)dc->other;
		d->total_allocated += dc->other + dc->managed_alloc;
		if (dc->online)
			d->global_available += dc->available > 0 ? (unsigned)dc->available : 0;
	}
}

int doctor_build(struct doctor *d, const struct snapshot *s, const char *kernel, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	d->snap = s;
	d->preflight_ok = -1;
	if (doctor_cpus(d, s, kernel, err, errlen))
		return -1;
	const struct kernel_profile *prof = kernel_profile_get(d->line);
	doctor_usable(d, prof);
	doctor_read_irqs(d, s);
	bool have_effective;
	doctor_place_unrequested(d, doctor_place_vectors(d, prof, &have_effective));
	doctor_overcommit(d);
	if (!have_effective && d->nr_irqs)
		doctor_note(d, "no effective_affinity_list in the snapshot (kernel before 4.15, or /proc/irq not "
			    "copied): vectors placed on the first CPU of each mask");
	doctor_totals(d);
	doctor_take_dump(d, s);
	return 0;
}

void doctor_free(struct doctor *d)
{
	for (size_t i = 0; i < d->nr_irqs; i++)
		free(d->irqs[i].mask);
	free(d->irqs);
	free(d->cpu);
	free(d->dump.rows);
	for (size_t i = 0; i < d->nr_notes; i++)
		free(d->notes[i]);
	free(d->notes);
	for (size_t i = 0; i < d->nr_findings; i++) {
		free(d->findings[i].id);
		free(d->findings[i].text);
		free(d->findings[i].fix);
	}
	free(d->findings);
	free(d->scenario);
	for (size_t i = 0; i < d->nr_remedies; i++)
		free(d->remedies[i]);
	free(d->remedies);
	for (size_t i = 0; i < d->nr_preflight; i++)
		free(d->preflight[i]);
	free(d->preflight);
	irq_matrix_destroy(d->seed);
	memset(d, 0, sizeof(*d));
}
