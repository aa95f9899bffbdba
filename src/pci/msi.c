// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI MSI/MSI-X vector allocation for drivers: drivers/pci/msi/msi.c
 * (pci_alloc_irq_vectors_affinity, __pci_enable_msix_range,
 * msix_capability_init) on top of the MSI irq domain (kernel/irq/msi.c:
 * __msi_domain_alloc_irqs, msi_init_virq, msi_handle_pci_fail).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "irq/affinity.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "lib/strjoin.h"
#include "pci/pci.h"

/* drivers/pci/msi/msi.c: pci_msi_supported */
static bool pci_msi_supported(struct sim *s, struct pci_dev *dev, unsigned nvec)
{
	(void)dev;
	if (s->params.pci_nomsi)
		return false;
	return nvec >= 1;
}

static void set_chip(struct sim *s, struct pci_dev *dev, struct irq_desc *d, bool msix, unsigned index)
{
	/* the AMD IOMMU's own function keeps the plain PCI-MSI domain (drivers/iommu/amd/iommu.c:
	 * amd_iommu_set_pci_msi_domain runs only for the IOMMU's clients) */
	bool ir = s->irq_remapping && !dev->iommu_self;
	d->chip = msix ? CHIP_PCI_MSIX : CHIP_PCI_MSI;
	d->has_domain = true;
	d->handler = "edge";
	d->dev = dev;
	d->msi_index = index;
	d->is_msi = true;
	irq_remapping_mark(s, d);
	if (dev->iommu_self)
		d->remapped = false;
	if (s->prof->legacy_vector_alloc) {
		/* 3.10: msi_chip "PCI-MSI" (ir_print_prefix adds "IR-"), no MSI irq domain */
		d->has_domain = false;
		d->chip_name = ir ? "IR-PCI-MSI" : "PCI-MSI";
	} else if (s->prof->msi_per_device_domain) {
		/* 6.12: one domain per device and mode; hwirq is the table index */
		str_join(d->chip_buf, sizeof(d->chip_buf), ir ? "IR-" : "", msix ? "PCI-MSIX-" : "PCI-MSI-", dev->name);
		d->chip_name = d->chip_buf;
		d->hwirq = index;
	} else {
		/* drivers/pci/msi/irqdomain.c: pci_msi_domain_calc_hwirq */
		d->chip_name = ir ? "IR-PCI-MSI" : "PCI-MSI";
		d->hwirq = (unsigned long)index | ((unsigned long)((dev->bus << 8) | dev->devfn) << 11) |
			   ((unsigned long)dev->domain_nr << 27);
	}
}

/*
 * Free the irqs of every descriptor (msi_domain_free_irqs_descs_locked):
 * each descriptor's irqs are all deactivated, then all freed; an MSI-X
 * descriptor has one irq, a multi-MSI one all of the function's.
 */
static void msi_free_irqs(struct sim *s, struct pci_dev *dev)
{
	if (dev->irq_mode == PCI_IRQ_MODE_MSI && dev->nr_msi > 1) {
		for (unsigned i = 0; i < dev->nr_msi; i++) {
			struct irq_desc *d = dev->msi[i].irq ? irq_to_desc(s, dev->msi[i].irq) : NULL;
			if (d && d->activated)
				irq_domain_deactivate_irq(s, d);
		}
	}
	for (unsigned i = 0; i < dev->nr_msi; i++) {
		struct msi_desc *md = &dev->msi[i];
		if (!md->irq)
			continue;
		struct irq_desc *d = irq_to_desc(s, md->irq);
		if (d) {
			if (d->activated)
				irq_domain_deactivate_irq(s, d);
			x86_vector_free_irq(s, d);
			irq_free_desc(s, md->irq);
		}
		md->irq = 0;
	}
}

static void msi_free_descs(struct sim *s, struct pci_dev *dev)
{
	kmem_free(&s->kmem, dev->msi);
	dev->msi = NULL;
	kmem_free(&s->kmem, dev->msi_affinity);
	dev->msi_affinity = NULL;
	dev->nr_msi = 0;
}

