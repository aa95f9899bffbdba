/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel VT-d interrupt remapping as QEMU's intel-iommu presents it (one
 * remapping unit, dmar0, covering the IO-APIC and every PCI function):
 * drivers/iommu/intel/irq_remapping.c, the fault interrupt of
 * drivers/iommu/intel/dmar.c and arch/x86/kernel/apic/msi.c.
 */
#ifndef IRQSIM_INTEL_IRQ_REMAPPING_H
#define IRQSIM_INTEL_IRQ_REMAPPING_H

#include <stdbool.h>

struct sim;

/*
 * apic_bsp_setup: enable_IR_x2apic has turned remapping on (log line), then
 * irq_remap_enable_fault_handling requests the DMAR fault interrupt on the
 * boot CPU, before setup_IO_APIC -- except where the unit's NUMA node must
 * match the CPU's (dmar_fault_irq_local), which QEMU's node-less unit never
 * does.  Nothing without remapping.
 */
void intel_irq_remap_enable(struct sim *s);
/*
 * pci_iommu_init -> intel_iommu_init -> init_dmars -> dmar_set_interrupt:
 * DMA remapping (unless intel_iommu=off) requests the fault interrupt if
 * nothing did before; with intremap=off too.
 */
void intel_iommu_init(struct sim *s);

#endif
