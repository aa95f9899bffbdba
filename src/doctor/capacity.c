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
#include <limits.h>

#include "arch/x86/vector.h"
#include "doctor/doctor.h"
#include "kernel/profile.h"
#include "snapshot/snapshot_int.h"

/* irq_matrix_destroy for snap_hold: the matrix is freed if an allocation fails while it is held */
static void matrix_release(void *m)
{
	irq_matrix_destroy(m);
}

/* The seeding itself: every irq's reservation and vector on a fresh matrix. */
static struct irq_matrix *seed_matrix(struct doctor *d)
{
	const struct kernel_profile *prof = kernel_profile_get(d->line);
	struct irq_matrix *m = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, prof->first_system_vector,
						d->nr_cpu_ids, d->line);
	if (!m)
		snap_oom(NULL);
	/* freed if an allocation fails while it is seeded; the doctor owns it after (doctor_free) */
	snap_hold(m, matrix_release);
	x86_assign_system_vectors(m, d->line);
	/* the "Cannot disable CPU" figure follows the point release (kernel_sel) */
	struct kernel_profile pp;
	kernel_profile_build(&d->sel, &pp);
	m->allocated_counts_managed = pp.allocated_counts_managed;
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
		/* the doctor owns it now: a later failure must not free it a second time */
		snap_drop(m);
		return m;
	}
	for (size_t i = 0; i < d->nr_irqs; i++) {
		struct doc_irq *di = &d->irqs[i];
		if (di->managed && irq_matrix_reserve_managed(m, di->mask) && !d->seeded)
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
		if (bit >= 0)
			di->bit = (unsigned)bit;
		else if (!d->seeded)
			doctor_note(d, "irq %u: no room for its vector on CPU %u in the rebuilt matrix", di->q->irq,
				    di->cpu);
	}
	/* every capacity kind and the pre-flight seed again: say what did not fit once */
	d->seeded = true;
	snap_drop(m);
	return m;
}

/*
 * The seeded matrix is the same every time (the irqs do not change before
 * the pre-flight, which seeds last): seed once, hand out copies.  Seeding
 * walks every managed irq's mask, millions of CPUs for a trace of 8192
 * CPUs, once per capacity kind before.
 */
struct irq_matrix *doctor_seed_matrix(struct doctor *d)
{
	if (kernel_profile_get(d->line)->legacy_vector_alloc)
		return NULL;
	if (!d->seed)
		d->seed = seed_matrix(d);
	struct irq_matrix *m = snap_oom(irq_matrix_copy(d->seed));
	/* the caller snap_drop()s it before irq_matrix_destroy */
	snap_hold(m, matrix_release);
	return m;
}

static void no_free_vector(char *why, size_t len, unsigned global_available)
{
	snprintf(why, len, "irq_matrix_alloc: no online CPU has a free vector (global_available %u)", global_available);
}

/*
 * What one device of a kind asks the matrix for, the same for every device
 * (worked out once: at 8192 CPUs the node mask alone was a walk over every
 * CPU for each vector): 'pre' non-managed vectors (virtio config, nvme
 * admin), looked for in 'tries' in order, and managed ones in irq sets,
 * each set spread over the possible CPUs in even contiguous groups
 * (irq_create_affinity_masks on one node).
 */
struct kind_req {
	unsigned pre;
	struct cpumask tries[4];
	unsigned nt;
	struct cpumask *masks;
	unsigned nmasks;
};

static void kind_req_init(struct kind_req *r, const struct doctor *d, unsigned pre, const unsigned *sets,
			  unsigned nsets)
{
	unsigned np = cpumask_weight(&d->possible), nmasks = 0;
	for (unsigned k = 0; k < nsets; k++)
		nmasks += sets[k];
	r->pre = pre;
	r->masks = xmalloc((nmasks ? nmasks : 1) * sizeof(*r->masks));
	r->nmasks = 0;
	for (unsigned set = 0; set < nsets; set++) {
		unsigned q = sets[set] < np ? sets[set] : np;
		unsigned cpu = cpumask_first(&d->possible);
		for (unsigned g = 0; g < q; g++) {
			unsigned size = np / q + (g < np % q);
			struct cpumask *mk = &r->masks[r->nmasks++];
			cpumask_clear(mk);
			for (unsigned k = 0; k < size && cpu < NR_CPUS; k++, cpu = cpumask_next_from(&d->possible, cpu + 1))
				cpumask_set_cpu(cpu, mk);
		}
	}
	/*
	 * request_irq: the non-managed vectors (arch/x86/kernel/apic/vector.c:
	 * assign_irq_vector_any_locked, 6.x order): the irq's node AND its
	 * affinity, the affinity AND online, the node, then any online CPU.
	 * Vectors allocated with an affinity descriptor (virtio's config, nvme's
	 * admin as pre_vectors) take the node of their mask's first CPU.
	 */
	r->nt = 0;
	if (!pre)
		return;
	int node = nsets > 0 ? d->cpu[cpumask_first(&d->default_affinity)].node : -1;
	struct cpumask nodemask;
	cpumask_clear(&nodemask);
	if (node >= 0)
		for (unsigned k = 0; k < d->nr_cpu_ids; k++)
			if (d->cpu[k].node == node)
				cpumask_set_cpu(k, &nodemask);
	if (node >= 0 && cpumask_and(&r->tries[r->nt], &nodemask, &d->default_affinity))
		r->nt++;
	if (cpumask_and(&r->tries[r->nt], &d->default_affinity, &d->online))
		r->nt++;
	if (node >= 0)
		cpumask_copy(&r->tries[r->nt++], &nodemask);
	cpumask_copy(&r->tries[r->nt++], &d->online);
}

