// SPDX-License-Identifier: GPL-2.0-only
/*
 * Headroom from the rebuilt occupancy: a real irq_matrix (kernel/irq/
 * matrix.c, ours) is seeded with every irq's reservation and vector, then
 * devices of a common kind are added with the matrix operations their
 * probe performs, until the first one that cannot get its per-queue
 * vectors.  Only counts matter for that answer; the seeded bit positions
 * are not the machine's.
 */
#define _GNU_SOURCE
#include "arch/x86/vector.h"
#include "doctor/doctor.h"
#include "kernel/profile.h"
#include "snapshot/snapshot_int.h"

struct irq_matrix *doctor_seed_matrix(struct doctor *d)
{
	const struct kernel_profile *prof = kernel_profile_get(d->line);
	if (prof->legacy_vector_alloc)
		return NULL;
	struct irq_matrix *m = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, prof->first_system_vector,
						d->nr_cpu_ids, d->line);
	if (!m)
		snap_oom(NULL);
	x86_assign_system_vectors(m, d->line);
	for (unsigned c = 0; c < d->nr_cpu_ids; c++)
		if (d->cpu[c].online) {
			m->this_cpu = c;
			irq_matrix_online(m);
		}
	m->this_cpu = cpumask_first(&d->online);
	struct cpumask one;
	bool irqs = false;
	for (size_t i = 0; i < d->nr_irqs; i++)
		irqs |= d->irqs[i].has_vector || d->irqs[i].managed;
	if (!irqs && d->dump.present) {
		/* only the kernel's per-CPU figures: that many reservations and vectors on each CPU */
		for (unsigned c = 0; c < d->nr_cpu_ids; c++) {
			const struct doc_cpu *dc = &d->cpu[c];
			if (!dc->online)
				continue;
			cpumask_clear(&one);
			cpumask_set_cpu(c, &one);
			unsigned cpu;
			for (unsigned k = 0; k < dc->managed; k++)
				irq_matrix_reserve_managed(m, &one);
			for (unsigned k = 0; k < dc->managed_alloc; k++)
				irq_matrix_alloc_managed(m, &one, &cpu);
			for (unsigned k = 0; k < dc->other; k++)
				irq_matrix_alloc(m, &one, false, &cpu);
		}
		return m;
	}
	for (size_t i = 0; i < d->nr_irqs; i++) {
		struct doc_irq *di = &d->irqs[i];
		if (di->managed && irq_matrix_reserve_managed(m, di->mask))
			doctor_note(d, "irq %u: its managed reservation does not fit the rebuilt matrix", di->q->irq);
	}
	for (size_t i = 0; i < d->nr_irqs; i++) {
		struct doc_irq *di = &d->irqs[i];
		if (di->reserved_only)
			irq_matrix_reserve(m);
		if (!di->has_vector)
			continue;
		cpumask_clear(&one);
		cpumask_set_cpu(di->cpu, &one);
		unsigned cpu;
		int bit = di->managed ? irq_matrix_alloc_managed(m, &one, &cpu) : irq_matrix_alloc(m, &one, false, &cpu);
		if (bit < 0)
			doctor_note(d, "irq %u: no room for its vector on CPU %u in the rebuilt matrix", di->q->irq,
				    di->cpu);
		else
			di->bit = (unsigned)bit;
	}
	return m;
}

/*
 * One device of a kind: 'pre' non-managed vectors (virtio config, nvme
 * admin) and managed ones in irq sets, each set spread over the possible
 * CPUs in even contiguous groups (irq_create_affinity_masks on one node).
 * Returns 0, or -1 with what refused it in why.
 */
