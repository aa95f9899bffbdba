// SPDX-License-Identifier: GPL-2.0-only
/*
 * ACPI PCI interrupt links (src/pci/acpi_link.c, drivers/acpi/pci_link.c):
 * the penalty table QEMU's links start from, the IRQ each link takes at its
 * first enable in the orders the recordings show, the SCI's link, the
 * bridge swizzle and QEMU's _PRT, and the lines the simulator logs.
 */
#include "simutil.h"

#include "kernel/sim.h"
#include "irq/irqdesc.h"
#include "pci/acpi_link.h"
#include "pci/pci.h"

/* Enable the named links in order; the IRQs they end on, as "10,11,...". */
static void enable_order(struct acpi_links *l, const char *const *names, size_t n, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int idx = acpi_link_find(l, names[i]);
		assert_true(idx >= 0);
		bool first;
		int irq = acpi_link_allocate(l, (unsigned)idx, &first);
		assert_true(first);
		o += (size_t)snprintf(out + o, len - o, "%s%d", i ? "," : "", irq);
	}
}

static void test_pc_penalties_at_scan(void **state)
{
	(void)state;
	struct acpi_links l;
	acpi_links_setup(&l, ACPI_LINKS_PC, NULL);
	assert_int_equal(l.nr, 5);
	assert_string_equal(l.link[4].name, "LNKS");
	/* four links share {5, 10, 11}: 256 / 3 = 85 each */
	assert_int_equal(acpi_irq_get_penalty(&l, 10), 4 * 85);
	assert_int_equal(acpi_irq_get_penalty(&l, 11), 4 * 85);
	assert_int_equal(acpi_irq_get_penalty(&l, 5), PIRQ_PENALTY_ISA_TYPICAL + 4 * 85);
	/* the SCI: LNKS's own share on top of the level/high SCI's ISA_ALWAYS */
	assert_int_equal(acpi_irq_get_penalty(&l, 9), PIRQ_PENALTY_ISA_ALWAYS + PIRQ_PENALTY_PCI_POSSIBLE);
	/* _CRS: what SeaBIOS programmed */
	static const unsigned crs[] = { 10, 10, 11, 11, 9 };
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(l.link[i].active, crs[i]);
}

static void test_pc_choice_by_order(void **state)
{
	(void)state;
	static const struct {
		const char *order[4];
		size_t n;
		const char *want;
		const char *recorded;
	} cases[] = {
		/* the second 10-link moves to 11, the second 11-link to 10 */
		{ { "LNKB", "LNKA", "LNKC", "LNKD" }, 4, "10,11,11,10", "pc-2cpu-emulated-exhaust" },
		/* equal penalties keep the current IRQ */
		{ { "LNKB", "LNKC", "LNKD" }, 3, "10,11,11", "pc-2cpu-link-balance-6.1" },
		{ { "LNKC", "LNKD", "LNKB" }, 3, "11,10,10", "pc-2cpu-link-balance-6.12" },
		{ { "LNKA", "LNKB", "LNKC", "LNKD" }, 4, "10,11,11,10", "pc-2cpu-bridges-intx-6.1" },
		{ { "LNKB", "LNKA", "LNKC", "LNKD" }, 4, "10,11,11,10", "pc-2cpu-bridges-intx-6.12" },
		/* from the source: a first link on 11 keeps it, the next 11-link leaves */
		{ { "LNKD", "LNKC", "LNKA", "LNKB" }, 4, "11,10,10,11", NULL },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		struct acpi_links l;
		acpi_links_setup(&l, ACPI_LINKS_PC, NULL);
		char got[64];
		enable_order(&l, cases[i].order, cases[i].n, got, sizeof(got));
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu (%s): got %s, want %s", i, cases[i].recorded ? cases[i].recorded : "source",
				 got, cases[i].want);
	}
}

static void test_pc_link_kept_and_charged(void **state)
{
	(void)state;
	struct acpi_links l;
	acpi_links_setup(&l, ACPI_LINKS_PC, NULL);
	bool first;
	assert_int_equal(acpi_link_allocate(&l, 1, &first), 10);
	assert_true(first);
	/* PCI_USING charged to the ISA table */
	assert_int_equal(acpi_irq_get_penalty(&l, 10), 4 * 85 + PIRQ_PENALTY_PCI_USING);
	/* a second enable (another function, or after a disable) keeps the IRQ, logs nothing */
	assert_int_equal(acpi_link_allocate(&l, 1, &first), 10);
	assert_false(first);
	assert_int_equal(acpi_irq_get_penalty(&l, 10), 4 * 85 + PIRQ_PENALTY_PCI_USING);
	/* the SCI's link has no usable IRQ: "No IRQ available" */
	assert_int_equal(acpi_link_allocate(&l, 4, &first), -1);
	assert_false(first);
	/* out of range */
	assert_int_equal(acpi_link_allocate(&l, ACPI_LINK_MAX, &first), -1);
	assert_int_equal(acpi_link_find(&l, "LNKZ"), -1);
}

