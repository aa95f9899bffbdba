/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI PCI interrupt links (drivers/acpi/pci_link.c) as QEMU's DSDT defines
 * them: each link's possible IRQs (_PRS), its current IRQ at the namespace
 * scan (_CRS, what SeaBIOS programmed into the PIRQ router), the penalty
 * table the kernel balances them with, and the choice of an IRQ when a link
 * is first enabled.  No simulator state: the caller logs and maps.
 */
#ifndef IRQSIM_ACPI_LINK_H
#define IRQSIM_ACPI_LINK_H

#include <stdbool.h>

#define ACPI_LINK_MAX 16          /* q35: LNKA-LNKH and GSIA-GSIH */
#define ACPI_LINK_MAX_POSSIBLE 16 /* ACPI_PCI_LINK_MAX_POSSIBLE */
#define ACPI_MAX_ISA_IRQS 16

/* drivers/acpi/pci_link.c: PIRQ_PENALTY_* */
#define PIRQ_PENALTY_PCI_POSSIBLE (16 * 16)
#define PIRQ_PENALTY_PCI_USING (16 * 16 * 16)
#define PIRQ_PENALTY_ISA_TYPICAL (16 * 16 * 16 * 16)
#define PIRQ_PENALTY_ISA_USED (16 * 16 * 16 * 16 * 16)
#define PIRQ_PENALTY_ISA_ALWAYS (16 * 16 * 16 * 16 * 16 * 16)

struct acpi_link {
	char name[5];                                /* "LNKA" */
	unsigned possible[ACPI_LINK_MAX_POSSIBLE];   /* _PRS, in its order */
	unsigned nr_possible;
	unsigned active;                             /* _CRS at the scan, then the IRQ chosen */
	bool initialized;                            /* acpi_pci_link_allocate chose its IRQ (kept for good) */
};

struct acpi_links {
	bool ready;                                  /* set up (acpi_links_setup) */
	bool scanned;                                /* the namespace scan printed them (the caller's flag) */
	bool balance;                                /* acpi_irq_balance: on in IO-APIC mode */
	struct acpi_link link[ACPI_LINK_MAX];
	unsigned nr;
	int isa_penalty[ACPI_MAX_ISA_IRQS];          /* acpi_isa_irq_penalty */
	int sci_irq;                                 /* acpi_penalize_sci_irq: -1 none */
	int sci_penalty;
};

enum acpi_link_machine { ACPI_LINKS_PC, ACPI_LINKS_Q35 };

/* The command line's say: acpi_irq_balance / acpi_irq_nobalance and
 * acpi_irq_isa= / acpi_irq_pci= (acpi_irq_penalty_update, applied before
 * acpi_irq_penalty_init) */
struct acpi_irq_cmdline {
	int balance;                                 /* -1: not given (on in IO-APIC mode), 0, 1 */
	bool pci_clear[ACPI_MAX_ISA_IRQS];           /* acpi_irq_pci=: the table's penalty cleared */
	unsigned isa_used[ACPI_MAX_ISA_IRQS];        /* acpi_irq_isa=: ISA_USED added that many times since */
};

/*
 * The scan (acpi_pci_link_add, once per link in DSDT order) and
 * acpi_irq_penalty_init; the SCI's penalty (acpi_penalize_sci_irq) from
 * QEMU's MADT: IRQ 9, level, active high.  c: the command line's
 * parameters, or NULL for none.
 */
void acpi_links_setup(struct acpi_links *l, enum acpi_link_machine m, const struct acpi_irq_cmdline *c);
/* acpi_irq_get_penalty */
int acpi_irq_get_penalty(const struct acpi_links *l, unsigned irq);
/*
 * acpi_pci_link_allocate: the first call picks the link's IRQ (the current
 * one unless a possible IRQ scanned from the end of _PRS has a strictly
 * lower penalty) and charges it PIRQ_PENALTY_PCI_USING; *first says it
 * happened now ("Enabled at IRQ N").  Returns the IRQ, or -1 when every
 * possible IRQ is penalised out ("No IRQ available").
 */
int acpi_link_allocate(struct acpi_links *l, unsigned idx, bool *first);
/* The index of the link named 'name', or -1 */
int acpi_link_find(const struct acpi_links *l, const char *name);

/* pci_swizzle_interrupt_pin: pin 1..4 of a function at 'slot' seen from its bridge */
unsigned pci_swizzle_pin(unsigned slot, unsigned pin);
/*
 * QEMU's _PRT of the root bus (hw/i386/acpi-build.c build_prt; q35's
 * ICH9 routes): the link that pin 1..4 of root-bus slot 'slot' uses, as
 * an index into the links acpi_links_setup made.
 */
unsigned acpi_prt_link(enum acpi_link_machine m, unsigned slot, unsigned pin);

#endif
