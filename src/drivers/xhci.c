// SPDX-License-Identifier: GPL-2.0-only
/*
 * xHCI USB host controllers: QEMU 7.2's qemu-xhci and nec-usb-xhci
 * (hw/usb/hcd-xhci-pci.c, hcd-xhci-nec.c) driven by xhci_pci/xhci_hcd.
 *
 * Device side: the interrupter count 'numintrs' is the MSI-X table size, the
 * MSI vector count and HCSPARAMS1's MaxIntrs.  qemu-xhci has 16 interrupters,
 * MSI-X only (its MSI is off); nec-usb-xhci takes intrs= (default 16, at
 * most 16, rounded up to a power of two) and msi=/msix= (auto: both).
 *
 * Driver side (usb_hcd_pci_probe leaves the irq to xhci: hcd irq 0; the
 * primary hcd's run method enables the interrupts):
 *  - 6.1 xhci_try_enable_msi (drivers/usb/host/xhci.c): xhci_setup_msix asks
 *    pci_alloc_irq_vectors(n, n, MSIX) with n = min(online CPUs + 1,
 *    MaxIntrs) and requests every vector as "xhci_hcd"; on failure
 *    xhci_setup_msi: 1 MSI vector; then INTx "xhci-hcd:usbN" (shared).
 *  - 6.12 xhci_try_enable_msi (xhci-pci.c): pci_alloc_irq_vectors(1, n,
 *    MSIX|MSI) and only vector 0 gets an irq ("xhci_hcd"): the others stay
 *    allocated and unrequested; failure goes to INTx.  With MSI-X off the
 *    MSI range gets n vectors under interrupt remapping, 1 without
 *    (multi-MSI, src/pci/msi.c; q35-4cpu-iommu-xhci-msi).
 * None is managed.  Each controller registers two USB buses (USB 2 and
 * USB 3 roothubs), so the first is usb1, the next controller's usb3.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/driver.h"
#include "drivers/qemu_dev.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

struct xhci_cfg {
	unsigned numintrs;      /* device: interrupters */
	unsigned busnum;        /* the primary roothub's USB bus number */
	unsigned nr_irqs;       /* vectors with a requested irq (MSI-X/MSI) */
	bool intx;              /* the INTx line is requested */
	char descr[32];         /* "xhci-hcd:usb1" */
};

/* USB 2 and USB 3 root ports: the bus's ports are the larger count, each capped at 15 (usb_xhci_realize) */
#define XHCI_PORT_PROPS                                                                                     \
	{ .name = "p2", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL, .def = 4,            \
	  .doc = "USB 2 root ports (above 15: 15); a USB device's port= is checked against the larger of p2 and " \
		 "p3" },                                                                                      \
	{ .name = "p3", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL, .def = 4,            \
	  .doc = "USB 3 root ports (above 15: 15)" }

/* hw/usb/hcd-xhci-nec.c and hcd-xhci-pci.c properties */
static const struct devprop nec_xhci_props[] = {
	{ .name = "intrs", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL, .def = 16,
	  .doc = "interrupters: the MSI-X table size and MSI vector count (capped at 16, rounded up to a power of two)" },
	{ .name = "msix", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "off: no MSI-X capability" },
	{ .name = "msi", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "off: no MSI capability" },
	DP_IGN_INT("slots", 0, 0xffffffffLL, 64),
	XHCI_PORT_PROPS,
	DP_IGN_BOOL("streams", 1),
	DP_IGN_BOOL("force-pcie-endcap", 0),
	DP_IGN_BOOL("superspeed-ports-first", 1),
	DP_IGN_STR("host"),
};
DEVPROP_CLASS(nec_xhci_devprops, "nec-usb-xhci", nec_xhci_props, &devprop_pci_device,
	      "xhci_hcd: min(online CPUs + 1, intrs) MSI-X vectors, non-managed (6.1 requests each, 6.12 only "
	      "the first), else one MSI, else INTx.");

static const struct devprop qemu_xhci_props[] = {
	XHCI_PORT_PROPS,
	DP_IGN_BOOL("streams", 1),
	DP_IGN_STR("host"),
};
DEVPROP_CLASS(qemu_xhci_devprops, "qemu-xhci", qemu_xhci_props, &devprop_pci_device,
	      "16 interrupters, MSI-X only: xhci_hcd takes min(online CPUs + 1, 16) vectors, non-managed "
	      "(6.1 requests each, 6.12 only the first), else INTx.");

extern const struct driver_model qemu_xhci_driver, nec_xhci_driver;

static int xhci_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	struct xhci_cfg *cfg = kmem_zalloc(&s->kmem, sizeof(*cfg));
	if (!cfg)
		return -1;
	unsigned n = 16;
	bool msix = true, msi = false;
	if (dev->drv == &nec_xhci_driver) {
		/* usb_xhci_realize: at most 16, then up to a power of two, at least 1 */
		long long v = dev_prop_int(dev, "intrs");
		n = v > 16 ? 16 : v < 1 ? 1 : (unsigned)v;
		while (n & (n - 1))
			n++;
		msix = dev_prop_int(dev, "msix") != 1;
		msi = dev_prop_int(dev, "msi") != 1;
	}
	cfg->numintrs = n;
	qemu_dev_set_msi_caps(dev, msix ? n : 0, msi ? n : 0);
	dev->drv_cfg = cfg;
	return 0;
}

static const void *xhci_cookie(const struct pci_dev *dev)
{
	return dev->drv_cfg;
}

