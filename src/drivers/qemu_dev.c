// SPDX-License-Identifier: GPL-2.0-only
/* Shared pieces of the emulated (non-virtio) device models. */
#include "drivers/qemu_dev.h"

#include <errno.h>

#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

void qemu_dev_set_msi_caps(struct pci_dev *dev, unsigned msix_table, unsigned msi_vectors)
{
	dev->has_msix = msix_table > 0;
	dev->msix_table_size = msix_table;
	dev->has_msi = msi_vectors > 0;
	dev->msi_vec_count = msi_vectors;
	dev->msi_maskable = false;
}

int qemu_dev_request_vector0(struct sim *s, struct pci_dev *dev, unsigned flags, const char *name,
			     const void *cookie, int *irq)
{
	int v = pci_irq_vector(dev, 0);
	*irq = 0;
	if (v <= 0)
		return -EINVAL;
	int r = request_irq(s, (unsigned)v, flags, name, cookie);
	if (!r)
		*irq = v;
	return r;
}

void qemu_dev_release(struct sim *s, struct pci_dev *dev, int *irq, const void *cookie)
{
	if (*irq > 0)
		free_irq(s, (unsigned)*irq, cookie);
	*irq = 0;
	pci_free_irq_vectors(s, dev);
	pci_disable_device(s, dev);
}
