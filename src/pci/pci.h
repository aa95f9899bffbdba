/* SPDX-License-Identifier: GPL-2.0-only */
/* PCI functions as the interrupt code sees them (include/linux/pci.h). */
#ifndef IRQSIM_PCI_H
#define IRQSIM_PCI_H

#include <stdbool.h>
#include <stddef.h>

#include "irq/affinity.h"
#include "scenario/scenario.h"

struct sim;
struct driver_model;
struct devprops;

/* include/linux/msi.h: struct msi_desc (the parts that matter here) */
struct msi_desc {
	unsigned irq;                 /* Linux irq number, 0 if none */
	unsigned msi_index;
	struct irq_affinity_desc affinity;
	bool has_affinity;
};

enum pci_irq_mode { PCI_IRQ_MODE_NONE, PCI_IRQ_MODE_INTX, PCI_IRQ_MODE_MSI, PCI_IRQ_MODE_MSIX };

#define PCI_IRQ_LEGACY   1u
#define PCI_IRQ_MSI      2u
#define PCI_IRQ_MSIX     4u
#define PCI_IRQ_AFFINITY 8u
#define PCI_IRQ_ALL_TYPES (PCI_IRQ_LEGACY | PCI_IRQ_MSI | PCI_IRQ_MSIX)

struct pci_dev {
	unsigned domain_nr, bus, devfn;
	char name[16];                /* "0000:00:03.0" */
	/* "virtio-blk-pci": static storage (a driver model's name or a literal), not a copy */
	const char *qemu_driver;
	char *id;                     /* scenario id, or NULL */
	const struct devprops *props; /* typed properties of its device line (not owned); NULL: all defaults */
	struct pci_dev *parent;       /* upstream bridge/port, NULL on the root bus */
	bool is_bridge;
	bool is_pcie_port;            /* a pcie-root-port: its link has device 0 only */
	/* set_pcie_hotplug_bridge: the port's slot is hot-plug capable (QEMU
	 * q35 root ports with pcie-hotplug=native; with ACPI hot-plug QEMU 7.2
	 * hides the capability) */
	bool is_hotplug_bridge;
	unsigned port_services;       /* PCIe port: PCIE_PORT_SERVICE_* bits bound */
	bool unplug_pending;          /* unplug requested, nobody in the guest acts on it */
	bool hp_unseen;               /* hot-added but never enumerated by the guest */
	bool spare_port;              /* q35 root port added for a hot-plug */
	bool spare_used;
	unsigned secondary_bus;

	unsigned char intx_pin;       /* 1..4 = INTA..INTD, 0 = none */
	bool intx_routed;             /* has an IO-APIC route (our intx=off clears it) */
	unsigned gsi;                 /* routed GSI */
	unsigned irq;                 /* pci_dev->irq: set by pci_enable_device */
	/* the INTx value of pci_dev->irq as sysfs shows it: the interrupt line
	 * SeaBIOS wrote (pci_read_irq), then what acpi_pci_irq_enable set,
	 * which acpi_pci_irq_disable leaves in place (pci_dev_sysfs_irq) */
	unsigned line_irq;
	bool enabled;
	bool intx_mapped;             /* holds a reference on the GSI mapping */

	bool has_msix;
	unsigned msix_table_size;
	bool has_msi;
	unsigned msi_vec_count;
	bool msi_maskable;
	bool iommu_self;              /* the AMD IOMMU's own function: its MSI is not remapped */
	unsigned trace_id;            /* 1 + its index in sim.pdevs (0: not in it) */

	enum pci_irq_mode irq_mode;
	struct msi_desc *msi;         /* allocated descriptors */
	struct irq_affinity_desc *msi_affinity; /* irq_create_affinity_masks' array their affinity points into */
	unsigned nr_msi;

	int node;                     /* dev_to_node(): NUMA_NO_NODE on QEMU without pxb */
	bool present;                 /* not yet removed */
	bool probed;

