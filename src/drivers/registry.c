// SPDX-License-Identifier: GPL-2.0-only
/* The driver models irqsim knows, by QEMU device name. */
#include <string.h>

#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "pci/pci.h"

extern const struct driver_model virtio_blk_driver;
extern const struct driver_model pcieport_driver;
extern const struct driver_model mpt3sas_driver;
extern const struct driver_model i40e_driver;

static const struct driver_model *const drivers[] = {
	&virtio_blk_driver,
	&pcieport_driver,
	&mpt3sas_driver,
	&i40e_driver,
};

const struct driver_model *driver_find(const char *qemu_name)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i]->qemu_name, qemu_name))
			return drivers[i];
	return NULL;
}

const char *driver_known_list(void)
{
	return "virtio-blk-pci, pcie-root-port, pci-bridge, mpt3sas, i40e, intel-iommu";
}

enum dev_irq_mode device_irq_mode(const struct pci_dev *d)
{
	if (!d->present)
		return DM_REMOVED;
	if (d->probe_err)
		return DM_FAILED;
	const struct virtio_pci_device *vp = d->drvdata;
	if (d->drv && d->drv->is_virtio && vp) {
		switch (vp->mode) {
		case VP_MODE_PER_VQ:
			return DM_PER_VQ;
		case VP_MODE_SHARED:
			return DM_SHARED;
		case VP_MODE_INTX:
			return DM_INTX;
		default:
			return DM_NONE;
		}
	}
	switch (d->irq_mode) {
	case PCI_IRQ_MODE_MSIX:
		return DM_MSIX;
	case PCI_IRQ_MODE_MSI:
		return DM_MSI;
	case PCI_IRQ_MODE_INTX:
		return DM_INTX;
	default:
		return DM_NONE;
	}
}

bool device_msi_carries_io(const struct pci_dev *d, unsigned msi_index)
{
	return !(d->drv && d->drv->is_virtio && msi_index == 0);
}

const char *device_irq_mode_name(enum dev_irq_mode m)
{
	static const char *const names[DM_NR] = { "none", "per-vq", "shared", "intx", "failed", "removed", "msix", "msi" };
	return m < DM_NR ? names[m] : "?";
}
