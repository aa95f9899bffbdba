// SPDX-License-Identifier: GPL-2.0-only
/*
 * The map view and the per-step snapshots it draws its timeline from: the
 * legend's cell counts must be the matrix counters, the allocated cells must
 * each name their irq, the snapshots must follow the steps.
 */
#include "simutil.h"

#include "arch/x86/vector.h"
#include "irq/matrix.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"

static char *render(struct sim *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(irqsim_report(s, IRQSIM_VIEW_MAP, 0, f), 0);
	fclose(f);
	return buf;
}

/* The legend's count for one state class ("a", "m", "r", "f", "o", ...). */
static unsigned legend_count(const char *html, const char *cls)
{
	char key[64];
	snprintf(key, sizeof(key), "data-state=\"%s\" data-count=\"", cls);
	const char *p = strstr(html, key);
	if (!p)
		fail_msg("no legend entry for %s", cls);
	return (unsigned)strtoul(p + strlen(key), NULL, 10);
}

static unsigned occurrences(const char *html, const char *needle)
{
	unsigned n = 0;
	for (const char *p = html; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static const char scn_4cpu[] = "kernel 6.1\nsmp 4\ndevice pci-bridge,id=br0,chassis_nr=1\nboot\n"
			       "hotplug virtio-blk-pci,bus=br0,num-queues=2,intx=off,count=3\n"
			       "cpu offline 3\n";

static void test_snapshots_follow_steps(void **state)
{
	struct sim *s = run_text(scn_4cpu, NULL);
	assert_int_equal(s->snaps.nr, 3);
	const struct step_snapshot *boot = &s->snaps.v[0], *hp = &s->snaps.v[1], *off = &s->snaps.v[2];
	assert_string_equal(boot->text, "boot");
	assert_int_equal(boot->step, 1);
	assert_int_equal(hp->step, 2);
	assert_int_equal(boot->online, 4);
	assert_int_equal(off->online, 3);
	assert_int_equal(off->slots, 3 * s->matrix->alloc_size);
	/* 3 disks: config + 2 queue vectors each, the queues managed */
	assert_int_equal(hp->devices - boot->devices, 3);
	assert_int_equal(hp->allocated - boot->allocated, 9);
	assert_true(hp->managed_reserved > boot->managed_reserved);
	assert_int_equal(hp->fell_back, 0);
	/* the last snapshot is the final state */
	assert_int_equal(off->allocated, s->matrix->total_allocated);
	assert_int_equal(off->available, s->matrix->global_available);
	irqsim_free(s);
}

static void test_legend_is_the_matrix(void **state)
{
	struct sim *s = run_text(scn_4cpu, NULL);
	char *html = render(s);
	const struct irq_matrix *m = s->matrix;
	unsigned rsvd = 0, avl = 0, cpu;
	for_each_cpu(cpu, &s->cpu_online_mask) {
		rsvd += m->maps[cpu].managed - m->maps[cpu].managed_allocated;
		avl += m->maps[cpu].available;
	}
	assert_int_equal(legend_count(html, "a") + legend_count(html, "m"), m->total_allocated);
	assert_int_equal(legend_count(html, "r"), rsvd);
	assert_int_equal(legend_count(html, "f"), avl);
	assert_int_equal(legend_count(html, "o"), 1);
	/* every allocated cell is its own rect, with a tooltip naming its irq */
	assert_int_equal(occurrences(html, "class=\"c a") + occurrences(html, "class=\"c m"), m->total_allocated);
	assert_string_contains(html, "virtio2-req.1 (managed), device #");
	/* the offline CPU is one row */
	assert_string_contains(html, "<title>CPU 3: offline</title>");
	/* same input, same bytes */
	char *again = render(s);
	assert_string_equal(html, again);
	free(again);
	free(html);
	irqsim_free(s);
}

/* seed 000's shape: the headline says where the space went and when it ran out */
static void test_headline_names_exhaustion(void **state)
{
	char text[2048];
	size_t n = (size_t)snprintf(text, sizeof(text), "kernel 6.1\nsmp 2\n");
	for (int b = 0; b < 6; b++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "device pci-bridge,id=br%d,chassis_nr=%d\n", b, b + 1);
	n += (size_t)snprintf(text + n, sizeof(text) - n, "boot\n");
	for (int b = 0; b < 6; b++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "hotplug virtio-blk-pci,bus=br%d,num-queues=2,intx=off,count=31\n", b);
	struct sim *s = run_text(text, NULL);
	char *html = render(s);
	assert_string_contains(html, "are held as managed reservations");
	unsigned ran_out = 0;
	for (size_t i = 0; i < s->snaps.nr && !ran_out; i++)
		if (s->snaps.v[i].fell_back)
			ran_out = s->snaps.v[i].step;
	assert_true(ran_out > 0);
	char want[64];
	snprintf(want, sizeof(want), "The space ran out at step %u (", ran_out);
	assert_string_contains(html, want);
	assert_string_contains(html, "space ran out</text>");
	free(html);
	irqsim_free(s);
}

/* 3.10 has no matrix: the cells come from its vector_irq tables */
static void test_legacy_tables(void **state)
{
	struct sim *s = run_text("smp 4\ndevice virtio-blk-pci,num-queues=2\nboot\n", "3.10");
	assert_null(s->matrix);
	char *html = render(s);
	assert_int_equal(legend_count(html, "a"), vector_total_allocated(s));
	assert_int_equal(legend_count(html, "r"), 0);
	assert_int_equal(legend_count(html, "f"), vector_global_available(s));
	assert_string_contains(html, "3.10 vector_irq tables");
	free(html);
	irqsim_free(s);
}

static void test_no_json_form(void **state)
{
	struct sim *s = run_text("smp 2\nboot\n", NULL);
	FILE *f = fopen("/dev/null", "w");
	assert_int_equal(irqsim_report(s, IRQSIM_VIEW_MAP, 1, f), -1);
	fclose(f);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshots_follow_steps),
		cmocka_unit_test(test_legend_is_the_matrix),
		cmocka_unit_test(test_headline_names_exhaustion),
		cmocka_unit_test(test_legacy_tables),
		cmocka_unit_test(test_no_json_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
