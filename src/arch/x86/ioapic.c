// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IO-APIC as QEMU's pc and q35 machines present it: one IO-APIC with 24
 * pins, ISA irq 0 routed to pin 2 by the interrupt source override, ACPI SCI
 * on irq 9 (level).  See x86-vector.md 2.4 for the take-over sequence.
 */
#include "arch/x86/ioapic.h"

#include <stdio.h>

#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/sim.h"

static void set_ioapic_chip(struct sim *s, struct irq_desc *d, unsigned pin, bool level)
{
	d->chip = CHIP_IO_APIC;
	irq_remapping_mark(s, d);
	/* with interrupt remapping the pins go through the IR chip */
	d->chip_name = s->irq_remapping ? "IR-IO-APIC" : "IO-APIC";
	d->has_domain = true;
	d->hwirq = pin;
	d->handler = level ? "fasteoi" : "edge";
	d->trigger = level ? IRQ_TYPE_LEVEL_LOW : IRQ_TYPE_EDGE_RISING;
}

void ioapic_setup_legacy(struct sim *s)
{
	/* early_irq_init: the 16 legacy descriptors exist from the start, on first_online_node */
	for (unsigned irq = 0; irq < NR_IRQS_LEGACY; irq++) {
		struct irq_desc *d = irq_alloc_desc_at(s, irq, 0);
		if (d && d->node == NUMA_NO_NODE)
			d->node = 0;
		/* init_irq_proc registers every descriptor that exists then */
		if (d)
			d->proc_registered = true;
		if (d && !d->chip_name[0]) {
			d->chip = CHIP_XT_PIC;
			d->chip_name = "XT-PIC";
		}
	}
	/*
	 * The timer (irq 0) is already active on ISA vector 0x30 and keeps it;
	 * every other ISA irq gives its vector back and is reserved
	 * (vector_configure_legacy).  irq 1 is set up first, then irq 0, then
	 * 3..15, the order setup_IO_APIC_irqs walks the pins.
	 */
	static const unsigned order[] = { 1, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		unsigned irq = order[i];
		struct irq_desc *d = irq_to_desc(s, irq);
		if (!d)
			continue;
		/*
		 * irq 0 arrives on pin 2 (interrupt source override); QEMU's MADT
		 * (pc and q35) overrides 5, 9 (SCI), 10 and 11 as level, active
		 * high ("INT_SRC_OVR (bus 0 bus_irq 10 global_irq 10 high level)"):
		 * fasteoi from the start, as the kernel's memory shows
		 */
		set_ioapic_chip(s, d, irq == 0 ? 2 : irq, irq == 5 || irq == 9 || irq == 10 || irq == 11);
		if (irq == 0) {
			/* the timer's trigger type reads back as 0 (seed 000's Flags mismatch line) */
			d->trigger = 0;
		}
		x86_vector_alloc_irq(s, d, VEC_ALLOC_LEGACY);
	}
	/*
	 * 3.10: setup_IO_APIC leaves the PIC cascade (irq 2) alone; it keeps the
	 * IRQ0_VECTOR + 2 of arch_early_irq_init on every CPU.
	 */
	struct irq_desc *cascade = irq_to_desc(s, 2);
	if (s->prof->legacy_vector_alloc && cascade && !cascade->apicd)
		legacy_irq_cfg_alloc(s, cascade, true);
}

int ioapic_map_gsi(struct sim *s, unsigned gsi)
{
	struct irq_desc *d = irq_to_desc(s, gsi);
	if (gsi < NR_IRQS_LEGACY) {
		/* ISA irq reused by a PCI link: becomes level triggered */
		if (d) {
			d->trigger = IRQ_TYPE_LEVEL_LOW;
			d->handler = "fasteoi";
		}
		return (int)gsi;
	}
	if (!d) {
		/* irq number = GSI for the legacy/strict IO-APIC domain */
		d = irq_alloc_desc_at(s, gsi, NUMA_NO_NODE);
		if (!d)
			return -1;
		if (s->prof->legacy_vector_alloc) {
			/*
			 * 3.10 mp_irqdomain_map -> setup_ioapic_irq: without a vector
			 * it returns before ioapic_register_intr, so the irq stays on
			 * no_irq_chip and request_irq() will say -ENOSYS
			 */
			if (!x86_vector_alloc_irq(s, d, VEC_ALLOC_IOAPIC))
				set_ioapic_chip(s, d, gsi, true);
			else
				sim_explain(s, "  GSI %u (irq %u): mp_map_gsi_to_irq -> setup_ioapic_irq -> "
					       "assign_irq_vector: -ENOSPC; the irq is kept on no_irq_chip", gsi, gsi);
		} else {
			set_ioapic_chip(s, d, gsi, true);
			x86_vector_alloc_irq(s, d, VEC_ALLOC_IOAPIC);
		}
	}
	d->map_refs++;
	return (int)gsi;
}

void ioapic_unmap_gsi(struct sim *s, unsigned gsi)
{
	struct irq_desc *d = irq_to_desc(s, gsi);
	if (gsi < NR_IRQS_LEGACY || !d)
		return;
	if (--d->map_refs > 0)
		return;
	if (s->prof->legacy_vector_alloc && d->apicd && !d->apicd->vector) {
		/* 3.10 arch_teardown_hwirq -> __clear_irq_vector: BUG_ON(!cfg->vector)
		 * (the line number is RHEL 7.4's, seed 001) */
		sim_kernel_bug(s, "arch/x86/kernel/apic/io_apic.c", 1358, "__clear_irq_vector",
			       "arch_teardown_hwirq <- mp_irqdomain_unmap <- irq_domain_disassociate_many <- "
			       "irq_dispose_mapping <- mp_unmap_irq <- acpi_unregister_gsi_ioapic <- "
			       "acpi_unregister_gsi <- acpi_pci_irq_disable <- pcibios_disable_device <- "
			       "do_pci_disable_device <- pci_disable_device");
		return;
	}
	x86_vector_free_irq(s, d);
	irq_free_desc(s, gsi);
}