static void xhci_free_irqs(struct sim *s, struct pci_dev *dev)
{
	struct xhci_cfg *cfg = dev->drv_cfg;
	for (unsigned i = 0; i < cfg->nr_irqs; i++) {
		int irq = pci_irq_vector(dev, i);
		if (irq > 0)
			free_irq(s, (unsigned)irq, xhci_cookie(dev));
	}
	cfg->nr_irqs = 0;
	if (cfg->intx)
		free_irq(s, dev->irq, xhci_cookie(dev));
	cfg->intx = false;
	pci_free_irq_vectors(s, dev); /* also the INTx mode */
}

/* request vectors 0..n-1 as "xhci_hcd"; on a failure free those taken */
static int xhci_request_vectors(struct sim *s, struct pci_dev *dev, unsigned n)
{
	struct xhci_cfg *cfg = dev->drv_cfg;
	for (unsigned i = 0; i < n; i++) {
		int irq = pci_irq_vector(dev, i);
		int r = irq > 0 ? request_irq(s, (unsigned)irq, 0, "xhci_hcd", xhci_cookie(dev)) : -EINVAL;
		if (r) {
			xhci_free_irqs(s, dev);
			return r;
		}
		cfg->nr_irqs = i + 1;
	}
	return 0;
}

/* xhci_try_enable_msi: 0 or -errno (the run method fails, usb_add_hcd unwinds) */
static int xhci_try_enable_msi(struct sim *s, struct pci_dev *dev)
{
	struct xhci_cfg *cfg = dev->drv_cfg;
	unsigned online = cpumask_weight(&s->cpu_online_mask);
	unsigned n = online + 1 < cfg->numintrs ? online + 1 : cfg->numintrs;
	if (s->prof->line >= KERNEL_6_12) {
		sim_explain(s, "xhci_try_enable_msi: pci_alloc_irq_vectors(1, %u, MSIX|MSI), irq on vector 0 only", n);
		int got = pci_alloc_irq_vectors_affinity(s, dev, 1, n, PCI_IRQ_MSIX | PCI_IRQ_MSI, NULL);
		if (got > 0 && !xhci_request_vectors(s, dev, 1))
			return 0;
		if (got > 0)
			pci_free_irq_vectors(s, dev);
	} else {
		sim_explain(s, "xhci_setup_msix: pci_alloc_irq_vectors(%u, %u, MSIX), every vector requested", n, n);
		int got = pci_alloc_irq_vectors_affinity(s, dev, n, n, PCI_IRQ_MSIX, NULL);
		if (got > 0 && !xhci_request_vectors(s, dev, n))
			return 0;
		sim_explain(s, "xhci_setup_msi: pci_alloc_irq_vectors(1, 1, MSI)");
		got = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_MSI, NULL);
		if (got > 0 && !xhci_request_vectors(s, dev, 1))
			return 0;
	}
	if (!dev->irq) {
		sim_log(s, LOG_ERR, "xhci_hcd %s: No msi-x/msi found and no IRQ in BIOS", dev->name);
		return -EINVAL;
	}
	snprintf(cfg->descr, sizeof(cfg->descr), "xhci-hcd:usb%u", cfg->busnum);
	sim_explain(s, "  legacy INTx: request_irq(%u, IRQF_SHARED, \"%s\")", dev->irq, cfg->descr);
	int r = request_irq(s, dev->irq, IRQF_SHARED, cfg->descr, xhci_cookie(dev));
	if (r) {
		sim_log(s, LOG_ERR, "xhci_hcd %s: request interrupt %u failed", dev->name, dev->irq);
		return r;
	}
	cfg->intx = true;
	dev->irq_mode = PCI_IRQ_MODE_INTX; /* what the function ended in, for the reports */
	return 0;
}

/*
 * drivers/usb/host/pci-quirks.c: quirk_usb_early_handoff, a final fixup of
 * every USB controller: it enables the function (mapping its INTx GSI) to
 * take it over from the firmware and disables it again, unmapping the GSI.
 * Boot traces of both kernels show the pair (a reserve, then
 * remove_reserved) for the xHCI's GSI during PCI enumeration.
 */
static void xhci_early_handoff(struct sim *s, struct pci_dev *dev)
{
	if (dev->enabled)
		return;
	pci_enable_device(s, dev);
	pci_disable_device(s, dev);
}

/* xhci_pci_probe -> usb_hcd_pci_probe -> usb_add_hcd (primary: run) + the shared USB 3 hcd */
static int xhci_probe(struct sim *s, struct pci_dev *dev)
{
	struct xhci_cfg *cfg = dev->drv_cfg;
	pci_enable_device(s, dev);
	cfg->busnum = s->usb_bus_next + 1;
	s->usb_bus_next += 2;
	int r = xhci_try_enable_msi(s, dev);
	if (r) {
		pci_disable_device(s, dev);
		return r;
	}
	return 0;
}

static void xhci_remove(struct sim *s, struct pci_dev *dev)
{
	xhci_free_irqs(s, dev);
	pci_disable_device(s, dev);
}

const struct driver_model qemu_xhci_driver = {
	.qemu_name = "qemu-xhci",
	.props = &qemu_xhci_devprops,
	.kernel_name = "xhci_hcd",
	.setup = xhci_setup,
	.enum_fixup = xhci_early_handoff,
	.probe = xhci_probe,
	.remove = xhci_remove,
};

const struct driver_model nec_xhci_driver = {
	.qemu_name = "nec-usb-xhci",
	.props = &nec_xhci_devprops,
	.kernel_name = "xhci_hcd",
	.setup = xhci_setup,
	.enum_fixup = xhci_early_handoff,
	.probe = xhci_probe,
	.remove = xhci_remove,
};
