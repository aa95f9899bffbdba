// SPDX-License-Identifier: GPL-2.0-only
/*
 * One scenario per switch that test_profile.c's probe scenarios do not
 * reach (its no_probe_yet list): the scenario runs on the line once as is
 * and once with the switch flipped, and the output the switch steers must
 * differ in the way the switch says.  Where no modelled flow reaches the
 * switch's code, the model function it steers is called directly and the
 * test says so.
 */
#define _GNU_SOURCE
#include "simutil.h"
#include "topoutil.h"
#include "lib/kmem.h"

/* the masks' allocator (a simulation passes its own) */
static struct kmem tkm;

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "irq/affinity.h"
#include "doctor/doctor.h"
#include "irq/irqdesc.h"
#include "irq/manage.h"
#include "kernel/profile.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "snapshot/snapshot.h"

/* Run scenario text on its kernel line, with switch 'name' flipped if 'flip'. */
static struct sim *run_switch(const char *text, const char *name, bool flip)
{
	struct scenario scn;
	char err[512];
	if (scenario_parse("t.scn", text, strlen(text), &scn, err, sizeof(err)))
		fail_msg("parse: %s", err);
	int i = kernel_switch_index(name);
	assert_true(i >= 0);
	for (size_t d = 0; d < scn.nr_dirs; d++) {
		if (scn.dirs[d].kind != SCN_KERNEL)
			continue;
		struct scn_directive *k = &scn.dirs[d];
		if (flip) {
			bool on = (kernel_switches[i].lines >> k->u.kernel.line) & 1u;
			k->u.kernel.mask = 1ull << i;
			k->u.kernel.value = on ? 0 : 1ull << i;
		}
	}
	struct irqsim_options o = { .check_invariants = 1 };
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	scenario_free(&scn);
	if (!s)
		fail_msg("run: %s", err);
	assert_int_equal(kernel_switch_value(s->prof, (size_t)i) != kernel_switch_value(kernel_profile_get(s->prof->line),
											 (size_t)i),
			 flip);
	return s;
}

static char *view(struct sim *s, enum irqsim_view v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	irqsim_report(s, v, 0, f);
	fclose(f);
	return buf;
}

/*
 * warn_affinity_broken: 3 CPUs, irqaffinity=2 (default affinity {0,2}: the
 * boot CPU is always added), seven virtio-serial controllers' per-queue
 * vectors fill CPUs 0 and 2; the rest land on CPU 1, outside their
 * affinity, which 5.2+ logs (activate_reserved).
 */
static const char affinity_broken[] = "kernel 6.1\nmachine pc\nsmp 3\ncmdline \"irqaffinity=2\"\n"
				      "device virtio-serial-pci,vectors=64,count=7\nboot\n";

static void test_warn_affinity_broken(void **state)
{
	(void)state;
	for (int flip = 0; flip < 2; flip++) {
		struct sim *s = run_switch(affinity_broken, "warn_affinity_broken", flip);
		char *d = view(s, IRQSIM_VIEW_DMESG);
		unsigned n = 0;
		for (const char *p = d; (p = strstr(p, "Affinity broken due to vector space exhaustion.")); p++)
			n++;
		/* on: one line per vector placed outside {0,2} (52 of them); off: none */
		if (flip)
			assert_int_equal(n, 0);
		else
			assert_true(n >= 50);
		free(d);
		irqsim_free(s);
	}
}

/*
 * any_locked_aff_before_node: two nodes {0,1} {2,3}, irqaffinity=0,2.  With
 * CPU 2 offline, three virtio-serial controllers fill CPU 0 (their affinity
 * {0,2} has no other online CPU); the fourth's queues end on the shared
 * pair, leaving CPU 0 one vector, which the disk's managed queue 0 ({0,1})
 * reserves.  The disk's config vector (node 0, affinity {0,2}) finds node
 * 0 and its affinity full on CPU 0; 5.11+ tries the affinity next (CPU 2),
 * before that the node (CPU 1, outside the affinity).
 */
static const char aff_before_node[] = "kernel 6.1\nmachine pc\nsmp 4\n"
				      "numa node,nodeid=0,cpus=0-1\nnuma node,nodeid=1,cpus=2-3\n"
				      "cmdline \"irqaffinity=0,2\"\nboot\ncpu offline 2\n"
				      "hotplug virtio-serial-pci,vectors=64,count=3\n"
				      "hotplug virtio-serial-pci,vectors=8\ncpu online 2\n"
				      "hotplug virtio-blk-pci,id=h0,num-queues=2\n";

SIM_DEV_BY_ID

