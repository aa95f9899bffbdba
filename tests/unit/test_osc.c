// SPDX-License-Identifier: GPL-2.0-only
/*
 * _OSC negotiation (drivers/acpi/pci_root.c), the port services it leads
 * to (get_port_device_capability) and what pciehp's presence or absence
 * does to hot-unplug: seed 002.
 */
#include "simutil.h"

#include "drivers/driver.h"
#include "drivers/pcieport.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "pci/pci_root.h"

/* The _OSC lines of the log, joined with '\n'. */
static void osc_lines(struct sim *s, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->log.nr && o < len; i++)
		if (strstr(s->log.lines[i].text, "_OSC"))
			o += (size_t)snprintf(buf + o, len - o, "%s\n", s->log.lines[i].text);
}

static struct sim *q35(const char *hp, const char *cmdline, const char *kernel)
{
	char text[600];
	snprintf(text, sizeof(text),
		 "machine q35%s\nsmp 4\ncmdline \"%s\"\ndevice pcie-root-port,id=rp0,chassis=1\n"
		 "device virtio-blk-pci,id=d0,bus=rp0\nboot\nunplug d0\n", hp, cmdline);
	return run_text(text, kernel);
}

static void test_osc_lines(void **state)
{
	(void)state;
	static const struct {
		const char *hp, *cmdline, *kernel, *want;
	} cases[] = {
		{ "", "", "6.1",
		  "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI HPX-Type3]\n"
		  "acpi PNP0A08:00: _OSC: platform does not support [PCIeHotplug LTR]\n"
		  "acpi PNP0A08:00: _OSC: OS now controls [SHPCHotplug PME AER PCIeCapability]\n" },
		{ " pcie-hotplug=native", "", "6.12",
		  "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI HPX-Type3]\n"
		  "acpi PNP0A08:00: _OSC: platform does not support [LTR]\n"
		  "acpi PNP0A08:00: _OSC: OS now controls [PCIeHotplug SHPCHotplug PME AER PCIeCapability]\n" },
		{ " pcie-hotplug=native", "pcie_aspm=off", "6.1",
		  "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig Segments MSI HPX-Type3]\n"
		  "acpi PNP0A08:00: _OSC: not requesting OS control; OS requires [ExtendedConfig ASPM ClockPM MSI]\n" },
		{ "", "pci=nomsi", "6.1",
		  "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments HPX-Type3]\n"
		  "acpi PNP0A08:00: _OSC: not requesting OS control; OS requires [ExtendedConfig ASPM ClockPM MSI]\n" },
		/* 4.18: no HPX-Type3 bit */
		{ " pcie-hotplug=native", "pcie_aspm=off", "4.18",
		  "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig Segments MSI]\n"
		  "acpi PNP0A08:00: _OSC: not requesting OS control; OS requires [ExtendedConfig ASPM ClockPM MSI]\n" },
		/* pcie_ports=native does not change the negotiation */
		{ " pcie-hotplug=native", "pcie_aspm=off pcie_ports=native", "6.1",
		  "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig Segments MSI HPX-Type3]\n"
		  "acpi PNP0A08:00: _OSC: not requesting OS control; OS requires [ExtendedConfig ASPM ClockPM MSI]\n" },
		{ "", "pcie_ports=compat", "6.1",
		  "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI HPX-Type3]\n"
		  "acpi PNP0A08:00: PCIe port services disabled; not requesting _OSC control\n" },
	};
	char got[1000];
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		struct sim *s = q35(cases[i].hp, cases[i].cmdline, cases[i].kernel);
		osc_lines(s, got, sizeof(got));
		assert_string_equal(got, cases[i].want);
		irqsim_free(s);
	}
}

static void test_osc_pc(void **state)
{
	(void)state;
	char got[600];
	/* i440fx: no MMCONFIG, no _OSC method: 6.x still checks the requirements first */
	struct sim *s = run_text("machine pc\nsmp 2\nboot\n", "6.1");
	osc_lines(s, got, sizeof(got));
	assert_string_equal(got, "acpi PNP0A03:00: _OSC: OS supports [ASPM ClockPM Segments MSI HPX-Type3]\n"
				 "acpi PNP0A03:00: _OSC: not requesting OS control; OS requires [ExtendedConfig ASPM ClockPM MSI]\n");
	assert_false(s->host.native_pme);
	irqsim_free(s);
	/* 3.10/4.18 query _OSC first and stop when the method is missing */
	s = run_text("machine pc\nsmp 2\nboot\n", "4.18");
	osc_lines(s, got, sizeof(got));
	assert_string_equal(got, "acpi PNP0A03:00: _OSC: OS supports [ASPM ClockPM Segments MSI]\n");
	irqsim_free(s);
}

