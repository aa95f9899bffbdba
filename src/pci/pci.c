// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI topology and INTx routing of the canonical QEMU machines
 * (tests/conformance/README.md):
 *  - pc (i440fx/PIIX3): root bus slots 0 (host) and 1 (ISA/IDE/ACPI) are
 *    taken; INTx pin P of slot S uses link LNKA + (P - 1 + S - 1) & 3, whose
 *    IRQ SeaBIOS sets to 10, 10, 11, 11 and the kernel chooses anew, by
 *    penalty, when the link is first enabled (pci/acpi_link.c).
 *  - q35 (ICH9): slot 0 and 31 are taken; pin P of slot S uses PIRQ
 *    (S + P - 1) % 4 + 4, i.e. GSI 20..23 (hw/isa/lpc_ich9.c: ich9_cc_init);
 *    slots 25-31 use PIRQ P - 1, GSI 16..19.
 * Devices behind a bridge swizzle their pin (pci_swizzle_interrupt_pin) up
 * to the root bus, whose _PRT alone QEMU provides.
 * Devices are placed like QEMU does: first free slot unless addr= is given.
 */
#include "pci/pci.h"

#include "drivers/devprops.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/ioapic.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "lib/streq.h"

#define PCI_DEVFN(slot, fn) (((slot) << 3) | (fn))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)

/* The machine's own slots, a bit each: host bridge, PIIX3 (pc), ICH9's LPC/SATA/SMBus (q35) */
static uint32_t machine_slots(const struct sim *s, unsigned bus)
{
	if (bus != 0)
		return 0;
	if (s->machine == MACHINE_PC)
		return 1u << 0 | 1u << 1;
	if (s->machine == MACHINE_Q35)
		return 1u << 0 | 1u << 31;
	return 0;
}

static bool machine_slot(const struct sim *s, unsigned bus, unsigned devfn)
{
	return (machine_slots(s, bus) >> PCI_SLOT(devfn)) & 1;
}

/*
 * dev->name, "%04x:%02x:%02x.%x" of domain 0 as the kernel's pci_name()
 * prints it, without snprintf's formatter (2,000 instructions a name: 7% of
 * seed 000's simulation); a bus past two hex digits takes the long way.
 */
static void pci_set_name(struct pci_dev *d, unsigned bus, unsigned slot, unsigned fn)
{
	static const char hex[] = "0123456789abcdef";
	if (bus > 0xff || slot > 0xff || fn > 0xf) {
		/* past 256 nested bridges: their names have three hex digits of bus */
		snprintf(d->name, sizeof(d->name), "%04x:%02x:%02x.%x", 0u, bus, slot, fn);
		return;
	}
	char *p = d->name;
	memcpy(p, "0000:", 5);
	p += 5;
	*p++ = hex[bus >> 4];
	*p++ = hex[bus & 15];
	*p++ = ':';
	*p++ = hex[slot >> 4];
	*p++ = hex[slot & 15];
	*p++ = '.';
	*p++ = hex[fn];
	*p = '\0';
}

/* The slots of a bus that a function or the machine holds, a bit each (buses past 255 are not tracked) */
static uint32_t slots_used(const struct sim *s, unsigned bus)
{
	return machine_slots(s, bus) | (bus < 256 ? s->bus_slots[bus] : 0);
}

static bool devfn_used(const struct sim *s, unsigned bus, unsigned devfn)
{
	return (slots_used(s, bus) >> PCI_SLOT(devfn)) & 1;
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
	/*
	 * The ids of present devices are unique (add_device refuses a
	 * duplicate with this search), so the last one found, still present
	 * under that id, is the answer: 9,000 strcmp a seed 000 run without it.
	 */
	struct pci_dev *h = s->id_hint;
	/* the same string asked again (every copy of a hotplug line names its bus=): no compare */
	if (id && h && h != except && h->present && h->id && (id == s->id_hint_key || !strcmp(h->id, id)))
		return h;
	for (size_t i = 0; id && i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (d != except && d->present && d->id && !strcmp(d->id, id)) {
			s->id_hint_key = id;
			return s->id_hint = d;
		}
	}
	return NULL;
}

