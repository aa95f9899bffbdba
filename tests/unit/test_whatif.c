// SPDX-License-Identifier: GPL-2.0-only
/*
 * What-if machinery: scenario edits and irqsim sweep.  A sweep cell must be
 * exactly what a run (or plan) of the edited scenario gives.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "scenario/edit.h"
#include "scenario/scenario.h"
#include "whatif/host.h"
#include "whatif/stats.h"
#include "whatif/whatif.h"

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

	/* a remedy's words: appended as they are, dropped only as whole words */
	parse("cmdline \"nr_cpus=16 nr_cpus=1 quiet\"\nboot\n", &scn);
	assert_int_equal(scn_edit_cmdline_append(&scn, "rd.driver.blacklist=i40e"), 1);
	assert_string_equal(scn.dirs[0].u.cmdline, "nr_cpus=16 nr_cpus=1 quiet rd.driver.blacklist=i40e");
	assert_int_equal(scn_edit_cmdline_drop(&scn, "nr_cpus=1"), 1);
	assert_string_equal(scn.dirs[0].u.cmdline, "nr_cpus=16           quiet rd.driver.blacklist=i40e");
	assert_int_equal(scn_edit_cmdline_drop(&scn, "pcie_aspm=off"), 0);
	scenario_free(&scn);
	parse("smp 2\n", &scn);
	assert_int_equal(scn_edit_cmdline_append(&scn, "quiet"), 1);
	assert_int_equal(scn.dirs[0].kind, SCN_CMDLINE);
	assert_string_equal(scn.dirs[0].u.cmdline, "quiet");
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

/* A sweep of the scenario's text as data: every cell run */
static void sweep_data(const char *text, const char *const *vary, size_t nv, struct whatif_sweep *sw)
{
	struct scenario scn;
	char err[512];
	parse(text, &scn);
	if (whatif_sweep_axes(vary, nv, sw, err, sizeof(err)) || whatif_sweep_check(&scn, NULL, sw, err, sizeof(err)) ||
	    whatif_sweep_run(&scn, NULL, NULL, 0, sw, err, sizeof(err)))
		fail_msg("%s", err);
	scenario_free(&scn);
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
	free(out);
	struct whatif_sweep sw;
	sweep_data(text, vary, 2, &sw);
	free(text);
	/* the last axis varies fastest: on/6.1, on/6.12, off/6.1, off/6.12 */
	assert_int_equal(sw.nr_cells, 4);
	assert_true(sw.vary_kernel);
	assert_false(sw.axes[0].numeric);
	const struct whatif_cell *on = &sw.cells[0], *off = &sw.cells[2];
	assert_null(on->error);
	assert_int_equal(on->o.per_vq, 198);
	assert_int_equal(on->o.shared, 18);
	assert_int_equal(on->o.failed, 296);
	assert_int_equal(on->o.first_shared, 198);
	assert_int_equal(on->o.first_failed, 216);
	assert_int_equal(off->o.per_vq, 512);
	assert_int_equal(off->o.failed, 0);
	assert_int_equal(off->o.first_shared, -1);
	whatif_sweep_free(&sw);

	/* a combination the model refuses is a cell with its reason, not an error */
	const char *v2[] = { "smp=3,4" };
	sweep_data("smp 4,sockets=2,cores=1,threads=2\ndevice virtio-blk-pci\nboot\n", v2, 1, &sw);
	assert_string_equal(sw.cells[0].error, "smp 3 does not divide into 2 sockets x 2 threads");
	assert_null(sw.cells[1].error);
	whatif_sweep_free(&sw);
	/* a command-line axis reaches the model: one request queue per disk */
	const char *v3[] = { "virtio_blk.num_request_queues=1,2" };
	sweep_data("smp 4\ndevice virtio-blk-pci,num-queues=4\nboot\n", v3, 1, &sw);
	assert_int_equal(sw.cells[0].o.per_vq, 1);
	assert_int_equal(sw.cells[0].o.allocated, sw.cells[1].o.allocated - 1);
	whatif_sweep_free(&sw);
}