static void test_native_flags_and_services(void **state)
{
	(void)state;
	static const struct {
		const char *hp, *cmdline;
		bool hp_native, aer_native;
		unsigned services;
		const char *actions;
	} cases[] = {
		{ "", "", false, true, PCIE_PORT_SERVICE_PME | PCIE_PORT_SERVICE_AER | PCIE_PORT_SERVICE_BWNOTIF,
		  "PCIe PME, aerdrv" },
		{ " pcie-hotplug=native", "", true, true,
		  PCIE_PORT_SERVICE_PME | PCIE_PORT_SERVICE_AER | PCIE_PORT_SERVICE_HP | PCIE_PORT_SERVICE_BWNOTIF,
		  "PCIe PME, aerdrv, pciehp" },
		{ " pcie-hotplug=native", "pcie_aspm=off", false, false, PCIE_PORT_SERVICE_BWNOTIF, NULL },
		{ " pcie-hotplug=native", "pcie_aspm=off pcie_ports=native", false, false,
		  PCIE_PORT_SERVICE_PME | PCIE_PORT_SERVICE_AER | PCIE_PORT_SERVICE_HP | PCIE_PORT_SERVICE_BWNOTIF,
		  "PCIe PME, aerdrv, pciehp" },
		/* ACPI hot-plug: the port hides its hot-plug capability, pcie_ports=native cannot add pciehp */
		{ "", "pcie_ports=native", false, true,
		  PCIE_PORT_SERVICE_PME | PCIE_PORT_SERVICE_AER | PCIE_PORT_SERVICE_BWNOTIF, "PCIe PME, aerdrv" },
		{ " pcie-hotplug=native", "pcie_ports=compat", false, false, 0, NULL },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		struct sim *s = q35(cases[i].hp, cases[i].cmdline, "6.1");
		assert_int_equal(s->host.native_pcie_hotplug, cases[i].hp_native);
		assert_int_equal(s->host.native_aer, cases[i].aer_native);
		assert_false(s->host.native_ltr);
		struct pci_dev *rp = pci_find_by_id(s, "rp0");
		assert_int_equal(rp->port_services, cases[i].services);
		int irq = pci_irq_vector(rp, 0);
		if (!cases[i].services) {
			/* compat: the port driver never binds; the port's INTx line may be mapped
			 * (pci_enable_bridge for the function below) but carries no port service */
			struct irq_desc *d = irq > 0 ? irq_to_desc(s, (unsigned)irq) : NULL;
			for (struct irqaction *a = d ? d->action : NULL; a; a = a->next)
				assert_true(!strstr(a->name, "PCIe") && !strstr(a->name, "aerdrv"));
		} else {
			struct irq_desc *d = irq_to_desc(s, (unsigned)irq);
			assert_non_null(d);
			char names[100] = "";
			for (struct irqaction *a = d->action; a; a = a->next)
				snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", names[0] ? ", " : "",
					 a->name);
			assert_string_equal(names, cases[i].actions ? cases[i].actions : "");
		}
		irqsim_free(s);
	}
}

static void test_unplug_outcomes(void **state)
{
	(void)state;
	static const struct {
		const char *machine, *cmdline;
		bool pending;
	} cases[] = {
		{ "machine q35 pcie-hotplug=native", "pcie_aspm=off", true },
		{ "machine q35 pcie-hotplug=native", "pci=nomsi", true },
		{ "machine q35 pcie-hotplug=native", "", false },
		{ "machine q35 pcie-hotplug=native", "pcie_aspm=off pcie_ports=native", false },
		{ "machine q35", "pcie_aspm=off", false },
		{ "machine pc", "pcie_aspm=off", false },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		char text[500];
		bool pc = strstr(cases[i].machine, "pc") && !strstr(cases[i].machine, "q35");
		snprintf(text, sizeof(text), "%s\nsmp 4\ncmdline \"%s\"\n%sdevice virtio-blk-pci,id=d0%s\nboot\nunplug d0\n",
			 cases[i].machine, cases[i].cmdline, pc ? "" : "device pcie-root-port,id=rp0,chassis=1\n",
			 pc ? "" : ",bus=rp0");
		struct sim *s = run_text(text, "6.1");
		struct pci_dev *d = pci_find_by_id(s, "d0");
		if (cases[i].pending) {
			/* the disk stays with its irqs (MSI-X, or INTx after pci=nomsi); the step says so */
			assert_non_null(d);
			assert_true(d->unplug_pending);
			assert_int_equal(device_irq_mode(d), strstr(cases[i].cmdline, "nomsi") ? DM_INTX : DM_PER_VQ);
			assert_string_contains(s->steps.lines[1], "rc=1 no DEVICE_DELETED");
		} else {
			assert_null(d);
			assert_string_equal(s->steps.lines[1], "step 2 unplug d0: rc=0 DEVICE_DELETED");
		}
		irqsim_free(s);
	}
}

