/* SPDX-License-Identifier: GPL-2.0-only */
/* IO-APIC pins and GSI mappings (arch/x86/kernel/apic/io_apic.c) */
#ifndef IRQSIM_IOAPIC_H
#define IRQSIM_IOAPIC_H

#include <stdbool.h>

struct sim;

#define QEMU_IOAPIC_PINS 24u
#define NR_IRQS_LEGACY 16u

/*
 * setup_IO_APIC / mp_irqdomain_alloc for the ISA irqs: the IO-APIC takes
 * over legacy irqs 0-15 (except the cascade), X86_IRQ_ALLOC_LEGACY.
 */
void ioapic_setup_legacy(struct sim *s);
/*
 * mp_map_gsi_to_irq: map a PCI GSI (level, low).  The first user of a pin
 * allocates the irq in the IO-APIC domain (a reservation); later users take
 * a reference.  Returns the irq number.
 */
int ioapic_map_gsi(struct sim *s, unsigned gsi);
/* mp_unmap_irq: drop a reference; the last one frees the irq. */
void ioapic_unmap_gsi(struct sim *s, unsigned gsi);

#endif
