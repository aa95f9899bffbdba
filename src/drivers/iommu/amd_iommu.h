/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AMD-Vi as QEMU 7.2's amd-iommu presents it to 6.1 and 6.12 under TCG: one
 * IOMMU whose PCI function sits on the root bus, an IVRS table that names
 * the IO-APIC only with intremap on, and interrupt remapping in xapic mode
 * (drivers/iommu/amd/init.c, iommu.c).  Recorded:
 * tests/conformance/golden/q35-4cpu-amd-iommu-*.
 */
#ifndef IRQSIM_AMD_IOMMU_H
#define IRQSIM_AMD_IOMMU_H

#include <stdbool.h>

struct sim;
struct pci_dev;

/*
 * Make dev the IOMMU's own PCI function (AMDVI-PCI: class 0806, no INTx pin,
 * one non-maskable MSI, never bound to a driver) and decide remapping:
 * QEMU's intremap (qemu_intremap) and the kernel's intremap=off and
 * amd_iommu=off.
 */
void amd_iommu_add(struct sim *s, struct pci_dev *dev, bool qemu_intremap);
/*
 * enable_IR_x2apic -> irq_remapping_prepare -> amd_iommu_prepare: the IVRS
 * is parsed; without its IO-APIC entry (QEMU's intremap=off) the kernel
 * says why and turns remapping off.  Nothing without amd-iommu.
 */
void amd_iommu_prepare(struct sim *s);
/*
 * pci_iommu_init -> amd_iommu_init: the PCI side (its log line when
 * remapping is on), then the IOMMU's event interrupt "AMD-Vi" on its own
 * MSI, which is not remapped.  Nothing without amd-iommu or with
 * amd_iommu=off.
 */
void amd_iommu_init(struct sim *s);

#endif