static void test_pc_current_outside_prs(void **state)
{
	(void)state;
	struct acpi_links l;
	acpi_links_setup(&l, ACPI_LINKS_PC, NULL);
	/* a _CRS of 7 is not in _PRS: forgotten, the scan starts from the last possible IRQ */
	l.link[0].active = 7;
	bool first;
	assert_int_equal(acpi_link_allocate(&l, 0, &first), 11);
	/* without balancing (acpi_irq_nobalance) a valid current IRQ is kept whatever its penalty */
	acpi_links_setup(&l, ACPI_LINKS_PC, NULL);
	l.balance = false;
	assert_int_equal(acpi_link_allocate(&l, 1, &first), 10);
	assert_int_equal(acpi_link_allocate(&l, 0, &first), 10);
}

static void test_q35_links(void **state)
{
	(void)state;
	struct acpi_links l;
	acpi_links_setup(&l, ACPI_LINKS_Q35, NULL);
	assert_int_equal(l.nr, 16);
	assert_string_equal(l.link[7].name, "LNKH");
	assert_int_equal(l.link[7].active, 11);
	assert_string_equal(l.link[8].name, "GSIA");
	/* above 15 the penalty is the links' sharing: GSIF's own possible and current IRQ */
	assert_int_equal(acpi_irq_get_penalty(&l, 21), PIRQ_PENALTY_PCI_USING + PIRQ_PENALTY_PCI_POSSIBLE);
	for (unsigned i = 0; i < 8; i++) {
		bool first;
		assert_int_equal(acpi_link_allocate(&l, 8 + i, &first), 16 + (int)i);
		assert_true(first);
	}
}

static void test_swizzle_and_prt(void **state)
{
	(void)state;
	/* pci_swizzle_interrupt_pin: INTA at slot 1 is INTB upstream, slot 4 wraps */
	assert_int_equal(pci_swizzle_pin(1, 1), 2);
	assert_int_equal(pci_swizzle_pin(3, 1), 4);
	assert_int_equal(pci_swizzle_pin(4, 1), 1);
	assert_int_equal(pci_swizzle_pin(11, 1), 4);
	assert_int_equal(pci_swizzle_pin(2, 4), 2);
	/* QEMU's pc _PRT: slot 2 INTA is LNKB, slot 5 INTA LNKA, slot 1 INTA the SCI's LNKS */
	assert_int_equal(acpi_prt_link(ACPI_LINKS_PC, 2, 1), 1);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_PC, 3, 1), 2);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_PC, 4, 1), 3);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_PC, 5, 1), 0);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_PC, 1, 1), 4);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_PC, 1, 2), 1);
	/* a function at 05:0b.0 behind a bridge at root slot 6: INTD at slot 6 is LNKA
	 * (pc-2cpu-emulated-exhaust: the lsi53c895a there took LNKA's IRQ 11) */
	assert_int_equal(acpi_prt_link(ACPI_LINKS_PC, 6, pci_swizzle_pin(11, 1)), 0);
	/* q35: slot 1 INTA is GSIF (irq 21), 00:1f.x INTA GSIA (16) */
	assert_int_equal(acpi_prt_link(ACPI_LINKS_Q35, 1, 1), 13);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_Q35, 2, 1), 14);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_Q35, 4, 1), 12);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_Q35, 31, 1), 8);
	assert_int_equal(acpi_prt_link(ACPI_LINKS_Q35, 31, 2), 9);
}

/* The lines matching 'pat', joined with '\n'. */
static void log_lines(struct sim *s, const char *pat, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->log.nr && o < len; i++)
		if (strstr(s->log.lines[i].text, pat))
			o += (size_t)snprintf(buf + o, len - o, "%s\n", s->log.lines[i].text);
}

/*
 * Through the simulator: functions behind two bridges, the bridges' own
 * links first, the 6.1 module order against 6.12's boot-time virtio_pci
 * (pc-2cpu-bridges-intx), and the pre-5.13 message format.
 */
