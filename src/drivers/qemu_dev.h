/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared pieces of the emulated (non-virtio) device models. */
#ifndef IRQSIM_QEMU_DEV_H
#define IRQSIM_QEMU_DEV_H

struct sim;
struct pci_dev;

/*
 * The device's MSI-X table size and MSI vector count (0: no such
 * capability).  QEMU's emulated devices call msi_init without per-vector
 * masking, so an MSI vector is assigned at allocation (no reservation mode).
 */
void qemu_dev_set_msi_caps(struct pci_dev *dev, unsigned msix_table, unsigned msi_vectors);

/*
 * request_irq of vector 0 (MSI/MSI-X, or the INTx line): 0 with *irq set,
 * or -errno (-EINVAL without an irq) with *irq 0.
 */
int qemu_dev_request_vector0(struct sim *s, struct pci_dev *dev, unsigned flags, const char *name,
			     const void *cookie, int *irq);

/* A one-irq driver's teardown: free_irq (when *irq > 0), the vectors, pci_disable_device. */
void qemu_dev_release(struct sim *s, struct pci_dev *dev, int *irq, const void *cookie);

#endif
