// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshots of real machines: /proc/interrupts of 3.10 and 6.x, config
 * space capabilities, lspci text, MSI irqs found by chip name and hwirq, the
 * JSON round trip and its FILE:LINE:COL errors, the kernel line of a
 * release, the scenario a snapshot gives, and the doctor's rebuilt space on
 * a hand-made machine.
 */
#include "testutil.h"

#include "doctor/doctor.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_int.h"
#include "snapshot/snapshot_scenario.h"

static const char proc61[] =
	"           CPU0       CPU1       \n"
	"  0:         96          0   IO-APIC   2-edge      timer\n"
	"  9:          0          0   IO-APIC   9-fasteoi   acpi\n"
	" 24:          0          0   PCI-MSI 540672-edge      virtio0-config\n"
	" 25:          3          4   PCI-MSI 540673-edge      virtio0-req.0\n"
	" 26:          0          0   PCI-MSI 540674-edge      \n"
	" 27:          1          0   IO-APIC  11-fasteoi   virtio1, uhci_hcd:usb1\n"
	"NMI:          0          0   Non-maskable interrupts\n"
	"LOC:      53055      57261   Local timer interrupts\n"
	"ERR:          0\n";

static void test_interrupts_61(void **state)
{
	(void)state;
	struct snapshot s;
	char err[200];
	memset(&s, 0, sizeof(s));
	assert_int_equal(snapshot_parse_interrupts(&s, proc61, err, sizeof(err)), 0);
	assert_int_equal(s.proc_cpus, 2);
	assert_int_equal(s.nr_irqs, 6);
	assert_string_equal(s.arch, "x86_64");
	const struct snap_irq *q = snapshot_irq(&s, 24);
	assert_non_null(q);
	assert_string_equal(q->chip, "PCI-MSI");
	assert_string_equal(q->hwirq, "540672");
	assert_string_equal(q->type, "edge");
	assert_string_equal(q->actions, "virtio0-config");
	assert_int_equal(snapshot_irq(&s, 25)->count, 7);
	assert_string_equal(snapshot_irq(&s, 26)->actions, "");
	/* shared INTx: sysfs's comma form */
	assert_string_equal(snapshot_irq(&s, 27)->actions, "virtio1,uhci_hcd:usb1");
	assert_string_equal(snapshot_irq(&s, 9)->type, "fasteoi");
	snapshot_free(&s);
}

static void test_interrupts_310(void **state)
{
	(void)state;
	static const char proc[] = "           CPU0\n"
				   "  0:        134   IO-APIC-edge      timer\n"
				   " 45:          0   PCI-MSI-edge      i40e-0000:04:00.0:misc\n";
	struct snapshot s;
	char err[200];
	memset(&s, 0, sizeof(s));
	assert_int_equal(snapshot_parse_interrupts(&s, proc, err, sizeof(err)), 0);
	assert_string_equal(snapshot_irq(&s, 0)->chip, "IO-APIC");
	assert_string_equal(snapshot_irq(&s, 0)->type, "edge");
	assert_null(snapshot_irq(&s, 0)->hwirq);
	assert_string_equal(snapshot_irq(&s, 45)->chip, "PCI-MSI");
	assert_string_equal(snapshot_irq(&s, 45)->actions, "i40e-0000:04:00.0:misc");
	snapshot_free(&s);
}

/*
 * Rows out of order (fuzz_root: 0, 25, 24, 25, 24) are one entry per irq:
 * a row above the last appended one (25 after 24) is not necessarily new.
 */
static void test_interrupts_out_of_order(void **state)
{
	(void)state;
	static const char proc[] = "           CPU0\n"
				   "  0:        1   IO-APIC   2-edge      timer\n"
				   " 25:        2   PCI-MSI 32768-edge      a\n"
				   " 24:        3   PCI-MSI 32769-edge      b\n"
				   " 25:        4   PCI-MSI 32768-edge      a\n"
				   " 24:        5   PCI-MSI 32769-edge      b\n";
	struct snapshot s;
	char err[200];
	memset(&s, 0, sizeof(s));
	assert_int_equal(snapshot_parse_interrupts(&s, proc, err, sizeof(err)), 0);
	assert_int_equal(s.nr_irqs, 3);
	assert_int_equal(s.irqs[0].irq, 0);
	assert_int_equal(s.irqs[1].irq, 24);
	assert_int_equal(s.irqs[2].irq, 25);
	snapshot_free(&s);
}

