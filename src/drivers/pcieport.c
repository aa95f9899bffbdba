// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCIe port services on QEMU's pcie-root-port (drivers/pci/pcie/portdrv_core.c
 * 6.1, portdrv.c 6.12).  get_port_device_capability picks the services from
 * the host bridge's native_* flags (what _OSC granted, pci/pci_root.c) or
 * pcie_ports=native; one MSI-X vector is allocated for all of them (QEMU's
 * root port has a 1-entry table: nvec 1), and the service drivers request
 * it shared in service order: "PCIe PME", "aerdrv", "pciehp".  QEMU's port
 * also advertises Link Bandwidth Notification, so the BWNOTIF service (no
 * driver in 6.1/6.12) keeps the vector allocated even when no other service
 * is left (_OSC not requested after pcie_aspm=off or pci=nomsi).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drivers/devprops.h"
#include "drivers/driver.h"
#include "drivers/pcieport.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

extern const struct driver_model pcieport_driver;

static const char *const service_cookie = "pcie-services";

/*
 * hw/pci-bridge/pcie_root_port.c, gen_pcie_root_port.c and the PCIe slot's
 * properties.  hotplug and x-native-hotplug are modelled: either off leaves
 * the Hot-Plug Capable bit out of the slot capabilities (the kernel sees no
 * hot-plug bridge, so no pciehp), and QEMU refuses a device_add behind a
 * port with hotplug=off.
 */
static const struct devprop pcieport_props[] = {
	{ .name = "hotplug", .type = DP_BOOL, .use = DP_MODELLED, .def = 1,
	  .doc = "off: the slot is not hot-plug capable (no pciehp) and QEMU refuses hot-adds behind the port" },
	{ .name = "x-native-hotplug", .type = DP_BOOL, .use = DP_MODELLED, .def = 1,
	  .doc = "off: no native (pciehp) hot-plug on the slot; with pcie-hotplug=native QEMU then refuses "
		 "hot-adds behind the port (with ACPI hot-plug QEMU turns it off itself)" },
	DP_IGN_INT("chassis", 0, 255, 0),
	DP_IGN_INT("slot", 0, 65535, 0),
	DP_IGN_INT("port", 0, 255, 0),
	DP_IGN_BOOL("power_controller_present", 1),
	DP_IGN_BOOL("disable-acs", 0),
	DP_IGN_BOOL("x-migrate-msix", 1),
	DP_IGN_INT("aer_log_max", 0, 65535, 8),
	DP_IGN_ENUM("x-speed", devprop_pcie_speed, 3),
	DP_IGN_ENUM("x-width", devprop_pcie_width, 6),
	{ .name = "bus-reserve", .type = DP_INT, .use = DP_IGNORED, .min = 0, .max = 0xffffffffLL, .def_doc = "none" },
	DP_IGN_SIZE_UNSET("io-reserve"),
	DP_IGN_SIZE_UNSET("mem-reserve"),
	DP_IGN_SIZE_UNSET("pref32-reserve"),
	DP_IGN_SIZE_UNSET("pref64-reserve"),
};
DEVPROP_CLASS(pcieport_devprops, "pcie-root-port", pcieport_props, &devprop_pci_device,
	      "PCIe port services (PME, AER, pciehp) on one shared MSI-X vector, as _OSC grants them.");

static int pcieport_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	dev->has_msix = true;
	dev->msix_table_size = 1;
	dev->has_msi = true;
	dev->msi_vec_count = 1;
	dev->msi_maskable = true;
	/* QEMU 7.2 (pcie_cap_slot_init): the slot capability says HotPlug+ only
	 * without ACPI PCI hot-plug, and only when hotplug and x-native-hotplug
	 * are both on */
	dev->is_hotplug_bridge = s->machine == MACHINE_Q35 && s->pcie_hotplug == PCIE_HOTPLUG_NATIVE &&
				 dev_prop_bool(dev, "hotplug") && dev_prop_bool(dev, "x-native-hotplug");
	return 0;
}

unsigned get_port_device_capability(const struct sim *s, const struct pci_dev *dev)
{
	const struct pci_host_bridge *host = &s->host;
	bool native = s->params.pcie_ports_native;
	unsigned services = 0;
	if (dev->is_hotplug_bridge && (native || host->native_pcie_hotplug))
		services |= PCIE_PORT_SERVICE_HP;
	/* QEMU's root port has an AER capability; pci_aer_available (no pci=noaer) */
	if (native || host->native_aer)
		services |= PCIE_PORT_SERVICE_AER;
	/* a Root Port may generate PMEs */
	if (native || host->native_pme)
		services |= PCIE_PORT_SERVICE_PME;
	/* no DPC capability on QEMU's root port; LNKCAP has LBNC */
	services |= PCIE_PORT_SERVICE_BWNOTIF;
	return services;
}