static void test_sim_bridges(void **state)
{
	(void)state;
	static const char text[] =
		"machine pc\nsmp 2\ncmdline \"pci=nomsi\"\n"
		"device pci-bridge,id=br0,chassis_nr=1\ndevice pci-bridge,id=br1,chassis_nr=2,addr=5\n"
		"device nvme,id=nv0,bus=br1,addr=1\ndevice lsi53c895a,id=l0,bus=br0,addr=1\n"
		"device virtio-blk-pci,id=d0,bus=br1,addr=2\ndevice virtio-net-pci,id=n0,bus=br0,addr=3\n"
		"device megasas-gen2,id=m0,addr=4\nboot\n";
	static const struct {
		const char *kernel, *pat, *want;
	} cases[] = {
		{ "6.1", "Enabled at IRQ",
		  "ACPI: \\_SB_.LNKA: Enabled at IRQ 10\nACPI: \\_SB_.LNKB: Enabled at IRQ 11\n"
		  "ACPI: \\_SB_.LNKC: Enabled at IRQ 11\nACPI: \\_SB_.LNKD: Enabled at IRQ 10\n" },
		{ "6.12", "Enabled at IRQ",
		  "ACPI: \\_SB_.LNKB: Enabled at IRQ 10\nACPI: \\_SB_.LNKA: Enabled at IRQ 11\n"
		  "ACPI: \\_SB_.LNKC: Enabled at IRQ 11\nACPI: \\_SB_.LNKD: Enabled at IRQ 10\n" },
		{ "6.1", "configured for IRQ",
		  "ACPI: PCI: Interrupt link LNKA configured for IRQ 10\nACPI: PCI: Interrupt link LNKB configured for IRQ 10\n"
		  "ACPI: PCI: Interrupt link LNKC configured for IRQ 11\nACPI: PCI: Interrupt link LNKD configured for IRQ 11\n"
		  "ACPI: PCI: Interrupt link LNKS configured for IRQ 9\n" },
		{ "4.18", "Interrupt Link",
		  "ACPI: PCI Interrupt Link [LNKA] (IRQs 5 *10 11)\nACPI: PCI Interrupt Link [LNKB] (IRQs 5 *10 11)\n"
		  "ACPI: PCI Interrupt Link [LNKC] (IRQs 5 10 *11)\nACPI: PCI Interrupt Link [LNKD] (IRQs 5 10 *11)\n"
		  "ACPI: PCI Interrupt Link [LNKS] (IRQs *9)\n"
		  "ACPI: PCI Interrupt Link [LNKA] enabled at IRQ 10\nACPI: PCI Interrupt Link [LNKB] enabled at IRQ 11\n"
		  "ACPI: PCI Interrupt Link [LNKC] enabled at IRQ 11\nACPI: PCI Interrupt Link [LNKD] enabled at IRQ 10\n" },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		struct sim *s = run_text(text, cases[i].kernel);
		char got[2048];
		log_lines(s, cases[i].pat, got, sizeof(got));
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu (%s):\n%s\nwant:\n%s", i, cases[i].kernel, got, cases[i].want);
		irqsim_free(s);
	}
}

