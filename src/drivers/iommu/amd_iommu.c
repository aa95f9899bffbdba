// SPDX-License-Identifier: GPL-2.0-only
/*
 * AMD-Vi interrupt remapping (QEMU 7.2's -device amd-iommu, q35).  What it
 * changes for vectors, from drivers/iommu/amd/ of 6.1 and 6.12 and the
 * q35-4cpu-amd-iommu-* recordings (tests/conformance/golden):
 *
 *  - QEMU realizes the IOMMU's PCI function (AMDVI-PCI) at the first free
 *    root-bus slot, so every device after it moves one slot on;
 *  - no early fault interrupt (unlike VT-d's dmar0 on 6.1): the IOMMU's
 *    event interrupt is requested by amd_iommu_init at pci_iommu_init
 *    (rootfs_initcall) through iommu_init_irq -> iommu_setup_msi:
 *    pci_enable_msi on the IOMMU's own function, then
 *    request_threaded_irq(..., "AMD-Vi").  That function is never attached
 *    to the IOMMU (it is no client of itself, so amd_iommu_probe_device
 *    never gives it the remapping MSI domain): its irq sits on the plain
 *    PCI-MSI chip (6.12: its per-device PCI-MSI-<bdf> domain), its MSI has
 *    no per-vector mask, so the vector is reserved at allocation and
 *    assigned at once by the activation (no reservation mode);
 *  - every other irq (IO-APIC pins, the devices' MSI/MSI-X) goes through
 *    the AMD-IR domain: IR-IO-APIC / IR-PCI-MSI chips, vectors reserved and
 *    activated as without remapping, and an affinity change moves the vector
 *    at once and cleans the old one up (amd_ir_set_affinity);
 *  - QEMU's default CPU (qemu64) reports the AuthenticAMD vendor, no x2APIC
 *    and no XT feature in the IVRS EFR: remapping runs in xapic mode and the
 *    kernel prints no "X2APIC enabled".
 */
#include "drivers/iommu/amd_iommu.h"

#include "arch/x86/vector.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

/* the handler's dev_id: the amd_iommu structure */
static const char amd_iommu_owner[] = "AMD-Vi";

void amd_iommu_add(struct sim *s, struct pci_dev *dev, bool qemu_intremap)
{
	/* QEMU's AMDVI-PCI declares no interrupt pin and an MSI capability
	 * without per-vector masking (msi_init(..., 1, true, false)) */
	dev->intx_pin = 0;
	dev->intx_routed = false;
	dev->gsi = 0;
	dev->line_irq = 0; /* SeaBIOS writes no line for a function without a pin */
	dev->has_msi = true;
	dev->msi_vec_count = 1;
	dev->msi_maskable = false;
	dev->iommu_self = true;
	s->amd_iommu = dev;
	s->amd_iommu_intremap = qemu_intremap;
	/*
	 * irq_remapping_prepare: intremap=off (disable_irq_remap) skips
	 * amd_iommu_prepare; amd_iommu=off stops the state machine at
	 * IOMMU_CMDLINE_DISABLED, so amd_iommu_prepare fails too
	 */
	s->irq_remapping = qemu_intremap && !s->params.intremap_off && !s->params.amd_iommu_off;
	if (s->irq_remapping)
		s->ir_set_affinity = ir_set_affinity; /* amd_ir_set_affinity */
}

void amd_iommu_prepare(struct sim *s)
{
	if (!s->amd_iommu || s->params.intremap_off || s->params.amd_iommu_off)
		return;
	if (!s->amd_iommu_intremap) {
		/*
		 * early_amd_iommu_init -> check_ioapic_information: QEMU builds the
		 * IVRS IO-APIC entry (special device, type 0x48) only when its
		 * remapping is on; the kernel then refuses to remap (recorded,
		 * 6.1 and 6.12 alike)
		 */
		sim_log(s, LOG_ERR, "AMD-Vi: [Firmware Bug]: : IOAPIC[0] not in IVRS table");
		sim_log(s, LOG_ERR, "AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found");
		sim_log(s, LOG_ERR, "AMD-Vi: Disabling interrupt remapping");
	}
}

void amd_iommu_init(struct sim *s)
{
	struct pci_dev *dev = s->amd_iommu;
	if (!dev || s->params.amd_iommu_off)
		return;
	/* amd_iommu_init_pci -> print_iommu_info */
	if (s->irq_remapping)
		sim_log(s, LOG_INFO, "AMD-Vi: Interrupt remapping enabled");
	/* amd_iommu_enable_interrupts -> iommu_init_irq -> iommu_setup_msi */
	if (pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSI, NULL) < 0)
		return;
	int irq = pci_irq_vector(dev, 0);
	if (irq <= 0)
		return;
	dev->irq = (unsigned)irq;
	if (request_irq(s, (unsigned)irq, 0, "AMD-Vi", amd_iommu_owner))
		pci_free_irq_vectors(s, dev);
}