/* Allocate the irq of one descriptor: __irq_domain_alloc_irqs down to the vector domain. */
static int msi_alloc_one(struct sim *s, struct pci_dev *dev, struct msi_desc *md, bool msix)
{
	int node = dev->node;
	if (md->has_affinity) {
		if (cpumask_empty(md->affinity.mask))
			return -EINVAL;
		/* alloc_descs: the node of the first CPU of the mask */
		node = s->topo.cpu_to_node[cpumask_first(md->affinity.mask)];
	}
	int virq = irq_alloc_descs(s, s->dynirq_base, 1, node);
	if (virq < 0)
		return virq;
	struct irq_desc *d = irq_to_desc(s, (unsigned)virq);
	if (md->has_affinity) {
		cpumask_copy(d->affinity, md->affinity.mask);
		d->affinity_set = true;
		if (md->affinity.is_managed) {
			d->affinity_managed = true;
			d->managed_shutdown = true;
		}
	}
	set_chip(s, dev, d, msix, md->msi_index);
	int ret = x86_vector_alloc_irq(s, d, VEC_ALLOC_DEFAULT);
	if (ret) {
		irq_free_desc(s, (unsigned)virq);
		return ret;
	}
	md->irq = (unsigned)virq;
	return 0;
}

/*
 * kernel/irq/msi.c: msi_check_reservation_mode, the domain's part (the
 * descriptor's part, MSI-X or a maskable MSI, is the caller's): the x86 PCI
 * MSI domains carry MSI_FLAG_MUST_REACTIVATE, so reservation mode holds,
 * also behind VT-d remapping on 6.1 and 6.12 (recorded); seed 000's RHEL
 * 8.4 host failed its early activation under remapping, which only a
 * domain without reservation mode can do (switch ir_msi_no_reservation).
 */
static bool msi_reservation_mode(const struct sim *s)
{
	return !(s->irq_remapping && s->prof->ir_msi_no_reservation);
}

/* kernel/irq/msi.c: msi_init_virq for reservation mode (MSI-X is always reservable here) */
static int msi_init_virq(struct sim *s, struct irq_desc *d, bool can_reserve)
{
	if (!can_reserve) {
		d->can_reserve = false;
		if (d->affinity_managed && !cpumask_intersects(d->affinity, &s->cpu_online_mask)) {
			d->managed_shutdown = true;
			return 0;
		}
	}
	s->msi_alloc_activating = !can_reserve;
	int ret = irq_domain_activate_irq(s, d, can_reserve);
	s->msi_alloc_activating = false;
	if (ret)
		return ret;
	/* reservation mode: request_irq() does the real activation */
	if (can_reserve)
		d->activated = false;
	return 0;
}

/*
 * The MSI domain allocation of every descriptor.  Returns 0, a negative
 * error, or a positive count asking the PCI core to retry with fewer.
 */
static int msi_domain_alloc_irqs(struct sim *s, struct pci_dev *dev, bool msix, bool can_reserve)
{
	unsigned allocated = 0;
	if (s->prof->legacy_vector_alloc) {
		/*
		 * 3.10 arch_setup_msi_irqs: one irq and vector per entry, assigned at
		 * once (native_setup_msi_irqs: create_irq_nr + setup_msi_irq; with
		 * interrupt remapping do_setup_msix_irqs).  The first failure ends
		 * the loop: -ENOSPC natively, -1 from the remapping path's MSI-X
		 * loop; msix_capability_init then reports the entries that did get
		 * an irq, if any (out_avail).
		 */
		for (unsigned i = 0; i < dev->nr_msi; i++) {
			int ret = msi_alloc_one(s, dev, &dev->msi[i], msix);
			if (ret) {
				if (allocated)
					return (int)allocated;
				return msix && s->irq_remapping ? -1 : ret;
			}
			allocated++;
		}
		return 0;
	}
	if (s->prof->msi_two_pass) {
		/* 4.18: allocate every descriptor, then activate them all */
		for (unsigned i = 0; i < dev->nr_msi; i++) {
			int ret = msi_alloc_one(s, dev, &dev->msi[i], msix);
			if (ret) {
				unsigned got = 0;
				for (unsigned j = 0; j < dev->nr_msi; j++)
					got += dev->msi[j].irq != 0;
				/* msix_capability_init: out_avail */
				return got ? (int)got : -ENOSPC;
			}
		}
		for (unsigned i = 0; i < dev->nr_msi; i++) {
			int ret = msi_init_virq(s, irq_to_desc(s, dev->msi[i].irq), can_reserve);
			if (ret)
				return ret;
		}
		return 0;
	}
	for (unsigned i = 0; i < dev->nr_msi; i++) {
		int ret = msi_alloc_one(s, dev, &dev->msi[i], msix);
		if (ret)
			/* msi_handle_pci_fail: MSI-X/single MSI report what they got */
			return allocated ? (int)allocated : -ENOSPC;
		ret = msi_init_virq(s, irq_to_desc(s, dev->msi[i].irq), can_reserve);
		if (ret)
			return ret;
		allocated++;
	}
	return 0;
}