/* acpi_irq_pci=, acpi_irq_isa=, acpi_irq_nobalance: on the table and through the command line */
static void test_cmdline_penalties(void **state)
{
	(void)state;
	static const char *const bacd[] = { "LNKB", "LNKA", "LNKC", "LNKD" };
	struct acpi_irq_cmdline c = { .balance = -1 };
	struct acpi_links l;
	char got[64];
	/* IRQ 5 freed for PCI: the third link, on a crowded 11, takes it */
	c.pci_clear[5] = true;
	acpi_links_setup(&l, ACPI_LINKS_PC, &c);
	assert_int_equal(acpi_irq_get_penalty(&l, 5), 4 * 85);
	enable_order(&l, bacd, 4, got, sizeof(got));
	assert_string_equal(got, "10,11,5,11");
	/* IRQ 10 kept for ISA: every link goes to 11 */
	memset(&c, 0, sizeof(c));
	c.balance = -1;
	c.isa_used[10] = 1;
	acpi_links_setup(&l, ACPI_LINKS_PC, &c);
	enable_order(&l, bacd, 4, got, sizeof(got));
	assert_string_equal(got, "11,11,11,11");
	/* no balancing: SeaBIOS's setting stays */
	memset(&c, 0, sizeof(c));
	c.balance = 0;
	acpi_links_setup(&l, ACPI_LINKS_PC, &c);
	enable_order(&l, bacd, 4, got, sizeof(got));
	assert_string_equal(got, "10,10,11,11");

	static const struct {
		const char *cmdline, *want;
	} cases[] = {
		/* virtio_pci binds the root bus first: LNKC, LNKD, LNKA, then the bridge's LNKB
		 * (printed B, A, C, D) */
		{ "", "11,10,11,10" },
		{ "acpi_irq_nobalance", "10,10,11,11" },
		{ "acpi_irq_nobalance acpi_irq_balance", "11,10,11,10" },
		{ "acpi_irq_pci=5", "10,5,11,10" },
		{ "acpi_irq_pci=3,5", "10,5,11,10" },
		/* 20 is skipped and the list goes on; 5 after it counts */
		{ "acpi_irq_pci=20,5", "10,5,11,10" },
		/* a number without a comma after it ends the list */
		{ "acpi_irq_pci=3;5", "11,10,11,10" },
		{ "acpi_irq_pci=0x5", "10,5,11,10" },
		{ "acpi_irq_isa=10", "11,11,11,11" },
		/* in order: cleared, then used again */
		{ "acpi_irq_pci=10 acpi_irq_isa=10", "11,11,11,11" },
		{ "acpi_irq_isa=10 acpi_irq_pci=10", "11,10,11,10" },
		{ "acpi_irq_isa=-10", "11,10,11,10" },
		{ "acpi_irq_isa=", "11,10,11,10" },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		char text[512];
		/* functions on LNKC (slot 3), LNKD (4), LNKA (5), and behind a bridge on LNKB (slot 2) */
		snprintf(text, sizeof(text),
			 "machine pc\nsmp 1\ncmdline \"pci=nomsi %s\"\ndevice pci-bridge,id=br0,chassis_nr=1\n"
			 "device virtio-blk-pci,bus=br0,addr=3\ndevice virtio-blk-pci,addr=5\n"
			 "device virtio-blk-pci,addr=3\ndevice virtio-blk-pci,addr=4\nboot\n",
			 cases[i].cmdline);
		struct sim *s = run_text(text, "6.1");
		size_t o = 0;
		got[0] = '\0';
		for (const char *const *n = bacd; n < bacd + 4; n++) {
			int idx = acpi_link_find(&s->acpi_links, *n);
			assert_true(idx >= 0 && s->acpi_links.link[idx].initialized);
			o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%u", o ? "," : "", s->acpi_links.link[idx].active);
		}
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu (%s): got %s, want %s", i, cases[i].cmdline, got, cases[i].want);
		irqsim_free(s);
	}
}

/* A q35 pci-bridge's own INTx: enabled and mapped before the functions
 * behind it (q35-2cpu-bridge-intx: GSI 21 reserved, sysfs irq 21), and the
 * functions swizzled to the bridge's slot (01:01.0 INTB at slot 1: GSIG). */
static void test_q35_bridge_gsi(void **state)
{
	(void)state;
	static const char text[] = "machine q35\nsmp 2\ncmdline \"pci=nomsi\"\n"
				   "device pci-bridge,id=br0,chassis_nr=1\ndevice virtio-blk-pci,id=d0,bus=br0,addr=1\nboot\n";
	struct sim *s = run_text(text, "6.1");
	const struct pci_dev *br = NULL, *d0 = NULL;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		if (!strcmp(s->pdevs[i]->qemu_driver, "pci-bridge"))
			br = s->pdevs[i];
		if (s->pdevs[i]->id && !strcmp(s->pdevs[i]->id, "d0"))
			d0 = s->pdevs[i];
	}
	assert_non_null(br);
	assert_non_null(d0);
	assert_true(br->intx_mapped);
	assert_int_equal(pci_dev_sysfs_irq(br), 21);
	assert_non_null(irq_to_desc(s, 21));
	assert_int_equal(pci_dev_sysfs_irq(d0), 22);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pc_penalties_at_scan),
		cmocka_unit_test(test_pc_choice_by_order),
		cmocka_unit_test(test_pc_link_kept_and_charged),
		cmocka_unit_test(test_pc_current_outside_prs),
		cmocka_unit_test(test_q35_links),
		cmocka_unit_test(test_swizzle_and_prt),
		cmocka_unit_test(test_sim_bridges),
		cmocka_unit_test(test_cmdline_penalties),
		cmocka_unit_test(test_q35_bridge_gsi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