/* The irq of MSI entry 'idx' of device 'id', which has 'nr' entries */
static struct irq_desc *msi_desc(struct sim *s, const char *id, size_t nr, size_t idx)
{
	struct pci_dev *dev = dev_by_id(s, id);
	assert_int_equal(dev->nr_msi, nr);
	struct irq_desc *d = irq_to_desc(s, dev->msi[idx].irq);
	assert_non_null(d);
	return d;
}

static void test_any_locked_aff_before_node(void **state)
{
	(void)state;
	for (int flip = 0; flip < 2; flip++) {
		struct sim *s = run_switch(aff_before_node, "any_locked_aff_before_node", flip);
		struct irq_desc *cfg = msi_desc(s, "h0", 3, 0);
		assert_false(cfg->affinity_managed);
		assert_true(cfg->has_effective);
		/* affinity first: CPU 2 (in {0,2}); node first: CPU 1 (node 0, outside the affinity) */
		assert_int_equal(cfg->effective_cpu, flip ? 1u : 2u);
		assert_int_equal(cpumask_test_cpu(cfg->effective_cpu, cfg->affinity), !flip);
		irqsim_free(s);
	}
}

/*
 * affinity_files_0444: the doctor's managed-affinity finding on a 6.12
 * guest says the files are read-only (a non-root shell's "Permission
 * denied"), follows the snapshot's kernel selection (a release can set
 * switches), and drops the remark with the switch off.
 */
static void test_affinity_files_0444(void **state)
{
	(void)state;
	struct sim *s = run_text("kernel 6.12\nmachine pc\nsmp 4\ndevice virtio-blk-pci,num-queues=4\nboot\n", NULL);
	struct snapshot snap;
	assert_int_equal(snapshot_from_sim(s, &snap), 0);
	irqsim_free(s);
	int i = kernel_switch_index("affinity_files_0444");
	assert_true(i >= 0);
	for (int flip = 0; flip < 2; flip++) {
		struct doctor d;
		char err[512];
		assert_int_equal(doctor_build(&d, &snap, "6.12", err, sizeof(err)), 0);
		if (flip) {
			d.sel.mask |= 1ull << i;
			d.sel.value &= ~(1ull << i);
		}
		doctor_findings(&d);
		const char *text = NULL;
		for (size_t f = 0; f < d.nr_findings; f++)
			if (!strcmp(d.findings[f].id, "managed-affinity-fixed"))
				text = d.findings[f].text;
		assert_non_null(text);
		assert_non_null(strstr(text, "-EPERM"));
		assert_int_equal(strstr(text, "0444") != NULL, !flip);
		doctor_free(&d);
	}
	snapshot_free(&snap);
}

/*
 * activate_fixed_assigns: no modelled flow re-activates a non-reservable
 * irq (the kernel does on free_irq + request_irq of a non-maskable MSI, or
 * check_timer's irq 0), so this calls the activation itself: ich9-ahci's
 * single non-maskable MSI is activated at allocation; deactivated, given an
 * affinity without its CPU (irq_set_affinity on a deactivated irq only
 * records the mask) and activated again, 5.x+ assigns a vector in the new
 * mask (assign_irq_vector_any_locked), 4.18-RHEL leaves it where it was.
 */
static void test_activate_fixed_assigns(void **state)
{
	(void)state;
	for (int flip = 0; flip < 2; flip++) {
		struct sim *s = run_switch("kernel 6.1\nmachine pc\nsmp 4\ndevice ich9-ahci,id=a0\nboot\n",
					   "activate_fixed_assigns", flip);
		struct irq_desc *d = msi_desc(s, "a0", 1, 0);
		assert_false(d->can_reserve);
		assert_true(d->has_effective);
		unsigned was = d->effective_cpu;
		irq_domain_deactivate_irq(s, d);
		cpumask_clear_sized(d->affinity);
		cpumask_set_cpu((was + 1) % 4, d->affinity);
		assert_int_equal(irq_domain_activate_irq(s, d, false), 0);
		assert_int_equal(d->effective_cpu, flip ? was : (was + 1) % 4);
		irqsim_free(s);
	}
}

/*
 * managed_nocpu_positive_einval: activating a managed irq whose mask has no
 * online CPU.  Every modelled caller checks the mask first (irq_startup,
 * msi_init_virq, the CPU hotplug restart), so the activation is called
 * directly: 6.x returns -EINVAL, 4.18-RHEL +EINVAL, both log the error.
 */
