// SPDX-License-Identifier: GPL-2.0-only
/*
 * What-if machinery: scenario edits and irqsim sweep.  A sweep cell must be
 * exactly what a run (or plan) of the edited scenario gives.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include "irqsim/irqsim.h"
#include "kernel/host.h"
#include "kernel/sim.h"
#include "report/stats.h"
#include "scenario/edit.h"
#include "scenario/scenario.h"

static void parse(const char *text, struct scenario *scn)
{
	char err[512];
	if (scenario_parse("t.scn", text, strlen(text), scn, err, sizeof(err)))
		fail_msg("%s", err);
}

static void test_edit_smp(void **state)
{
	struct scenario scn;
	char err[256];
	parse("smp 80,sockets=2,cores=20,threads=2\nboot\n", &scn);
	assert_int_equal(scn_edit_smp(&scn, 16, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[0].u.smp.cpus, 16);
	assert_int_equal(scn.dirs[0].u.smp.cores, 4);
	assert_int_equal(scn.dirs[0].u.smp.sockets, 2);
	/* 18 CPUs do not divide into 2 sockets of 2-thread cores */
	assert_int_equal(scn_edit_smp(&scn, 18, err, sizeof(err)), -1);
	assert_string_equal(err, "smp 18 does not divide into 2 sockets x 2 threads");
	scenario_free(&scn);

	/* hot-pluggable CPUs keep their number */
	parse("smp 2,maxcpus=4\n", &scn);
	assert_int_equal(scn_edit_smp(&scn, 8, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[0].u.smp.maxcpus, 10);
	scenario_free(&scn);

	/* no smp line: one is added */
	parse("boot\n", &scn);
	assert_int_equal(scn_edit_smp(&scn, 4, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[0].kind, SCN_SMP);
	assert_int_equal(scn.dirs[0].u.smp.cpus, 4);
	scenario_free(&scn);
}

static void test_edit_cmdline(void **state)
{
	struct scenario scn;
	parse("cmdline \"quiet a.b=1 x=\\\"q r\\\" a.b=2\"\nboot\n", &scn);
	assert_int_equal(scn_edit_cmdline(&scn, "a.b", "7"), 0);
	assert_string_equal(scn.dirs[0].u.cmdline, "quiet x=\"q r\" a.b=7");
	assert_int_equal(scn_edit_cmdline(&scn, "nr_cpus", "1"), 0);
	assert_string_equal(scn.dirs[0].u.cmdline, "quiet x=\"q r\" a.b=7 nr_cpus=1");
	scenario_free(&scn);
	parse("smp 2\n", &scn);
	assert_int_equal(scn_edit_cmdline(&scn, "pcie_aspm", "off"), 0);
	assert_int_equal(scn.dirs[0].kind, SCN_CMDLINE);
	assert_string_equal(scn.dirs[0].u.cmdline, "pcie_aspm=off");
	scenario_free(&scn);
}

static void test_edit_device(void **state)
{
	struct scenario scn;
	parse("device virtio-blk-pci,num-queues=2\ndevice virtio-blk-pci\ndevice pci-bridge,id=b,chassis_nr=1\n"
	      "boot\nhotplug virtio-blk-pci,count=3\n",
	      &scn);
	/* without a driver: only where the option is given */
	assert_int_equal(scn_edit_device_opt(&scn, NULL, "num-queues", "4"), 1);
	assert_string_equal(scn_device_opt(&scn.dirs[0].u.device, "num-queues")->value, "4");
	assert_null(scn_device_opt(&scn.dirs[1].u.device, "num-queues"));
	/* with a driver: on every device of it, added where missing */
	assert_int_equal(scn_edit_device_opt(&scn, "virtio-blk-pci", "intx", "off"), 3);
	assert_string_equal(scn_device_opt(&scn.dirs[1].u.device, "intx")->value, "off");
	assert_null(scn_device_opt(&scn.dirs[2].u.device, "intx"));
	assert_int_equal(scn_edit_device_opt(&scn, NULL, "count", "5"), 1);
	assert_int_equal(scn.dirs[4].u.device.count, 5);
	assert_int_equal(scn_edit_device_opt(&scn, NULL, "count", "x"), -1);
	scenario_free(&scn);

	char *s = spec_set_opt("virtio-blk-pci,num-queues=2,intx=off", "num-queues", "8");
	assert_string_equal(s, "virtio-blk-pci,num-queues=8,intx=off");
	free(s);
	s = spec_set_opt("virtio-blk-pci", "num-queues", "8");
	assert_string_equal(s, "virtio-blk-pci,num-queues=8");
	free(s);
	assert_true(spec_has_opt("virtio-blk-pci,intx=off", "intx"));
	assert_false(spec_has_opt("virtio-blk-pci,intx=off", "int"));
}

static char *sweep(const char *text, const char *const *vary, size_t nv, const char *add, enum irqsim_format fmt,
		   int want, char *err, size_t errlen)
{
	struct irqsim_options o = { 0 };
	struct irqsim_sweep_request rq = { .filename = "t.scn", .text = text, .len = strlen(text), .opt = &o,
					   .vary = vary, .nr_vary = nv, .add = add, .max = 100000, .format = fmt };
	char *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	int r = irqsim_sweep(&rq, f, err, errlen);
	fclose(f);
	if (r != want)
		fail_msg("sweep returned %d: %s", r, err);
	return out;
}

/* a sweep cell equals a plan of the edited scenario */
static void test_sweep_plan_cells(void **state)
{
	static const char text[] = "smp 80,sockets=2,cores=20,threads=2\nboot\n";
	const char *vary[] = { "smp=16,80" };
	char err[512];
	char *out = sweep(text, vary, 1, "virtio-blk-pci,num-queues=2,intx=off", IRQSIM_FORMAT_CSV, 0, err,
			  sizeof(err));
	/* 80 CPUs: shared from #198, failures from #216 (as irqsim run examples/seed-000.scn shows) */
	/* CSV: numbers as numbers (indices and CPUs without decoration), nothing as an empty cell */
	assert_string_contains(out, "\n80,198,0,18,0,198,216,0,0,device #216 failed to probe with error -28,\n");
	free(out);

	struct scenario scn;
	parse("smp 16,sockets=2,cores=4,threads=2\nboot\n", &scn);
	struct irqsim_plan p;
	assert_int_equal(irqsim_plan(&scn, NULL, "virtio-blk-pci,num-queues=2,intx=off", 100000, &p, err, sizeof(err)),
			 0);
	scenario_free(&scn);
	char row[256];
	snprintf(row, sizeof(row), "\n16,%u,0,%u,0,%d,%d,", p.count[DM_PER_VQ], p.count[DM_SHARED], p.first_fallback,
		 p.first[DM_FAILED]);
	out = sweep(text, vary, 1, "virtio-blk-pci,num-queues=2,intx=off", IRQSIM_FORMAT_CSV, 0, err, sizeof(err));
	assert_string_contains(out, row);
	free(out);
}

/* the seed's remedy as a sweep axis; kernel and command line axes; bad cells */
static void test_sweep_runs(void **state)
{
	size_t len;
	char err[512];
	char *text = scenario_read_file("examples/seed-000.scn", &len, err, sizeof(err));
	assert_non_null(text);
	const char *vary[] = { "virtio-blk-pci:managed-affinity=on,off", "kernel=6.1,6.12" };
	char *out = sweep(text, vary, 2, NULL, IRQSIM_FORMAT_CSV, 0, err, sizeof(err));
	/* the header is the keys: a --vary KEY in snake case */
	assert_string_prefix(out, "virtio_blk_pci_managed_affinity,kernel,per_vq,shared,intx,msix,failed,");
	assert_string_contains(out, "\non,6.1,198,18,0,0,296,198,216,");
	assert_string_contains(out, "\noff,6.1,512,0,0,0,0,,,");
	free(out);
	free(text);

	/* a combination the model refuses is a row with its reason, not an error */
	const char *v2[] = { "smp=3,4" };
	out = sweep("smp 4,sockets=2,cores=1,threads=2\ndevice virtio-blk-pci\nboot\n", v2, 1, NULL,
		    IRQSIM_FORMAT_TABLE, 0, err, sizeof(err));
	assert_string_contains(out, "smp 3 does not divide into 2 sockets x 2 threads");
	free(out);
	/* a command-line axis reaches the model: one request queue per disk */
	const char *v3[] = { "virtio_blk.num_request_queues=1,2" };
	out = sweep("smp 4\ndevice virtio-blk-pci,num-queues=4\nboot\n", v3, 1, NULL, IRQSIM_FORMAT_CSV, 0, err,
		    sizeof(err));
	assert_string_contains(out, "\n1,1,0,0,0,0,,,");
	free(out);
}

static void test_sweep_errors(void **state)
{
	char err[512];
	static const char text[] = "smp 2\ndevice virtio-blk-pci\nboot\n";
	static const struct {
		const char *vary, *msg;
	} bad[] = {
		{ "smp", "--vary expects KEY=VALUES (e.g. smp=8..128:8 or num-queues=1,2,4), got 'smp'" },
		{ "smp=4..2", "--vary smp: empty range '4..2'" },
		{ "smp=1..4*1", "--vary smp: bad range '1..4*1' (expected A..B, A..B:STEP or A..B*FACTOR)" },
		{ "smp=0", "--vary smp: '0' is not a CPU count from 1 to 8192" },
		{ "smp=1,,2", "--vary smp: empty value in '1,,2'" },
		{ "kernel=5.4", "--vary kernel: unknown kernel version '5.4' (expected one of: 3.10, 4.18, 5.10, 5.14, 5.15, 6.1, 6.6, 6.8, 6.12, 6.18, 7.0, or a release of one)" },
		{ "num-queues=1", "--vary num-queues: no device line of t.scn gives num-queues= (vary DRIVER:num-queues "
				  "to set it on every device of a driver)" },
		{ "nvme:x=1", "--vary nvme:x: t.scn has no nvme device" },
		{ "smp=1..100000", "--vary smp: more than 4096 values" },
		{ ":x=1", "--vary: bad key ':x' (expected DRIVER:OPTION)" },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(bad); i++) {
		const char *v[] = { bad[i].vary };
		char *out = sweep(text, v, 1, NULL, IRQSIM_FORMAT_TABLE, -1, err, sizeof(err));
		assert_string_equal(err, bad[i].msg);
		free(out);
	}
	const char *twice[] = { "smp=1", "smp=2" };
	free(sweep(text, twice, 2, NULL, IRQSIM_FORMAT_TABLE, -1, err, sizeof(err)));
	assert_string_equal(err, "--vary smp given twice");
	const char *many[] = { "smp=1..200", "kernel=6.1,6.12", "virtio-blk-pci:num-queues=1..100" };
	free(sweep(text, many, 3, NULL, IRQSIM_FORMAT_TABLE, -1, err, sizeof(err)));
	assert_string_equal(err, "--vary: more than 20000 combinations");
}

/* host budget: each enabled MSI/MSI-X vector takes a KVM GSI route above the 24 IO-APIC pins */
static void test_host_routes(void **state)
{
	struct scenario scn;
	char err[512];
	parse("host kvm\nsmp 4\ndevice virtio-blk-pci,num-queues=2\ndevice virtio-blk-pci,num-queues=4\nboot\n", &scn);
	struct sim *s = irqsim_run(&scn, NULL, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(s->kvm_max_irq_routes, 4096);
	/* 3 + 5 vectors */
	assert_int_equal(host_routes_used(s), 24 + 8);
	irqsim_free(s);
	scenario_free(&scn);

	/* 80 CPUs, no managed affinity, 8 queues: 9 routes a disk; with 24 pins,
	 * device #452 is the first past 4096 (24 + 453 * 9 = 4101) */
	parse("host kvm\nsmp 80,sockets=2,cores=20,threads=2\nboot\n", &scn);
	struct irqsim_plan p;
	assert_int_equal(irqsim_plan(&scn, NULL, "virtio-blk-pci,num-queues=8,intx=off,managed-affinity=off", 600, &p,
				     err, sizeof(err)),
			 0);
	assert_true(p.host);
	assert_int_equal(p.routes_start, 24);
	assert_int_equal(p.first_route_short, 452);
	assert_int_equal(p.count[DM_PER_VQ], 600);
	scenario_free(&scn);
	/* a smaller host limit */
	parse("host kvm max-irq-routes=1024\nsmp 16\nboot\n", &scn);
	assert_int_equal(irqsim_plan(&scn, NULL, "virtio-blk-pci,num-queues=4,intx=off,managed-affinity=off", 300, &p,
				     err, sizeof(err)),
			 0);
	/* 5 routes a disk: (1024 - 24) / 5 = 200 fit, #200 is short */
	assert_int_equal(p.first_route_short, 200);
	scenario_free(&scn);
}

/* the plan goes on behind new bridges until QEMU's slots run out, and says so */
static void test_plan_slots(void **state)
{
	struct scenario scn;
	char err[512];
	parse("smp 80\nboot\n", &scn);
	struct irqsim_plan p;
	assert_int_equal(irqsim_plan(&scn, NULL, "virtio-blk-pci,num-queues=1,intx=off,managed-affinity=off", 100000, &p,
				     err, sizeof(err)),
			 0);
	/* pc: 30 pci-bridges in root slots 2..31, 31 disks behind each; 2 vectors a disk fit easily */
	assert_int_equal(p.stop_slots, 1);
	assert_int_equal(p.count[DM_PER_VQ], 930);
	assert_string_equal(p.stop_reason, "no room for another pci-bridge: PCI bus 0 is full (32 slots)");
	scenario_free(&scn);
}

/* plan --keep: the capacity by queue count equals plans of each value */
static void test_sizing(void **state)
{
	static const char text[] = "smp 4\nboot\n";
	char err[512], *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	struct irqsim_options o = { 0 };
	assert_int_equal(irqsim_sizing("t.scn", text, sizeof(text) - 1, &o, "virtio-blk-pci,intx=off", 1000, 0, f, err,
				       sizeof(err)),
			 0);
	fclose(f);
	struct scenario scn;
	parse(text, &scn);
	struct irqsim_plan p;
	assert_int_equal(irqsim_plan(&scn, NULL, "virtio-blk-pci,intx=off,num-queues=3", 100000, &p, err, sizeof(err)),
			 0);
	scenario_free(&scn);
	char want[128];
	snprintf(want, sizeof(want), "no value keeps 1000; at most %u fit", p.first_fallback);
	assert_string_contains(out, want);
	free(out);

	out = NULL;
	f = open_memstream(&out, &olen);
	assert_int_equal(irqsim_sizing("t.scn", text, sizeof(text) - 1, &o, "virtio-blk-pci,intx=off", 10, 0, f, err,
				       sizeof(err)),
			 0);
	fclose(f);
	assert_string_contains(out, "largest value that keeps 10: 4\n    devices that fit, by value: 1-4: 10+\n");
	free(out);

	f = open_memstream(&out, &olen);
	assert_int_equal(irqsim_sizing("t.scn", text, sizeof(text) - 1, &o, "pci-bridge", 10, 0, f, err, sizeof(err)),
			 -1);
	fclose(f);
	free(out);
	assert_string_equal(err, "--keep: irqsim knows no queue settings of 'pci-bridge' (it has them for: "
				 "virtio-blk-pci virtio-scsi-pci virtio-net-pci nvme)");

	/* nvme: each I/O queue's managed vector reserves one on every CPU of its
	 * spread mask, so as many controllers keep MSI-X whatever max_ioqpairs is
	 * (with more queues the last ones get fewer vectors, still MSI-X) */
	out = NULL;
	f = open_memstream(&out, &olen);
	assert_int_equal(irqsim_sizing("t.scn", text, sizeof(text) - 1, &o, "nvme", 1000, 0, f, err, sizeof(err)), 0);
	fclose(f);
	parse(text, &scn);
	assert_int_equal(irqsim_plan(&scn, NULL, "nvme,max_ioqpairs=1", 100000, &p, err, sizeof(err)), 0);
	scenario_free(&scn);
	snprintf(want, sizeof(want), "no value keeps 1000; at most %u fit (with max_ioqpairs=1)", p.first_fallback);
	assert_string_contains(out, want);
	snprintf(want, sizeof(want), "devices that fit, by value: 1-4: %u\n", p.first_fallback);
	assert_string_contains(out, want);
	free(out);
}

/* plan --fixes on seed 001 (kdump, 3.10): both of the seed's fixes avoid the BUG */
static void test_fixes_seed001(void **state)
{
	size_t len;
	char err[512], *out = NULL;
	size_t olen = 0;
	char *text = scenario_read_file("examples/seed-001.scn", &len, err, sizeof(err));
	assert_non_null(text);
	struct scn_variant *v;
	int nv = scenario_variants("seed-001.scn", text, len, &v, err, sizeof(err));
	assert_true(nv > 0);
	assert_string_equal(v[0].name, "kdump");
	FILE *f = open_memstream(&out, &olen);
	struct irqsim_options o = { 0 };
	assert_int_equal(irqsim_fixes("seed-001.scn", v[0].text, v[0].len, &o, 0, f, err, sizeof(err)), 0);
	fclose(f);
	scenario_variants_free(v, nv);
	free(text);
	char *base = strstr(out, "(as is)"), *bl = strstr(out, "leave-i40e-out-of-kdump"),
	     *cpus = strstr(out, "drop-nr_cpus=1"), *iso = strstr(out, "isolcpus=managed_irq");
	assert_non_null(base);
	assert_non_null(bl);
	assert_non_null(cpus);
	assert_non_null(iso);
	/* ranked above the remedies that leave the kernel panicking */
	assert_true(bl < iso && cpus < iso);
	assert_string_contains(strchr(base, '\n') - 6, "panic");
	/* no virtio-blk in this scenario: its remedies do not apply */
	assert_null(strstr(out, "num_request_queues"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_smp),
		cmocka_unit_test(test_edit_cmdline),
		cmocka_unit_test(test_edit_device),
		cmocka_unit_test(test_sweep_plan_cells),
		cmocka_unit_test(test_sweep_runs),
		cmocka_unit_test(test_sweep_errors),
		cmocka_unit_test(test_host_routes),
		cmocka_unit_test(test_plan_slots),
		cmocka_unit_test(test_sizing),
		cmocka_unit_test(test_fixes_seed001),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
