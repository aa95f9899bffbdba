// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seed 000 on its own platform (examples/seed-000-platform.scn: 4.18, 80
 * CPUs, VT-d interrupt remapping, the DPU's disks without INTx): the figures
 * the model gives, and the arithmetic docs/seed-000-platform.md derives the
 * seed's printed figures with.
 */
#include "simutil.h"

#include "irq/matrix.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"

#include <stdio.h>

/* 80 CPUs x (alloc_end 236 - alloc_start 32 - 3 system vectors in range), as the seed's dump has them */
#define SEED_CAPACITY (80u * (236u - 32u - 3u))

struct figures {
	unsigned avail, reserved, allocated;
};

static struct figures figures_of(const struct sim *s)
{
	return (struct figures){ s->matrix->global_available, s->matrix->global_reserved, s->matrix->total_allocated };
}

/* The text of one variant of the example, cut after the line that contains 'upto' (NULL: whole). */
static char *variant_text(const char *variant, const char *upto)
{
	char err[512];
	size_t len;
	char *buf = irqsim_read_file("examples/seed-000-platform.scn", &len, err, sizeof(err));
	if (!buf)
		fail_msg("%s", err);
	struct scn_variant *v = NULL;
	int n = scenario_variants("seed-000-platform.scn", buf, len, &v, err, sizeof(err));
	free(buf);
	if (n <= 0)
		fail_msg("variants: %d %s", n, err);
	char *text = NULL;
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].name, variant))
			text = strdup(v[i].text);
	scenario_variants_free(v, n);
	if (!text)
		fail_msg("no variant %s", variant);
	if (upto) {
		char *at = strstr(text, upto);
		if (!at)
			fail_msg("no '%s' in variant %s", upto, variant);
		char *eol = strchr(at, '\n');
		if (eol)
			eol[1] = '\0';
	}
	return text;
}

static struct figures run_figures(const char *text)
{
	struct sim *s = run_text(text, NULL);
	struct figures f = figures_of(s);
	irqsim_free(s);
	return f;
}

/* The hot-plug check: -40 a queue, -81 a disk, +81 and -3 on unplug, global_reserved untouched. */
static void test_unplug_figures(void **state)
{
	(void)state;
	char *boot = variant_text("unplug", "\nboot"), *three = variant_text("unplug", "count=3");
	char *probe = variant_text("unplug", "id=probe"), *all = variant_text("unplug", NULL);
	struct figures b = run_figures(boot), t = run_figures(three), p = run_figures(probe), u = run_figures(all);
	/* the model's platform at boot: 7 vectors (6 ISA + dmar0) and 4 x 90 of the i40e ports, all non-managed */
	assert_int_equal(b.allocated, 367);
	assert_int_equal(b.avail, SEED_CAPACITY - 367);
	/* three per-vq disks: 81 units and 3 vectors each (the seed: 16080 - 541 - 3 x 81 = 15296, 541 + 9 = 550) */
	assert_int_equal(t.avail, b.avail - 3 * 81);
	assert_int_equal(t.allocated, b.allocated + 3 * 3);
	assert_int_equal(t.avail, 15470);
	assert_int_equal(t.allocated, 376);
	/* the probe disk: 2 queues x 40 CPUs + its config vector (seed: 15296 -> 15215, 550 -> 553) */
	assert_int_equal(p.avail, t.avail - 81);
	assert_int_equal(p.allocated, t.allocated + 3);
	assert_int_equal(p.reserved, t.reserved);
	/* unplug gives it all back (seed: +81, -3, global_reserved 150 both times) */
	assert_int_equal(u.avail, t.avail);
	assert_int_equal(u.allocated, t.allocated);
	assert_int_equal(u.reserved, t.reserved);
	free(boot);
	free(three);
	free(probe);
	free(all);
}

