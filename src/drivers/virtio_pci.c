// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio-pci transport as far as interrupts go
 * (drivers/virtio/virtio_pci_common.c: vp_find_vqs, vp_find_vqs_msix,
 * vp_request_msix_vectors, vp_find_vqs_intx, vp_del_vqs) and the virtio
 * index IDA (drivers/virtio/virtio.c: register_virtio_device).
 */
#include "drivers/virtio_pci.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "lib/strjoin.h"
#include "pci/pci.h"

static int ida_alloc(struct sim *s)
{
	/* ida_alloc's lowest free index; below the hint all are taken (512 disks: no quadratic scan) */
	for (unsigned i = s->virtio_ida_free; i < s->virtio_ida_size; i++)
		if (!s->virtio_ida[i]) {
			s->virtio_ida[i] = 1;
			s->virtio_ida_free = i + 1;
			return (int)i;
		}
	unsigned ns = s->virtio_ida_size ? s->virtio_ida_size * 2 : 64;
	unsigned char *n = nomem_check(realloc(s->virtio_ida, ns));
	if (!n)
		return -ENOMEM;
	memset(n + s->virtio_ida_size, 0, ns - s->virtio_ida_size);
	unsigned idx = s->virtio_ida_size;
	s->virtio_ida = n;
	s->virtio_ida_size = ns;
	s->virtio_ida[idx] = 1;
	s->virtio_ida_free = idx + 1;
	return (int)idx;
}

bool virtio_pci_builtin(const struct sim *s)
{
	return s->prof->line >= KERNEL_6_12;
}

int virtio_pci_probe(struct sim *s, struct pci_dev *dev)
{
	struct virtio_pci_device *vp = kmem_zalloc(&s->kmem, sizeof(*vp));
	if (!vp)
		return -ENOMEM;
	/* virtio_pci_probe: pci_enable_device first (maps INTx) */
	pci_enable_device(s, dev);
	int idx = ida_alloc(s);
	if (idx < 0) {
		kmem_free(&s->kmem, vp);
		return idx;
	}
	vp->index = (unsigned)idx;
	str_join_uint(vp->name, sizeof(vp->name), "virtio", vp->index);
	dev->drvdata = vp;
	return 0;
}

static void vp_free_vq_tables(struct sim *s, struct virtio_pci_device *vp)
{
	kmem_free(&s->kmem, vp->vq_vector);
	vp->vq_vector = NULL;
	vp->nvqs = 0;
}

void virtio_pci_remove(struct sim *s, struct pci_dev *dev)
{
	struct virtio_pci_device *vp = dev->drvdata;
	if (!vp)
		return;
	if (vp->index < s->virtio_ida_size) {
		s->virtio_ida[vp->index] = 0;
		if (vp->index < s->virtio_ida_free)
			s->virtio_ida_free = vp->index;
	}
	virtio_pci_free(s, dev);
	pci_disable_device(s, dev);
}

void virtio_pci_free(struct sim *s, struct pci_dev *dev)
{
	struct virtio_pci_device *vp = dev->drvdata;
	if (!vp)
		return;
	vp_free_vq_tables(s, vp);
	kmem_free(&s->kmem, vp);
	dev->drvdata = NULL;
}

static const void *vq_cookie(struct virtio_pci_device *vp, unsigned i)
{
	return &vp->vq_vector[i];
}

void vp_del_vqs(struct sim *s, struct pci_dev *dev)
{
	struct virtio_pci_device *vp = dev->drvdata;
	/* per-vq irqs first, in vq order */
	for (unsigned i = 0; i < vp->nvqs; i++) {
		if (vp->per_vq_vectors && vp->vq_vector[i] >= 0) {
			int irq = pci_irq_vector(dev, (unsigned)vp->vq_vector[i]);
			if (irq > 0)
				free_irq(s, (unsigned)irq, vq_cookie(vp, i));
		}
	}
	vp->per_vq_vectors = false;
	if (vp->intx_enabled) {
		free_irq(s, dev->irq, vp);
		vp->intx_enabled = false;
	}
	for (unsigned i = 0; i < vp->msix_used_vectors; i++) {
		int irq = pci_irq_vector(dev, i);
		if (irq > 0)
			free_irq(s, (unsigned)irq, vp);
	}
	if (vp->msix_enabled) {
		pci_free_irq_vectors(s, dev);
		vp->msix_enabled = false;
	}
	vp->msix_vectors = 0;
	vp->msix_used_vectors = 0;
	vp->mode = VP_MODE_NONE;
	vp_free_vq_tables(s, vp);
}

