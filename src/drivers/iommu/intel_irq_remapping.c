// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel VT-d interrupt remapping (QEMU 7.2's -device intel-iommu, one unit
 * "dmar0" without an RHSA entry, so its NUMA node is NUMA_NO_NODE).  What
 * remapping changes for vectors, from the 6.1 and 6.12 sources and the
 * q35-*-iommu-* recordings (tests/conformance/golden):
 *
 *  - the DMAR fault interrupt (chip DMAR-MSI, hwirq = the unit's seq_id 0,
 *    action "dmar0") takes a vector: at apic_bsp_setup on the boot CPU
 *    (6.1: the first dynamic irq, 24 on q35, and a vector on CPU 0 before
 *    the IO-APIC takes the ISA irqs over, so those land on other CPUs), or
 *    at intel_iommu_init once every CPU is up (6.12: enable_drhd_fault_handling
 *    only serves a unit on the CPU's node, which a node-less unit never is);
 *  - every irq below the IR domain (IO-APIC pins, PCI MSI/MSI-X) has
 *    IRQ_MOVE_PCNTXT: an affinity change moves the vector at once and the
 *    IR chip cleans the old vector up right away (the kernel does it
 *    asynchronously: an IPI on 6.1, a timer on 6.12; see docs/model.md for
 *    the order this takes in the model);
 *  - vectors are reserved, allocated and activated exactly as without
 *    remapping: the IR domain sits between the MSI/IO-APIC domains and the
 *    vector domain and passes the allocation through
 *    (intel_irq_remapping_alloc -> irq_domain_alloc_irqs_parent), so
 *    reservation mode stays on for MSI-X (recorded on 6.1 and 6.12);
 *  - the chips are named IR-IO-APIC / IR-PCI-MSI (set by ioapic.c, msi.c).
 */
#include "drivers/iommu/intel_irq_remapping.h"

#include <stdio.h>

#include "arch/x86/vector.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"

/* the fault handler's dev_id: the intel_iommu structure of dmar0 */
static const char dmar0_owner[] = "dmar0";

/*
 * dmar_set_interrupt: dmar_alloc_hwirq (arch/x86/kernel/apic/msi.c) allocates
 * one irq in the DMAR-MSI domain, whose parent is the vector domain (the
 * fault interrupt itself is not remapped): a reservation, not reservation
 * mode (the domain is not a PCI/MSI one), so request_irq's activation
 * assigns the vector.
 */
static void dmar_set_interrupt(struct sim *s)
{
	/* 3.10 (create_irq on its own allocator) is not modelled: its runs keep
	 * the seed-001 figures they were checked against */
	if (s->dmar_fault_irq || s->prof->legacy_vector_alloc)
		return;
	int irq = irq_alloc_descs(s, s->dynirq_base, 1, NUMA_NO_NODE);
	if (irq < 0)
		return;
	struct irq_desc *d = irq_to_desc(s, (unsigned)irq);
	d->chip = CHIP_DMAR_MSI;
	d->chip_name = "DMAR-MSI";
	d->has_domain = true;
	d->hwirq = 0;
	d->handler = "edge";
	d->trigger = IRQ_TYPE_EDGE_RISING;
	if (x86_vector_alloc_irq(s, d, VEC_ALLOC_DEFAULT)) {
		/* "No free IRQ vectors": dmar_set_interrupt returns -EINVAL */
		sim_log(s, LOG_ERR, "DMAR: No free IRQ vectors");
		irq_free_desc(s, (unsigned)irq);
		return;
	}
	s->dmar_fault_irq = (unsigned)irq;
	if (request_irq(s, (unsigned)irq, IRQF_NO_THREAD, "dmar0", dmar0_owner))
		sim_log(s, LOG_ERR, "DMAR: Can't request irq");
}

void intel_irq_remap_enable(struct sim *s)
{
	/* 3.10 guests run x2APIC (src/arch/x86/vector_legacy.c): their log and
	 * fault interrupt are not modelled */
	if (!s->irq_remapping || !s->intel_iommu || s->prof->legacy_vector_alloc)
		return;
	/*
	 * intel_enable_irq_remapping: x2apic mode needs the guest's x2APIC
	 * (eim=on; the TCG CPU of QEMU 7.2 has none) and no nox2apic
	 * (enable_IR_x2apic -> try_to_enable_x2apic); the vectors are the same
	 */
	sim_log(s, LOG_INFO, "DMAR-IR: Enabled IRQ remapping in %s mode", s->x2apic ? "x2apic" : "xapic");
	if (!s->prof->dmar_fault_irq_local)
		dmar_set_interrupt(s);
}

void intel_iommu_init(struct sim *s)
{
	if (s->intel_iommu && !s->params.intel_iommu_off)
		dmar_set_interrupt(s);
}