/* The probe disk's queue vectors: managed, 40 CPUs each, so one queue's reservations take 40. */
static void test_forty_per_queue(void **state)
{
	(void)state;
	char *probe = variant_text("unplug", "id=probe");
	struct sim *s = run_text(probe, NULL);
	unsigned queues = 0;
	for (unsigned irq = 0; irq < s->irqs.nr_irqs; irq++) {
		const struct irq_desc *d = irq_to_desc(s, irq);
		if (!d || !d->affinity_managed || !d->action || !strstr(d->action->name, "virtio3-req"))
			continue;
		assert_int_equal(cpumask_weight(d->affinity), 40);
		/* the seed's /proc/interrupts rows: "IR-PCI-MSI 94371841-edge virtio3-req.0" */
		assert_string_equal(d->chip_name, "IR-PCI-MSI");
		queues++;
	}
	assert_int_equal(queues, 2);
	irqsim_free(s);
	free(probe);
}

/* The incident: per-vq until one free vector is left on every CPU, then the seed's stages. */
static void test_incident_figures(void **state)
{
	(void)state;
	char *boot = variant_text("incident", "\nboot"), *all = variant_text("incident", NULL);
	struct figures b = run_figures(boot);
	struct sim *s = run_text(all, NULL);
	unsigned per_vq = 0, shared = 0, failed = 0, first_shared = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv || strcmp(d->drv->qemu_name, "virtio-blk-pci"))
			continue;
		const struct virtio_pci_device *vp = d->drvdata;
		if (d->probe_err) {
			/* vp_find_vqs_intx: request_irq(0) against the timer: -EBUSY */
			assert_int_equal(d->probe_err, -16);
			failed++;
		} else if (vp->mode == VP_MODE_SHARED) {
			if (!shared++)
				first_shared = per_vq;
		} else {
			per_vq++;
		}
	}
	/* 81 units a disk; the space ends with exactly one free vector on each of the 80 CPUs */
	assert_int_equal((b.avail - 80) % 81, 0);
	assert_int_equal(per_vq, (b.avail - 80) / 81);
	assert_int_equal(per_vq, 193);
	assert_int_equal(first_shared, per_vq);
	/* the 80 left hold 40 shared disks of 2 vectors, then nothing */
	assert_int_equal(shared, 40);
	assert_int_equal(failed, 512 - 193 - 40);
	struct figures f = figures_of(s);
	assert_int_equal(f.avail, 0);
	assert_int_equal(f.allocated, b.allocated + 3 * per_vq + 2 * shared);
	assert_int_equal(f.allocated, 1026);
	assert_int_equal(f.reserved, b.reserved);
	irqsim_free(s);
	free(boot);
	free(all);
}

/*
 * The seed's own figures from docs/seed-000-platform.md's assumptions:
 * hot-plug check on a host using 541 non-managed vectors; the incident on
 * one using 1339 units for 1299 vectors.  The arithmetic, checked here so
 * the document cannot drift from it.
 */
static void test_seed_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(SEED_CAPACITY, 16080);
	/* 3 disks present: 15296 available, 550 allocated */
	assert_int_equal(SEED_CAPACITY - 541 - 3 * 81, 15296);
	assert_int_equal(541 + 3 * 3, 550);
	/* a 4th: -40 after its first queue, -81 in all, +3 allocated */
	assert_int_equal(15296 - 40, 15256);
	assert_int_equal(15296 - 81, 15215);
	assert_int_equal(550 + 3, 553);
	/* the incident: 181 per-vq disks leave 80, one per CPU; 40 shared take them */
	assert_int_equal(SEED_CAPACITY - 1339 - 181 * 81, 80);
	assert_int_equal(1299 + 3 * 181 + 2 * 40, 1922);
	/* no base without extra managed units gives both 0 available and 1922 allocated:
	 * 78 n = 16080 - 1922 has no integer n */
	assert_int_not_equal((SEED_CAPACITY - 1922) % 78, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unplug_figures),
		cmocka_unit_test(test_forty_per_queue),
		cmocka_unit_test(test_incident_figures),
		cmocka_unit_test(test_seed_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