static int add_device(struct irq_matrix *m, const struct doctor *d, unsigned pre, bool pre_has_desc,
		      const unsigned *sets, unsigned nsets, struct cpumask *masks, char *why, size_t len)
{
	unsigned np = cpumask_weight(&d->possible);
	/* pci_alloc_irq_vectors_affinity: the managed reservations first (x86_vector_alloc_irqs) */
	unsigned done = 0;
	for (unsigned set = 0; set < nsets; set++) {
		unsigned q = sets[set] < np ? sets[set] : np;
		unsigned cpu = cpumask_first(&d->possible);
		for (unsigned g = 0; g < q; g++) {
			unsigned size = np / q + (g < np % q);
			struct cpumask *mk = &masks[done];
			cpumask_clear(mk);
			for (unsigned k = 0; k < size && cpu < NR_CPUS; k++, cpu = cpumask_next_from(&d->possible, cpu + 1))
				cpumask_set_cpu(cpu, mk);
			if (irq_matrix_reserve_managed(m, mk)) {
				unsigned full = cpumask_first(mk);
				for (unsigned c = full; c < NR_CPUS; c = cpumask_next_from(mk, c + 1))
					if (m->maps[c].managed + m->maps[c].allocated - m->maps[c].managed_allocated >=
					    d->usable) {
						full = c;
						break;
					}
				snprintf(why, len,
					 "irq_matrix_reserve_managed: CPU %u has no free vector for a managed queue", full);
				for (unsigned u = 0; u < done; u++)
					irq_matrix_remove_managed(m, &masks[u]);
				return -1;
			}
			done++;
		}
	}
	for (unsigned p = 0; p < pre; p++)
		irq_matrix_reserve(m);
	/*
	 * request_irq: the non-managed vectors (arch/x86/kernel/apic/vector.c:
	 * assign_irq_vector_any_locked, 6.x order): the irq's node AND its
	 * affinity, the affinity AND online, the node, then any online CPU.
	 * Vectors allocated with an affinity descriptor (virtio's config, nvme's
	 * admin as pre_vectors) take the node of their mask's first CPU.
	 */
	for (unsigned p = 0; p < pre; p++) {
		struct cpumask tries[4];
		unsigned nt = 0, c;
		int node = pre_has_desc ? d->cpu[cpumask_first(&d->default_affinity)].node : -1;
		struct cpumask nodemask;
		cpumask_clear(&nodemask);
		if (node >= 0)
			for (unsigned k = 0; k < d->nr_cpu_ids; k++)
				if (d->cpu[k].node == node)
					cpumask_set_cpu(k, &nodemask);
		if (node >= 0 && cpumask_and(&tries[nt], &nodemask, &d->default_affinity))
			nt++;
		if (cpumask_and(&tries[nt], &d->default_affinity, &d->online))
			nt++;
		if (node >= 0)
			cpumask_copy(&tries[nt++], &nodemask);
		cpumask_copy(&tries[nt++], &d->online);
		bool ok = false;
		for (unsigned t = 0; t < nt && !ok; t++)
			ok = irq_matrix_alloc(m, &tries[t], true, &c) >= 0;
		if (!ok) {
			snprintf(why, len, "irq_matrix_alloc: no online CPU has a free vector (global_available %u)",
				 m->global_available);
			return -1;
		}
	}
	for (unsigned g = 0; g < done; g++) {
		struct cpumask on;
		unsigned c;
		if (cpumask_and(&on, &masks[g], &d->online))
			irq_matrix_alloc_managed(m, &on, &c);
	}
	return 0;
}

static void capacity_kind(struct doctor *d, const char *kind, unsigned pre, const unsigned *sets, unsigned nsets)
{
	struct doc_capacity *cap = &d->cap[d->nr_cap++];
	memset(cap, 0, sizeof(*cap));
	cap->kind = kind;
	cap->simulated = cap->simulated_total = -1;
	if (d->snap->cmdline && strstr(d->snap->cmdline, "pci=nomsi")) {
		cap->estimate = 0;
		snprintf(cap->limit, sizeof(cap->limit), "pci=nomsi: no MSI or MSI-X, every device on INTx");
		return;
	}
	struct irq_matrix *m = doctor_seed_matrix(d);
	if (!m) {
		cap->estimate = -1;
		snprintf(cap->limit, sizeof(cap->limit), "3.10 has no matrix allocator: not estimated");
		return;
	}
	unsigned nmasks = 0;
	for (unsigned k = 0; k < nsets; k++)
		nmasks += sets[k];
	struct cpumask *masks = xmalloc((nmasks ? nmasks : 1) * sizeof(*masks));
	int n = 0;
	/* every device consumes at least one vector: the loop ends */
	while (add_device(m, d, pre, nsets > 0, sets, nsets, masks, cap->limit, sizeof(cap->limit)) == 0)
		n++;
	cap->estimate = n;
	free(masks);
	irq_matrix_destroy(m);
}

void doctor_capacity(struct doctor *d)
{
	unsigned np = cpumask_weight(&d->possible);
	/* seed 000's disk: config + 2 managed request queues (virtio_blk init_vq) */
	static const unsigned blk[] = { 2 };
	capacity_kind(d, "virtio-blk-pci,num-queues=2", 1, blk, 1);
	/*
	 * nvme (drivers/nvme/host/pci.c): I/O queues min(possible CPUs + write +
	 * poll queues, QEMU's max_ioqpairs 64), polled ones without a vector;
	 * the admin vector + the rest in nvme_calc_irq_sets' default/read sets.
	 */
	unsigned w = snapshot_param(d->snap, "nvme.write_queues", 0), p = snapshot_param(d->snap, "nvme.poll_queues", 0);
	unsigned nr_io = np + w + p < 64 ? np + w + p : 64;
	unsigned poll = p < nr_io - 1 ? p : nr_io - 1;
	unsigned nrirqs = nr_io - poll, read = 0;
	if (nrirqs > 1 && w)
		read = w >= nrirqs ? 1 : nrirqs - w;
	unsigned nvme[2] = { nrirqs - read, read };
	capacity_kind(d, "nvme", 1, nvme, read ? 2 : 1);
	/* virtio-net, one queue pair: config, input.0, output.0, none managed */
	capacity_kind(d, "virtio-net-pci", 3, NULL, 0);
}