/* pcie_portdrv_probe -> pcie_port_device_register */
static int pcieport_probe(struct sim *s, struct pci_dev *dev)
{
	/* pcie_portdrv_init: with pcie_ports=compat the driver is never registered */
	if (s->params.pcie_ports_disabled)
		return 0;
	pci_enable_device(s, dev);
	unsigned services = get_port_device_capability(s, dev);
	if (!services)
		return 0;
	/* pcie_init_service_irqs -> pcie_port_enable_irq_vec, else INTx */
	int n = pci_alloc_irq_vectors_affinity(s, dev, 1, 32, PCI_IRQ_MSIX | PCI_IRQ_MSI, NULL);
	if (n < 0)
		n = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_LEGACY, NULL);
	if (n < 0)
		services &= PCIE_PORT_SERVICE_HP; /* only pciehp can live without an irq (polling) */
	dev->port_services = services;
	int irq = pci_irq_vector(dev, 0);
	if (irq <= 0)
		return 0;
	/* the service devices bind in bit order: PME, AER, HP */
	if ((services & PCIE_PORT_SERVICE_PME) &&
	    !request_irq(s, (unsigned)irq, IRQF_SHARED, "PCIe PME", service_cookie))
		sim_log(s, LOG_INFO, "pcieport %s: PME: Signaling with IRQ %d", dev->name, irq);
	if ((services & PCIE_PORT_SERVICE_AER) &&
	    !request_threaded_irq(s, (unsigned)irq, IRQF_SHARED, "aerdrv", service_cookie + 1))
		sim_log(s, LOG_INFO, "pcieport %s: AER: enabled with IRQ %d", dev->name, irq);
	/* drivers/pci/hotplug/pciehp_hpc.c: pciehp_request_irq */
	if (services & PCIE_PORT_SERVICE_HP) {
		/* pcie_init: the slot capabilities of QEMU's pcie-root-port */
		sim_log(s, LOG_INFO, "pcieport %s: pciehp: Slot #0 AttnBtn+ PwrCtrl+ MRL- AttnInd+ PwrInd+ HotPlug+ "
			"Surprise+ Interlock+ NoCompl- IbPresDis- LLActRep+", dev->name);
		request_threaded_irq(s, (unsigned)irq, IRQF_SHARED, "pciehp", service_cookie + 2);
	}
	return 0;
}

bool pcieport_hotplug_refused(const struct sim *s, const struct pci_dev *port, char *buf, size_t len)
{
	if (!port || port->drv != &pcieport_driver)
		return false;
	bool native = s->machine == MACHINE_Q35 && s->pcie_hotplug == PCIE_HOTPLUG_NATIVE;
	const char *id = port->id ? port->id : port->name;
	/* QEMU 7.2's two device_add errors: with ACPI hot-plug the port's bus has
	 * no hot-plug handler; natively pcie_cap_slot_pre_plug_cb refuses */
	if (!native && !dev_prop_bool(port, "hotplug"))
		snprintf(buf, len, "QEMU refuses the hot-add: Bus '%s' does not support hotplugging (hotplug=off)", id);
	else if (native && !(dev_prop_bool(port, "hotplug") && dev_prop_bool(port, "x-native-hotplug")))
		snprintf(buf, len, "QEMU refuses the hot-add: Hot-plug failed: unsupported by the port device '%s' (%s=off)",
			 id, dev_prop_bool(port, "hotplug") ? "x-native-hotplug" : "hotplug");
	else
		return false;
	return true;
}

bool pcieport_has_pciehp(const struct pci_dev *port)
{
	return port && port->present && (port->port_services & PCIE_PORT_SERVICE_HP);
}

/* The pciehp interrupt of a port: an attention button press, a presence or link change */
void pciehp_isr(struct sim *s, struct pci_dev *port)
{
	struct irq_desc *desc = irq_to_desc(s, (unsigned)pci_irq_vector(port, 0));
	if (desc)
		handle_irq(s, desc);
}

static void pcieport_remove(struct sim *s, struct pci_dev *dev)
{
	int irq = pci_irq_vector(dev, 0);
	if (irq > 0) {
		if (dev->port_services & PCIE_PORT_SERVICE_HP)
			free_irq(s, (unsigned)irq, service_cookie + 2);
		if (dev->port_services & PCIE_PORT_SERVICE_AER)
			free_irq(s, (unsigned)irq, service_cookie + 1);
		if (dev->port_services & PCIE_PORT_SERVICE_PME)
			free_irq(s, (unsigned)irq, service_cookie);
	}
	dev->port_services = 0;
	pci_free_irq_vectors(s, dev);
}

const struct driver_model pcieport_driver = {
	.qemu_name = "pcie-root-port",
	.props = &pcieport_devprops,
	.kernel_name = "pcieport",
	.builtin = true,
	.setup = pcieport_setup,
	.probe = pcieport_probe,
	.remove = pcieport_remove,
};
