// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM's GSI routing budget.  Every MSI/MSI-X vector that QEMU delivers
 * through an irqfd (vhost, vhost-user, vfio passthrough, virtio dataplane)
 * needs a GSI route: QEMU adds it when the guest enables the vector
 * (kvm_irqchip_add_msi_route from virtio_pci_vector_use / vfio_add_kvm_msi_virq),
 * and KVM refuses routing tables past KVM_MAX_IRQ_ROUTES entries
 * (virt/kvm/irqchip.c: kvm_set_irq_routing; 4096 on x86 hosts since 4.x).
 * Devices that QEMU emulates without an irqfd inject with KVM_SIGNAL_MSI
 * and take no route: for them the count is an upper bound.
 */
#include "whatif/host.h"
#include "kernel/sim.h"
#include "pci/pci.h"

bool host_kvm(const struct sim *s)
{
	return s->kvm_max_irq_routes != 0;
}

unsigned host_device_routes(const struct pci_dev *d)
{
	if (!d->present || (d->irq_mode != PCI_IRQ_MODE_MSIX && d->irq_mode != PCI_IRQ_MODE_MSI))
		return 0;
	return d->nr_msi;
}

unsigned host_routes_used(const struct sim *s)
{
	unsigned n = KVM_IOAPIC_GSIS;
	for (size_t i = 0; i < s->nr_pdevs; i++)
		n += host_device_routes(s->pdevs[i]);
	return n;
}

unsigned host_routes_free(const struct sim *s)
{
	unsigned used = host_routes_used(s);
	return used < s->kvm_max_irq_routes ? s->kvm_max_irq_routes - used : 0;
}
