// SPDX-License-Identifier: GPL-2.0-only
/*
 * ACPI PCI interrupt links: the links QEMU 7.2's DSDT declares
 * (hw/i386/acpi-build.c) with the IRQs SeaBIOS programmed into the PIRQ
 * routers, and the penalty balancing of drivers/acpi/pci_link.c.
 *
 *  - pc (PIIX): LNKA-LNKD, _PRS {5, 10, 11} (build_link_dev), _CRS 10, 10,
 *    11, 11 (SeaBIOS piix_isa_bridge_setup); LNKS for the SCI, _PRS {9}.
 *  - q35 (ICH9): LNKA-LNKH with the same _PRS and _CRS 10, 10, 11, 11, 10,
 *    10, 11, 11 (used only in PIC mode), then GSIA-GSIH, one IRQ each
 *    (16-23), which the APIC-mode _PRT routes to.
 * The recorded 6.1 and 6.12 boots print each link's "configured for IRQ"
 * line in this order.
 */
#include "pci/acpi_link.h"

#include <stdio.h>
#include <string.h>

/* acpi_isa_irq_penalty's initial table: timer, keyboard and cascade always;
 * 3-8 typical ISA; 9-11 free for PCI; 12-15 used (mouse, FPU, IDE) */
static const int isa_penalty_boot[ACPI_MAX_ISA_IRQS] = {
	PIRQ_PENALTY_ISA_ALWAYS,  PIRQ_PENALTY_ISA_ALWAYS,  PIRQ_PENALTY_ISA_ALWAYS,  PIRQ_PENALTY_ISA_TYPICAL,
	PIRQ_PENALTY_ISA_TYPICAL, PIRQ_PENALTY_ISA_TYPICAL, PIRQ_PENALTY_ISA_TYPICAL, PIRQ_PENALTY_ISA_TYPICAL,
	PIRQ_PENALTY_ISA_TYPICAL, 0,                        0,                        0,
	PIRQ_PENALTY_ISA_USED,    PIRQ_PENALTY_ISA_USED,    PIRQ_PENALTY_ISA_USED,    PIRQ_PENALTY_ISA_USED,
};

static void add_link(struct acpi_links *l, const char *name, const unsigned *possible, unsigned n, unsigned crs)
{
	if (l->nr >= ACPI_LINK_MAX)
		return;
	struct acpi_link *k = &l->link[l->nr++];
	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", name);
	for (unsigned i = 0; i < n && i < ACPI_LINK_MAX_POSSIBLE; i++)
		k->possible[k->nr_possible++] = possible[i];
	k->active = crs;
}

void acpi_links_setup(struct acpi_links *l, enum acpi_link_machine m, const struct acpi_irq_cmdline *c)
{
	static const unsigned prs[] = { 5, 10, 11 };
	static const unsigned boot[8] = { 10, 10, 11, 11, 10, 10, 11, 11 };
	memset(l, 0, sizeof(*l));
	unsigned nlnk = m == ACPI_LINKS_PC ? 4 : 8;
	for (unsigned i = 0; i < nlnk; i++) {
		char name[5] = { 'L', 'N', 'K', (char)('A' + i), 0 };
		add_link(l, name, prs, 3, boot[i]);
	}
	if (m == ACPI_LINKS_PC) {
		const unsigned sci = 9;
		add_link(l, "LNKS", &sci, 1, sci);
	} else {
		for (unsigned i = 0; i < 8; i++) {
			char name[5] = { 'G', 'S', 'I', (char)('A' + i), 0 };
			unsigned gsi = 16 + i;
			add_link(l, name, &gsi, 1, gsi);
		}
	}
	/* acpi_pci_link_init: balancing is on in IO-APIC mode unless the command line says */
	l->balance = !c || c->balance < 0 || c->balance;
	/* acpi_penalize_sci_irq: QEMU's MADT overrides IRQ 9 as level, active
	 * high, which is not the level/low a shared SCI needs: it is kept off
	 * limits for PCI */
	l->sci_irq = 9;
	l->sci_penalty = PIRQ_PENALTY_ISA_ALWAYS;
	/* acpi_irq_penalty_init: each link's possible ISA IRQs share PCI_POSSIBLE */
	memcpy(l->isa_penalty, isa_penalty_boot, sizeof(l->isa_penalty));
	for (unsigned i = 0; c && i < ACPI_MAX_ISA_IRQS; i++) {
		if (c->pci_clear[i])
			l->isa_penalty[i] = 0;
		l->isa_penalty[i] += (int)c->isa_used[i] * PIRQ_PENALTY_ISA_USED;
	}
	for (unsigned i = 0; i < l->nr; i++) {
		const struct acpi_link *k = &l->link[i];
		for (unsigned j = 0; j < k->nr_possible; j++)
			if (k->possible[j] < ACPI_MAX_ISA_IRQS)
				l->isa_penalty[k->possible[j]] += PIRQ_PENALTY_PCI_POSSIBLE / (int)k->nr_possible;
	}
	l->ready = true;
}

