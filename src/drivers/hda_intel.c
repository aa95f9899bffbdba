// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel HD Audio: QEMU 7.2's ich9-intel-hda (hw/audio/intel-hda.c: one MSI
 * vector without per-vector masking when msi= is not off, no MSI-X, INTx
 * pin A) and snd_hda_intel (sound/pci/hda/hda_intel.c, 6.1 and 6.12 alike):
 * check_msi turns MSI on (enable_msi=-1 and no quirk for QEMU's IDs),
 * azx_first_init calls pci_enable_msi and, when that fails, uses INTx;
 * azx_acquire_irq requests pdev->irq as the card's irq_descr
 * "snd_hda_intel:cardN" (flags 0 on MSI, IRQF_SHARED on INTx).  Not
 * managed.  The enable_msi module parameter is not modelled.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

struct azx {
	unsigned card;
	int irq;          /* requested, 0 if none */
	char descr[32];   /* "snd_hda_intel:card0" */
};

/* hw/audio/intel-hda.c properties */
static const struct devprop hda_props[] = {
	{ .name = "msi", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "off: no MSI capability (INTx)" },
	DP_IGN_INT("debug", 0, 0xffffffffLL, 0),
	DP_IGN_BOOL("old_msi_addr", 0),
};
DEVPROP_CLASS(hda_devprops, "ich9-intel-hda", hda_props, &devprop_pci_device,
	      "snd_hda_intel: one MSI vector \"snd_hda_intel:cardN\", else INTx; non-managed.");

static int hda_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	struct azx *chip = kmem_zalloc(&s->kmem, sizeof(*chip));
	if (!chip)
		return -1;
	qemu_dev_set_msi_caps(dev, 0, dev_prop_int(dev, "msi") != 1 ? 1 : 0);
	dev->drv_cfg = chip;
	return 0;
}

static int hda_probe(struct sim *s, struct pci_dev *dev)
{
	struct azx *chip = dev->drv_cfg;
	/* azx_probe: snd_card_new takes the next card index */
	chip->card = s->snd_card_next++;
	snprintf(chip->descr, sizeof(chip->descr), "snd_hda_intel:card%u", chip->card);
	pci_enable_device(s, dev);
	sim_explain(s, "azx_first_init: pci_enable_msi");
	bool msi = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSI, NULL) > 0;
	if (!msi)
		pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_LEGACY, NULL);
	if (qemu_dev_request_vector0(s, dev, msi ? 0 : IRQF_SHARED, chip->descr, chip, &chip->irq)) {
		sim_log(s, LOG_ERR, "snd_hda_intel %s: unable to grab IRQ %d, disabling device", dev->name,
			pci_irq_vector(dev, 0));
		qemu_dev_release(s, dev, &chip->irq, chip);
		return -EBUSY;
	}
	return 0;
}

static void hda_remove(struct sim *s, struct pci_dev *dev)
{
	struct azx *chip = dev->drv_cfg;
	qemu_dev_release(s, dev, &chip->irq, chip);
}

const struct driver_model hda_intel_driver = {
	.qemu_name = "ich9-intel-hda",
	.props = &hda_devprops,
	.kernel_name = "snd_hda_intel",
	.setup = hda_setup,
	.probe = hda_probe,
	.remove = hda_remove,
};