struct pci_dev *pci_find_by_id(struct sim *s, const char *id)
{
	return pci_find_by_id_except(s, id, NULL);
}

static enum acpi_link_machine link_machine(const struct sim *s)
{
	return s->machine == MACHINE_PC ? ACPI_LINKS_PC : ACPI_LINKS_Q35;
}

/* The links with the command line's acpi_irq_* parameters. */
static void acpi_links_setup_sim(struct sim *s)
{
	struct acpi_irq_cmdline c = { .balance = -1 };
	const struct boot_params *p = &s->params;
	if (p->acpi_irq_balance_set)
		c.balance = p->acpi_irq_balance;
	for (unsigned i = 0; i < ACPI_MAX_ISA_IRQS; i++) {
		c.pci_clear[i] = p->acpi_irq_pci_clear[i];
		c.isa_used[i] = p->acpi_irq_isa_used[i];
	}
	acpi_links_setup(&s->acpi_links, link_machine(s), &c);
}

/* The root-bus slot and pin an INTx pin reaches (pci_swizzle_interrupt_pin up the bridges). */
static void root_slot_pin(const struct pci_dev *dev, unsigned *slot, unsigned *pin)
{
	unsigned p = dev->intx_pin;
	const struct pci_dev *d = dev;
	while (d->parent) {
		p = pci_swizzle_pin(PCI_SLOT(d->devfn), p);
		d = d->parent;
	}
	*slot = PCI_SLOT(d->devfn);
	*pin = p;
}

/*
 * acpi_pci_link_add for every link QEMU's DSDT declares, in its order
 * ("Interrupt link LNKA configured for IRQ 10"), then acpi_irq_penalty_init.
 * The namespace scan adds the links after the host bridge (after _OSC).
 * The links are set up afresh with the command line's penalties: before
 * the scan only their _CRS was read (the functions' interrupt lines).
 */
void acpi_pci_links_scan(struct sim *s)
{
	if (s->acpi_links.scanned)
		return;
	acpi_links_setup_sim(s);
	s->acpi_links.scanned = true;
	for (unsigned i = 0; i < s->acpi_links.nr; i++) {
		const struct acpi_link *k = &s->acpi_links.link[i];
		if (s->prof->acpi_link_msg_handle) {
			sim_log(s, LOG_INFO, "ACPI: PCI: Interrupt link %s configured for IRQ %u", k->name, k->active);
			continue;
		}
		/* before 5.13: the possible IRQs, the current one starred */
		char irqs[16 * ACPI_LINK_MAX_POSSIBLE];
		size_t n = 0;
		for (unsigned j = 0; j < k->nr_possible; j++)
			n += (size_t)snprintf(irqs + n, sizeof(irqs) - n, " %s%u", k->possible[j] == k->active ? "*" : "",
					      k->possible[j]);
		sim_log(s, LOG_INFO, "ACPI: PCI Interrupt Link [%s] (IRQs%s)", k->name, irqs);
	}
}

/* The link an INTx pin reaches through the bridges and QEMU's _PRT (acpi_pci_irq_lookup). */
static unsigned intx_link(const struct sim *s, const struct pci_dev *dev)
{
	unsigned slot, pin;
	root_slot_pin(dev, &slot, &pin);
	return acpi_prt_link(link_machine(s), slot, pin);
}

/*
 * The GSI an INTx pin reaches: its link's IRQ once chosen, until then the
 * link's current setting (_CRS, what SeaBIOS programmed; the function's
 * interrupt line register says the same).
 */
static unsigned route_intx(struct sim *s, const struct pci_dev *dev)
{
	if (!s->acpi_links.ready)
		acpi_links_setup_sim(s);
	unsigned l = intx_link(s, dev);
	return l < s->acpi_links.nr ? s->acpi_links.link[l].active : 0;
}

/*
 * The interrupt line SeaBIOS programs (pci_bios_init_device): the ISA IRQ
 * its PIRQ router sends the swizzled pin to, LNKA-D's _CRS on pc; on q35
 * the PIRQ of the APIC-mode GSI link (GSIE is PIRQE, LNKE's 10).
 */
