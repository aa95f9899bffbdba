// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI topology and INTx routing of the canonical QEMU machines
 * (tests/conformance/README.md):
 *  - pc (i440fx/PIIX3): root bus slots 0 (host) and 1 (ISA/IDE/ACPI) are
 *    taken; INTx pin P of slot S uses link (P - 1 + S - 1) & 3, and SeaBIOS
 *    routes LNKA..LNKD to ISA irqs 10, 10, 11, 11 (hw/pci-host/i440fx.c,
 *    SeaBIOS piix_isa_bridge_setup).
 *  - q35 (ICH9): slot 0 and 31 are taken; pin P of slot S uses PIRQ
 *    (S + P - 1) % 4 + 4, i.e. GSI 20..23 (hw/isa/lpc_ich9.c: ich9_cc_init);
 *    slots 25-31 use PIRQ P - 1, GSI 16..19.
 * Devices behind a bridge swizzle their pin (pci_swizzle_interrupt_pin).
 * Devices are placed like QEMU does: first free slot unless addr= is given.
 */
#include "pci/pci.h"

#include "drivers/devprops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/ioapic.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"

#define PCI_DEVFN(slot, fn) (((slot) << 3) | (fn))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)

/* The machine's own slots: host bridge, PIIX3 (pc), ICH9's LPC/SATA/SMBus (q35) */
static bool machine_slot(const struct sim *s, unsigned bus, unsigned devfn)
{
	if (bus == 0) {
		if (s->machine == MACHINE_PC && (PCI_SLOT(devfn) == 0 || PCI_SLOT(devfn) == 1))
			return true;
		if (s->machine == MACHINE_Q35 && (PCI_SLOT(devfn) == 0 || PCI_SLOT(devfn) == 31))
			return true;
	}
	return false;
}

static bool devfn_used(struct sim *s, unsigned bus, unsigned devfn)
{
	return machine_slot(s, bus, devfn) || (bus < 256 && (s->bus_slots[bus] >> PCI_SLOT(devfn)) & 1);
}

/* A present function at exactly bus:devfn (slots are tracked whole; functions are not) */
static bool function_taken(const struct sim *s, unsigned bus, unsigned devfn)
{
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (d->present && d->bus == bus && d->devfn == devfn)
			return true;
	}
	return false;
}

void pci_slot_mark(struct sim *s, const struct pci_dev *d, bool used)
{
	if (d->bus >= 256)
		return;
	if (used)
		s->bus_slots[d->bus] |= 1u << PCI_SLOT(d->devfn);
	else
		s->bus_slots[d->bus] &= ~(1u << PCI_SLOT(d->devfn));
}

struct pci_dev *pci_find_by_id_except(struct sim *s, const char *id, const struct pci_dev *except)
{
	for (size_t i = 0; id && i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (d != except && d->present && d->id && !strcmp(d->id, id))
			return d;
	}
	return NULL;
}

struct pci_dev *pci_find_by_id(struct sim *s, const char *id)
{
	return pci_find_by_id_except(s, id, NULL);
}

/*
 * drivers/acpi/pci_link.c penalties (PIRQ_PENALTY_*) and QEMU's PIIX links:
 * LNKA-D take _PRS {5, 10, 11}; SeaBIOS leaves them on 10, 10, 11, 11.
 */
#define PIRQ_PENALTY_PCI_POSSIBLE (16 * 16)
#define PIRQ_PENALTY_PCI_USING (16 * 16 * 16)
#define PIRQ_PENALTY_ISA_TYPICAL (16 * 16 * 16 * 16)
static const unsigned pc_link_possible[3] = { 5, 10, 11 };
static const unsigned pc_link_boot_irq[4] = { 10, 10, 11, 11 };

/* The root-bus slot and pin an INTx pin reaches (pci_swizzle_interrupt_pin up the bridges). */
static void root_slot_pin(const struct pci_dev *dev, unsigned *slot, unsigned *pin)
{
	unsigned p = dev->intx_pin;
	const struct pci_dev *d = dev;
	while (d->parent) {
		p = ((p - 1 + PCI_SLOT(d->devfn)) % 4) + 1;
		d = d->parent;
	}
	*slot = PCI_SLOT(d->devfn);
	*pin = p;
}