/*
 * msi_setup_msi_desc / msix_setup_msi_descs: nvec descriptors (the model
 * keeps one per vector, also for a multi-MSI block), with the affinity
 * masks irq_create_affinity_masks spreads when the driver asked for them.
 */
static int msi_setup_descs(struct sim *s, struct pci_dev *dev, unsigned nvec, struct irq_affinity *affd,
			   enum pci_irq_mode mode)
{
	struct irq_affinity_desc *masks = NULL;
	if (affd)
		masks = irq_create_affinity_masks(&s->kmem, &s->topo, s->prof, &s->irq_default_affinity, nvec, affd);
	dev->msi = kmem_zalloc(&s->kmem, (size_t)nvec * sizeof(*dev->msi));
	if (!dev->msi) {
		kmem_free(&s->kmem, masks);
		return -ENOMEM;
	}
	dev->nr_msi = nvec;
	for (unsigned i = 0; i < nvec; i++) {
		dev->msi[i].msi_index = i;
		if (masks) {
			dev->msi[i].affinity = masks[i];
			dev->msi[i].has_affinity = true;
		}
	}
	/* the descriptors point into masks' storage: kept with them */
	dev->msi_affinity = masks;
	dev->irq_mode = mode;
	return 0;
}

/* drivers/pci/msi/msi.c: msix_capability_init */
static int msix_capability_init(struct sim *s, struct pci_dev *dev, unsigned nvec, struct irq_affinity *affd)
{
	int err = msi_setup_descs(s, dev, nvec, affd, PCI_IRQ_MODE_MSIX);
	if (err)
		return err;
	int ret = msi_domain_alloc_irqs(s, dev, true, msi_reservation_mode(s));
	if (ret) {
		msi_free_irqs(s, dev);
		msi_free_descs(s, dev);
		dev->irq_mode = PCI_IRQ_MODE_NONE;
		return ret;
	}
	return 0;
}

/*
 * drivers/pci/msi.c (3.10) pci_enable_msix / 6.1 __pci_enable_msix: 0, a
 * negative error, or a positive number of vectors that could be had.
 */
static int __pci_enable_msix(struct sim *s, struct pci_dev *dev, unsigned nvec, struct irq_affinity *affd)
{
	if (!pci_msi_supported(s, dev, nvec))
		return -EINVAL;
	if (!dev->has_msix)
		return -EINVAL;
	if (nvec > dev->msix_table_size)
		return (int)dev->msix_table_size;
	if (dev->irq_mode == PCI_IRQ_MODE_MSI) {
		sim_log(s, LOG_INFO, "%s %s: can't enable MSI-X (MSI IRQ already assigned)",
			dev->drv ? "virtio-pci" : "pci", dev->name);
		return -EINVAL;
	}
	return msix_capability_init(s, dev, nvec, affd);
}

int pci_enable_msix(struct sim *s, struct pci_dev *dev, unsigned nvec)
{
	if (dev->irq_mode == PCI_IRQ_MODE_MSIX)
		return -EINVAL;
	return __pci_enable_msix(s, dev, nvec, NULL);
}

/*
 * The retry loop of __pci_enable_msix_range and __pci_enable_msi_range:
 * narrow nvec for managed affinity, try it; a positive answer is the count
 * to try next.  Returns the vectors had or a negative error.
 */
static int enable_range_retry(struct sim *s, struct pci_dev *dev, unsigned minvec, unsigned nvec,
			      struct irq_affinity *affd,
			      int (*try_nvec)(struct sim *, struct pci_dev *, unsigned, struct irq_affinity *))
{
	for (;;) {
		if (affd) {
			nvec = irq_calc_affinity_vectors(&s->topo, minvec, nvec, affd);
			if (nvec < minvec)
				return -ENOSPC;
		}
		int rc = try_nvec(s, dev, nvec, affd);
		if (rc == 0)
			return (int)nvec;
		if (rc < 0)
			return rc;
		if ((unsigned)rc < minvec)
			return -ENOSPC;
		nvec = (unsigned)rc;
	}
}