	const struct driver_model *drv;
	void *drvdata;                /* transport state (virtio_pci_device) */
	void *drv_cfg;                /* device-model configuration */
	char *fail_reason;            /* summary: why the probe failed */
	char *explain;                /* the causal chain of its probe, one line each (--explain) */
	int probe_err;
};

/*
 * Where a device goes and whether its INTx pin is wired, as its QEMU
 * properties say (bus=, addr=, irqsim's intx=off): read from them by the
 * caller (kernel/sim.c), so that this layer needs nothing of the drivers'
 * property tables.
 */
struct pci_place {
	const char *bus;          /* bus=: the id of a bridge, NULL for the root bus */
	struct src_pos bus_pos;
	struct pci_dev *bus_dev;  /* the device of that id when the caller found it already; NULL: looked up */
	int addr;                 /* addr= as slot << 3 | function, -1 when not given */
	struct src_pos addr_pos;
	bool intx;                /* the INTx pin is routed (intx=off: not) */
	unsigned char pin;        /* the function's INTx pin: 1..4 = INTA..INTD, 5 = none; 0: INTA, as most */
	bool multifunction;       /* multifunction=on */
};

/*
 * PCI slot assignment and INTx routing for the QEMU machine types (place
 * NULL: the first free slot, INTx wired).  qemu_driver is kept, not copied:
 * it must live as long as the sim (a driver model's qemu_name, a literal).
 */
struct pci_dev *pci_add_device(struct sim *s, const char *qemu_driver, const char *id, const struct devprops *props,
			       const struct pci_place *place, char *err, size_t errlen);
/* The same, at slot 'slot' of the bus behind bridge 'at' (the place's bus and addr ignored). */
struct pci_dev *pci_add_device_at(struct sim *s, const char *qemu_driver, const char *id,
				  const struct devprops *props, const struct pci_place *place, struct pci_dev *at,
				  unsigned slot, char *err, size_t errlen);
/* acpi_pci_link_add for QEMU's links ("configured for IRQ N" lines), at the ACPI namespace scan */
void acpi_pci_links_scan(struct sim *s);
/* acpi_pci_irq_enable: the GSI of the function's INTx link, enabling the link
 * (its IRQ chosen, "Enabled at IRQ N") on first use; sets dev->gsi */
unsigned pci_intx_enable_gsi(struct sim *s, struct pci_dev *dev);
/* drivers/pci/pci.c: pci_enable_bridge, the bridges above a function, top down */
void pci_enable_bridge(struct sim *s, struct pci_dev *br);
/* drivers/pci/pci.c: pci_enable_device -> pcibios_enable_irq: map the INTx GSI */
int pci_enable_device(struct sim *s, struct pci_dev *dev);
void pci_disable_device(struct sim *s, struct pci_dev *dev);
/* /sys/bus/pci/devices/X/irq: the first MSI irq while MSI (not MSI-X) is on
 * (msi_capability_init replaces pci_dev->irq), else the line_irq */
unsigned pci_dev_sysfs_irq(const struct pci_dev *dev);
struct pci_dev *pci_find_by_id(struct sim *s, const char *id);
struct pci_dev *pci_find_by_id_except(struct sim *s, const char *id, const struct pci_dev *except);
/* Move a device to slot 'slot' of the bus behind 'parent' (NULL: root bus) and re-route its INTx. */
void pci_place(struct sim *s, struct pci_dev *dev, struct pci_dev *parent, unsigned slot);
/* Mark the device's slot used or free on its bus. */
void pci_slot_mark(struct sim *s, const struct pci_dev *d, bool used);

/* drivers/pci/msi: the driver-facing API */
int pci_alloc_irq_vectors_affinity(struct sim *s, struct pci_dev *dev, unsigned min_vecs,
				   unsigned max_vecs, unsigned flags, struct irq_affinity *affd);
void pci_free_irq_vectors(struct sim *s, struct pci_dev *dev);
/* drivers/pci/msi.c (3.10 API): 0, -errno, or a positive count "retry with that many" */
int pci_enable_msix(struct sim *s, struct pci_dev *dev, unsigned nvec);
int pci_irq_vector(struct pci_dev *dev, unsigned nr);

#endif
