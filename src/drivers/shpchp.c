// SPDX-License-Identifier: GPL-2.0-only
/*
 * shpchp (drivers/pci/hotplug/shpchp_core.c, built into Debian's 6.1 and
 * 6.12) on QEMU's pci-bridge, whose SHPC controller (shpc=on, the default)
 * comes with INTA and an MSI capability of one vector with per-vector
 * masking (pci_bridge_dev_realize's msi_init), so no reservation mode: the
 * vector is assigned when pci_enable_msi activates it.
 *
 * On q35 with ACPI PCI hot-plug (QEMU 7.2's default) acpiphp already owns
 * the bridge's slots, so shpc_probe fails after its controller set-up: the
 * recorded Proxmox guest (golden q35-2cpu-proxmox-default, 6.1 and 6.12)
 * prints "pci_hp_register failed with error -16" and "Slot initialization
 * failed" for each of its four bridges.  What that leaves in the vector
 * space, in shpc_init's and hpc_release_ctlr's order: pci_enable_device maps
 * the bridge's INTx GSI (and nothing disables it again), pci_enable_msi
 * allocates and activates the MSI vector, request_irq, then free_irq and
 * pci_disable_msi give it back (the traces' reserve, alloc, free, reserve,
 * remove_reserved).  Nothing is left bound.
 *
 * With native PCIe hot-plug (machine q35 pcie-hotplug=native), on pc and on
 * the older kernel lines no such guest was recorded: shpchp is not modelled
 * there.
 */
#include <string.h>

#include "drivers/devprops.h"
#include "drivers/shpchp.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

static const char shpchp_cookie[] = "shpchp";

bool shpchp_binds(const struct sim *s, const struct pci_dev *d)
{
	/* shpchp_probe -> shpchp_is_native: only with SHPC control granted by _OSC
	 * (not requested under pci=nomsi or pcie_aspm=off: q35-2cpu-bridge-intx's
	 * bridge with SHPC is never probed) */
	return s->machine == MACHINE_Q35 && s->prof->line >= KERNEL_6_1 && s->pcie_hotplug != PCIE_HOTPLUG_NATIVE &&
	       s->host.native_shpc_hotplug &&
	       d->present && !d->drv && d->is_bridge && !strcmp(d->qemu_driver, "pci-bridge") && d->intx_pin &&
	       /* msi=off (OnOffAuto's index 1): shpc_init falls back to INTx, not recorded */
	       (!d->props || dev_prop_int(d, "msi") != 1);
}

void shpchp_probe(struct sim *s, struct pci_dev *br)
{
	/* shpc_init: pci_enable_device (on q35 the bridge's own INTx GSI is mapped: pci_enable_bridge) */
	pci_enable_bridge(s, br);
	br->has_msi = true;
	br->msi_vec_count = 1;
	br->msi_maskable = true;
	if (pci_alloc_irq_vectors_affinity(s, br, 1, 1, PCI_IRQ_MSI, NULL) < 1)
		return;
	int irq = pci_irq_vector(br, 0);
	/* request_irq(pdev->irq, shpc_isr, IRQF_SHARED, "shpchp"), then the failed init_slots' release */
	if (irq > 0 && !request_irq(s, (unsigned)irq, IRQF_SHARED, "shpchp", shpchp_cookie))
		free_irq(s, (unsigned)irq, shpchp_cookie);
	pci_free_irq_vectors(s, br);
	br->irq_mode = PCI_IRQ_MODE_NONE;
}
