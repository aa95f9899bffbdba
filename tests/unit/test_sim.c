// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end checks of the model on the seeds' own figures (seed 000):
 * reservations per queue vector, the +81 on unplug, the fallback stages and
 * the 4.18 Flags mismatch line.
 */
#include "simutil.h"

#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "scenario/scenario.h"
#include "whatif/whatif.h"

/* The record index of the n-th "# step" marker. */
static size_t step_index(struct sim *s, unsigned step)
{
	for (size_t i = 0; i < s->trace.nr; i++)
		if (s->trace.recs[i].kind == TR_MARKER && --step == 0)
			return i;
	fail_msg("no such step");
	return 0;
}

static void test_seed000_unplug_gives_back_81(void **state)
{
	struct sim *s = run_text("smp 80,sockets=2,cores=20,threads=2\nboot\n"
				 "hotplug virtio-blk-pci,id=p,num-queues=2,intx=off\nunplug p\n",
				 NULL);
	size_t add = step_index(s, 2), del = step_index(s, 3);
	unsigned reserve_managed = 0;
	struct matrix_trace t, b, a;
	for (size_t i = add; i < del; i++)
		if (!trace_rec_matrix(&s->trace, i, &t) && t.ev == ME_RESERVE_MANAGED)
			reserve_managed++;
	/* two queue vectors, each reserved on the 40 CPUs of its mask */
	assert_int_equal(reserve_managed, 80);
	assert_int_equal(trace_rec_matrix(&s->trace, del - 1, &b), 0);
	assert_int_equal(trace_rec_matrix(&s->trace, s->trace.nr - 1, &a), 0);
	const struct matrix_trace *before = &b, *after = &a;
	assert_int_equal(after->global_avl - before->global_avl, 81);
	assert_int_equal(before->total_alloc - after->total_alloc, 3);
	assert_int_equal(after->global_rsvd, before->global_rsvd);
	irqsim_free(s);
}

static void test_flags_mismatch_418(void **state)
{
	/* exhaust a 1-CPU machine; 4.18 then requests irq 0 for the INTx-less disk */
	char text[1024];
	exhaust_text(text, sizeof(text));
	struct sim *s = run_text(text, "4.18");
	bool mismatch = false, ebusy = false;
	for (size_t i = 0; i < s->log.nr; i++) {
		if (strstr(s->log.lines[i].text, "genirq: Flags mismatch irq 0. 00000080 (virtio") &&
		    strstr(s->log.lines[i].text, ") vs. 00015a00 (timer)"))
			mismatch = true;
		if (strstr(s->log.lines[i].text, "failed with error -16"))
			ebusy = true;
	}
	assert_true(mismatch);
	assert_true(ebusy);
	irqsim_free(s);

	/* 6.1 skips INTx when pci_dev->irq is 0: -28, no request of irq 0 */
	s = run_text(text, "6.1");
	for (size_t i = 0; i < s->log.nr; i++)
		assert_null(strstr(s->log.lines[i].text, "Flags mismatch"));
	bool enospc = false;
	for (size_t i = 0; i < s->log.nr; i++)
		if (strstr(s->log.lines[i].text, "virtio_blk: probe of virtio") &&
		    strstr(s->log.lines[i].text, "failed with error -28"))
			enospc = true;
	assert_true(enospc);
	irqsim_free(s);
}

static void test_modes_in_order(void **state)
{
	/* seed 000 itself: per-vq, then shared, then failed, never back */
	struct scenario scn;
	char err[512];
	if (scenario_load("examples/seed-000.scn", &scn, err, sizeof(err)))
		fail_msg("%s", err);
	struct irqsim_options o = { .check_invariants = 1 };
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	scenario_free(&scn);
	if (!s)
		fail_msg("%s", err);
	int stage = 0;
	unsigned n[3] = { 0 };
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		struct virtio_pci_device *vp = d->drvdata;
		int m = d->probe_err ? 2 : vp->mode == VP_MODE_SHARED ? 1 : 0;
		if (!d->probe_err)
			assert_true(vp->mode == VP_MODE_PER_VQ || vp->mode == VP_MODE_SHARED);
		else
			assert_int_equal(d->probe_err, -28);
		assert_true(m >= stage);
		stage = m;
		n[m]++;
	}
	assert_int_equal(n[0] + n[1] + n[2], 512);
	assert_true(n[0] > 0 && n[1] > 0 && n[2] > 0);
	/* per-vq: 81 units per disk out of 80 x 201 minus the boot baseline */
	assert_true(n[0] * 81 <= 80 * 201);
	assert_int_equal(s->matrix->global_available, 0);
	irqsim_free(s);
}