static void test_interrupts_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "garbage\n", "1:1: expected the CPU header" },
		{ "  CPU0 CPU1\n 24: 1 x PCI-MSI 1-edge a\n", "2:8: expected one count per CPU column" },
		{ "  CPU0\n 99999999999: 1 IO-APIC 1-edge a\n", "2:2: irq number out of range" },
		{ "  CPU0\nnot a row\n", "2:1: expected 'IRQ:' or 'NAME:'" },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		struct snapshot s;
		char err[200];
		memset(&s, 0, sizeof(s));
		assert_int_equal(snapshot_parse_interrupts(&s, cases[i].text, err, sizeof(err)), -1);
		assert_string_contains(err, cases[i].want);
		snapshot_free(&s);
	}
}

/* A config space with MSI-X (table 3) and a PCIe root port with a hot-plug slot */
static void test_config_caps(void **state)
{
	(void)state;
	unsigned char cfg[256];
	memset(cfg, 0, sizeof(cfg));
	cfg[0x06] = 0x10;        /* capabilities list */
	cfg[0x0e] = 0x01;        /* bridge header */
	cfg[0x19] = 0x05;        /* secondary bus */
	cfg[0x34] = 0x40;
	cfg[0x40] = 0x10;        /* PCIe */
	cfg[0x41] = 0x60;
	cfg[0x42] = 0x42;        /* version 2, type 4 (root port) */
	cfg[0x43] = 0x01;        /* slot implemented */
	cfg[0x40 + 0x14] = 0x40; /* SltCap: hot-plug capable */
	cfg[0x60] = 0x11;        /* MSI-X */
	cfg[0x61] = 0x70;
	cfg[0x62] = 0x02;        /* table size 3 */
	cfg[0x70] = 0x05;        /* MSI, 4 vectors (multiple message capable 2) */
	cfg[0x72] = 0x04;
	struct snap_pci p = { .msix_table = -1, .msi_max = -1, .pcie_type = -1, .hotplug_slot = -1,
			      .secondary_bus = -1 };
	snap_pci_parse_config(&p, cfg, sizeof(cfg));
	assert_int_equal(p.msix_table, 3);
	assert_int_equal(p.msi_max, 4);
	assert_int_equal(p.pcie_type, 4);
	assert_int_equal(p.hotplug_slot, 1);
	assert_int_equal(p.secondary_bus, 5);
	/* what an unprivileged reader gets: 64 bytes, capabilities unknown, not guessed */
	struct snap_pci u = { .msix_table = -1, .msi_max = -1, .pcie_type = -1, .hotplug_slot = -1,
			      .secondary_bus = -1 };
	snap_pci_parse_config(&u, cfg, 64);
	assert_int_equal(u.msix_table, -1);
	assert_int_equal(u.msi_max, -1);
	assert_int_equal(u.secondary_bus, 5);
	/* a looping capability list ends */
	cfg[0x71] = 0x60;
	struct snap_pci l = { .msix_table = -1, .msi_max = -1, .pcie_type = -1, .hotplug_slot = -1 };
	snap_pci_parse_config(&l, cfg, sizeof(cfg));
	assert_int_equal(l.msix_table, -1);
}

static const char lspci[] =
	"00:00.0 Host bridge [0600]: Intel Corporation 440FX - 82441FX PMC [Natoma] [8086:1237] (rev 02)\n"
	"\tSubsystem: Red Hat, Inc. Qemu virtual machine [1af4:1100]\n"
	"00:03.0 SCSI storage controller [0100]: Red Hat, Inc. Virtio block device [1af4:1001]\n"
	"\tSubsystem: Red Hat, Inc. Device [1af4:0002]\n"
	"\tInterrupt: pin A routed to IRQ 11\n"
	"\tCapabilities: [98] MSI-X: Enable+ Count=3 Masked-\n"
	"\t\tVector table: BAR=1 offset=00000000\n"
	"\tKernel driver in use: virtio-pci\n"
	"\n"
	"00:04.0 PCI bridge [0604]: Red Hat, Inc. QEMU PCI-PCI bridge [1b36:0001]\n"
	"\tBus: primary=00, secondary=01, subordinate=01, sec-latency=0\n";