/* acpi_irq_pci_sharing_penalty: IRQs above 15 are weighed by the links themselves */
static int sharing_penalty(const struct acpi_links *l, unsigned irq)
{
	int penalty = 0;
	for (unsigned i = 0; i < l->nr; i++) {
		const struct acpi_link *k = &l->link[i];
		if (k->active && k->active == irq)
			penalty += PIRQ_PENALTY_PCI_USING;
		for (unsigned j = 0; j < k->nr_possible; j++)
			if (k->possible[j] == irq)
				penalty += PIRQ_PENALTY_PCI_POSSIBLE / (int)k->nr_possible;
	}
	return penalty;
}

int acpi_irq_get_penalty(const struct acpi_links *l, unsigned irq)
{
	int penalty = l->sci_irq >= 0 && irq == (unsigned)l->sci_irq ? l->sci_penalty : 0;
	if (irq < ACPI_MAX_ISA_IRQS)
		return penalty + l->isa_penalty[irq];
	return penalty + sharing_penalty(l, irq);
}

int acpi_link_allocate(struct acpi_links *l, unsigned idx, bool *first)
{
	*first = false;
	if (idx >= l->nr)
		return -1;
	struct acpi_link *k = &l->link[idx];
	if (k->initialized)
		return (int)k->active;
	if (!k->nr_possible)
		return -1;
	/* a current IRQ outside _PRS is forgotten */
	bool listed = false;
	for (unsigned i = 0; i < k->nr_possible; i++)
		listed |= k->possible[i] == k->active;
	if (!listed)
		k->active = 0;
	unsigned irq = k->active ? k->active : k->possible[k->nr_possible - 1];
	/* from the end of _PRS, a strictly lower penalty wins: ties keep the current IRQ */
	if (l->balance || !k->active)
		for (unsigned i = k->nr_possible; i-- > 0;)
			if (acpi_irq_get_penalty(l, irq) > acpi_irq_get_penalty(l, k->possible[i]))
				irq = k->possible[i];
	if (acpi_irq_get_penalty(l, irq) >= PIRQ_PENALTY_ISA_ALWAYS)
		return -1;
	/* acpi_pci_link_set took it (QEMU's _SRS does): _CRS now reads it back */
	k->active = irq;
	if (irq < ACPI_MAX_ISA_IRQS)
		l->isa_penalty[irq] += PIRQ_PENALTY_PCI_USING;
	k->initialized = true;
	*first = true;
	return (int)irq;
}

int acpi_link_find(const struct acpi_links *l, const char *name)
{
	for (unsigned i = 0; i < l->nr; i++)
		if (!strcmp(l->link[i].name, name))
			return (int)i;
	return -1;
}

unsigned pci_swizzle_pin(unsigned slot, unsigned pin)
{
	return ((pin - 1 + slot) % 4) + 1;
}

unsigned acpi_prt_link(enum acpi_link_machine m, unsigned slot, unsigned pin)
{
	if (m == ACPI_LINKS_PC) {
		/* build_prt: slot 1's INTA is the PIIX4 PM function's SCI (LNKS);
		 * otherwise LNKD, LNKA, LNKB, LNKC by (slot + pin - 1) & 3 */
		if (slot == 1 && pin == 1)
			return 4;
		return (pin - 1 + slot - 1) & 3;
	}
	/* q35's APIC-mode _PRT: the chipset's slots 25-31 go straight to
	 * PIRQA-D by pin (GSIA-D; the q35 recording with ahci bound shows GSI
	 * 16 for 00:1f.2), the others to PIRQE-H (GSIE-H) rotated by slot */
	unsigned gsi_link0 = 8;
	if (slot == 30)
		/* D30, the DMI-to-PCI bridge's slot: QEMU's _PRT sends its pins to
		 * PIRQE-H (GSI 20-23), as the recorded Proxmox guest's bridges show */
		return gsi_link0 + 4 + (pin - 1);
	if (slot >= 25)
		return gsi_link0 + (pin - 1);
	return gsi_link0 + 4 + ((slot + pin - 1) & 3);
}