/* The GSI an INTx pin reaches, following the bridges up to the root bus. */
static unsigned route_intx(struct sim *s, const struct pci_dev *dev)
{
	unsigned slot, pin;
	root_slot_pin(dev, &slot, &pin);
	if (s->machine == MACHINE_PC) {
		/* the link's IRQ: its boot configuration until acpi_link_enable picks one */
		unsigned l = (pin - 1 + slot - 1) & 3;
		return s->acpi_links.enabled[l] ? s->acpi_links.irq[l] : pc_link_boot_irq[l];
	}
	/* QEMU's q35 _PRT (and ICH9's D25IR..D31IR defaults): slots 25-31, the
	 * chipset's (00:1f.2 AHCI), route INTA-INTD to PIRQA-PIRQD, GSI 16-19;
	 * the q35 recording with ahci bound shows GSI 16 for 00:1f.2 */
	if (slot == 30)
		/* D30, the DMI-to-PCI bridge's slot: D30IR reads 0, QEMU wires INTA-INTD to PIRQE-PIRQH
		 * (ich9_cc_update), GSI 20-23, as the recorded Proxmox guest's bridges show */
		return 20 + (pin - 1);
	if (slot >= 25)
		return 16 + (pin - 1);
	return 16 + ((slot + pin - 1) % 4 + 4);
}

/* acpi_irq_penalty_init: each link's possible IRQs share PCI_POSSIBLE */
static void acpi_links_init(struct sim *s)
{
	if (s->acpi_links.ready)
		return;
	s->acpi_links.ready = true;
	s->acpi_links.penalty[5] = PIRQ_PENALTY_ISA_TYPICAL; /* acpi_isa_irq_penalty: IRQ5; 10, 11 are 0 */
	for (unsigned l = 0; l < 4; l++) {
		s->acpi_links.irq[l] = pc_link_boot_irq[l];
		for (unsigned i = 0; i < 3; i++)
			s->acpi_links.penalty[pc_link_possible[i]] += PIRQ_PENALTY_PCI_POSSIBLE / 3;
	}
}

/*
 * acpi_pci_irq_enable -> acpi_pci_link_allocate: the first enable of a link
 * picks its IRQ (pc: the lowest penalty of _PRS, scanned from the end, the
 * current one kept on a tie; q35's GSI links have one IRQ each) and prints
 * "Enabled at IRQ N"; the IRQ gets the PCI_USING penalty.  Returns the GSI.
 * The pc-2cpu-emulated-exhaust recording enables LNKB, LNKA, LNKC, LNKD and
 * gets 10, 11, 11, 10, not the links' boot configuration 10, 10, 11, 11.
 */
static unsigned acpi_link_enable(struct sim *s, struct pci_dev *dev)
{
	unsigned slot, pin;
	root_slot_pin(dev, &slot, &pin);
	acpi_links_init(s);
	if (s->machine != MACHINE_PC) {
		unsigned gsi = route_intx(s, dev), l = gsi - 16;
		if (l < 8 && !s->acpi_links.enabled[l]) {
			s->acpi_links.enabled[l] = true;
			sim_log(s, LOG_INFO, "ACPI: \\_SB_.GSI%c: Enabled at IRQ %u", 'A' + l, gsi);
		}
		return gsi;
	}
	unsigned l = (pin - 1 + slot - 1) & 3;
	if (!s->acpi_links.enabled[l]) {
		unsigned irq = s->acpi_links.irq[l];
		for (unsigned i = 3; i-- > 0;)
			if (s->acpi_links.penalty[irq] > s->acpi_links.penalty[pc_link_possible[i]])
				irq = pc_link_possible[i];
		s->acpi_links.irq[l] = irq;
		s->acpi_links.penalty[irq] += PIRQ_PENALTY_PCI_USING;
		s->acpi_links.enabled[l] = true;
		sim_log(s, LOG_INFO, "ACPI: \\_SB_.LNK%c: Enabled at IRQ %u", 'A' + l, irq);
	}
	return s->acpi_links.irq[l];
}

unsigned pci_intx_enable_gsi(struct sim *s, struct pci_dev *dev)
{
	dev->gsi = acpi_link_enable(s, dev);
	return dev->gsi;
}

struct pci_dev *pci_add_device(struct sim *s, const char *qemu_driver, const char *id, const struct devprops *props,
			       const struct pci_place *place, char *err, size_t errlen)
{
	return pci_add_device_at(s, qemu_driver, id, props, place, NULL, 0, err, errlen);
}