void virtio_driver_remove(struct sim *s, struct pci_dev *dev)
{
	struct virtio_pci_device *vp = dev->drvdata;
	if (vp && vp->mode != VP_MODE_NONE)
		vp_del_vqs(s, dev);
}

static int vp_alloc_vq_tables(struct sim *s, struct virtio_pci_device *vp, unsigned nvqs)
{
	vp->vq_vector = kmem_alloc(&s->kmem, (size_t)nvqs * sizeof(*vp->vq_vector));
	if (!vp->vq_vector)
		return -ENOMEM;
	for (unsigned i = 0; i < nvqs; i++)
		vp->vq_vector[i] = -1;
	vp->nvqs = nvqs;
	return 0;
}

/* vp_request_msix_vectors */
static int vp_request_msix_vectors(struct sim *s, struct pci_dev *dev, unsigned nvectors, bool per_vq,
				   struct irq_affinity *desc)
{
	struct virtio_pci_device *vp = dev->drvdata;
	unsigned flags = PCI_IRQ_MSIX;
	char name[64];
	vp->msix_vectors = nvectors;
	if (desc) {
		flags |= PCI_IRQ_AFFINITY;
		desc->pre_vectors++; /* the config vector is not spread */
	}
	int err = pci_alloc_irq_vectors_affinity(s, dev, nvectors, nvectors, flags, desc);
	if (err < 0)
		return err;
	vp->msix_enabled = true;
	str_join(name, sizeof(name), vp->name, "-config", NULL);
	err = request_irq(s, (unsigned)pci_irq_vector(dev, 0), 0, name, vp);
	if (err)
		return err;
	vp->msix_used_vectors++;
	if (!per_vq) {
		str_join(name, sizeof(name), vp->name, "-virtqueues", NULL);
		err = request_irq(s, (unsigned)pci_irq_vector(dev, 1), 0, name, vp);
		if (err)
			return err;
		vp->msix_used_vectors++;
	}
	return 0;
}

/* vp_find_vqs_msix */
static int vp_find_vqs_msix(struct sim *s, struct pci_dev *dev, unsigned nvqs,
			    const struct virtqueue_info *vqs, bool per_vq, struct irq_affinity *desc)
{
	struct virtio_pci_device *vp = dev->drvdata;
	unsigned nvectors;
	int err = vp_alloc_vq_tables(s, vp, nvqs);
	if (err)
		goto error;
	if (per_vq) {
		nvectors = 1;
		for (unsigned i = 0; i < nvqs; i++)
			if (vqs[i].name && vqs[i].callback)
				nvectors++;
	} else {
		nvectors = 2;
	}
	err = vp_request_msix_vectors(s, dev, nvectors, per_vq, per_vq ? desc : NULL);
	if (err)
		goto error;
	vp->per_vq_vectors = per_vq;
	unsigned allocated = vp->msix_used_vectors;
	for (unsigned i = 0; i < nvqs; i++) {
		if (!vqs[i].name)
			continue;
		if (!vqs[i].callback)
			continue; /* VIRTIO_MSI_NO_VECTOR */
		vp->vq_vector[i] = per_vq ? (int)allocated++ : 1;
		if (!per_vq)
			continue;
		char name[64];
		str_join(name, sizeof(name), vp->name, "-", vqs[i].name);
		err = request_irq(s, (unsigned)pci_irq_vector(dev, (unsigned)vp->vq_vector[i]), 0, name,
				  vq_cookie(vp, i));
		if (err)
			goto error;
	}
	vp->mode = per_vq ? VP_MODE_PER_VQ : VP_MODE_SHARED;
	return 0;
error:
	vp_del_vqs(s, dev);
	return err;
}