static void test_lspci_and_hwirq(void **state)
{
	(void)state;
	static const char proc[] = "   CPU0 CPU1\n"
				   " 24:   0   0   PCI-MSI 49152-edge      virtio0-config\n"
				   " 25:   0   0   PCI-MSI 49153-edge      virtio0-req.0\n"
				   " 26:   0   0   PCI-MSI 49154-edge      virtio0-req.1\n";
	struct snapshot s;
	char err[200];
	memset(&s, 0, sizeof(s));
	assert_int_equal(snapshot_parse_lspci(&s, lspci, err, sizeof(err)), 0);
	assert_int_equal(s.nr_pcis, 3);
	const struct snap_pci *blk = &s.pcis[1];
	assert_string_equal(blk->bdf, "0000:00:03.0");
	assert_int_equal(blk->vendor, 0x1af4);
	assert_int_equal(blk->device, 0x1001);
	assert_int_equal(blk->class, 0x010000);
	assert_int_equal(blk->irq, 11);
	assert_int_equal(blk->msix_table, 3);
	assert_string_equal(blk->driver, "virtio-pci");
	assert_int_equal(s.pcis[2].secondary_bus, 1);
	/* 49152 = 00:03.0 << 11: the PCI-MSI domain's hwirq names the function */
	assert_int_equal(snapshot_parse_interrupts(&s, proc, err, sizeof(err)), 0);
	snapshot_attach_msi_irqs(&s);
	assert_int_equal(blk->nr_msi_irqs, 3);
	assert_true(blk->msi_irqs[0].msix);
	assert_string_equal(blk->virtio_dev, "virtio0");
	assert_string_equal(blk->virtio_driver, "virtio_blk");
	struct snap_scenario_info info;
	free(s.possible);
	s.possible = xstrdup("0-1");
	char *scn = snapshot_scenario(&s, &info, err, sizeof(err));
	assert_non_null(scn);
	assert_string_contains(scn, "machine pc\n");
	assert_string_contains(scn, "device pci-bridge,id=br1,addr=4\n");
	assert_string_contains(scn, "device virtio-blk-pci,addr=3,num-queues=2\n");
	assert_true(info.qemu_machine);
	free(scn);
	assert_int_equal(snapshot_parse_lspci(&s, "zz:zz\n", err, sizeof(err)), -1);
	snapshot_free(&s);
	/* ids and classes are four hex digits: a sign or fewer digits is no id (fuzz_root: "[-100]") */
	memset(&s, 0, sizeof(s));
	assert_int_equal(snapshot_parse_lspci(&s, "00:02.0 SCSI storage controller [-100]: Red Hat [+af4:10 1]\n",
					      err, sizeof(err)), 0);
	assert_int_equal(s.nr_pcis, 1);
	assert_int_equal(s.pcis[0].class, 0);
	assert_int_equal(s.pcis[0].vendor, 0);
	snapshot_free(&s);
}

/*
 * pci=nomsi: no irq number shows the binding order, the kernel log does
 * (pc-2cpu-bridges-intx); a function enumerated after init is a hotplug
 * line, the last addition where a slot was emptied and filled again
 */