/* plan's stage boundaries equal what the full run shows (seed 000) */
static void test_plan_matches_run(void **state)
{
	struct scenario scn;
	char err[512];
	const char *text = "kernel 6.1\nmachine pc\nsmp 80,sockets=2,cores=20,threads=2\nboot\n";
	if (scenario_parse("p.scn", text, strlen(text), &scn, err, sizeof(err)))
		fail_msg("%s", err);
	struct irqsim_plan p;
	if (irqsim_plan(&scn, NULL, "virtio-blk-pci,num-queues=2,intx=off", 100000, &p, err, sizeof(err)))
		fail_msg("%s", err);
	scenario_free(&scn);

	if (scenario_load("examples/seed-000.scn", &scn, err, sizeof(err)))
		fail_msg("%s", err);
	struct sim *s = irqsim_run(&scn, NULL, err, sizeof(err));
	scenario_free(&scn);
	assert_non_null(s);
	int idx = 0, first_shared = -1, first_failed = -1;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		enum dev_irq_mode m = device_irq_mode(d);
		if (m == DM_SHARED && first_shared < 0)
			first_shared = idx;
		if (m == DM_FAILED && first_failed < 0)
			first_failed = idx;
		idx++;
	}
	irqsim_free(s);
	assert_true(first_shared > 0);
	assert_int_equal(p.first[DM_SHARED], first_shared);
	assert_int_equal(p.first[DM_FAILED], first_failed);
	assert_int_equal(p.count[DM_PER_VQ], (unsigned)first_shared);
	assert_int_equal(p.fail_errno, -28);
	/* plan: bad spec is refused with a clear message */
	if (scenario_parse("p.scn", text, strlen(text), &scn, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(irqsim_plan(&scn, NULL, "e1000", 10, &p, err, sizeof(err)), -1);
	assert_string_contains(err, "unknown device 'e1000'");
	scenario_free(&scn);
}

/* plan --fixes on seed 000: the seed's remedy (no managed affinity) ranks first with all 512 disks */
static void test_fixes_seed000(void **state)
{
	char err[512];
	struct scenario scn;
	assert_int_equal(scenario_load("examples/seed-000.scn", &scn, err, sizeof(err)), 0);
	struct whatif_fixes fx;
	assert_int_equal(whatif_fixes(&scn, NULL, &fx, err, sizeof(err)), 0);
	scenario_free(&scn);
	assert_string_equal(fx.rows[0].remedy, "(as is)");
	assert_int_equal(fx.rows[0].o.msi_devices, 216);
	assert_string_equal(fx.rows[1].remedy, "no-managed-affinity");
	assert_int_equal(fx.rows[1].o.msi_devices, 512);
	assert_int_equal(fx.rows[1].gained, 296);
	/* one queue reserves on all 80 CPUs instead of 2 x 40: no gain */
	bool seen = false;
	for (size_t i = 1; i < fx.nr; i++) {
		if (strcmp(fx.rows[i].remedy, "num-queues=1"))
			continue;
		seen = true;
		assert_true(fx.rows[i].applies);
		assert_int_equal(fx.rows[i].o.msi_devices, 216);
		assert_int_equal(fx.rows[i].gained, 0);
	}
	assert_true(seen);

	/* no cmdline and no boot line: the command-line remedy still applies */
	static const char nb[] = "smp 2\ndevice virtio-blk-pci,num-queues=2\n";
	assert_int_equal(scenario_parse("nb.scn", nb, sizeof(nb) - 1, &scn, err, sizeof(err)), 0);
	assert_int_equal(whatif_fixes(&scn, NULL, &fx, err, sizeof(err)), 0);
	scenario_free(&scn);
	seen = false;
	for (size_t i = 1; i < fx.nr; i++)
		seen |= !strcmp(fx.rows[i].remedy, "virtio_blk.num_request_queues=1") && fx.rows[i].applies;
	assert_true(seen);
}

/* --explain on seed 000: the refusing function, the CPU, the grouped runs */
static void test_explain_seed000(void **state)
{
	struct scenario scn;
	char err[512], *out = NULL;
	size_t olen = 0;
	assert_int_equal(scenario_load("examples/seed-000.scn", &scn, err, sizeof(err)), 0);
	struct irqsim_options o = { 0 };
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	scenario_free(&scn);
	assert_non_null(s);
	FILE *f = open_memstream(&out, &olen);
	assert_int_equal(irqsim_report(s, IRQSIM_VIEW_EXPLAIN, 0, f), 0);
	fclose(f);
	irqsim_free(s);
	assert_string_contains(out, "held as managed reservations 15444");
	assert_string_contains(out, "virtio198 (0000:07:0d.0) .. virtio215 (0000:07:1e.0), 18 devices: shared");
	assert_string_contains(out, "virtio216 (0000:07:1f.0) .. virtio511 (0000:11:10.0), 296 devices: failed, probe failed with -28");
	assert_string_contains(out, "irq_matrix_reserve_managed: -ENOSPC, CPU 0 has no free vector (201 usable: 198 managed reservations");
	assert_string_contains(out, "INTx not tried: pci_dev->irq is 0");
	free(out);
}

/*
 * 257 bridges, each behind the one before: the last sits on bus 0x100, whose
 * name takes three hex digits (the hand-made name formatter called itself
 * there for ever: the run hung)
 */
static void test_bus_past_ff_named(void **state)
{
	(void)state;
	enum { NR = 257 };
	size_t len = 64 + NR * 64, n = 0;
	char *text = malloc(len);
	assert_non_null(text);
	n += (size_t)snprintf(text + n, len - n, "smp 2\ndevice pci-bridge,id=b0\n");
	for (int i = 1; i < NR; i++)
		n += (size_t)snprintf(text + n, len - n, "device pci-bridge,id=b%d,bus=b%d\n", i, i - 1);
	snprintf(text + n, len - n, "boot\n");
	struct sim *s = run_text(text, NULL);
	free(text);
	assert_int_equal(s->nr_pdevs, NR);
	assert_string_equal(s->pdevs[0]->name, "0000:00:02.0");
	assert_string_equal(s->pdevs[NR - 2]->name, "0000:ff:01.0");
	assert_string_equal(s->pdevs[NR - 1]->name, "0000:100:01.0");
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed000_unplug_gives_back_81),
		cmocka_unit_test(test_flags_mismatch_418),
		cmocka_unit_test(test_modes_in_order),
		cmocka_unit_test(test_plan_matches_run),
		cmocka_unit_test(test_fixes_seed000),
		cmocka_unit_test(test_explain_seed000),
		cmocka_unit_test(test_bus_past_ff_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