static void test_hot_add_without_pciehp(void **state)
{
	(void)state;
	/* the spare port's slot never powers on: the guest never sees the
	 * device, and QEMU unplugs it at once (powered-off slot) */
	struct sim *s = run_text("machine q35 pcie-hotplug=native\nsmp 2\ncmdline \"pcie_aspm=off\"\nboot\n"
				 "hotplug virtio-blk-pci,id=h0\nio h0\nunplug h0\n", "6.1");
	assert_string_contains(s->steps.lines[1], "the guest does not see h0");
	assert_string_equal(s->steps.lines[2], "step 3 io h0: rc=1 no block device");
	assert_string_equal(s->steps.lines[3], "step 4 unplug h0: rc=0 DEVICE_DELETED");
	irqsim_free(s);
}

static void test_pciehp_log(void **state)
{
	(void)state;
	static const char *const want61[] = {
		"pcieport 0000:00:01.0: pciehp: Slot #0 AttnBtn+ PwrCtrl+ MRL- AttnInd+ PwrInd+ HotPlug+ Surprise+ Interlock+ NoCompl- IbPresDis- LLActRep+",
		"pcieport 0000:00:01.0: pciehp: Slot(0): Attention button pressed",
		"pcieport 0000:00:01.0: pciehp: Slot(0): Powering off due to button press",
	};
	struct sim *s = q35(" pcie-hotplug=native", "", "6.1");
	size_t k = 0;
	for (size_t i = 0; i < s->log.nr && k < TU_ARRAY_SIZE(want61); i++)
		if (!strcmp(s->log.lines[i].text, want61[k]))
			k++;
	assert_int_equal(k, TU_ARRAY_SIZE(want61));
	irqsim_free(s);
	s = q35(" pcie-hotplug=native", "", "6.12");
	bool combined = false;
	for (size_t i = 0; i < s->log.nr; i++)
		if (!strcmp(s->log.lines[i].text, "pcieport 0000:00:01.0: pciehp: Slot(0): Button press: will power off in 5 sec"))
			combined = true;
	assert_true(combined);
	irqsim_free(s);
}

static void test_machine_syntax(void **state)
{
	(void)state;
	struct scenario scn;
	char err[300];
	const char *ok = "machine q35 pcie-hotplug=native\n";
	assert_int_equal(scenario_parse("x.scn", ok, strlen(ok), &scn, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[0].u.machine.type, MACHINE_Q35);
	assert_int_equal(scn.dirs[0].u.machine.pcie_hotplug, PCIE_HOTPLUG_NATIVE);
	scenario_free(&scn);
	static const struct {
		const char *text, *err;
	} bad[] = {
		{ "machine pc pcie-hotplug=acpi", "x.scn:1:12: pcie-hotplug= needs machine q35 (machine pc has no PCIe ports; its hot-plug is ACPI's)" },
		{ "machine q35 pcie-hotplug", "x.scn:1:25: expected '=' after 'pcie-hotplug'" },
		{ "machine q35 pcie-hotplug=acpi pcie-hotplug=acpi", "x.scn:1:31: duplicate machine option 'pcie-hotplug'" },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(bad); i++) {
		assert_int_equal(scenario_parse("x.scn", bad[i].text, strlen(bad[i].text), &scn, err, sizeof(err)), -1);
		assert_string_equal(err, bad[i].err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osc_lines),
		cmocka_unit_test(test_osc_pc),
		cmocka_unit_test(test_native_flags_and_services),
		cmocka_unit_test(test_unplug_outcomes),
		cmocka_unit_test(test_hot_add_without_pciehp),
		cmocka_unit_test(test_pciehp_log),
		cmocka_unit_test(test_machine_syntax),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
