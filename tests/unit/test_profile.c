// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel lines' switches (src/base/profile.c):
 *  - docs/model.md's switch table lists exactly the switches the profiles
 *    have, with the same value per line, function and commit;
 *  - every modelled switch changes some output: probe scenarios run on a
 *    line where the switch is on, once as is and once with it flipped, and
 *    some view must differ;
 *  - `uname -r` strings map to lines and point-release switches.
 */
#define _GNU_SOURCE
#include "testutil.h"
#include "lib/kmem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topoutil.h"

#include "irq/affinity.h"
#include "irq/matrix.h"
#include "irqsim/irqsim.h"
#include "lib/sort.h"
#include "kernel/profile.h"
#include "kernel/sim.h"
#include "scenario/scenario.h"

#define MODEL_DOC "docs/model.md"

/* Sorts by the hundreds only: elements with the same hundreds are ties. */
static int tie_cmp(const void *x, const void *y)
{
	int a = *(const int *)x / 100, b = *(const int *)y / 100;
	return (a > b) - (a < b);
}

/* Split a markdown table row into cells ("\|" is a literal bar); returns the count. */
static int split_row(char *line, char **cells, int max)
{
	int n = 0;
	char *p = line;
	if (*p != '|')
		return 0;
	p++;
	while (*p && *p != '\n' && n < max) {
		while (*p == ' ')
			p++;
		char *start = p, *w = p;
		while (*p && *p != '\n' && !(*p == '|' && p[-1] != '\\')) {
			if (*p == '\\' && p[1] == '|')
				p++;
			*w++ = *p++;
		}
		char *end = w;
		while (end > start && end[-1] == ' ')
			end--;
		*end = '\0';
		cells[n++] = start;
		if (*p == '|')
			p++;
		else
			break;
	}
	return n;
}

static void test_doc_table_matches_profiles(void **state)
{
	(void)state;
	FILE *f = fopen(MODEL_DOC, "r");
	assert_non_null(f);
	char *line = NULL;
	size_t cap = 0;
	bool in_table = false;
	bool seen[64] = { false };
	int rows = 0;
	while (getline(&line, &cap, f) > 0) {
		char *cells[32];
		if (!strncmp(line, "| switch | ", 11)) {
			int n = split_row(line, cells, 32);
			assert_int_equal(n, KERNEL_NR_LINES + 5);
			for (unsigned k = 0; k < KERNEL_NR_LINES; k++)
				assert_string_equal(cells[1 + k], kernel_line_name((enum kernel_line)k));
			in_table = true;
			continue;
		}
		if (!in_table)
			continue;
		if (strncmp(line, "| `", 3)) {
			if (line[0] != '|')
				in_table = false;
			continue;
		}
		int n = split_row(line, cells, 32);
		assert_int_equal(n, KERNEL_NR_LINES + 5);
		char name[64];
		snprintf(name, sizeof(name), "%s", cells[0] + 1);
		char *tick = strchr(name, '`');
		assert_non_null(tick);
		*tick = '\0';
		int i = kernel_switch_index(name);
		if (i < 0)
			fail_msg("docs/model.md documents a switch the profiles do not have: %s", name);
		seen[i] = true;
		rows++;
		const struct kernel_switch *w = &kernel_switches[i];
		for (unsigned k = 0; k < KERNEL_NR_LINES; k++) {
			bool on = (w->lines >> k) & 1u;
			if (strcmp(cells[1 + k], on ? "on" : "-"))
				fail_msg("%s on %s: docs say '%s', the profile %s", name, kernel_line_name((enum kernel_line)k),
					 cells[1 + k], on ? "on" : "off");
		}
		assert_string_equal(cells[1 + KERNEL_NR_LINES], w->function);
		assert_string_equal(cells[2 + KERNEL_NR_LINES], w->commit);
		assert_string_equal(cells[3 + KERNEL_NR_LINES], w->checked);
		assert_string_equal(cells[4 + KERNEL_NR_LINES], w->modelled ? "yes" : "no");
	}
	free(line);
	fclose(f);
	for (size_t i = 0; i < kernel_nr_switches; i++)
		if (!seen[i])
			fail_msg("switch %s is not documented in " MODEL_DOC, kernel_switches[i].name);
	assert_int_equal((size_t)rows, kernel_nr_switches);
	assert_true(kernel_nr_switches <= 64);
}

