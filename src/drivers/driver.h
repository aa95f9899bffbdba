/* SPDX-License-Identifier: GPL-2.0-only */
/* A driver model: the QEMU device it binds to and the kernel driver's probe. */
#ifndef IRQSIM_DRIVER_H
#define IRQSIM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "drivers/devprops.h"

struct sim;
struct pci_dev;
struct scn_opt;

struct driver_model {
	const char *qemu_name;       /* -device name: "virtio-blk-pci" */
	const struct devprop_class *props; /* the QEMU properties it takes */
	const char *kernel_name;     /* driver name in messages: "virtio_blk" */
	bool is_virtio;              /* bound through virtio-pci first */
	bool builtin;                /* built into the kernel: binds during PCI enumeration at boot */
	bool builtin_6_12;           /* built in from 6.12 on (Debian 6.12: CONFIG_VIRTIO_CONSOLE=y) */
	bool async_probe;            /* PROBE_PREFER_ASYNCHRONOUS: built in, it probes after the other initcalls */
	/* Set device-side state (MSI-X table size, INTx pin) from the typed
	 * properties (dev->props, checked before); 0 or -1 with a message in err.
	 * Its private state, dev->drv_cfg, comes from the sim's kmem (irqsim_free
	 * gives it back): a malloc per added device cost more than the set-up. */
	int (*setup)(struct sim *s, struct pci_dev *dev, char *err, size_t errlen);
	/*
	 * A PCI_FIXUP_FINAL quirk of the device's class that touches its
	 * interrupt setup, run when PCI enumeration adds the function (before
	 * any driver binds), whether or not the driver is loaded; NULL: none.
	 */
	void (*enum_fixup)(struct sim *s, struct pci_dev *dev);
	/* The kernel driver's probe: 0 or -errno (reported by the driver core). */
	int (*probe)(struct sim *s, struct pci_dev *dev);
	void (*remove)(struct sim *s, struct pci_dev *dev);
	/*
	 * Multi-instance CPU hotplug callbacks (cpuhp_state_add_instance), run
	 * for every bound device: 'online' after the CPU came up (the
	 * CPUHP_AP_ONLINE_DYN startup), 'dead' after it went down (a
	 * CPUHP_*_DEAD teardown on the control CPU).  NULL: none.
	 */
	void (*cpu_online)(struct sim *s, struct pci_dev *dev, unsigned cpu);
	void (*cpu_dead)(struct sim *s, struct pci_dev *dev, unsigned cpu);
	/* The kernel's device name ("nvme0"); NULL: none (virtio devices use virtioN). */
	const char *(*dev_name)(const struct pci_dev *dev);
	/* Leading MSI vectors that carry no I/O (virtio config, nvme admin queue). */
	unsigned (*idle_vectors)(const struct pci_dev *dev);
	/* The recorder's io step finds a block device under the function (virtio-blk). */
	bool block_io;
	/* Ended on MSI-X/MSI with fewer vectors than it asked for (nvme); NULL: never. */
	bool (*short_of_vectors)(const struct pci_dev *dev);
	/* The kernel driver of this function when one model stands for many (pci-generic); NULL: kernel_name. */
	const char *(*module_name)(const struct pci_dev *dev);
};

const struct driver_model *driver_find(const char *qemu_name);
/* The kernel driver (module) name of a bound or to-be-bound function: its model's, or pci-generic's driver=. */
const char *driver_name(const struct pci_dev *d);
/* Is the driver built into the run's kernel (no module load: it binds as its devices are added)? */
bool driver_builtin(const struct sim *s, const struct driver_model *drv);

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
/*
 * Did the function end worse than its driver's first choice: shared MSI-X,
 * INTx, failed, or MSI-X/MSI with fewer vectors than asked?
 */
bool device_fell_back(const struct pci_dev *d);
/* The parenthesis of "unknown device 'NAME' (...)": the nearest known name, if
 * one is close, and where the list is; written to buf, which is returned. */
const char *driver_unknown_hint(const char *name, char *buf, size_t len);
/* The kernel's name of the bound device: "virtio3", "nvme0", or the PCI name. */
const char *driver_dev_name(const struct pci_dev *d);
/*
 * Run the drivers' CPU hotplug callbacks for 'cpu' (online or dead).  The
 * instances are walked newest first, as cpuhp's per-state instance list
 * (hlist_add_head) does.
 */
void drivers_cpuhp(struct sim *s, unsigned cpu, bool online);

#endif