struct pci_dev *pci_add_device_at(struct sim *s, const char *qemu_driver, const char *id,
				  const struct devprops *props, const struct pci_place *place, struct pci_dev *at,
				  unsigned at_slot, char *err, size_t errlen)
{
	struct pci_dev *parent = NULL;
	unsigned bus = 0, slot = 0, fn = 0;
	if (at) {
		/* placed by the caller: no slot of the root bus is needed */
		parent = at;
		bus = at->secondary_bus;
		slot = at_slot;
	} else if (place && place->bus) {
		parent = pci_find_by_id(s, place->bus);
		if (!parent || !parent->is_bridge) {
			snprintf(err, errlen, "%u:%u: no bridge with id '%s'", place->bus_pos.line, place->bus_pos.col,
				 place->bus);
			return NULL;
		}
		bus = parent->secondary_bus;
	}
	if (at) {
		/* slot given with the parent */
	} else if (place && place->addr >= 0) {
		/* checked when the line's properties were read */
		slot = (unsigned)place->addr >> 3;
		fn = (unsigned)place->addr & 7;
		/* function 0 may come after the slot's other functions when it says multifunction=on, as
		 * libvirt writes ich9-usb-uhci1 at 1d.0 after ich9-usb-ehci1 at 1d.7 (QEMU refuses a
		 * single-function 0 there: "indicates single function, but ... is already populated") */
		bool mf0 = fn == 0 && place->multifunction && !machine_slot(s, bus, PCI_DEVFN(slot, 0));
		if ((fn == 0 && devfn_used(s, bus, PCI_DEVFN(slot, fn)) && !mf0) || function_taken(s, bus, PCI_DEVFN(slot, fn))) {
			snprintf(err, errlen, "%u:%u: PCI slot %02x.%x is already in use", place->addr_pos.line,
				 place->addr_pos.col, slot, fn);
			return NULL;
		}
	} else if (bus == 0 && s->root_ports == ROOT_PORTS_PACKED && !strcmp(qemu_driver, "pcie-root-port")) {
		/* libvirt's layout: the next free function of a slot whose function 0 is a root port, else a new slot */
		slot = 32;
		for (size_t i = 0; i < s->nr_pdevs && slot == 32; i++) {
			const struct pci_dev *r = s->pdevs[i];
			if (!r->present || r->bus || (r->devfn & 7) || strcmp(r->qemu_driver, "pcie-root-port"))
				continue;
			for (fn = 1; fn < 8 && function_taken(s, 0, r->devfn + fn); fn++)
				;
			if (fn < 8)
				slot = PCI_SLOT(r->devfn);
		}
		for (unsigned k = 0; slot == 32 && k < 32; k++)
			if (!devfn_used(s, 0, PCI_DEVFN(k, 0))) {
				slot = k;
				fn = 0;
			}
		if (slot == 32) {
			snprintf(err, errlen, "PCI bus 0 is full (32 slots, root ports 8 to a slot)");
			return NULL;
		}
		fn &= 7; /* found below 8 */
	} else {
		/* QEMU: first free slot of the bus (bridges start at slot 1... ); a
		 * PCIe downstream port's link has device 0 only */
		unsigned last = parent && !strcmp(parent->qemu_driver, "pcie-root-port") ? 0 : 31;
		for (slot = (bus == 0) ? 0 : 1; slot <= last; slot++)
			if (!devfn_used(s, bus, PCI_DEVFN(slot, 0)))
				break;
		if (last == 0)
			slot = devfn_used(s, bus, PCI_DEVFN(0, 0)) ? 32 : 0;
		if (slot > last) {
			snprintf(err, errlen, last ? "PCI bus %u is full (32 slots)" : "PCI bus %u (a PCIe port's link) is full (device 0 only)", bus);
			return NULL;
		}
	}
	struct pci_dev *d = nomem_check(calloc(1, sizeof(*d)));
	struct pci_dev **nd = d ? nomem_check(realloc(s->pdevs, (s->nr_pdevs + 1) * sizeof(*nd))) : NULL;
	if (nd)
		s->pdevs = nd;
	/* the device is added whole or not at all: its driver name is compared later (a bridge's "pcie-root-port") */
	if (nd && (d->qemu_driver = nomem_check(strdup(qemu_driver))) && (!id || (d->id = nomem_check(strdup(id))))) {
		s->pdevs[s->nr_pdevs++] = d;
	} else {
		if (d)
			free(d->qemu_driver);
		free(d);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->bus = bus;
	d->devfn = PCI_DEVFN(slot, fn);
	d->parent = parent;
	snprintf(d->name, sizeof(d->name), "%04x:%02x:%02x.%x", 0u, bus, slot, fn);
	d->props = props;
	d->node = NUMA_NO_NODE;
	d->present = true;
	d->intx_pin = place && place->pin ? (place->pin <= 4 ? place->pin : 0) : 1;
	d->intx_routed = true;
	/* irqsim's intx=off; the internal bridges have no line and keep their route */
	if (place && !place->intx)
		d->intx_routed = false;
	/* both bridge kinds get the next bus number when they are added */
	if (!strcmp(qemu_driver, "pci-bridge") || !strcmp(qemu_driver, "pcie-root-port")) {
		d->is_bridge = true;
		d->secondary_bus = ++s->next_bus;
	}
	if (d->intx_routed && d->intx_pin)
		d->gsi = route_intx(s, d);
	pci_slot_mark(s, d, true);
	return d;
}

void pci_place(struct sim *s, struct pci_dev *dev, struct pci_dev *parent, unsigned slot)
{
	pci_slot_mark(s, dev, false);
	dev->parent = parent;
	dev->bus = parent ? parent->secondary_bus : 0;
	dev->devfn = PCI_DEVFN(slot, 0);
	snprintf(dev->name, sizeof(dev->name), "%04x:%02x:%02x.%x", 0u, dev->bus, slot, 0u);
	if (dev->intx_routed && dev->intx_pin)
		dev->gsi = route_intx(s, dev);
	pci_slot_mark(s, dev, true);
}

/*
 * pci_enable_bridge -> pcibios_enable_device: a bridge's own INTx link is
 * enabled (recorded pc cases behind pci-bridges print the bridge's
 * "LNKB: Enabled at IRQ 10" before any device's link, and it weighs in the
 * next links' penalties).  A pci-bridge's GSI mapping is not modelled: on pc
 * it is a reserved ISA irq (no matrix event) and 3.10's seed 001 is modelled
 * without it.  On q35 a pcie-root-port's is, and on 6.1 and 6.12 a
 * pci-bridge's (the recorded
 * Proxmox guest, golden q35-2cpu-proxmox-default: xhci's early handoff behind
 * pci.1 reserves the bridge's GSI, then its own, and frees only its own; a
 * pci-bridge without SHPC has no pin).  A bridge bound by a driver
 * (pcieport) enabled itself in its probe.
 */
void pci_enable_bridge(struct sim *s, struct pci_dev *br)
{
	if (br->parent)
		pci_enable_bridge(s, br->parent);
	if (br->enabled)
		return;
	br->enabled = true;
	if (br->intx_pin && br->intx_routed) {
		unsigned gsi = pci_intx_enable_gsi(s, br);
		/*
		 * a q35 pcie-root-port's own INTx GSI is mapped (and stays mapped:
		 * nothing disables the port): the recorded default virt-install
		 * guest (golden q35-2cpu-virt-install-default) reserves the GSI
		 * once when xhci's early handoff enables the port above it, and
		 * xhci's disable after the handoff frees nothing
		 */
		if ((!strcmp(br->qemu_driver, "pcie-root-port") ||
		     (s->machine == MACHINE_Q35 && s->prof->line >= KERNEL_6_1 && !strcmp(br->qemu_driver, "pci-bridge"))) &&
		    !br->intx_mapped) {
			int irq = ioapic_map_gsi(s, gsi);
			if (irq > 0) {
				br->irq = (unsigned)irq;
				br->intx_mapped = true;
			}
		}
	}
}

int pci_enable_device(struct sim *s, struct pci_dev *dev)
{
	if (dev->enabled)
		return 0;
	/* pci_enable_bridge: the bridges above are enabled first, top down */
	if (dev->parent)
		pci_enable_bridge(s, dev->parent);
	dev->enabled = true;
	/* pcibios_enable_device -> acpi_pci_irq_enable, only while MSI is off */
	if (dev->intx_pin && dev->intx_routed && !dev->intx_mapped && dev->irq_mode == PCI_IRQ_MODE_NONE) {
		int irq = ioapic_map_gsi(s, pci_intx_enable_gsi(s, dev));
		if (irq > 0) {
			dev->irq = (unsigned)irq;
			dev->intx_mapped = true;
		}
	}
	return 0;
}

void pci_disable_device(struct sim *s, struct pci_dev *dev)
{
	if (!dev->enabled)
		return;
	dev->enabled = false;
	if (dev->intx_mapped) {
		ioapic_unmap_gsi(s, dev->gsi);
		dev->intx_mapped = false;
		dev->irq = 0;
	}
}
