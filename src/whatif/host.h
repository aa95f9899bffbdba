/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's side of the guest's interrupts: KVM's GSI routing table.
 * Only counted when the scenario names its host ('host kvm').
 */
#ifndef IRQSIM_HOST_H
#define IRQSIM_HOST_H

#include <stdbool.h>

struct sim;
struct pci_dev;

/*
 * QEMU routes the IO-APIC's 24 pins (GSIs 0-23) at machine creation
 * (hw/i386/kvm/ioapic.c: kvm_pc_setup_irq_routing); MSI routes take the
 * lowest free GSI above them (accel/kvm/kvm-all.c: kvm_irqchip_get_virq).
 */
#define KVM_IOAPIC_GSIS 24

/* The host limits apply (a 'host kvm' line). */
bool host_kvm(const struct sim *s);
/* GSI routes one device holds: one per MSI/MSI-X vector the guest enabled. */
unsigned host_device_routes(const struct pci_dev *d);
/* GSI routes in use: the IO-APIC pins plus every present device's MSI routes. */
unsigned host_routes_used(const struct sim *s);
/* GSI routes left for MSI vectors (may be 0). */
unsigned host_routes_free(const struct sim *s);

#endif