/* ---- every modelled switch changes an output ---- */

static const char *const probes[] = {
	"examples/seed-000.scn", "examples/seed-002.scn", "examples/seed-003.scn",
	"examples/drivers-mix.scn", "examples/seed-000-intx.scn", "examples/seed-000-unplug.scn",
	"tests/unit/data/profile-probe.scn", "tests/unit/data/profile-exhaust.scn",
	"tests/unit/data/profile-iommu.scn", "tests/unit/data/profile-numa3.scn",
	"tests/conformance/golden/pc-2cpu-nvme-exhaust-6.1/case.scn",
	"tests/conformance/golden/q35-4cpu-native-hotplug-6.1/case.scn",
	/* a shared INTx line refused to megaraid_sas's request_irq (request_irq_cond_oneshot) */
	"tests/conformance/golden/pc-2cpu-bridges-intx-6.12/case.scn",
};

static char *views_of(struct scenario *scn, bool doctor)
{
	char err[512];
	struct irqsim_options o = { .check_invariants = 1 };
	struct sim *s = irqsim_run(scn, &o, err, sizeof(err));
	if (!s)
		return NULL; /* a line that refuses the probe (3.10 and CPU hot-plug): no answer from it */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	static const enum irqsim_view views[] = {
		IRQSIM_VIEW_SUMMARY, IRQSIM_VIEW_INTERRUPTS, IRQSIM_VIEW_VECTOR, IRQSIM_VIEW_TRACE,
		IRQSIM_VIEW_DMESG,   IRQSIM_VIEW_AFFINITY,   IRQSIM_VIEW_STEPS,
	};
	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
		irqsim_report(s, views[v], 0, f);
	/* the doctor's findings (affinity-write errors) on one probe: it is the slowest view */
	if (doctor)
		irqsim_report(s, IRQSIM_VIEW_DOCTOR, 0, f);
	fclose(f);
	irqsim_free(s);
	return buf;
}

static struct scn_directive *kernel_dir(struct scenario *scn)
{
	for (size_t i = 0; i < scn->nr_dirs; i++)
		if (scn->dirs[i].kind == SCN_KERNEL)
			return &scn->dirs[i];
	return NULL;
}

/* Does flipping switch i on line k change any view of any probe? */
static bool switch_changes_output(size_t i, enum kernel_line k)
{
	for (size_t p = 0; p < sizeof(probes) / sizeof(probes[0]); p++) {
		char err[512];
		struct scenario *scn = irqsim_scenario_load(probes[p], NULL, err, sizeof(err));
		if (!scn)
			fail_msg("%s: %s", probes[p], err);
		struct scn_directive *d = kernel_dir(scn);
		assert_non_null(d);
		d->u.kernel.line = k;
		d->u.kernel.mask = 0;
		d->u.kernel.value = 0;
		d->u.kernel.release[0] = '\0';
		bool doctor = strstr(probes[p], "profile-probe") != NULL;
		char *a = views_of(scn, doctor);
		d->u.kernel.mask = 1ull << i;
		d->u.kernel.value = ((kernel_switches[i].lines >> k) & 1u) ? 0 : 1ull << i;
		char *b = views_of(scn, doctor);
		bool differ = a && b && strcmp(a, b) != 0;
		free(a);
		free(b);
		irqsim_scenario_free(scn);
		if (differ)
			return true;
	}
	return false;
}

/*
 * Switches no probe scenario reaches (sort_double_pop does since 7.0's
 * clusters are modelled: equal clusters are ordered by the heapsort).  The
 * first group is tested on the model function it steers
 * (test_switches_on_model_functions); the second
 * on a scenario of its own, or the model function where no modelled flow
 * reaches it, in test_profile_effects.c (msi_two_pass and
 * ir_msi_no_reservation on 4.18 behind VT-d remapping, the only place a
 * vector is activated at allocation).  The list must stay
 * exact: a switch that starts changing a probe's output fails the test
 * until it is removed from here.
 */
