// SPDX-License-Identifier: GPL-2.0-only
/*
 * _OSC negotiation of the one host bridge of the QEMU machines
 * (drivers/acpi/pci_root.c: negotiate_os_control, os_control_query_checks,
 * acpi_pci_osc_control_set, acpi_pci_root_create).
 *
 * Platform side (QEMU 7.2 hw/i386/acpi-build.c, build_q35_osc_method): the
 * q35 host bridge (PNP0A08) grants PME, AER, SHPC hot-plug and PCIe
 * capability control, and native PCIe hot-plug only when its ACPI PCI
 * hot-plug for bridges is off; never LTR or DPC.  The i440fx host bridge
 * (PNP0A03) has no _OSC method at all.
 *
 * Kernel side (Debian 6.1/6.12 config): CONFIG_PCIEASPM,
 * CONFIG_HOTPLUG_PCI_PCIE, CONFIG_HOTPLUG_PCI_SHPC and CONFIG_PCIEAER are
 * set, CONFIG_PCIE_EDR is not (no EDR support bit, no DPC control request:
 * the recorded support lines have no EDR).
 */
#include "pci/pci_root.h"

#include <stdio.h>
#include <string.h>

#include "kernel/sim.h"

struct osc_bit {
	unsigned bit;
	const char *name;
};

/* decode_osc_bits prints the names in these tables' order */
static const struct osc_bit support_bits[] = {
	{ OSC_PCI_EXT_CONFIG_SUPPORT, "ExtendedConfig" },
	{ OSC_PCI_ASPM_SUPPORT, "ASPM" },
	{ OSC_PCI_CLOCK_PM_SUPPORT, "ClockPM" },
	{ OSC_PCI_SEGMENT_GROUPS_SUPPORT, "Segments" },
	{ OSC_PCI_MSI_SUPPORT, "MSI" },
	{ OSC_PCI_EDR_SUPPORT, "EDR" },
	{ OSC_PCI_HPX_TYPE_3_SUPPORT, "HPX-Type3" },
};

static const struct osc_bit control_bits[] = {
	{ OSC_PCI_EXPRESS_NATIVE_HP_CONTROL, "PCIeHotplug" },
	{ OSC_PCI_SHPC_NATIVE_HP_CONTROL, "SHPCHotplug" },
	{ OSC_PCI_EXPRESS_PME_CONTROL, "PME" },
	{ OSC_PCI_EXPRESS_AER_CONTROL, "AER" },
	{ OSC_PCI_EXPRESS_CAPABILITY_CONTROL, "PCIeCapability" },
	{ OSC_PCI_EXPRESS_LTR_CONTROL, "LTR" },
	{ OSC_PCI_EXPRESS_DPC_CONTROL, "DPC" },
};

static void names(const struct osc_bit *t, size_t n, unsigned word, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((word & t[i].bit) && o < len)
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? " " : "", t[i].name);
}

void osc_support_names(unsigned word, char *buf, size_t len)
{
	names(support_bits, sizeof(support_bits) / sizeof(support_bits[0]), word, buf, len);
}

void osc_control_names(unsigned word, char *buf, size_t len)
{
	names(control_bits, sizeof(control_bits) / sizeof(control_bits[0]), word, buf, len);
}

static void decode_support(struct sim *s, const char *msg, unsigned word)
{
	char b[160];
	osc_support_names(word, b, sizeof(b));
	sim_log(s, LOG_INFO, "acpi %s: _OSC: %s [%s]", s->host.acpi_name, msg, b);
}

static void decode_control(struct sim *s, const char *msg, unsigned word)
{
	char b[160];
	osc_control_names(word, b, sizeof(b));
	sim_log(s, LOG_INFO, "acpi %s: _OSC: %s [%s]", s->host.acpi_name, msg, b);
}

/* What QEMU's _OSC method leaves of the requested control bits */
static unsigned platform_grants(const struct sim *s, unsigned ctrl)
{
	unsigned allowed = OSC_PCI_SHPC_NATIVE_HP_CONTROL | OSC_PCI_EXPRESS_PME_CONTROL |
			   OSC_PCI_EXPRESS_AER_CONTROL | OSC_PCI_EXPRESS_CAPABILITY_CONTROL;
	if (s->pcie_hotplug == PCIE_HOTPLUG_NATIVE)
		allowed |= OSC_PCI_EXPRESS_NATIVE_HP_CONTROL;
	return ctrl & allowed;
}

/* calculate_support */
static unsigned calculate_support(const struct sim *s)
{
	unsigned support = OSC_PCI_SEGMENT_GROUPS_SUPPORT;
	if (s->prof->osc_hpx_type3)
		support |= OSC_PCI_HPX_TYPE_3_SUPPORT;
	/* pci_ext_cfg_avail: q35 has MMCONFIG (MCFG), i440fx has none */
	if (s->machine == MACHINE_Q35)
		support |= OSC_PCI_EXT_CONFIG_SUPPORT;
	/* pcie_aspm_support_enabled */
	if (!s->params.pcie_aspm_off)
		support |= OSC_PCI_ASPM_SUPPORT | OSC_PCI_CLOCK_PM_SUPPORT;
	/* pci_msi_enabled */
	if (!s->params.pci_nomsi)
		support |= OSC_PCI_MSI_SUPPORT;
	return support;
}