static void test_intx_order_from_log(void **state)
{
	(void)state;
	static const char ls[] =
		"00:02.0 Non-Volatile memory controller [0108]: Red Hat, Inc. QEMU NVM Express Controller [1b36:0010]\n"
		"\tInterrupt: pin A routed to IRQ 11\n"
		"\tKernel driver in use: nvme\n\n"
		"00:03.0 RAID bus controller [0104]: Broadcom / LSI MegaRAID SAS 2108 [1000:0079]\n"
		"\tInterrupt: pin A routed to IRQ 10\n"
		"\tKernel driver in use: megaraid_sas\n\n"
		"00:04.0 SCSI storage controller [0100]: Broadcom / LSI 53c895a [1000:0012]\n"
		"\tInterrupt: pin A routed to IRQ 11\n"
		"\tKernel driver in use: sym53c8xx\n\n"
		"00:05.0 SCSI storage controller [0100]: Broadcom / LSI 53c895a [1000:0012]\n"
		"\tInterrupt: pin A routed to IRQ 10\n"
		"\tKernel driver in use: sym53c8xx\n";
	static const char proc[] = "   CPU0 CPU1\n"
				   " 10:   0   0   IO-APIC 10-fasteoi   megasas0, sym53c8xx\n"
				   " 11:   0   0   IO-APIC 11-fasteoi   nvme0q0, sym53c8xx\n";
	struct snapshot s;
	char err[200];
	memset(&s, 0, sizeof(s));
	assert_int_equal(snapshot_parse_lspci(&s, ls, err, sizeof(err)), 0);
	assert_int_equal(snapshot_parse_interrupts(&s, proc, err, sizeof(err)), 0);
	snapshot_attach_msi_irqs(&s);
	s.possible = xstrdup("0-1");
	/* the enumeration's "pci" lines name every function first: not a probe */
	snap_set_dmesg(&s, "pci 0000:00:02.0: [1b36:0010] type 00 class 0x010802\n"
			   "pci 0000:00:03.0: [1000:0079] type 00 class 0x010400\n"
			   "pci 0000:00:04.0: [1000:0012] type 00 class 0x010000\n"
			   "pci 0000:00:05.0: [1000:0012] type 00 class 0x010000\n"
			   "Run /init as init process\n"
			   "megaraid_sas 0000:00:03.0: FW now in Ready state\n"
			   "sym0: <895a> rev 0x0 at pci 0000:00:04.0 irq 11\n"
			   "nvme nvme0: pci function 0000:00:02.0\n"
			   "pci 0000:00:05.0: [1b36:0010] type 00 class 0x010802\n"
			   "pci 0000:00:06.0: [1000:0012] type 00 class 0x010000\n"
			   "pci 0000:00:05.0: [1000:0012] type 00 class 0x010000\n"
			   "sym1: <895a> rev 0x0 at pci 0000:00:05.0 irq 10\n");
	struct snap_scenario_info info;
	char *scn = snapshot_scenario(&s, &info, err, sizeof(err));
	assert_non_null(scn);
	assert_string_contains(scn, "device megasas-gen2,addr=3\n"
				    "device lsi53c895a,addr=4\n"
				    "device nvme,addr=2\n"
				    "boot\n"
				    "hotplug lsi53c895a,addr=5\n");
	free(scn);
	snapshot_free(&s);
}

static int load_json(const char *text, struct snapshot *s, char *err, size_t errlen)
{
	return snapshot_read_json("s.json", text, strlen(text), s, err, errlen);
}

static void test_json_round_trip(void **state)
{
	(void)state;
	struct snapshot s;
	char err[300];
	memset(&s, 0, sizeof(s));
	s.source = xstrdup("test");
	s.possible = xstrdup("0-1");
	s.release = xstrdup("6.1.0-56-amd64");
	assert_int_equal(snapshot_parse_interrupts(&s, proc61, err, sizeof(err)), 0);
	assert_int_equal(snapshot_parse_lspci(&s, lspci, err, sizeof(err)), 0);
	snapshot_attach_msi_irqs(&s);
	snap_set_dmesg(&s, "[    1.000000] hello\n[    2.5] genirq: Flags mismatch irq 0\n");
	char *a = NULL, *b = NULL;
	size_t al, bl;
	FILE *f = open_memstream(&a, &al);
	assert_int_equal(snapshot_write_json(&s, f), 0);
	fclose(f);
	struct snapshot r;
	assert_int_equal(snapshot_read_json("s.json", a, al, &r, err, sizeof(err)), 0);
	f = open_memstream(&b, &bl);
	assert_int_equal(snapshot_write_json(&r, f), 0);
	fclose(f);
	assert_string_equal(a, b);
	assert_string_equal(r.dmesg[1], "genirq: Flags mismatch irq 0");
	free(a);
	free(b);
	snapshot_free(&r);
	snapshot_free(&s);
}

