/* SPDX-License-Identifier: GPL-2.0-only */
/* USB devices (usb-tablet, usb-kbd, usb-mouse, usb-storage): checked and listed, no interrupt of their own. */
#ifndef IRQSIM_USBDEV_H
#define IRQSIM_USBDEV_H

#include <stdbool.h>

struct pci_dev;

/* Is this QEMU device a USB device irqsim knows (a line on a USB bus, not a PCI function)? */
bool usb_device_is(const char *qemu_name);
/* Is the function a USB host controller (it has a USB bus)?  *ports: its bus's root ports. */
bool usb_hc(const struct pci_dev *d, unsigned *ports);

#endif