/* scn_dup: a copy the what-if edits change without touching the original */
static void test_scn_dup(void **state)
{
	struct scenario scn, copy;
	parse("smp 4\ncmdline \"quiet\"\ndevice virtio-blk-pci,id=d0,num-queues=2\nboot\n"
	      "set-affinity 24 1\nunplug d0\n",
	      &scn);
	assert_int_equal(scn_dup(&scn, &copy), 0);
	assert_int_equal(copy.nr_dirs, scn.nr_dirs);
	char err[128];
	assert_int_equal(scn_edit_smp(&copy, 8, err, sizeof(err)), 0);
	assert_int_equal(scn_edit_cmdline(&copy, "nr_cpus", "1"), 0);
	assert_int_equal(scn_edit_device_opt(&copy, "virtio-blk-pci", "num-queues", "1"), 1);
	assert_int_equal(scn.dirs[0].u.smp.cpus, 4);
	assert_string_equal(scn.dirs[1].u.cmdline, "quiet");
	assert_string_equal(copy.dirs[1].u.cmdline, "quiet nr_cpus=1");
	assert_string_equal(scn_device_opt(&scn.dirs[2].u.device, "num-queues")->value, "2");
	assert_string_equal(copy.dirs[2].u.device.id, "d0");
	assert_ptr_not_equal(copy.dirs[4].u.aff.irqs, scn.dirs[4].u.aff.irqs);
	assert_int_equal(copy.dirs[4].u.aff.irqs[0], 24);
	assert_string_equal(copy.dirs[5].u.unplug_id, "d0");
	scenario_free(&scn);
	/* the copy outlives the original */
	assert_string_equal(copy.filename, "t.scn");
	assert_string_equal(copy.dirs[5].text, "unplug d0");
	scenario_free(&copy);
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

/* whatif_sizing on the text of a scenario: 0 or -1 */
static int sizing(const char *text, const char *spec, unsigned want, struct whatif_sizing *z, char *err, size_t errlen)
{
	struct scenario scn;
	parse(text, &scn);
	int r = whatif_sizing(&scn, NULL, spec, want, z, err, errlen);
	scenario_free(&scn);
	return r;
}

/* The devices of spec that fit on per-queue vectors in the scenario's text (a plan that runs on) */
static unsigned first_fallback(const char *text, const char *spec)
{
	struct scenario scn;
	struct irqsim_plan p;
	char err[512];
	parse(text, &scn);
	if (irqsim_plan(&scn, NULL, spec, 100000, &p, err, sizeof(err)))
		fail_msg("%s", err);
	scenario_free(&scn);
	assert_true(p.have_fallback);
	return (unsigned)p.first_fallback;
}

/* plan --keep: the capacity by queue count equals plans of each value */
static void test_sizing(void **state)
{
	static const char text[] = "smp 4\nboot\n";
	char err[512];
	struct whatif_sizing z;
	assert_int_equal(sizing(text, "virtio-blk-pci,intx=off", 1000, &z, err, sizeof(err)), 0);
	assert_int_equal(z.cpus, 4);
	assert_int_equal(z.nr_knobs, 2);
	assert_string_equal(z.knobs[0].name, "num-queues");
	assert_string_equal(z.knobs[1].name, "virtio_blk.num_request_queues");
	/* values 1 to 4 (the CPU count), each the plan of that queue count */
	assert_int_equal(z.knobs[0].nr_tries, 4);
	assert_int_equal(z.knobs[0].largest, -1);
	assert_int_equal(z.knobs[0].tries[2].value, 3);
	assert_false(z.knobs[0].tries[2].refused);
	assert_int_equal(z.knobs[0].tries[2].fit, first_fallback(text, "virtio-blk-pci,intx=off,num-queues=3"));
	assert_int_equal(z.knobs[0].tries[z.knobs[0].top].fit, z.knobs[0].tries[2].fit);
	whatif_sizing_free(&z);

	/* 10 fit at every value: the largest is the CPU count, and each try stops at 10 */
	assert_int_equal(sizing(text, "virtio-blk-pci,intx=off", 10, &z, err, sizeof(err)), 0);
	for (size_t k = 0; k < z.nr_knobs; k++) {
		assert_int_equal(z.knobs[k].largest, 3);
		for (size_t v = 0; v < z.knobs[k].nr_tries; v++)
			assert_int_equal(z.knobs[k].tries[v].fit, 10);
	}
	whatif_sizing_free(&z);

	assert_int_equal(sizing(text, "pci-bridge", 10, &z, err, sizeof(err)), -1);
	whatif_sizing_free(&z);
	assert_string_equal(err, "--keep: irqsim knows no queue settings of 'pci-bridge' (it has them for: "
				 "virtio-blk-pci virtio-scsi-pci virtio-net-pci nvme)");

	/* nvme: each I/O queue's managed vector reserves one on every CPU of its
	 * spread mask, so as many controllers keep MSI-X whatever max_ioqpairs is
	 * (with more queues the last ones get fewer vectors, still MSI-X) */
	assert_int_equal(sizing(text, "nvme", 1000, &z, err, sizeof(err)), 0);
	unsigned one = first_fallback(text, "nvme,max_ioqpairs=1");
	assert_int_equal(z.nr_knobs, 1);
	assert_int_equal(z.knobs[0].largest, -1);
	assert_int_equal(z.knobs[0].top, 0);
	for (size_t v = 0; v < z.knobs[0].nr_tries; v++)
		assert_int_equal(z.knobs[0].tries[v].fit, one);
	whatif_sizing_free(&z);

	/* the printed form of the same result */
	char *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	struct irqsim_options o = { 0 };
	assert_int_equal(irqsim_sizing("t.scn", text, sizeof(text) - 1, &o, "virtio-blk-pci,intx=off", 10, 0, f, err,
				       sizeof(err)),
			 0);
	fclose(f);
	assert_string_contains(out, "largest value that keeps 10: 4\n    devices that fit, by value: 1-4: 10+\n");
	free(out);
}

/* The row of a remedy, or NULL */
static const struct whatif_fix *fix_row(const struct whatif_fixes *fx, const char *name)
{
	for (size_t i = 0; i < fx->nr; i++)
		if (!strcmp(fx->rows[i].remedy, name))
			return &fx->rows[i];
	return NULL;
}

/* plan --fixes on seed 001 (kdump, 3.10): both of the seed's fixes avoid the BUG */
static void test_fixes_seed001(void **state)
{
	size_t len;
	char err[512];
	char *text = scenario_read_file("examples/seed-001.scn", &len, err, sizeof(err));
	assert_non_null(text);
	struct scn_variant *v;
	int nv = scenario_variants("seed-001.scn", text, len, &v, err, sizeof(err));
	assert_true(nv > 0);
	assert_string_equal(v[0].name, "kdump");
	struct scenario scn;
	assert_int_equal(scenario_parse("seed-001.scn", v[0].text, v[0].len, &scn, err, sizeof(err)), 0);
	scenario_variants_free(v, nv);
	free(text);
	struct whatif_fixes fx;
	assert_int_equal(whatif_fixes(&scn, NULL, &fx, err, sizeof(err)), 0);
	scenario_free(&scn);
	assert_string_equal(fx.rows[0].remedy, "(as is)");
	assert_true(fx.rows[0].o.panicked);
	const struct whatif_fix *bl = fix_row(&fx, "leave-i40e-out-of-kdump"), *cpus = fix_row(&fx, "drop-nr_cpus=1"),
				*iso = fix_row(&fx, "isolcpus=managed_irq");
	assert_non_null(bl);
	assert_non_null(cpus);
	assert_non_null(iso);
	assert_false(bl->o.panicked);
	assert_false(cpus->o.panicked);
	assert_true(iso->o.panicked);
	/* ranked above the remedies that leave the kernel panicking */
	assert_true(bl < iso && cpus < iso);
	/* no virtio-blk in this scenario: its remedies do not apply */
	assert_null(fix_row(&fx, "virtio_blk.num_request_queues=1"));
	assert_null(fix_row(&fx, "num-queues=1"));
}

/*
 * "Twice the vCPUs" means one thing: plan --fixes' remedy is the scenario
 * sweep --vary smp=2N runs (twice the cores per socket, the sockets and so
 * the NUMA nodes QEMU maps them to kept).
 */
static void test_twice_the_vcpus(void **state)
{
	static const char text[] = "kernel 6.1\nmachine q35\nsmp 8,sockets=2,cores=2,threads=2\nnuma node\nnuma node\n"
				   "device virtio-blk-pci,num-queues=8,count=6\nboot\n";
	struct scenario scn;
	char err[512];
	parse(text, &scn);
	struct whatif_fixes fx;
	assert_int_equal(whatif_fixes(&scn, NULL, &fx, err, sizeof(err)), 0);
	scenario_free(&scn);
	const struct whatif_fix *twice = fix_row(&fx, "twice-the-vcpus");
	assert_non_null(twice);
	assert_true(twice->applies);
	const char *vary[] = { "smp=16" };
	struct whatif_sweep sw;
	sweep_data(text, vary, 1, &sw);
	assert_null(sw.cells[0].error);
	const struct whatif_outcome *a = &sw.cells[0].o, *b = &twice->o;
	assert_int_equal(a->per_vq, b->per_vq);
	assert_int_equal(a->msix, b->msix);
	assert_int_equal(a->allocated, b->allocated);
	assert_int_equal(a->managed_rsvd, b->managed_rsvd);
	assert_int_equal(a->available, b->available);
	assert_int_equal(a->min_cpu_avl, b->min_cpu_avl);
	whatif_sweep_free(&sw);
	/* the form both run: 16 vCPUs as 2 sockets of 4 cores */
	parse(text, &scn);
	assert_int_equal(scn_edit_smp(&scn, 16, err, sizeof(err)), 0);
	assert_int_equal(scn.dirs[2].u.smp.sockets, 2);
	assert_int_equal(scn.dirs[2].u.smp.cores, 4);
	assert_int_equal(scn.dirs[2].u.smp.threads, 2);
	scenario_free(&scn);
}

/* The one loader of texts with variants (irqsim_scenarios_parse), as the CLI and irqsim_scenario_load use it */
static void test_scenarios_parse(void **state)
{
	static const char text[] = "smp 2\nvariant a\ncmdline \"quiet\"\nvariant b\ncmdline \"nr_cpus=1\"\n";
	struct irqsim_scenarios sc;
	char err[512];
	assert_int_equal(irqsim_scenarios_parse("v.scn", text, sizeof(text) - 1, NULL, 1, &sc, err, sizeof(err)), 2);
	assert_true(sc.variants);
	assert_string_equal(sc.names[0], "a");
	assert_string_equal(sc.names[1], "b");
	assert_string_equal(sc.scns[1]->dirs[1].u.cmdline, "nr_cpus=1");
	assert_int_equal(sc.lens[1], strlen(sc.texts[1]));
	irqsim_scenarios_free(&sc);
	assert_int_equal(irqsim_scenarios_parse("v.scn", text, sizeof(text) - 1, "b", 0, &sc, err, sizeof(err)), 1);
	assert_string_equal(sc.names[0], "b");
	irqsim_scenarios_free(&sc);
	assert_int_equal(irqsim_scenarios_parse("v.scn", text, sizeof(text) - 1, NULL, 0, &sc, err, sizeof(err)), -1);
	assert_string_equal(err, "irqsim: v.scn has variants; choose one with --variant NAME (it has: a b)");
	assert_int_equal(irqsim_scenarios_parse("v.scn", text, sizeof(text) - 1, "c", 1, &sc, err, sizeof(err)), -1);
	assert_string_equal(err, "irqsim: v.scn has no variant 'c' (it has: a b)");
	assert_int_equal(irqsim_scenarios_parse("p.scn", "smp 2\n", 6, NULL, 1, &sc, err, sizeof(err)), 1);
	assert_false(sc.variants);
	assert_string_equal(sc.names[0], "p.scn");
	irqsim_scenarios_free(&sc);
	assert_int_equal(irqsim_scenarios_parse("p.scn", "smp 2\n", 6, "a", 0, &sc, err, sizeof(err)), -1);
	assert_string_equal(err, "irqsim: p.scn has no variants (--variant a)");
	assert_int_equal(irqsim_scenarios_parse("p.scn", "smp x\n", 6, NULL, 0, &sc, err, sizeof(err)), -1);
	assert_int_equal(sc.n, 0);
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
		cmocka_unit_test(test_scn_dup),
		cmocka_unit_test(test_fixes_seed001),
		cmocka_unit_test(test_twice_the_vcpus),
		cmocka_unit_test(test_scenarios_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