static void test_json_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "{\"irqsim_snapshot\": 1,\n \"irqs\": [}", "s.json:2:11: " },
		{ "[1]", "s.json:1:1: a snapshot must be an object" },
		{ "{\"x\": 1}", "s.json:1:1: not an irqsim snapshot" },
		{ "{\"irqsim_snapshot\": 7}", "s.json:1:21: snapshot format 7 is not supported" },
		{ "{\"irqsim_snapshot\": 1,\n \"irqs\": [\n  {\"irq\": 3},\n  {\"irq\": 4, \"affinity\": 5}]}",
		  "s.json:4:26: 'affinity' must be a string or null" },
		{ "{\"irqsim_snapshot\": 1, \"irqs\": [{\"irq\": 4}, {\"irq\": 4}]}",
		  "s.json:1:53: irq 4 is out of ascending order or listed twice" },
		{ "{\"irqsim_snapshot\": 1, \"pci\": [{\"bdf\": \"0000:00:01.0\", \"vendor\": \"xyz\"}]}",
		  "s.json:1:66: 'vendor' must be a hexadecimal id" },
		{ "{\"irqsim_snapshot\": 1, \"irqs\": [{\"irq\": -1}]}", "s.json:1:41: 'irq' must be between 0 and" },
		{ "{\"irqsim_snapshot\": 1, \"irqsim_snapshot\": 1}", "s.json:1:" },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		struct snapshot s;
		char err[300];
		assert_int_equal(load_json(cases[i].text, &s, err, sizeof(err)), -1);
		assert_string_contains(err, cases[i].want);
	}

	/* nesting deeper than the locator used to recurse (jansson takes 2048):
	 * the error is still found, past it, and the locator does not spin */
	char deep[512], err[300];
	struct snapshot s;
	int n = snprintf(deep, sizeof(deep), "{\"irqsim_snapshot\": 1, \"x\": ");
	for (int i = 0; i < 100; i++)
		deep[n++] = '[';
	for (int i = 0; i < 100; i++)
		deep[n++] = ']';
	snprintf(deep + n, sizeof(deep) - (size_t)n, ", \"irqs\": [{\"irq\": 4}, {\"irq\": 4}]}");
	assert_int_equal(load_json(deep, &s, err, sizeof(err)), -1);
	assert_string_contains(err, "s.json:1:260: irq 4 is out of ascending order or listed twice");
}

static void test_kernel_line(void **state)
{
	(void)state;
	static const struct {
		const char *release;
		enum kernel_line line;
		bool exact;
	} cases[] = {
		{ "6.1.0-56-amd64", KERNEL_6_1, true },	      { "6.12.107+deb12-amd64", KERNEL_6_12, true },
		{ "4.18.0-305.el8.x86_64", KERNEL_4_18, true }, { "3.10.0-1160.el7.x86_64", KERNEL_3_10, true },
		{ "6.18.44-fc", KERNEL_6_18, true },	      { "5.14.0-70.el9", KERNEL_5_14, true },
		{ "6.8.0-40-generic", KERNEL_6_8, true },     { "6.9.1", KERNEL_6_8, false },
		{ "5.4.0-150-generic", KERNEL_4_18, false },  { "7.1.0", KERNEL_7_0, false },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		enum kernel_line l;
		char note[512];
		assert_int_equal(snapshot_kernel_line(cases[i].release, &l, note, sizeof(note)), 0);
		assert_int_equal(l, cases[i].line);
		/* the doctor always says which line it chose, and how that line is known */
		assert_non_null(strstr(note, kernel_line_provenance(l)));
		assert_int_equal(strstr(note, "chosen from the release") != NULL, cases[i].exact);
	}
}

/*
 * A hand-made 2-CPU machine with one 2-queue managed disk: the rebuilt
 * space and the VECTOR file that overrides it.
 */
