/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ACPI PCI host bridge (drivers/acpi/pci_root.c): _OSC negotiation and
 * the native_* flags of struct pci_host_bridge that follow from it.
 */
#ifndef IRQSIM_PCI_ROOT_H
#define IRQSIM_PCI_ROOT_H

#include <stdbool.h>
#include <stddef.h>

struct sim;

/* include/linux/pci-acpi.h: _OSC support (DWORD 2) and control (DWORD 3) bits */
#define OSC_PCI_EXT_CONFIG_SUPPORT          0x01u
#define OSC_PCI_ASPM_SUPPORT                0x02u
#define OSC_PCI_CLOCK_PM_SUPPORT            0x04u
#define OSC_PCI_SEGMENT_GROUPS_SUPPORT      0x08u
#define OSC_PCI_MSI_SUPPORT                 0x10u
#define OSC_PCI_EDR_SUPPORT                 0x80u
#define OSC_PCI_HPX_TYPE_3_SUPPORT          0x100u
#define ACPI_PCIE_REQ_SUPPORT (OSC_PCI_EXT_CONFIG_SUPPORT | OSC_PCI_ASPM_SUPPORT | \
			       OSC_PCI_CLOCK_PM_SUPPORT | OSC_PCI_MSI_SUPPORT)

#define OSC_PCI_EXPRESS_NATIVE_HP_CONTROL   0x01u
#define OSC_PCI_SHPC_NATIVE_HP_CONTROL      0x02u
#define OSC_PCI_EXPRESS_PME_CONTROL         0x04u
#define OSC_PCI_EXPRESS_AER_CONTROL         0x08u
#define OSC_PCI_EXPRESS_CAPABILITY_CONTROL  0x10u
#define OSC_PCI_EXPRESS_LTR_CONTROL         0x20u
#define OSC_PCI_EXPRESS_DPC_CONTROL         0x80u

/* include/linux/pci.h: struct pci_host_bridge, the parts _OSC decides */
struct pci_host_bridge {
	bool native_pcie_hotplug;
	bool native_shpc_hotplug;
	bool native_aer;
	bool native_pme;
	bool native_ltr;
	bool native_dpc;
	/* struct acpi_pci_root */
	unsigned osc_support_set;
	unsigned osc_control_set;
	const char *acpi_name;    /* "PNP0A08:00" (q35, PCIe) or "PNP0A03:00" (pc) */
	char osc_outcome[200];    /* one line for the summary */
};

/*
 * acpi_pci_root_add -> negotiate_os_control, then acpi_pci_root_create:
 * logs the _OSC lines and sets s->host.
 */
void acpi_pci_root_add(struct sim *s);

/* "Name1 Name2" for the _OSC support or control bits set in word (decode_osc_bits order) */
void osc_support_names(unsigned word, char *buf, size_t len);
void osc_control_names(unsigned word, char *buf, size_t len);

#endif
