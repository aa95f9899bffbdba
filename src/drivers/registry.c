// SPDX-License-Identifier: GPL-2.0-only
/* The driver models irqsim knows, by QEMU device name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "irqsim/irqsim.h"
#include "drivers/virtio_pci.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "lib/streq.h"

extern const struct driver_model virtio_blk_driver;
extern const struct driver_model virtio_net_driver;
extern const struct driver_model virtio_scsi_driver;
extern const struct driver_model nvme_driver;
extern const struct driver_model pcieport_driver;
extern const struct driver_model mpt3sas_driver;
extern const struct driver_model i40e_driver;
/* non-virtio device models (issue 22) */
extern const struct driver_model qemu_xhci_driver, nec_xhci_driver, ahci_driver, e1000e_driver, vmxnet3_driver,
	pvscsi_driver, megasas_driver, sym53c8xx_driver, hda_intel_driver;
/* any other function, as its driver's interrupt request (issue 22 item 2) */
extern const struct driver_model generic_driver;
extern const struct devprop_class generic_devprops;
extern const struct devprop_class qemu_xhci_devprops, nec_xhci_devprops, ahci_devprops, e1000e_devprops,
	vmxnet3_devprops, pvscsi_devprops, megasas_devprops, sym53c8xx_devprops, hda_devprops;
extern const struct devprop_class virtio_blk_devprops, virtio_net_devprops, virtio_scsi_devprops, nvme_devprops,
	mpt3sas_devprops, i40e_devprops, pcieport_devprops;
/* issue 22: the other virtio devices of a libvirt guest (virtio_devs.c) */
extern const struct driver_model virtio_balloon_driver, virtio_rng_driver, virtio_serial_driver,
	virtio_keyboard_driver, virtio_mouse_driver, virtio_tablet_driver, virtio_gpu_driver, virtio_vga_driver,
	vhost_vsock_driver;
/* USB devices on a USB controller's bus: no PCI function (usbdev.c) */
extern const struct devprop_class usb_tablet_devprops, usb_kbd_devprops, usb_mouse_devprops, usb_storage_devprops;
extern const struct devprop_class virtio_balloon_devprops, virtio_rng_devprops, virtio_serial_devprops,
	virtconsole_devprops, virtserialport_devprops, virtio_keyboard_devprops, virtio_mouse_devprops,
	virtio_tablet_devprops, virtio_gpu_devprops, virtio_vga_devprops, vhost_vsock_devprops;

static const struct driver_model *const drivers[] = {
	&virtio_blk_driver,
	&virtio_net_driver,
	&virtio_scsi_driver,
	&nvme_driver,
	&pcieport_driver,
	&mpt3sas_driver,
	&i40e_driver,
	/* issue 22: virtio devices of a libvirt guest */
	&virtio_balloon_driver,
	&virtio_rng_driver,
	&virtio_serial_driver,
	&virtio_keyboard_driver,
	&virtio_mouse_driver,
	&virtio_tablet_driver,
	&virtio_gpu_driver,
	&virtio_vga_driver,
	&vhost_vsock_driver,
	/* non-virtio device models (issue 22) */
	&qemu_xhci_driver, &nec_xhci_driver, &ahci_driver, &e1000e_driver, &vmxnet3_driver, &pvscsi_driver,
	&megasas_driver, &sym53c8xx_driver, &hda_intel_driver,
	&generic_driver,
};

const struct driver_model *driver_find(const char *qemu_name)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (str_eq(drivers[i]->qemu_name, qemu_name))
			return drivers[i];
	return NULL;
}

/* Every device a scenario may name, in the order of the manual */
const struct devprop_class *const devprop_classes[] = {
	&virtio_blk_devprops, &virtio_net_devprops, &virtio_scsi_devprops, &nvme_devprops, &mpt3sas_devprops,
	&i40e_devprops, &pcieport_devprops, &devprop_pci_bridge, &devprop_intel_iommu,
	&devprop_amd_iommu,
	/* issue 22: virtio devices of a libvirt guest */
	&virtio_balloon_devprops, &virtio_rng_devprops, &virtio_serial_devprops, &virtconsole_devprops,
	&virtserialport_devprops, &virtio_keyboard_devprops, &virtio_mouse_devprops, &virtio_tablet_devprops,
	&virtio_gpu_devprops, &virtio_vga_devprops, &vhost_vsock_devprops,
	/* non-virtio device models (issue 22) */
	&qemu_xhci_devprops, &nec_xhci_devprops, &ahci_devprops, &e1000e_devprops, &vmxnet3_devprops,
	&pvscsi_devprops, &megasas_devprops, &sym53c8xx_devprops, &hda_devprops,
	&generic_devprops,
	/* USB devices: no PCI function, no interrupt of their own */
	&usb_tablet_devprops, &usb_kbd_devprops, &usb_mouse_devprops, &usb_storage_devprops,
	NULL,
};

