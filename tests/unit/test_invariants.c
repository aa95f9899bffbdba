// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker of vector owners and effective affinity (sim_check_invariants)
 * holds on a real run and reports each kind of corruption, one at a time.
 */
#include "simutil.h"

#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/invariants.h"
#include "kernel/sim.h"

static const char *const scn = "smp 4\nboot\nhotplug virtio-blk-pci,id=d0,num-queues=2\n"
			       "hotplug virtio-net-pci,id=n0\n";

/* The first irq in the vector domain with a vector, managed or not. */
static struct irq_desc *find(struct sim *s, bool managed)
{
	for (unsigned irq = 0; irq < s->irqs.size; irq++) {
		struct irq_desc *d = s->irqs.descs[irq];
		if (d && d->apicd && !d->apicd->is_legacy_pic && d->apicd->vector && d->apicd->is_managed == managed &&
		    d->has_effective && !d->effective_is_affinity)
			return d;
	}
	fail_msg("no %smanaged irq with a vector", managed ? "" : "non-");
	return NULL;
}

/* A vector no CPU has allocated. */
static unsigned free_vector(struct sim *s, unsigned cpu)
{
	for (unsigned v = 0x30; v < 0xec; v++)
		if (!vecmap_test(&s->matrix->maps[cpu].alloc_map, v) && !vecmap_test(&s->matrix->system_map, v))
			return v;
	fail_msg("no free vector");
	return 0;
}

/* The checker fails with exactly this message. */
#define expect(s, ...)                                                          \
	do {                                                                    \
		char buf_[300] = "", want_[300];                                \
		snprintf(want_, sizeof(want_), __VA_ARGS__);                    \
		assert_int_equal(sim_check_invariants(s, buf_, sizeof(buf_)), -1); \
		assert_string_equal(buf_, want_);                               \
	} while (0)

static void test_holds_on_a_run(void **state)
{
	char buf[300] = "";
	for (const char *const *k = (const char *const[]){ "4.18", "6.1", "6.12", NULL }; *k; k++) {
		struct sim *s = run_text(scn, *k);
		assert_int_equal(sim_check_invariants(s, buf, sizeof(buf)), 0);
		irqsim_free(s);
	}
	/* 3.10 has no matrix: only the effective CPUs are checked */
	struct sim *s = run_text("kernel 3.10\nsmp 2\nboot\nhotplug virtio-blk-pci,id=d0\n", NULL);
	assert_int_equal(sim_check_invariants(s, buf, sizeof(buf)), 0);
	irqsim_free(s);
}

static void test_vector_the_matrix_has_free(void **state)
{
	struct sim *s = run_text(scn, NULL);
	struct irq_desc *d = find(s, false);
	unsigned old = d->apicd->vector;
	d->apicd->vector = free_vector(s, d->apicd->cpu);
	/* the old bit is now owned by nobody: that is found first */
	expect(s, "vector %u on cpu %u is allocated but no irq holds it", old, d->apicd->cpu);
	/* with the old bit freed, the new vector is held but free */
	vecmap_clear(&s->matrix->maps[d->apicd->cpu].alloc_map, old);
	expect(s, "irq %u holds vector %u on cpu %u, which the matrix has free", d->irq, d->apicd->vector,
	       d->apicd->cpu);
	vecmap_set(&s->matrix->maps[d->apicd->cpu].alloc_map, old);
	d->apicd->vector = old;
	irqsim_free(s);
}

static void test_leaked_and_doubly_held(void **state)
{
	struct sim *s = run_text(scn, NULL);
	struct irq_desc *d = find(s, false);
	unsigned v = free_vector(s, 0);
	vecmap_set(&s->matrix->maps[0].alloc_map, v);
	expect(s, "vector %u on cpu 0 is allocated but no irq holds it", v);
	vecmap_clear(&s->matrix->maps[0].alloc_map, v);

	struct irq_desc *m = find(s, true);
	struct apic_chip_data saved = *m->apicd;
	m->apicd->prev_vector = d->apicd->vector;
	m->apicd->prev_cpu = d->apicd->cpu;
	expect(s, "vector %u on cpu %u is held by irq %u and irq %u", d->apicd->vector, d->apicd->cpu,
	       d->irq < m->irq ? d->irq : m->irq, d->irq < m->irq ? m->irq : d->irq);
	*m->apicd = saved;
	irqsim_free(s);
}

static void test_effective(void **state)
{
	struct sim *s = run_text("smp 4\nboot\nhotplug virtio-blk-pci,id=d0,num-queues=2\ncpu offline 3\n", NULL);
	struct irq_desc *d = find(s, false);
	unsigned cpu = d->effective_cpu;
	d->effective_cpu = 3;
	expect(s, "irq %u: effective cpu 3 is not online", d->irq);
	d->effective_cpu = cpu == 0 ? 1 : 0;
	expect(s, "irq %u: effective cpu %u but its vector %u is on cpu %u", d->irq, d->effective_cpu,
	       d->apicd->vector, cpu);
	d->effective_cpu = cpu;

	/* managed: the vector's CPU is outside the mask */
	struct irq_desc *m = find(s, true);
	struct cpumask saved;
	cpumask_copy(&saved, m->affinity);
	cpumask_clear_sized(m->affinity);
	expect(s, "managed irq %u: effective cpu %u is outside its affinity mask", m->irq, m->effective_cpu);
	cpumask_copy(m->affinity, &saved);
	char buf[300];
	assert_int_equal(sim_check_invariants(s, buf, sizeof(buf)), 0);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_holds_on_a_run),
		cmocka_unit_test(test_vector_the_matrix_has_free),
		cmocka_unit_test(test_leaked_and_doubly_held),
		cmocka_unit_test(test_effective),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