/* drivers/pci/msi/msi.c: __pci_enable_msix_range */
static int pci_enable_msix_range(struct sim *s, struct pci_dev *dev, unsigned minvec, unsigned maxvec,
				 struct irq_affinity *affd)
{
	unsigned nvec = maxvec;
	if (maxvec < minvec)
		return -ERANGE;
	if (dev->irq_mode == PCI_IRQ_MODE_MSIX)
		return -EINVAL;
	return enable_range_retry(s, dev, minvec, nvec, affd, __pci_enable_msix);
}

/*
 * The MSI domain's multi-MSI support (MSI_FLAG_MULTI_PCI_MSI, checked by
 * pci_msi_domain_check_cap before anything is allocated).  x86's own PCI-MSI
 * domain lacks it (arch/x86/kernel/apic/msi.c: pci_msi_domain_info on 6.1,
 * the vector domain's msi_parent_ops on 6.12): the vector allocator cannot
 * give a block of consecutive vectors.  The remapping domains have it
 * (pci_msi_ir_domain_info on 4.18/6.1; the DMAR and AMD-Vi parents'
 * supported_flags on 6.12): each irq gets any vector and the IOMMU a
 * power-of-two block of table entries (alloc_irte / alloc_irq_index,
 * invisible in every view).  The AMD IOMMU's own function keeps the plain
 * domain.  3.10's arch_setup_msi_irqs is modelled with one vector only.
 */
static bool msi_multi_supported(const struct sim *s, const struct pci_dev *dev)
{
	return s->irq_remapping && !dev->iommu_self && !s->prof->legacy_vector_alloc;
}

/*
 * One multi-MSI descriptor (nvec_used = dev->nr_msi): __irq_domain_alloc_irqs
 * takes nr_msi consecutive irq numbers and the vector domain reserves each
 * irq's vector in turn (x86_vector_alloc_irqs), then msi_init_virq activates
 * them one by one.  A failed block is freed whole and the PCI core retries
 * with one vector (msi_handle_pci_fail on 6.x; pci_msi_domain_handle_error's
 * -ENOSPC on 4.18): 1 is returned then.
 */