static const char *const no_probe_yet[] = {
	"matrix_empty_mask_einval", "matrix_free_warn_return", "affinity_node_whole_mask",
	"affinity_single_vector_skip", "nr_masks_default_affinity",
	/* test_profile_effects.c */
	"any_locked_aff_before_node", "warn_affinity_broken", "activate_fixed_assigns",
	"managed_nocpu_positive_einval", "affinity_files_0444", "msi_two_pass", "ir_msi_no_reservation",
};

static bool listed(const char *name)
{
	for (size_t j = 0; j < sizeof(no_probe_yet) / sizeof(no_probe_yet[0]); j++)
		if (!strcmp(no_probe_yet[j], name))
			return true;
	return false;
}

static void test_every_switch_changes_output(void **state)
{
	(void)state;
	unsigned missing = 0;
	for (size_t i = 0; i < kernel_nr_switches; i++) {
		const struct kernel_switch *w = &kernel_switches[i];
		if (!w->modelled)
			continue;
		/* the newest line with the switch on (the 6.x lines run the probes' drivers as recorded) */
		enum kernel_line k = KERNEL_NR_LINES;
		for (unsigned l = 0; l < KERNEL_NR_LINES; l++)
			if ((w->lines >> l) & 1u)
				k = (enum kernel_line)l;
		/* on in no line's base (a flavour's build option a release string sets): 6.1, whose -cloud sets both */
		if (!w->lines)
			k = KERNEL_6_1;
		bool changes = switch_changes_output(i, k);
		if (changes == listed(w->name)) {
			print_message("switch %s %s output of the probes on %s\n", w->name,
				      changes ? "is listed in no_probe_yet but changes an" : "changes no", kernel_line_name(k));
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/*
 * The switches the probes do not reach, on the model function they steer:
 * the line's profile and the same with the switch flipped must differ.
 */
static struct kernel_profile flipped(enum kernel_line k, const char *name)
{
	struct kernel_sel sel = { .line = k };
	int i = kernel_switch_index(name);
	assert_true(i >= 0);
	sel.mask = 1ull << i;
	sel.value = kernel_switch_value(kernel_profile_get(k), (size_t)i) ? 0 : 1ull << i;
	struct kernel_profile p;
	kernel_profile_build(&sel, &p);
	assert_true(kernel_switch_value(&p, (size_t)i) != kernel_switch_value(kernel_profile_get(k), (size_t)i));
	return p;
}

/* Masks of irq_create_affinity_masks as "mask/managed;..." ("NULL" for no descriptors) */
static void masks_text(const struct cpu_topology *t, const struct kernel_profile *p, unsigned nvec, unsigned pre,
		       char *buf, size_t len)
{
	struct cpumask def;
	cpumask_copy(&def, &t->possible);
	struct irq_affinity affd = { .pre_vectors = pre };
	struct kmem km = { 0 };
	struct irq_affinity_desc *d = irq_create_affinity_masks(&km, t, p, &def, nvec, &affd);
	size_t o = (size_t)snprintf(buf, len, "%s", d ? "" : "NULL");
	for (unsigned i = 0; d && i < nvec && o < len; i++) {
		char m[64];
		cpumask_print_list(m, sizeof(m), d[i].mask, t->nr_cpu_ids);
		o += (size_t)snprintf(buf + o, len - o, "%s/%d;", m, d[i].is_managed);
	}
	kmem_free(&km, d);
	kmem_destroy(&km);
}

static void affinity_switch_differs(const char *name, enum kernel_line k, struct cpu_topology *t, unsigned nvec,
				    unsigned pre)
{
	char a[1024], b[1024];
	struct kernel_profile p = flipped(k, name);
	masks_text(t, kernel_profile_get(k), nvec, pre, a, sizeof(a));
	masks_text(t, &p, nvec, pre, b, sizeof(b));
	if (!strcmp(a, b))
		fail_msg("%s on %s: the masks do not change (%s)", name, kernel_line_name(k), a);
}

static void test_switches_on_model_functions(void **state)
{
	(void)state;
	struct cpu_topology t;

	/* nr_masks_default_affinity: 4 spread vectors on 2 CPUs (6.18: the last two get the default) */
	tu_topology(&t, (struct smp_config){ .cpus = 2 }, NULL, 0);
	affinity_switch_differs("nr_masks_default_affinity", KERNEL_6_18, &t, 4, 0);
	/* affinity_single_vector_skip: one vector, no pre/post */
	affinity_switch_differs("affinity_single_vector_skip", KERNEL_5_15, &t, 1, 0);
	topology_free(&t);

	/* affinity_node_whole_mask: 2 spread vectors over 3 nodes with hot-pluggable CPUs */
	struct numa_node_config n3[] = { tu_node(0, "0,3"), tu_node(1, "1"), tu_node(2, "2,4") };
	tu_topology(&t, (struct smp_config){ .cpus = 3, .maxcpus = 5 }, n3, 3);
	affinity_switch_differs("affinity_node_whole_mask", KERNEL_4_18, &t, 2, 0);
	topology_free(&t);

	/* sort_double_pop: equal keys, the variants leave them in different orders */
	int a[8], b[8];
	for (int i = 0; i < 8; i++)
		a[i] = b[i] = (i % 2) * 100 + i;
	kernel_sort(a, 8, sizeof(a[0]), tie_cmp, false);
	kernel_sort(b, 8, sizeof(b[0]), tie_cmp, true);
	assert_memory_not_equal(a, b, sizeof(a));

	/* matrix_empty_mask_einval: an empty mask */
	struct kernel_profile p = flipped(KERNEL_6_1, "matrix_empty_mask_einval");
	struct irq_matrix *m = irq_alloc_matrix(256, 32, 236, 2, KERNEL_6_1);
	assert_non_null(m);
	irq_matrix_online(m);
	struct cpumask empty;
	cpumask_clear(&empty);
	unsigned cpu;
	assert_int_equal(irq_matrix_alloc(m, &empty, false, &cpu), -EINVAL);
	m->empty_mask_einval = p.matrix_empty_mask_einval;
	assert_int_equal(irq_matrix_alloc(m, &empty, false, &cpu), -ENOSPC);

	/* matrix_free_warn_return: freeing a vector that is not allocated */
	unsigned before = irq_matrix_available(m, false);
	irq_matrix_free(m, 0, 100, false);
	assert_int_equal(irq_matrix_available(m, false), before);
	p = flipped(KERNEL_6_1, "matrix_free_warn_return");
	m->free_warn_return = p.matrix_free_warn_return;
	irq_matrix_free(m, 0, 100, false);
	assert_int_equal(irq_matrix_available(m, false), before + 1);
	irq_matrix_destroy(m);
}

/* ---- release strings ---- */

static void test_uname_strings(void **state)
{
	(void)state;
	static const struct {
		const char *rel, *line;
		bool counts_managed;
	} cases[] = {
		{ "5.14.0-427.13.1.el9_4.x86_64", "5.14", false },
		{ "6.8.0-45-generic", "6.8", false },
		{ "6.1.0-57-amd64", "6.1", false },
		{ "6.1.0-13-amd64", "6.1", true },
		{ "6.1.55", "6.1", true },
		{ "6.1.62", "6.1", true },
		{ "6.1.63", "6.1", false },
		{ "5.15.139", "5.15", false },
		{ "5.10.0-26-amd64", "5.10", true },
		{ "5.10.0-32-amd64", "5.10", false },
		{ "5.15.138", "5.15", true },
		{ "6.12.118+deb12-cloud-amd64", "6.12", false },
		{ "4.18.0-305.30.1.el8_4.x86_64", "4.18", true },
		{ "7.0", "7.0", false },
		/* the Debian 12 archive's oldest and newest builds of each line, and -cloud */
		{ "6.1.0-47-amd64", "6.1", false },
		{ "6.1.0-57-cloud-amd64", "6.1", false },
		{ "6.12.100+deb12-amd64", "6.12", false },
		{ "6.12.118+deb12-cloud-amd64", "6.12", false },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct kernel_sel sel;
		char note[512];
		if (kernel_sel_parse(cases[c].rel, &sel, note, sizeof(note)))
			fail_msg("%s refused", cases[c].rel);
		assert_string_equal(kernel_line_name(sel.line), cases[c].line);
		struct kernel_profile p;
		kernel_profile_build(&sel, &p);
		if (p.allocated_counts_managed != cases[c].counts_managed)
			fail_msg("%s: allocated_counts_managed %d", cases[c].rel, p.allocated_counts_managed);
	}
	struct kernel_sel sel;
	char note[512];
	assert_int_equal(kernel_sel_parse("6.12.118+deb12-cloud-amd64", &sel, note, sizeof(note)), 0);
	assert_non_null(strstr(note, "-cloud flavour"));
	assert_non_null(strstr(note, "ce0b5eedcb75"));
	/*
	 * The archive's builds are past both point-release changes: the line's
	 * switches but the race fix; the -cloud flavours differ by their
	 * configuration (booted: tests/conformance/golden/ *-cloud-amd64).
	 */
	static const struct {
		const char *rel;
		const char *set[3]; /* the switches the release overrides to on, nothing else */
	} same[] = {
		{ "6.1.0-47-amd64", { NULL } },
		{ "6.1.0-57-amd64", { NULL } },
		{ "6.1.0-57-cloud-amd64", { "no_mce_vectors", "nvme_builtin", NULL } },
		{ "6.12.100+deb12-amd64", { "vector_setup_race_fix", NULL } },
		{ "6.12.118+deb12-amd64", { "vector_setup_race_fix", NULL } },
		{ "6.12.118+deb12-cloud-amd64", { "vector_setup_race_fix", "nvme_builtin", NULL } },
		/* another line's -cloud build: not known, the generic flavour's */
		{ "5.10.0-32-cloud-amd64", { NULL } },
	};
	for (size_t c = 0; c < sizeof(same) / sizeof(same[0]); c++) {
		assert_int_equal(kernel_sel_parse(same[c].rel, &sel, note, sizeof(note)), 0);
		uint64_t want = 0;
		for (size_t j = 0; same[c].set[j]; j++) {
			int i = kernel_switch_index(same[c].set[j]);
			assert_true(i >= 0);
			want |= 1ull << i;
		}
		if (sel.mask != want || sel.value != want)
			fail_msg("%s: overrides mask %#llx value %#llx, expected %#llx", same[c].rel,
				 (unsigned long long)sel.mask, (unsigned long long)sel.value, (unsigned long long)want);
	}
	assert_int_equal(kernel_sel_parse("5.10.0-32-cloud-amd64", &sel, note, sizeof(note)), 0);
	assert_non_null(strstr(note, "modelled as the generic flavour"));
	assert_int_equal(kernel_sel_parse("6.12.38+deb13-amd64", &sel, note, sizeof(note)), 0);
	assert_int_equal(sel.mask, 0);
	assert_int_equal(kernel_sel_parse("6.9.1", &sel, note, sizeof(note)), -1);
	assert_int_equal(kernel_sel_parse("7.1.0", &sel, note, sizeof(note)), -1);
	assert_int_equal(kernel_sel_parse("", &sel, note, sizeof(note)), -1);
	assert_int_equal(kernel_sel_parse("6.1x", &sel, note, sizeof(note)), -1);
	assert_int_equal(kernel_sel_parse("99999999999.1", &sel, note, sizeof(note)), -1);
}

/* Allocatable vectors per CPU: 201 up to 6.5, 202 for 6.6-6.9, 201 from 6.10 (spec kernel-lines.md). */
static void test_provenance(void **state)
{
	(void)state;
	assert_string_equal(kernel_line_provenance(KERNEL_6_1), "verified by boot");
	assert_string_equal(kernel_line_provenance(KERNEL_6_12), "verified by boot");
	assert_string_equal(kernel_line_provenance(KERNEL_4_18), "from the seed's figures");
	assert_string_equal(kernel_line_provenance(KERNEL_3_10), "from the seed's figures");
	for (unsigned k = 0; k < KERNEL_NR_LINES; k++) {
		if (k == KERNEL_6_1 || k == KERNEL_6_12 || k == KERNEL_3_10 || k == KERNEL_4_18)
			continue;
		assert_string_equal(kernel_line_provenance((enum kernel_line)k), "from source and patches");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_table_matches_profiles),
		cmocka_unit_test(test_uname_strings),
		cmocka_unit_test(test_provenance),
		cmocka_unit_test(test_switches_on_model_functions),
		cmocka_unit_test(test_every_switch_changes_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