static void test_doctor_occupancy(void **state)
{
	(void)state;
	static const char proc[] = "   CPU0 CPU1\n"
				   "  0:   1   0   IO-APIC   2-edge      timer\n"
				   " 24:   0   0   PCI-MSI 49152-edge      virtio0-config\n"
				   " 25:   0   0   PCI-MSI 49153-edge      virtio0-req.0\n"
				   " 26:   0   0   PCI-MSI 49154-edge      virtio0-req.1\n"
				   " 27:   0   0   PCI-MSI 65536-edge      \n";
	static const char *const aff[][3] = { { "0", "0-1", "0" }, { "24", "0-1", "1" }, { "25", "0", "0" },
					      { "26", "1", "1" },  { "27", "0-1", "0" } };
	struct snapshot s;
	char err[300];
	memset(&s, 0, sizeof(s));
	s.source = xstrdup("hand");
	s.possible = xstrdup("0-1");
	s.online = xstrdup("0-1");
	s.release = xstrdup("6.1.0-56-amd64");
	assert_int_equal(snapshot_parse_lspci(&s, lspci, err, sizeof(err)), 0);
	assert_int_equal(snapshot_parse_interrupts(&s, proc, err, sizeof(err)), 0);
	for (size_t i = 0; i < TU_ARRAY_SIZE(aff); i++) {
		struct snap_irq *q = (struct snap_irq *)snapshot_irq(&s, (unsigned)atoi(aff[i][0]));
		q->affinity = xstrdup(aff[i][1]);
		q->effective = xstrdup(aff[i][2]);
	}
	snapshot_attach_msi_irqs(&s);
	struct doctor d;
	assert_int_equal(doctor_build(&d, &s, NULL, err, sizeof(err)), 0);
	assert_int_equal(d.usable, 201);
	assert_int_equal(d.managed_irqs, 2);
	/* CPU 0: timer + req.0 (managed); CPU 1: config + req.1; irq 27 never requested */
	assert_int_equal(d.cpu[0].managed, 1);
	assert_int_equal(d.cpu[0].managed_alloc, 1);
	assert_int_equal(d.cpu[0].other, 1);
	assert_int_equal(d.cpu[0].available, 199);
	assert_int_equal(d.cpu[1].available, 199);
	assert_int_equal(d.global_reserved, 1);
	assert_int_equal(d.total_allocated, 4);
	assert_int_equal(doctor_capacity(&d, NULL, err, sizeof(err)), 0);
	/* each disk: a reservation on both CPUs + config: (199 + 199) / 3 */
	assert_int_equal(d.cap[0].estimate, 132);
	assert_int_equal(d.cap[2].estimate, 132);
	assert_int_equal(doctor_preflight(&d, "offline=1", err, sizeof(err)), 0);
	assert_int_equal(d.preflight_ok, 1);
	assert_int_equal(doctor_preflight(&d, "offline=0-1", err, sizeof(err)), -1);
	assert_string_contains(err, "last online CPU");
	assert_int_equal(doctor_preflight(&d, "offline=7", err, sizeof(err)), -1);
	assert_int_equal(doctor_preflight(&d, "reboot", err, sizeof(err)), -1);
	doctor_free(&d);
	/* the kernel's own figures win */
	s.vector_dump = xstrdup("Online bitmaps:        2\nGlobal available:    390\nGlobal reserved:       1\n"
				"Total allocated:       4\n | CPU | avl | man | mac | act | vectors\n"
				"     0   195     1     1    2  33-34\n     1   195     1     1    2  33-34\n");
	assert_int_equal(doctor_build(&d, &s, NULL, err, sizeof(err)), 0);
	assert_true(d.dump.present);
	assert_int_equal(d.cpu[0].available, 195);
	assert_int_equal(d.global_available, 390);
	doctor_free(&d);
	free(s.arch);
	s.arch = xstrdup("aarch64");
	assert_int_equal(doctor_build(&d, &s, NULL, err, sizeof(err)), -1);
	assert_string_contains(err, "from aarch64");
	snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interrupts_61),    cmocka_unit_test(test_interrupts_310),
		cmocka_unit_test(test_interrupts_errors), cmocka_unit_test(test_interrupts_out_of_order), cmocka_unit_test(test_config_caps),
		cmocka_unit_test(test_lspci_and_hwirq),  cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_errors),      cmocka_unit_test(test_kernel_line),
		cmocka_unit_test(test_doctor_occupancy), cmocka_unit_test(test_intx_order_from_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