static unsigned bios_line(struct sim *s, const struct pci_dev *dev)
{
	if (!s->acpi_links.ready)
		acpi_links_setup_sim(s);
	unsigned l = intx_link(s, dev);
	if (s->machine != MACHINE_PC)
		l -= 8;
	return l < s->acpi_links.nr ? s->acpi_links.link[l].active : 0;
}

unsigned pci_dev_sysfs_irq(const struct pci_dev *dev)
{
	if (dev->irq_mode == PCI_IRQ_MODE_MSI && dev->nr_msi && dev->msi[0].irq)
		return dev->msi[0].irq;
	return dev->line_irq;
}

/*
 * acpi_pci_irq_enable -> acpi_pci_link_allocate_irq: the first enable of a
 * link chooses its IRQ by penalty (acpi_link_allocate) and prints "Enabled
 * at IRQ N".  Returns the GSI, 0 when the link has no usable IRQ ("No IRQ
 * available": the function keeps no INTx).  The pc-2cpu-emulated-exhaust
 * recording enables LNKB, LNKA, LNKC, LNKD and gets 10, 11, 11, 10, not the
 * links' boot configuration 10, 10, 11, 11.
 */
static unsigned acpi_link_enable(struct sim *s, struct pci_dev *dev)
{
	acpi_pci_links_scan(s);
	unsigned l = intx_link(s, dev);
	bool first;
	int irq = acpi_link_allocate(&s->acpi_links, l, &first);
	const char *name = l < s->acpi_links.nr ? s->acpi_links.link[l].name : "?";
	bool handle_msg = s->prof->acpi_link_msg_handle;
	if (irq < 0) {
		if (handle_msg)
			sim_log(s, LOG_ERR, "ACPI: \\_SB_.%s: No IRQ available. Try pci=noacpi or acpi=off", name);
		else
			sim_log(s, LOG_ERR, "ACPI: No IRQ available for PCI Interrupt Link [%s]. Try pci=noacpi or acpi=off",
				name);
		return 0;
	}
	if (first && handle_msg)
		sim_log(s, LOG_INFO, "ACPI: \\_SB_.%s: Enabled at IRQ %d", name, irq);
	else if (first)
		sim_log(s, LOG_WARNING, "ACPI: PCI Interrupt Link [%s] enabled at IRQ %d", name, irq);
	return (unsigned)irq;
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

/* Where a new function goes: the bridge above it (NULL: the root bus), its bus, slot and function. */
struct pci_slot_choice {
	struct pci_dev *parent;
	unsigned bus, slot, fn;
};

/* addr=SLOT.FN: 0, or -1 with "LINE:COL: message" when the function is taken. */
static int choose_given_addr(struct sim *s, const struct pci_place *place, struct pci_slot_choice *c, char *err,
			     size_t errlen)
{
	/* checked when the line's properties were read */
	c->slot = (unsigned)place->addr >> 3;
	c->fn = (unsigned)place->addr & 7;
	/* function 0 may come after the slot's other functions when it says multifunction=on, as
	 * libvirt writes ich9-usb-uhci1 at 1d.0 after ich9-usb-ehci1 at 1d.7 (QEMU refuses a
	 * single-function 0 there: "indicates single function, but ... is already populated") */
	bool mf0 = c->fn == 0 && place->multifunction && !machine_slot(s, c->bus, PCI_DEVFN(c->slot, 0));
	if ((c->fn == 0 && devfn_used(s, c->bus, PCI_DEVFN(c->slot, c->fn)) && !mf0) ||
	    function_taken(s, c->bus, PCI_DEVFN(c->slot, c->fn))) {
		snprintf(err, errlen, "%u:%u: PCI slot %02x.%x is already in use", place->addr_pos.line,
			 place->addr_pos.col, c->slot, c->fn);
		return -1;
	}
	return 0;
}

/* libvirt's layout of root ports: the next free function of a slot whose function 0 is a root port, else a new slot */
static int choose_packed_port(struct sim *s, struct pci_slot_choice *c, char *err, size_t errlen)
{
	unsigned slot = 32, fn = 0;
	for (size_t i = 0; i < s->nr_pdevs && slot == 32; i++) {
		const struct pci_dev *r = s->pdevs[i];
		if (!r->present || r->bus || (r->devfn & 7) || !r->is_pcie_port)
			continue;
		for (fn = 1; fn < 8 && function_taken(s, 0, r->devfn + fn); fn++)
			;
		if (fn < 8)
			slot = PCI_SLOT(r->devfn);
	}
	if (slot == 32) {
		uint32_t free_slots = ~slots_used(s, 0);
		slot = free_slots ? (unsigned)__builtin_ctz(free_slots) : 32;
		fn = 0;
	}
	if (slot == 32) {
		snprintf(err, errlen, "PCI bus 0 is full (32 slots, root ports 8 to a slot)");
		return -1;
	}
	c->slot = slot;
	c->fn = fn & 7; /* found below 8 */
	return 0;
}

/*
 * QEMU: the first free slot of the bus (behind a bridge from slot 1 on); a
 * PCIe root port's link has device 0 only.  The bus's slot bitmap answers
 * at once: seed 000's 512 disks behind 17 bridges tested 8,000 slots one by
 * one a run.
 */
static int choose_free_slot(const struct sim *s, struct pci_slot_choice *c, char *err, size_t errlen)
{
	bool port_link = c->parent && c->parent->is_pcie_port;
	uint32_t free_slots = ~slots_used(s, c->bus);
	if (port_link)
		free_slots &= 1u;
	else if (c->bus != 0)
		free_slots &= ~1u;
	if (!free_slots) {
		snprintf(err, errlen, port_link ? "PCI bus %u (a PCIe port's link) is full (device 0 only)"
						: "PCI bus %u is full (32 slots)", c->bus);
		return -1;
	}
	c->slot = (unsigned)__builtin_ctz(free_slots);
	return 0;
}

/* Where the function goes, as QEMU places it: 0, or -1 with the message in err. */
static int choose_slot(struct sim *s, bool is_pcie_port, const struct pci_place *place, struct pci_dev *at,
		       unsigned at_slot, struct pci_slot_choice *c, char *err, size_t errlen)
{
	*c = (struct pci_slot_choice){ 0 };
	if (at) {
		/* placed by the caller: no slot of the root bus is needed */
		c->parent = at;
		c->bus = at->secondary_bus;
		c->slot = at_slot;
		return 0;
	}
	if (place && place->bus) {
		c->parent = place->bus_dev ? place->bus_dev : pci_find_by_id(s, place->bus);
		if (!c->parent || !c->parent->is_bridge) {
			snprintf(err, errlen, "%u:%u: no bridge with id '%s'", place->bus_pos.line, place->bus_pos.col,
				 place->bus);
			return -1;
		}
		c->bus = c->parent->secondary_bus;
	}
	if (place && place->addr >= 0)
		return choose_given_addr(s, place, c, err, errlen);
	if (c->bus == 0 && s->root_ports == ROOT_PORTS_PACKED && is_pcie_port)
		return choose_packed_port(s, c, err, errlen);
	return choose_free_slot(s, c, err, errlen);
}

/*
 * A zeroed function appended to s->pdevs, or NULL (out of memory).  The
 * array doubles when full (a realloc a device was a tenth of seed 000's
 * device adding), and the function comes from the sim's kmem (glibc's
 * calloc, which gcc makes of malloc and memset, was another sixth).
 */
static struct pci_dev *pci_dev_append(struct sim *s)
{
	if (s->nr_pdevs == s->pdevs_cap) {
		size_t cap = s->pdevs_cap ? 2 * s->pdevs_cap : 16;
		struct pci_dev **nd = nomem_check(realloc(s->pdevs, cap * sizeof(*nd)));
		if (!nd)
			return NULL;
		s->pdevs = nd;
		s->pdevs_cap = cap;
	}
	struct pci_dev *d = kmem_zalloc(&s->kmem, sizeof(*d));
	if (!d)
		return NULL;
	s->pdevs[s->nr_pdevs++] = d;
	/* never taken out of the array: its number for the trace records, found once */
	d->trace_id = (unsigned)s->nr_pdevs;
	return d;
}

struct pci_dev *pci_add_device_at(struct sim *s, const char *qemu_driver, const char *id,
				  const struct devprops *props, const struct pci_place *place, struct pci_dev *at,
				  unsigned at_slot, char *err, size_t errlen)
{
	/* both bridge kinds get the next bus number when they are added */
	bool is_pcie_port = str_eq(qemu_driver, "pcie-root-port");
	bool is_bridge = is_pcie_port || str_eq(qemu_driver, "pci-bridge");
	struct pci_slot_choice c;
	if (choose_slot(s, is_pcie_port, place, at, at_slot, &c, err, errlen))
		return NULL;
	char *id_copy = NULL;
	/* the device is added whole or not at all */
	struct pci_dev *d = !id || (id_copy = nomem_check(strdup(id))) ? pci_dev_append(s) : NULL;
	if (!d) {
		free(id_copy);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->qemu_driver = qemu_driver;
	d->id = id_copy;
	d->bus = c.bus;
	d->devfn = PCI_DEVFN(c.slot, c.fn);
	d->parent = c.parent;
	pci_set_name(d, c.bus, c.slot, c.fn);
	d->props = props;
	d->node = NUMA_NO_NODE;
	d->present = true;
	d->intx_pin = place && place->pin ? (place->pin <= 4 ? place->pin : 0) : 1;
	d->intx_routed = true;
	/* irqsim's intx=off; the internal bridges have no line and keep their route */
	if (place && !place->intx)
		d->intx_routed = false;
	d->is_pcie_port = is_pcie_port;
	if (is_bridge) {
		d->is_bridge = true;
		d->secondary_bus = ++s->next_bus;
	}
	if (d->intx_routed && d->intx_pin) {
		d->gsi = route_intx(s, d);
		/* SeaBIOS writes the line of what it found at boot; a hot-added
		 * function's register reads 0 until the kernel enables it */
		if (!s->booted)
			d->line_irq = bios_line(s, d);
	}
	pci_slot_mark(s, d, true);
	return d;
}

void pci_place(struct sim *s, struct pci_dev *dev, struct pci_dev *parent, unsigned slot)
{
	pci_slot_mark(s, dev, false);
	dev->parent = parent;
	dev->bus = parent ? parent->secondary_bus : 0;
	dev->devfn = PCI_DEVFN(slot, 0);
	pci_set_name(dev, dev->bus, slot, 0);
	if (dev->intx_routed && dev->intx_pin) {
		dev->gsi = route_intx(s, dev);
		if (!s->booted)
			dev->line_irq = bios_line(s, dev);
	}
	pci_slot_mark(s, dev, true);
}

/*
 * pci_enable_bridge -> pcibios_enable_device: a bridge's own INTx link is
 * enabled (recorded pc cases behind pci-bridges print the bridge's
 * "LNKB: Enabled at IRQ 10" before any device's link, and it weighs in the
 * next links' penalties), and its GSI is mapped like any function's (on pc
 * a reserved ISA irq: no matrix event; q35-2cpu-bridge-intx reserves GSI 21
 * for the pci-bridge at slot 1 before the disks behind it; in the recorded
 * Proxmox guest, golden q35-2cpu-proxmox-default, xhci's early handoff
 * behind pci.1 reserves the bridge's GSI, then its own, and frees only its
 * own).  A pci-bridge without SHPC has no pin.  A bridge bound by a driver
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
		/* acpi_pci_irq_enable sets the bridge's pci_dev->irq too (the
		 * recorded pc bridges show their link's IRQ in sysfs) */
		if (gsi)
			br->line_irq = gsi;
		/*
		 * the GSI stays mapped (nothing disables the bridge): the recorded
		 * default virt-install guest (golden q35-2cpu-virt-install-default)
		 * reserves a pcie-root-port's GSI once when xhci's early handoff
		 * enables the port above it, and xhci's disable after the handoff
		 * frees nothing
		 */
		if (gsi && !br->intx_mapped) {
			int irq = ioapic_map_gsi(s, gsi);
			if (irq > 0) {
				br->irq = br->line_irq = (unsigned)irq;
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
		unsigned gsi = pci_intx_enable_gsi(s, dev);
		int irq = gsi ? ioapic_map_gsi(s, gsi) : -1;
		if (irq > 0) {
			dev->irq = dev->line_irq = (unsigned)irq;
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