static void test_managed_nocpu_positive_einval(void **state)
{
	(void)state;
	for (int flip = 0; flip < 2; flip++) {
		struct sim *s = run_switch("kernel 4.18\nmachine pc\nsmp 4\ndevice virtio-blk-pci,id=d0,num-queues=2\n"
					   "boot\ncpu offline 3\ncpu offline 2\n",
					   "managed_nocpu_positive_einval", flip);
		struct irq_desc *q1 = msi_desc(s, "d0", 3, 2);
		assert_true(q1->affinity_managed);
		assert_false(cpumask_intersects(q1->affinity, &s->cpu_online_mask));
		/* what activate_managed sees when a caller does not check: not in managed shutdown */
		q1->managed_shutdown = false;
		q1->activated = false;
		assert_int_equal(x86_vector_activate(s, q1, false), flip ? -EINVAL : EINVAL);
		char *log = view(s, IRQSIM_VIEW_DMESG);
		assert_non_null(strstr(log, "but no CPU"));
		free(log);
		q1->managed_shutdown = true;
		irqsim_free(s);
	}
}

/* The spread masks of nvec vectors (no pre/post vectors) as "list;list;..." */
static void spread_text(const struct cpu_topology *t, const struct kernel_profile *p, unsigned nvec, char *buf,
			size_t len)
{
	struct cpumask def;
	cpumask_copy(&def, &t->possible);
	struct irq_affinity affd = { 0 };
	struct irq_affinity_desc *d = irq_create_affinity_masks(&tkm, t, p, &def, nvec, &affd);
	assert_non_null(d);
	size_t o = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < nvec && o < len; i++) {
		char m[64];
		cpumask_print_list(m, sizeof(m), d[i].mask, t->nr_cpu_ids);
		o += (size_t)snprintf(buf + o, len - o, "%s;", m);
	}
	kmem_free(&tkm, d);
}

/*
 * cluster_grouping (7.0, modelled from 89802ca36c96's patch): the clusters
 * of a node (L2: a core's SMT threads under QEMU) each get their groups
 * when there are no more clusters than groups, equal clusters in the
 * heapsort's tie order; with more clusters than groups, as before.
 */
static void test_cluster_grouping(void **state)
{
	(void)state;
	static const struct {
		struct smp_config smp;
		unsigned nvec;
		const char *on, *off;
	} cases[] = {
		/* 4 one-CPU clusters, 4 groups: the double-pop heapsort leaves equal clusters as 1, 3, 2, 0 */
		{ { .cpus = 4 }, 4, "1;3;2;0;", "0;1;2;3;" },
		/* 2 cores of 2 threads, 2 groups: one core each, core 1 first */
		{ { .cpus = 4, .threads = 2 }, 2, "2-3;0-1;", "0-1;2-3;" },
		/* 4 clusters, 2 groups: clusters would be crossed, nothing changes */
		{ { .cpus = 4 }, 2, "0-1;2-3;", "0-1;2-3;" },
		/* 2 cores of 2 threads, 4 groups: two groups per core */
		{ { .cpus = 4, .threads = 2 }, 4, "2;3;0;1;", "0;1;2;3;" },
		/* CPUs 2-3 possible, not present: clusters for the present ones only (an empty cluster mask ends it) */
		{ { .cpus = 2, .maxcpus = 4 }, 4, "1;0;2;3;", "0;1;2;3;" },
	};
	int i = kernel_switch_index("cluster_grouping");
	assert_true(i >= 0);
	struct kernel_sel sel = { .line = KERNEL_7_0, .mask = 1ull << i, .value = 0 };
	struct kernel_profile off;
	kernel_profile_build(&sel, &off);
	const struct kernel_profile *on = kernel_profile_get(KERNEL_7_0);
	assert_true(on->cluster_grouping);
	assert_false(off.cluster_grouping);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct cpu_topology t;
		char a[256], b[256];
		tu_topology(&t, cases[c].smp, NULL, 0);
		spread_text(&t, on, cases[c].nvec, a, sizeof(a));
		spread_text(&t, &off, cases[c].nvec, b, sizeof(b));
		if (strcmp(a, cases[c].on) || strcmp(b, cases[c].off))
			fail_msg("case %zu: on %s (want %s), off %s (want %s)", c, a, cases[c].on, b, cases[c].off);
		/* 6.18 is 7.0 without the clusters */
		spread_text(&t, kernel_profile_get(KERNEL_6_18), cases[c].nvec, a, sizeof(a));
		assert_string_equal(a, cases[c].off);
		topology_free(&t);
	}
}

