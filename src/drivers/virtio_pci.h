/* SPDX-License-Identifier: GPL-2.0-only */
/* virtio-pci transport: drivers/virtio/virtio_pci_common.c */
#ifndef IRQSIM_VIRTIO_PCI_H
#define IRQSIM_VIRTIO_PCI_H

#include <stdbool.h>

#include "irq/affinity.h"
#include "irq/cpumask.h"

struct sim;
struct pci_dev;

struct virtqueue_info {
	const char *name;     /* "req.0"; NULL = no queue */
	bool callback;        /* has a callback: needs a vector */
};

enum vp_irq_mode { VP_MODE_NONE, VP_MODE_PER_VQ, VP_MODE_SHARED, VP_MODE_INTX };

struct virtio_pci_device {
	unsigned index;               /* virtioN */
	char name[24];                /* "virtio3" */
	enum vp_irq_mode mode;
	unsigned msix_vectors;        /* allocated */
	unsigned msix_used_vectors;   /* config (+ shared) requested */
	bool msix_enabled;
	bool intx_enabled;
	unsigned nvqs;
	int *vq_vector;               /* per vq: MSI-X index or -1 */
	bool per_vq_vectors;
	const void *vq_cookie_base;   /* dev_id of vq i = base + i + 1 */
};

/*
 * Is virtio_pci built into the run's kernel?  Debian's 6.12 config has
 * CONFIG_VIRTIO_PCI=y (6.1: =m): it binds every virtio function as the PCI
 * bus adds it, before any module loads.
 */
bool virtio_pci_builtin(const struct sim *s);
/* virtio_pci_probe: pci_enable_device and register_virtio_device (index) */
int virtio_pci_probe(struct sim *s, struct pci_dev *dev);
/* The transport's memory of dev (its virtio_pci_device and tables), nothing else: the simulation's end */
void virtio_pci_free(struct sim *s, struct pci_dev *dev);
/* unregister the index and disable the device */
void virtio_pci_remove(struct sim *s, struct pci_dev *dev);
/* vp_find_vqs: the per-version attempt chain; 0 or -errno */
int vp_find_vqs(struct sim *s, struct pci_dev *dev, unsigned nvqs, const struct virtqueue_info *vqs,
		struct irq_affinity *desc);
/* vp_del_vqs */
void vp_del_vqs(struct sim *s, struct pci_dev *dev);
/* A virtio driver's remove: its vqs (and their irqs) go, if it has any. */
void virtio_driver_remove(struct sim *s, struct pci_dev *dev);
/*
 * vp_set_vq_affinity: with MSI-X, the affinity hint of vq's vector and (for
 * a non-NULL mask) its affinity, as irq_set_affinity_hint (6.1) /
 * irq_set_affinity_and_hint (6.12) apply it.  -EINVAL for a vq without a
 * callback; 0 otherwise (INTx: nothing to do).
 */
int vp_set_vq_affinity(struct sim *s, struct pci_dev *dev, unsigned vq, const struct cpumask *mask);
/* idle_vectors callback: MSI index 0, the config vector, fires only on configuration changes */
unsigned virtio_config_vector_idle(const struct pci_dev *dev);

/*
 * The MSI-X table a virtio-pci device gets for its vectors property: QEMU 7.2
 * takes any 32-bit value, but msix_init refuses more than 2048 entries and
 * virtio_pci_device_plugged then warns ("unable to init msix vectors") and
 * builds the device without MSI-X, as vectors=0 would.
 */
#define VIRTIO_PCI_MSIX_MAX 2048u
static inline unsigned virtio_pci_msix_entries(unsigned long long vectors)
{
	return vectors <= VIRTIO_PCI_MSIX_MAX ? (unsigned)vectors : 0;
}

#endif