/* calculate_control (Debian config: no DPC request without CONFIG_PCIE_EDR) */
static unsigned calculate_control(void)
{
	return OSC_PCI_EXPRESS_CAPABILITY_CONTROL | OSC_PCI_EXPRESS_PME_CONTROL | OSC_PCI_EXPRESS_LTR_CONTROL |
	       OSC_PCI_EXPRESS_NATIVE_HP_CONTROL | OSC_PCI_SHPC_NATIVE_HP_CONTROL | OSC_PCI_EXPRESS_AER_CONTROL;
}

/* os_control_query_checks */
static bool query_checks(struct sim *s, unsigned support)
{
	char b[160];
	b[0] = '[';
	osc_support_names(ACPI_PCIE_REQ_SUPPORT & ~support, b + 1, sizeof(b) - 2);
	strcat(b, "]");
	snprintf(s->host.osc_outcome, sizeof(s->host.osc_outcome), "not requested (the OS lacks %s)",
		 s->params.pcie_ports_disabled ? "port services: pcie_ports=compat" : b);
	if (s->params.pcie_ports_disabled) {
		sim_log(s, LOG_INFO, "acpi %s: PCIe port services disabled; not requesting _OSC control",
			s->host.acpi_name);
		return false;
	}
	if ((support & ACPI_PCIE_REQ_SUPPORT) != ACPI_PCIE_REQ_SUPPORT) {
		decode_support(s, "not requesting OS control; OS requires", ACPI_PCIE_REQ_SUPPORT);
		return false;
	}
	return true;
}

/*
 * acpi_pci_osc_control_set: query until the platform's answer is stable
 * (each narrowing logged), then request what is left.  False if the host
 * bridge has no _OSC.
 */
static bool osc_control_set(struct sim *s, unsigned *mask)
{
	if (s->machine != MACHINE_Q35)
		return false; /* AE_NOT_FOUND */
	unsigned ctrl = *mask;
	while (true) {
		*mask = platform_grants(s, ctrl);
		if (*mask == ctrl)
			break;
		decode_control(s, "platform does not support", ctrl & ~*mask);
		ctrl = *mask;
		if (!*mask)
			break;
	}
	if ((s->host.osc_control_set & ctrl) == ctrl)
		return true;
	s->host.osc_control_set = *mask;
	return true;
}

/* negotiate_os_control (6.x order; 3.10/4.18 query the support word first) */
static void negotiate_os_control(struct sim *s)
{
	unsigned support = calculate_support(s), control = 0;
	decode_support(s, "OS supports", support);
	if (s->prof->osc_query_support_first) {
		/* acpi_pci_osc_support: a bridge without _OSC that is not PCIe ends here */
		if (s->machine != MACHINE_Q35)
			return;
		if (!query_checks(s, support))
			return;
		control = calculate_control();
		osc_control_set(s, &control);
		decode_control(s, "OS now controls", control);
		return;
	}
	if (query_checks(s, support))
		control = calculate_control();
	/* _OSC is optional for conventional PCI host bridges: nothing more */
	if (!osc_control_set(s, &control))
		return;
	if (control)
		decode_control(s, "OS now controls", control);
}

void acpi_pci_root_add(struct sim *s)
{
	s->host.acpi_name = s->machine == MACHINE_Q35 ? "PNP0A08:00" : "PNP0A03:00";
	s->host.osc_control_set = 0;
	snprintf(s->host.osc_outcome, sizeof(s->host.osc_outcome), "no _OSC");
	s->host.osc_support_set = calculate_support(s);
	negotiate_os_control(s);
	/* acpi_pci_root_create: every feature not granted stays with the platform */
	unsigned c = s->host.osc_control_set;
	if (c) {
		char b[160];
		osc_control_names(c, b, sizeof(b));
		snprintf(s->host.osc_outcome, sizeof(s->host.osc_outcome), "OS controls [%s]", b);
	}
	s->host.native_pcie_hotplug = c & OSC_PCI_EXPRESS_NATIVE_HP_CONTROL;
	s->host.native_shpc_hotplug = c & OSC_PCI_SHPC_NATIVE_HP_CONTROL;
	s->host.native_aer = c & OSC_PCI_EXPRESS_AER_CONTROL;
	s->host.native_pme = c & OSC_PCI_EXPRESS_PME_CONTROL;
	s->host.native_ltr = c & OSC_PCI_EXPRESS_LTR_CONTROL;
	s->host.native_dpc = c & OSC_PCI_EXPRESS_DPC_CONTROL;
}