/*
 * ir_msi_no_reservation and msi_two_pass: 4.18 behind VT-d remapping (seed
 * 000's platform), a 2-queue virtio-blk disk.  Without reservation mode the
 * MSI-X vectors are activated with a real vector inside the MSI domain's
 * allocation, before virtio requests any of them; 4.18 allocates every
 * descriptor first and activates them after (msi_two_pass), 5.17+ activates
 * each right after its allocation.
 */
static const char ir_disk[] = "kernel 4.18\nmachine q35\nsmp 2\ndevice intel-iommu,intremap=on\n"
			      "boot\nhotplug virtio-blk-pci,id=d0,num-queues=2\n";

/* The matrix events of the last step, one letter each: r reserve, m reserve_managed, a alloc, M alloc_managed */
static void last_step_events(struct sim *s, char *out, size_t len)
{
	char *t = view(s, IRQSIM_VIEW_TRACE);
	const char *p = strstr(t, "# step 2");
	assert_non_null(p);
	size_t n = 0;
	for (; (p = strchr(p, '\n')) && n + 1 < len; p++) {
		static const struct { const char *ev; char c; } kinds[] = {
			{ "irq_matrix_reserve_managed:", 'm' }, { "irq_matrix_reserve:", 'r' },
			{ "irq_matrix_alloc_managed:", 'M' }, { "irq_matrix_alloc:", 'a' },
		};
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (!strncmp(p + 1, kinds[k].ev, strlen(kinds[k].ev))) {
				out[n++] = kinds[k].c;
				break;
			}
	}
	out[n] = 0;
	free(t);
}

/*
 * ir_msi_no_reservation: 4.18 behind remapping, one CPU filled by seven
 * virtio-serial controllers.  A controller whose 64 per-queue vectors do
 * not fit has them undone: in reservation mode (switch off) each undone
 * vector goes back to a global reservation (x86_vector_deactivate), without
 * it (seed 000's RHEL 8.4) the vectors were real from the allocation on and
 * are only freed.
 */
static const char ir_exhaust[] = "kernel 4.18\nmachine q35\nsmp 1\ndevice intel-iommu,intremap=on\nboot\n"
				 "hotplug virtio-serial-pci,vectors=64,count=7\n";

static unsigned count_lines(const char *text, const char *prefix)
{
	unsigned n = 0;
	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		n += !strncmp(p, prefix, strlen(prefix));
	}
	return n;
}

static void test_ir_msi_no_reservation(void **state)
{
	(void)state;
	unsigned reserves[2];
	for (int flip = 0; flip < 2; flip++) {
		struct sim *s = run_switch(ir_exhaust, "ir_msi_no_reservation", flip);
		char *t = view(s, IRQSIM_VIEW_TRACE);
		reserves[flip] = count_lines(t, "irq_matrix_reserve:");
		free(t);
		irqsim_free(s);
	}
	/* 5 controllers x 64 vectors undone: 270 more re-reservations in reservation mode */
	assert_true(reserves[1] >= reserves[0] + 5 * 50);
	/* and the 2-queue disk: its config vector is activated inside the allocation, not at request_irq */
	struct sim *s = run_switch(ir_disk, "ir_msi_no_reservation", false);
	assert_false(msi_desc(s, "d0", 3, 0)->can_reserve);
	irqsim_free(s);
	s = run_switch(ir_disk, "ir_msi_no_reservation", true);
	assert_true(msi_desc(s, "d0", 3, 0)->can_reserve);
	irqsim_free(s);
}

static void test_msi_two_pass(void **state)
{
	(void)state;
	char two[64], one[64];
	struct sim *s = run_switch(ir_disk, "msi_two_pass", false);
	last_step_events(s, two, sizeof(two));
	irqsim_free(s);
	s = run_switch(ir_disk, "msi_two_pass", true);
	last_step_events(s, one, sizeof(one));
	irqsim_free(s);
	/*
	 * config reserve (r), queue reservations (m m), then the config
	 * activation (a) after every allocation (4.18), or right after its own
	 * (5.17+); the queues' vectors come at request_irq (M M) either way
	 */
	assert_string_equal(two, "rmmaMM");
	assert_string_equal(one, "rammMM");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warn_affinity_broken),
		cmocka_unit_test(test_any_locked_aff_before_node),
		cmocka_unit_test(test_affinity_files_0444),
		cmocka_unit_test(test_activate_fixed_assigns),
		cmocka_unit_test(test_managed_nocpu_positive_einval),
		cmocka_unit_test(test_cluster_grouping),
		cmocka_unit_test(test_ir_msi_no_reservation),
		cmocka_unit_test(test_msi_two_pass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