const struct devprop_class *devprop_class_find(const char *device)
{
	for (size_t i = 0; devprop_classes[i]; i++)
		if (str_eq(devprop_classes[i]->name, device))
			return devprop_classes[i];
	return NULL;
}

const char *driver_name(const struct pci_dev *d)
{
	if (!d->drv)
		return NULL;
	return d->drv->module_name ? d->drv->module_name(d) : d->drv->kernel_name;
}

bool driver_builtin(const struct sim *s, const struct driver_model *drv)
{
	/* switch nvme_builtin: Debian's -cloud flavours build CONFIG_BLK_DEV_NVME=y */
	if (s->prof->nvme_builtin && !strcmp(drv->kernel_name, "nvme"))
		return true;
	return drv->builtin || (drv->builtin_6_12 && s->prof->line >= KERNEL_6_12);
}

const char *driver_unknown_hint(const char *name, char *buf, size_t len)
{
	/* the whole list (38 names) made the message longer than the error
	 * buffers and it was cut: the nearest name and the manual instead */
	const char *best = NULL;
	unsigned bestd = 4;
	for (size_t i = 0; devprop_classes[i]; i++) {
		unsigned d = devprop_edit_distance(name, devprop_classes[i]->name);
		if (d < bestd) {
			bestd = d;
			best = devprop_classes[i]->name;
		}
	}
	if (best)
		snprintf(buf, len, "did you mean '%s'? irqsim-scenario(5) lists the devices irqsim models", best);
	else
		snprintf(buf, len, "irqsim-scenario(5) lists the devices irqsim models");
	return buf;
}

const char *driver_dev_name(const struct pci_dev *d)
{
	const struct virtio_pci_device *vp = d->drvdata;
	if (d->drv && d->drv->is_virtio && vp)
		return vp->name;
	if (d->drv && d->drv->dev_name && d->drv->dev_name(d))
		return d->drv->dev_name(d);
	return d->name;
}

void drivers_cpuhp(struct sim *s, unsigned cpu, bool online)
{
	for (size_t i = s->nr_pdevs; i-- > 0;) {
		struct pci_dev *d = s->pdevs[i];
		if (!d->present || !d->probed || d->probe_err || !d->drv)
			continue;
		void (*cb)(struct sim *, struct pci_dev *, unsigned) = online ? d->drv->cpu_online : d->drv->cpu_dead;
		if (cb)
			cb(s, d, cpu);
	}
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

bool device_fell_back(const struct pci_dev *d)
{
	switch (device_irq_mode(d)) {
	case DM_SHARED:
	case DM_INTX:
	case DM_FAILED:
		return true;
	case DM_MSIX:
	case DM_MSI:
		return d->drv && d->drv->short_of_vectors && d->drv->short_of_vectors(d);
	default:
		return false;
	}
}

bool device_msi_carries_io(const struct pci_dev *d, unsigned msi_index)
{
	if (d->drv && d->drv->idle_vectors)
		return msi_index >= d->drv->idle_vectors(d);
	return true;
}

/* irqsim_plan's count[] and first[] are public: their indexes must not drift */
_Static_assert((int)DM_PER_VQ == (int)IRQSIM_MODE_PER_VQ && (int)DM_SHARED == (int)IRQSIM_MODE_SHARED &&
		       (int)DM_INTX == (int)IRQSIM_MODE_INTX && (int)DM_FAILED == (int)IRQSIM_MODE_FAILED &&
		       (int)DM_REMOVED == (int)IRQSIM_MODE_REMOVED && (int)DM_MSIX == (int)IRQSIM_MODE_MSIX &&
		       (int)DM_MSI == (int)IRQSIM_MODE_MSI && DM_NR <= IRQSIM_PLAN_MODES,
	       "enum irqsim_mode follows enum dev_irq_mode");

const char *device_irq_mode_name(enum dev_irq_mode m)
{
	static const char *const names[DM_NR] = { "none", "per-vq", "shared", "intx", "failed", "removed", "msix", "msi" };
	return m < DM_NR ? names[m] : "?";
}

