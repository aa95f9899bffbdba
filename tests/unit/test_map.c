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
#include "pci/pci.h"
#include "drivers/driver.h"
#include "report/groups.h"
#include "report/map.h"

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

/* seed 000's shape on 2 CPUs: 186 disks behind 6 bridges run the space out (every step kept with hook) */
static struct sim *run_exhausted(bool hook)
{
	report_map_record_steps(hook);
	struct sim *s = run_exhausted_2cpu();
	report_map_record_steps(false);
	return s;
}

/* the headline says where the space went and when it ran out */
static void test_headline_names_exhaustion(void **state)
{
	struct sim *s = run_exhausted(true);
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
	/* marked on the timeline and the grid too */
	assert_string_contains(html, "◀ ▮ fallback: #");
	assert_string_contains(html, "first fallback at step");
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

/* A sim run without the step hook (a library caller): the page has its last step, the sim is left alone */
static void test_last_step_only_without_hook(void **state)
{
	struct sim *s = run_text(scn_4cpu, NULL);
	assert_null(s->step_log);
	char *html = render(s);
	assert_null(s->step_log);
	assert_int_equal(occurrences(html, "\"snap\":"), 1);
	assert_string_contains(html, "Only the last step's cells were kept");
	assert_string_contains(html, "max=\"0\" value=\"0\"");
	free(html);
	irqsim_free(s);
}

/* With the hook every step is kept, each with the rows that changed */
static void test_every_step_with_hook(void **state)
{
	report_map_record_steps(true);
	struct sim *s = run_text(scn_4cpu, NULL);
	report_map_record_steps(false);
	assert_non_null(s->step_log);
	char *html = render(s);
	assert_int_equal(occurrences(html, "\"snap\":"), 3);
	assert_null(strstr(html, "Only the last step's cells were kept"));
	assert_string_contains(html, "max=\"2\" value=\"2\"");
	/* boot: every CPU's row; the hot-plug: every CPU gets reservations; the offline step: CPU 3 alone */
	const char *off = strstr(html, "\"t\":\"cpu offline 3\"");
	assert_non_null(off);
	const char *rows = strstr(html, "[3,\"o\"]");
	assert_non_null(rows);
	/* the script and its data are there, with no end of CDATA or script inside */
	assert_string_contains(html, "id=\"mapdata\"");
	const char *script = strstr(html, "<script>//<![CDATA[");
	assert_non_null(script);
	assert_ptr_equal(strstr(script, "]]>"), strstr(script, "//]]></script>") + 2);
	free(html);
	/* the next run of this thread keeps nothing */
	struct sim *s2 = run_text(scn_4cpu, NULL);
	assert_null(s2->step_log);
	irqsim_free(s2);
	irqsim_free(s);
}

/* Devices in ranges: equal chains but for numbers group; the cause is the attempt before the first error */
static void test_groups_and_cause(void **state)
{
	struct sim *s = run_exhausted(false);
	struct dev_group *g;
	long ng = report_device_groups(s, &g);
	assert_true(ng >= 2);
	size_t total = 0, ndrv = 0;
	for (long i = 0; i < ng; i++) {
		assert_int_equal(g[i].last - g[i].first + 1, g[i].count);
		if (i)
			assert_int_equal(g[i].first, g[i - 1].last + 1);
		assert_int_equal(g[i].fell_back, device_fell_back(g[i].d0));
		assert_int_equal(device_irq_mode(g[i].d0), device_irq_mode(g[i].dn));
		total += g[i].count;
	}
	for (size_t i = 0; i < s->nr_pdevs; i++)
		ndrv += s->pdevs[i]->drv != NULL;
	assert_int_equal(total, ndrv);
	/* the first range that fell back: its cause names the refusing kernel function */
	char buf[512];
	long i = 0;
	while (i < ng && !g[i].fell_back)
		i++;
	assert_true(i < ng);
	report_cause_line(g[i].d0, buf, sizeof(buf));
	assert_string_contains(buf, "-ENOSPC");
	assert_true(buf[0] != ' ' && strncmp(buf, "->", 2));
	free(g);
	/* a chain without an error has no cause */
	struct pci_dev d = { 0 };
	d.explain = (char *)"vp_find_vqs_msix, one vector per queue\n-> ok";
	assert_string_equal(report_cause_line(&d, buf, sizeof(buf)), "");
	d.explain = (char *)"try A\n  irq 5: refused\n-> -28 (ENOSPC)\ntry B\n-> -28 (ENOSPC)";
	assert_string_equal(report_cause_line(&d, buf, sizeof(buf)), "irq 5: refused");
	d.explain = (char *)"  GSI 21: assign_irq_vector: -ENOSPC; kept\n  request_irq(21) = -38";
	assert_string_equal(report_cause_line(&d, buf, sizeof(buf)), "GSI 21: assign_irq_vector: -ENOSPC; kept");
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
		cmocka_unit_test(test_last_step_only_without_hook),
		cmocka_unit_test(test_every_step_with_hook),
		cmocka_unit_test(test_groups_and_cause),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
