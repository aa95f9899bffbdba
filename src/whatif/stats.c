// SPDX-License-Identifier: GPL-2.0-only
#include "whatif/stats.h"

#include <string.h>

#include "arch/x86/vector.h"
#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "whatif/whatif.h"

void sim_stats(struct sim *s, struct sim_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (int m = 0; m < DM_NR; m++)
		st->first[m] = -1;
	int idx = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		/* no driver model, or its module left out (rd.driver.blacklist=): no driver bound */
		if (!d->drv || boot_params_blacklisted(&s->params, d->drv->kernel_name))
			continue;
		enum dev_irq_mode m = device_irq_mode(d);
		st->counts[m]++;
		if (d->unplug_pending)
			st->unplug_pending++;
		if (st->first[m] < 0) {
			st->first[m] = idx;
			st->first_name[m] = driver_dev_name(d);
		}
		idx++;
	}
	st->first_managed = -1;
	for (unsigned i = 0; i < s->irqs.size; i++) {
		const struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->apicd || !d->affinity_managed)
			continue;
		st->managed_irqs++;
		st->managed_cpus += cpumask_weight(d->affinity);
	}
	idx = 0;
	for (size_t i = 0; i < s->nr_pdevs && st->first_managed < 0; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		for (unsigned k = 0; k < d->nr_msi; k++) {
			const struct irq_desc *x = irq_to_desc(s, d->msi[k].irq);
			if (x && x->affinity_managed) {
				st->first_managed = idx;
				st->first_managed_name = driver_dev_name(d);
				break;
			}
		}
		idx++;
	}
	st->min_cpu = -1;
	unsigned cpu;
	for_each_cpu(cpu, &s->cpu_online_mask) {
		/* 3.10 has no managed reservations */
		if (s->matrix) {
			const struct cpumap *cm = &s->matrix->maps[cpu];
			st->managed_reserved += cm->managed - cm->managed_allocated;
		}
		unsigned avl = vector_cpu_available(s, cpu);
		if (st->min_cpu < 0 || avl < st->min_cpu_available) {
			st->min_cpu = (int)cpu;
			st->min_cpu_available = avl;
		}
	}
}

void whatif_outcome(struct sim *s, struct sim_stats *st, struct whatif_outcome *o)
{
	struct sim_stats own;
	if (!st)
		st = &own;
	sim_stats(s, st);
	*o = (struct whatif_outcome){
		.per_vq = st->counts[DM_PER_VQ],
		.shared = st->counts[DM_SHARED],
		.intx = st->counts[DM_INTX],
		.failed = st->counts[DM_FAILED],
		.msix = st->counts[DM_MSIX] + st->counts[DM_MSI],
		.all_msix = !st->counts[DM_INTX] && !st->counts[DM_FAILED] && !st->counts[DM_NONE],
		.first_shared = st->first[DM_SHARED],
		.first_intx = st->first[DM_INTX],
		.first_failed = st->first[DM_FAILED],
		/* 3.10 has no matrix: its vector_irq tables' figures */
		.allocated = vector_total_allocated(s),
		.managed_rsvd = st->managed_reserved,
		.available = vector_global_available(s),
		.min_cpu_avl = st->min_cpu_available,
		.unplug_pending = st->unplug_pending,
		.panicked = s->panicked,
	};
	o->msi_devices = o->per_vq + o->shared + o->msix;
}