static int msi_domain_alloc_multi(struct sim *s, struct pci_dev *dev, bool can_reserve)
{
	unsigned n = dev->nr_msi;
	for (unsigned i = 0; i < n; i++)
		if (dev->msi[i].has_affinity && cpumask_empty(dev->msi[i].affinity.mask))
			return 1;
	int virq = irq_alloc_descs(s, s->dynirq_base, n, dev->node);
	if (virq < 0)
		return 1;
	for (unsigned i = 0; i < n; i++) {
		struct msi_desc *md = &dev->msi[i];
		struct irq_desc *d = irq_to_desc(s, (unsigned)virq + i);
		if (md->has_affinity) {
			/* alloc_descs: each irq's node is its mask's first CPU's */
			d->node = s->topo.cpu_to_node[cpumask_first(md->affinity.mask)];
			cpumask_copy(d->affinity, md->affinity.mask);
			d->affinity_set = true;
			if (md->affinity.is_managed) {
				d->affinity_managed = true;
				d->managed_shutdown = true;
			}
		}
		/* msi_domain_alloc: hwirq of the descriptor + i */
		set_chip(s, dev, d, false, i);
	}
	for (unsigned i = 0; i < n; i++) {
		int ret = x86_vector_alloc_irq(s, irq_to_desc(s, (unsigned)virq + i), VEC_ALLOC_DEFAULT);
		if (ret) {
			/* x86_vector_alloc_irqs frees the vectors it gave, then the descs go */
			for (unsigned j = 0; j < i; j++)
				x86_vector_free_irq(s, irq_to_desc(s, (unsigned)virq + j));
			for (unsigned j = 0; j < n; j++)
				irq_free_desc(s, (unsigned)virq + j);
			return 1;
		}
	}
	for (unsigned i = 0; i < n; i++)
		dev->msi[i].irq = (unsigned)virq + i;
	for (unsigned i = 0; i < n; i++) {
		int ret = msi_init_virq(s, irq_to_desc(s, dev->msi[i].irq), can_reserve);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * drivers/pci/msi/msi.c: msi_capability_init: one descriptor for nvec
 * vectors.  0, a negative error, or a positive count to retry with.
 */
static int msi_capability_init(struct sim *s, struct pci_dev *dev, unsigned nvec, struct irq_affinity *affd)
{
	/* pci_msi_domain_check_cap: a multi-MSI descriptor on a domain without it */
	if (nvec > 1 && !msi_multi_supported(s, dev))
		return 1;
	int err = msi_setup_descs(s, dev, nvec, affd, PCI_IRQ_MODE_MSI);
	if (err)
		return err;
	bool can_reserve = dev->msi_maskable && msi_reservation_mode(s);
	int ret = nvec > 1 ? msi_domain_alloc_multi(s, dev, can_reserve)
			   : msi_domain_alloc_irqs(s, dev, false, can_reserve);
	if (ret) {
		msi_free_irqs(s, dev);
		msi_free_descs(s, dev);
		dev->irq_mode = PCI_IRQ_MODE_NONE;
		/* a failed single vector: msi_handle_pci_fail's -ENOSPC */
		return ret < 0 || nvec > 1 ? ret : -ENOSPC;
	}
	return 0;
}

/*
 * drivers/pci/msi/msi.c: __pci_enable_msi_range: the capability's vector
 * count (a power of two) capped at maxvec, narrowed for managed affinity,
 * then tried; a domain without multi-MSI or a failed block brings a retry
 * with 1.  The vectors need not be a power of two (nvec_used); the
 * capability's enabled count is rounded up.
 */
static int pci_enable_msi_range(struct sim *s, struct pci_dev *dev, unsigned minvec, unsigned maxvec,
				struct irq_affinity *affd)
{
	if (!pci_msi_supported(s, dev, minvec))
		return -EINVAL;
	if (dev->irq_mode == PCI_IRQ_MODE_MSIX)
		return -EINVAL;
	if (maxvec < minvec)
		return -ERANGE;
	if (!dev->has_msi)
		return -EINVAL;
	unsigned nvec = dev->msi_vec_count;
	if (nvec < minvec)
		return -ENOSPC;
	if (nvec > maxvec)
		nvec = maxvec;
	return enable_range_retry(s, dev, minvec, nvec, affd, msi_capability_init);
}

int pci_alloc_irq_vectors_affinity(struct sim *s, struct pci_dev *dev, unsigned min_vecs,
				   unsigned max_vecs, unsigned flags, struct irq_affinity *affd)
{
	/* on the stack, not static: two sims may run in two threads */
	struct irq_affinity msi_default_affd = { 0 };
	int nvecs = -ENOSPC;
	if (flags & PCI_IRQ_AFFINITY) {
		if (!affd)
			affd = &msi_default_affd;
	} else {
		affd = NULL;
	}
	if (flags & PCI_IRQ_MSIX) {
		nvecs = pci_enable_msix_range(s, dev, min_vecs, max_vecs, affd);
		if (nvecs > 0)
			return nvecs;
	}
	if (flags & PCI_IRQ_MSI) {
		nvecs = pci_enable_msi_range(s, dev, min_vecs, max_vecs, affd);
		if (nvecs > 0)
			return nvecs;
	}
	if ((flags & PCI_IRQ_LEGACY) && min_vecs == 1 && dev->irq) {
		/* only to let calc_sets size the queues; the masks are dropped */
		if (affd)
			kmem_free(&s->kmem,
				  irq_create_affinity_masks(&s->kmem, &s->topo, s->prof, &s->irq_default_affinity, 1, affd));
		dev->irq_mode = PCI_IRQ_MODE_INTX;
		return 1;
	}
	return nvecs;
}

void pci_free_irq_vectors(struct sim *s, struct pci_dev *dev)
{
	if (dev->irq_mode == PCI_IRQ_MODE_MSIX || dev->irq_mode == PCI_IRQ_MODE_MSI) {
		msi_free_irqs(s, dev);
		msi_free_descs(s, dev);
	}
	dev->irq_mode = PCI_IRQ_MODE_NONE;
}

int pci_irq_vector(struct pci_dev *dev, unsigned nr)
{
	if (dev->irq_mode == PCI_IRQ_MODE_MSIX || dev->irq_mode == PCI_IRQ_MODE_MSI) {
		if (nr >= dev->nr_msi)
			return -EINVAL;
		return (int)dev->msi[nr].irq;
	}
	if (nr == 0)
		return (int)dev->irq;
	return -EINVAL;
}