/* One device of a kind: 0, or -1 with what refused it in why. */
static int add_device(struct irq_matrix *m, const struct doctor *d, const struct kind_req *r, char *why, size_t len)
{
	/* pci_alloc_irq_vectors_affinity: the managed reservations first (x86_vector_alloc_irqs) */
	for (unsigned g = 0; g < r->nmasks; g++) {
		const struct cpumask *mk = &r->masks[g];
		if (irq_matrix_reserve_managed(m, mk)) {
			unsigned full = cpumask_first(mk);
			for (unsigned c = full; c < NR_CPUS; c = cpumask_next_from(mk, c + 1))
				if (m->maps[c].managed + m->maps[c].allocated - m->maps[c].managed_allocated >= d->usable) {
					full = c;
					break;
				}
			snprintf(why, len, "irq_matrix_reserve_managed: CPU %u has no free vector for a managed queue",
				 full);
			for (unsigned u = 0; u < g; u++)
				irq_matrix_remove_managed(m, &r->masks[u]);
			return -1;
		}
	}
	for (unsigned p = 0; p < r->pre; p++)
		irq_matrix_reserve(m);
	for (unsigned p = 0; p < r->pre; p++) {
		unsigned c;
		bool ok = false;
		for (unsigned t = 0; t < r->nt && !ok; t++)
			ok = irq_matrix_alloc(m, &r->tries[t], true, &c) >= 0;
		if (!ok) {
			no_free_vector(why, len, m->global_available);
			return -1;
		}
	}
	for (unsigned g = 0; g < r->nmasks; g++) {
		struct cpumask on;
		unsigned c;
		if (cpumask_and(&on, &r->masks[g], &d->online))
			irq_matrix_alloc_managed(m, &on, &c);
	}
	return 0;
}

/*
 * A kind without managed vectors needs no search.  Each of its vectors is
 * an irq_matrix_alloc whose last try is every online CPU, so it fails only
 * when no online CPU has a free vector, and where it lands changes nothing
 * for the next (no managed reservation needs room on a given CPU): the
 * devices that fit are the online CPUs' free vectors divided by the vectors
 * per device, which the loop finds with a best-CPU scan per vector (devices
 * x CPUs: 45 s at 8192 CPUs).  That holds while matrix_find_best_cpu, which
 * picks by the 'available' counter, and matrix_alloc_area, which takes a
 * free bit, agree: every online CPU's counter equals its free bits in the
 * allocation range, and the matrix's online CPUs are the doctor's.  Returns
 * false if they do not (the caller then runs the loop), else the free
 * vectors in *nfree.
 */
static bool nonmanaged_free(const struct irq_matrix *m, const struct doctor *d, unsigned long long *nfree)
{
	*nfree = 0;
	for (unsigned c = 0; c < m->nr_maps; c++) {
		const struct cpumap *cm = &m->maps[c];
		if (cm->online != cpumask_test_cpu(c, &d->online))
			return false;
		if (!cm->online)
			continue;
		struct vecmap u;
		for (unsigned w = 0; w < IRQ_MATRIX_WORDS; w++)
			u.w[w] = cm->managed_map.w[w] | m->system_map.w[w] | cm->alloc_map.w[w];
		unsigned used = 0;
		for (unsigned b = m->alloc_start; b < m->alloc_end; b++)
			used += vecmap_test(&u, b);
		if (cm->available != m->alloc_size - used)
			return false;
		*nfree += cm->available;
	}
	return true;
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
	int n = 0;
	unsigned long long nfree;
	if (!nsets && pre && !d->capacity_by_search && nonmanaged_free(m, d, &nfree) && nfree / pre <= INT_MAX) {
		/* free / pre devices fit; the next one takes the rest and finds no vector */
		n = (int)(nfree / pre);
		no_free_vector(cap->limit, sizeof(cap->limit), m->global_available - (unsigned)nfree);
	} else {
		struct kind_req r;
		kind_req_init(&r, d, pre, sets, nsets);
		/* every device consumes at least one vector: the loop ends */
		while (add_device(m, d, &r, cap->limit, sizeof(cap->limit)) == 0)
			n++;
		free(r.masks);
	}
	cap->estimate = n;
	snap_drop(m);
	irq_matrix_destroy(m);
}

