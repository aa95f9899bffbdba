// SPDX-License-Identifier: GPL-2.0-only
/*
 * USB devices on a USB host controller: QEMU 7.2's usb-tablet, usb-kbd,
 * usb-mouse (hw/usb/dev-hid.c) and usb-storage (hw/usb/dev-storage.c).
 *
 * None is a PCI function: a USB device has no MSI/MSI-X capability and no
 * INTx pin, and its driver (usbhid, usb-storage) requests no irq.  Its
 * transfers complete on the host controller's interrupt (xhci_hcd's
 * interrupter, ehci_hcd's or uhci_hcd's INTx line), which the controller's
 * own model already takes.  So a USB device line changes no vector; it is
 * checked as QEMU checks it - a USB bus must exist (bus=ID.0 of a
 * controller, or usb-bus.N of the Nth one without an id), port=N must be a
 * free root port of it - and listed, so a guest's description loses nothing.
 */
#include <stdio.h>
#include <string.h>

#include "drivers/driver.h"
#include "drivers/usbdev.h"
#include "pci/pci.h"

/* hw/usb/bus.c: every USB device's properties (bus is qdev's own) */
#define USB_DEVICE_PROPS                                                                                   \
	{ .name = "bus", .type = DP_STR, .use = DP_MODELLED, .def_doc = "the first USB bus",                    \
	  .doc = "the USB bus: ID.0 of a USB host controller with id=ID, or usb-bus.N of the (N+1)th without an id" }, \
	{ .name = "port", .type = DP_STR, .use = DP_MODELLED, .def_doc = "the first free port",                 \
	  .doc = "the controller's root port, 1 to its port count, each taken once (irqsim models no usb-hub: "  \
		 "no N.M paths)" },                                                                        \
	DP_IGN_STR("serial"), DP_IGN_STR("pcap"), DP_IGN_BOOL("msos-desc", 1)

/* dev-hid.c: realize refuses a usb_version other than 1 or 2 ("Invalid usb version") */
#define USB_HID_VERSION { .name = "usb_version", .type = DP_INT, .use = DP_IGNORED, .min = 1, .max = 2, .def = 2 }

static const struct devprop usb_tablet_props[] = {
	USB_DEVICE_PROPS, USB_HID_VERSION, DP_IGN_STR("display"), DP_IGN_INT("head", 0, 0xffffffffLL, 0),
};
DEVPROP_CLASS(usb_tablet_devprops, "usb-tablet", usb_tablet_props, NULL,
	      "A USB tablet (usbhid) on a USB host controller: not a PCI function, no interrupt of its own (its "
	      "reports arrive on the controller's interrupt). Needs a USB controller before it (qemu-xhci, "
	      "nec-usb-xhci, or a pci-generic one of ehci-pci, uhci_hcd, ohci-pci); not hot-pluggable in irqsim.");

static const struct devprop usb_kbd_props[] = {
	USB_DEVICE_PROPS, USB_HID_VERSION, DP_IGN_STR("display"),
};
DEVPROP_CLASS(usb_kbd_devprops, "usb-kbd", usb_kbd_props, NULL, "A USB keyboard (usbhid): as usb-tablet.");

static const struct devprop usb_mouse_props[] = {
	USB_DEVICE_PROPS, USB_HID_VERSION,
};
DEVPROP_CLASS(usb_mouse_devprops, "usb-mouse", usb_mouse_props, NULL, "A USB mouse (usbhid): as usb-tablet.");

static const struct devprop usb_storage_props[] = {
	USB_DEVICE_PROPS,
	DP_BLOCK_PROPS,
	DP_IGN_INT("bootindex", -0x80000000LL, 0x7fffffffLL, -1),
	DP_IGN_BOOL("removable", 0),
	DP_IGN_BOOL("commandlog", 0),
	DP_IGN_ENUM("rerror", devprop_blockdev_on_error, 4),
	DP_IGN_ENUM("werror", devprop_blockdev_on_error, 4),
};
DEVPROP_CLASS(usb_storage_devprops, "usb-storage", usb_storage_props, NULL,
	      "A USB mass-storage disk (usb-storage, a SCSI host of its own): as usb-tablet, no interrupt of "
	      "its own.");

bool usb_device_is(const char *qemu_name)
{
	return !strcmp(qemu_name, "usb-tablet") || !strcmp(qemu_name, "usb-kbd") || !strcmp(qemu_name, "usb-mouse") ||
	       !strcmp(qemu_name, "usb-storage");
}

bool usb_hc(const struct pci_dev *d, unsigned *ports)
{
	*ports = 0;
	if (!d->drv)
		return false;
	const char *q = d->drv->qemu_name;
	if (!strcmp(q, "qemu-xhci") || !strcmp(q, "nec-usb-xhci")) {
		/* usb_xhci_realize: p2 and p3 capped at 15 each; the bus's ports are the larger */
		long long p2 = dev_prop_int(d, "p2"), p3 = dev_prop_int(d, "p3");
		p2 = p2 > 15 ? 15 : p2;
		p3 = p3 > 15 ? 15 : p3;
		*ports = (unsigned)(p2 > p3 ? p2 : p3);
		return true;
	}
	if (strcmp(q, "pci-generic"))
		return false;
	/* a controller written as pci-generic, by its driver: QEMU's EHCI has 6
	 * ports (NB_PORTS), UHCI 2, OHCI 3 (pci-ohci's num-ports default) */
	const char *drv = driver_name(d);
	if (!strcmp(drv, "ehci-pci") || !strcmp(drv, "ehci_hcd"))
		*ports = 6;
	else if (!strcmp(drv, "uhci_hcd"))
		*ports = 2;
	else if (!strcmp(drv, "ohci-pci") || !strcmp(drv, "ohci_hcd"))
		*ports = 3;
	return *ports != 0;
}
