/* SPDX-License-Identifier: GPL-2.0-only */
/* A driver model: the QEMU device it binds to and the kernel driver's probe. */
#ifndef IRQSIM_DRIVER_H
#define IRQSIM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

struct sim;
struct pci_dev;

struct driver_model {
	const char *qemu_name;       /* -device name: "virtio-blk-pci" */
	const char *kernel_name;     /* driver name in messages: "virtio_blk" */
	bool is_virtio;              /* bound through virtio-pci first */
	bool builtin;                /* built into the kernel: binds during PCI enumeration at boot */
	/* Set device-side properties (MSI-X table size, INTx pin) from options;
	 * returns 0 or -1 with a message in err. */
	int (*setup)(struct sim *s, struct pci_dev *dev, char *err, size_t errlen);
	/* The kernel driver's probe: 0 or -errno (reported by the driver core). */
	int (*probe)(struct sim *s, struct pci_dev *dev);
	void (*remove)(struct sim *s, struct pci_dev *dev);
};

const struct driver_model *driver_find(const char *qemu_name);

/* The interrupt mode a function ended in: "per-vq", "shared", "intx",
 * "msix", "msi", "failed", "removed" or "none". */
enum dev_irq_mode { DM_NONE, DM_PER_VQ, DM_SHARED, DM_INTX, DM_FAILED, DM_REMOVED, DM_MSIX, DM_MSI, DM_NR };
enum dev_irq_mode device_irq_mode(const struct pci_dev *d);
const char *device_irq_mode_name(enum dev_irq_mode m);
/*
 * Does MSI vector 'msi_index' of the device carry data interrupts?  A virtio
 * config vector (index 0) fires only on configuration changes: idle.
 */
bool device_msi_carries_io(const struct pci_dev *d, unsigned msi_index);
/* Comma-separated list of known device names, for error messages. */
const char *driver_known_list(void);

#endif