/* A number option of a device spec ("num-queues=4"), dflt if absent; -1 if not a number. */
static long spec_num(const char *spec, const char *key, long dflt)
{
	size_t l = strlen(key);
	for (const char *p = strchr(spec, ','); p; p = strchr(p + 1, ','))
		if (!strncmp(p + 1, key, l) && p[1 + l] == '=') {
			char *end;
			long v = strtol(p + 2 + l, &end, 10);
			return (*end && *end != ',') || v < 1 || v > 1024 ? -1 : v;
		}
	return dflt;
}

/*
 * The vectors one device of a kind asks for, as its driver computes them
 * on this machine: non-managed ones ('pre') and managed irq sets.
 */
static int kind_vectors(const struct doctor *d, const char *spec, unsigned *pre, unsigned sets[2], unsigned *nsets,
			char *err, size_t errlen)
{
	unsigned np = cpumask_weight(&d->possible), ncpu = cpumask_weight(&d->present);
	size_t dl = strcspn(spec, ",");
	long q;
	*nsets = 0;
	if (dl == 14 && !strncmp(spec, "virtio-blk-pci", dl)) {
		/* QEMU >= 5.2: num-queues = vCPUs; virtio_blk init_vq: min(num_request_queues, nr_cpu_ids) */
		if ((q = spec_num(spec, "num-queues", ncpu)) < 0)
			goto bad;
		unsigned lim = snapshot_param(d->snap, "virtio_blk.num_request_queues", 0);
		unsigned n = (unsigned)q < np ? (unsigned)q : np;
		if (lim && lim < n)
			n = lim;
		if (strstr(spec, "managed-affinity=off")) {
			*pre = 1 + n;
		} else {
			*pre = 1;
			sets[(*nsets)++] = n;
		}
	} else if (dl == 15 && !strncmp(spec, "virtio-scsi-pci", dl)) {
		/* virtscsi_init: config, control and event keep the default affinity, requests are managed */
		if ((q = spec_num(spec, "num_queues", ncpu)) < 0)
			goto bad;
		*pre = 3;
		sets[(*nsets)++] = (unsigned)q < np ? (unsigned)q : np;
	} else if (dl == 14 && !strncmp(spec, "virtio-net-pci", dl)) {
		/* virtnet_find_vqs: config + input/output per queue pair, no affinity descriptor */
		if ((q = spec_num(spec, "queues", 1)) < 0)
			goto bad;
		*pre = 1 + 2 * (unsigned)q;
	} else if (dl == 4 && !strncmp(spec, "nvme", dl)) {
		/*
		 * nvme (drivers/nvme/host/pci.c): I/O queues min(possible CPUs + write +
		 * poll queues, QEMU's max_ioqpairs), polled ones without a vector; the
		 * admin vector + the rest in nvme_calc_irq_sets' default/read sets.
		 */
		if ((q = spec_num(spec, "max_ioqpairs", 64)) < 0)
			goto bad;
		unsigned w = snapshot_param(d->snap, "nvme.write_queues", 0), p = snapshot_param(d->snap, "nvme.poll_queues", 0);
		unsigned nr_io = np + w + p < (unsigned)q ? np + w + p : (unsigned)q;
		unsigned poll = p < nr_io - 1 ? p : nr_io - 1;
		unsigned nrirqs = nr_io - poll, read = 0;
		if (nrirqs > 1 && w)
			read = w >= nrirqs ? 1 : nrirqs - w;
		*pre = 1;
		sets[(*nsets)++] = nrirqs - read;
		if (read)
			sets[(*nsets)++] = read;
	} else {
		snprintf(err, errlen, "--add: the doctor sizes virtio-blk-pci, virtio-scsi-pci, virtio-net-pci and nvme, "
			 "not '%.*s'", (int)dl, spec);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "--add %s: a queue count must be a number from 1 to 1024", spec);
	return -1;
}

int doctor_capacity(struct doctor *d, const char *add, char *err, size_t errlen)
{
	/* seed 000's disk, an nvme controller, a one-pair NIC; and the device the user asks about */
	static const char *const kinds[] = { "virtio-blk-pci,num-queues=2", "nvme", "virtio-net-pci" };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]) + (add != NULL); k++) {
		const char *spec = k < sizeof(kinds) / sizeof(kinds[0]) ? kinds[k] : add;
		unsigned pre, sets[2], nsets;
		if (kind_vectors(d, spec, &pre, sets, &nsets, err, errlen))
			return -1;
		capacity_kind(d, spec, pre, sets, nsets);
	}
	return 0;
}