/* vp_find_vqs_intx */
static int vp_find_vqs_intx(struct sim *s, struct pci_dev *dev, unsigned nvqs)
{
	struct virtio_pci_device *vp = dev->drvdata;
	int err = vp_alloc_vq_tables(s, vp, nvqs);
	if (err)
		return err;
	err = request_irq(s, dev->irq, IRQF_SHARED, vp->name, vp);
	if (err) {
		vp_del_vqs(s, dev);
		return err;
	}
	vp->intx_enabled = true;
	vp->per_vq_vectors = false;
	vp->mode = VP_MODE_INTX;
	return 0;
}

/* One vp_find_vqs attempt with its line in the device's causal chain. */
static int attempt(struct sim *s, struct pci_dev *dev, unsigned nvqs, const struct virtqueue_info *vqs, bool per_vq,
		   struct irq_affinity *desc, const char *what)
{
	unsigned cb = 0;
	for (unsigned i = 0; i < nvqs; i++)
		cb += vqs[i].name && vqs[i].callback;
	sim_explain(s, "vp_find_vqs_msix, %s: %u vectors%s", what, per_vq ? cb + 1 : 2,
		    per_vq && desc ? ", queue vectors managed" : "");
	int err = vp_find_vqs_msix(s, dev, nvqs, vqs, per_vq, desc);
	sim_explain(s, "  -> %s", err ? (err == -ENOSPC ? "-28 (ENOSPC)" : "failed") : "ok");
	if (err && err != -ENOSPC)
		sim_explain(s, "  error %d", err);
	return err;
}

int vp_find_vqs(struct sim *s, struct pci_dev *dev, unsigned nvqs, const struct virtqueue_info *vqs,
		struct irq_affinity *desc)
{
	int err = attempt(s, dev, nvqs, vqs, true, desc, "one vector per queue");
	if (!err)
		return 0;
	if (s->prof->virtio_shared_slow) {
		/* 6.12 VP_VQ_VECTOR_POLICY_SHARED_SLOW: pre_vectors is bumped again */
		err = attempt(s, dev, nvqs, vqs, true, desc, "one vector per queue again (6.12 SHARED_SLOW)");
		if (!err)
			return 0;
	}
	err = attempt(s, dev, nvqs, vqs, false, desc, "config + one shared 'virtqueues' vector");
	if (!err)
		return 0;
	/* 6.1+: "virtio_pci: don't try to use intx if pin is zero" */
	if (!dev->irq && !s->prof->virtio_intx_irq0) {
		sim_explain(s, "INTx not tried: pci_dev->irq is 0 (no INTx route) and virtio_pci skips INTx then (6.1+)");
		return err;
	}
	sim_explain(s, "vp_find_vqs_intx: request_irq(%u, IRQF_SHARED)", dev->irq);
	err = vp_find_vqs_intx(s, dev, nvqs);
	sim_explain(s, "  -> %s", err ? "failed" : "ok");
	if (err == -EBUSY)
		sim_explain(s, "  __setup_irq: -EBUSY, irq %u is held without IRQF_SHARED (genirq: Flags mismatch)",
			    dev->irq);
	else if (err == -ENOSYS)
		sim_explain(s, "  __setup_irq: -ENOSYS, irq %u has no irq chip (no IO-APIC route)", dev->irq);
	else if (err)
		sim_explain(s, "  error %d", err);
	return err;
}

int vp_set_vq_affinity(struct sim *s, struct pci_dev *dev, unsigned vq, const struct cpumask *mask)
{
	struct virtio_pci_device *vp = dev->drvdata;
	if (!vp || vq >= vp->nvqs)
		return -EINVAL;
	if (!vp->msix_enabled)
		return 0;
	if (vp->vq_vector[vq] < 0)
		return -EINVAL; /* no callback, no vector */
	/* a NULL mask only clears the hint: the affinity stays */
	if (!mask)
		return 0;
	int irq = pci_irq_vector(dev, (unsigned)vp->vq_vector[vq]);
	struct irq_desc *desc = irq > 0 ? irq_to_desc(s, (unsigned)irq) : NULL;
	if (desc)
		irq_set_affinity(s, desc, mask);
	return 0;
}

unsigned virtio_config_vector_idle(const struct pci_dev *dev)
{
	(void)dev;
	return 1;
}
