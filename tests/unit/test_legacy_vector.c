// SPDX-License-Identifier: GPL-2.0-only
/*
 * 3.10's pre-matrix allocator (arch/x86/vector_legacy.c): the step-16 search
 * order, exhaustion of one CPU, the APIC drivers' domains, and the mpt3sas
 * and i40e vector budgets.
 */
#include <errno.h>
#include <stdio.h>

#include "simutil.h"

#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "drivers/i40e.h"
#include "drivers/mpt3sas.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "pci/pci.h"

static const char one_cpu[] = "kernel 3.10\nmachine q35\nsmp 1\nboot\n";

/* A fresh irq above everything in use, joined to the vector allocator. */
static struct irq_desc *new_irq(struct sim *s)
{
	int irq = irq_alloc_descs(s, s->dynirq_base, 1, NUMA_NO_NODE);
	assert_true(irq > 0);
	struct irq_desc *d = irq_to_desc(s, (unsigned)irq);
	assert_int_equal(legacy_irq_cfg_alloc(s, d, false), 0);
	return d;
}

static void test_search_order(void **state)
{
	(void)state;
	struct sim *s = run_text(one_cpu, NULL);
	assert_null(s->matrix);
	assert_non_null(s->legacy);
	/* 0x21 + 16 = 0x31 is irq 1's ISA vector: the first device irq gets 0x41, then one level up each time */
	static const unsigned want[] = { 0x41, 0x51, 0x61, 0x71, 0x81, 0x91, 0xa1, 0xb1, 0xc1,
					 0xd1, 0xe1, 0x22, 0x42 };
	/* the boot irqs (acpi, i8042, rtc, serial) kept their ISA vectors on one CPU: nothing else taken yet */
	assert_int_equal(legacy_vectors_allocated(s, 0), 16);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct irq_desc *d = new_irq(s);
		assert_int_equal(legacy_assign_irq_vector(s, d, legacy_target_cpus(s)), 0);
		/* past 0xe1 the next level would be 0xf1 >= first_system_vector: offset 2, 0x22; 0x32 is irq 2's */
		assert_int_equal(d->apicd->vector, want[i]);
		assert_int_equal(*legacy_vector_irq(s->legacy, 0, want[i]), (int)d->irq);
		assert_int_equal(d->effective_cpu, 0);
	}
	irqsim_free(s);
}

static void test_exhaustion_one_cpu(void **state)
{
	(void)state;
	struct sim *s = run_text(one_cpu, NULL);
	/* 0x21..0xee minus 0x80 = 205 per CPU; the 16 ISA vectors leave 189 */
	assert_int_equal(legacy_vectors_usable(s), 205);
	assert_int_equal(vector_cpu_available(s, 0), 189);
	unsigned got = 0;
	for (;;) {
		struct irq_desc *d = new_irq(s);
		int r = legacy_assign_irq_vector(s, d, legacy_target_cpus(s));
		if (r) {
			assert_int_equal(r, -ENOSPC);
			assert_int_equal(d->apicd->vector, 0);
			break;
		}
		assert_true(d->apicd->vector != 0x80 && (d->apicd->vector < 0x30 || d->apicd->vector > 0x3f));
		got++;
	}
	assert_int_equal(got, 189);
	assert_int_equal(vector_cpu_available(s, 0), 0);
	irqsim_free(s);
}

static void test_clear_and_reuse(void **state)
{
	(void)state;
	struct sim *s = run_text(one_cpu, NULL);
	struct irq_desc *a = new_irq(s), *b = new_irq(s);
	assert_int_equal(legacy_assign_irq_vector(s, a, legacy_target_cpus(s)), 0);
	unsigned va = a->apicd->vector;
	assert_true(legacy_clear_irq_vector(s, a));
	assert_int_equal(*legacy_vector_irq(s->legacy, 0, va), VECTOR_UNDEFINED);
	/* a second clear is 3.10's BUG_ON(!cfg->vector) */
	assert_false(legacy_clear_irq_vector(s, a));
	/* the search resumes after the last hit, not at the freed vector */
	assert_int_equal(legacy_assign_irq_vector(s, b, legacy_target_cpus(s)), 0);
	assert_int_equal(b->apicd->vector, va + 16);
	irqsim_free(s);
}

static void test_domains(void **state)
{
	(void)state;
	struct sim *s = run_text("kernel 3.10\nmachine q35\nsmp 4\nboot\n", NULL);
	/* x2apic cluster: device bring-up takes a single CPU, the first online one */
	struct irq_desc *d = new_irq(s);
	assert_int_equal(legacy_assign_irq_vector(s, d, legacy_target_cpus(s)), 0);
	assert_int_equal(cpumask_weight(&d->apicd->domains[0]), 1);
	assert_true(cpumask_test_cpu(0, &d->apicd->domains[0]));
	/* an explicit mask: the mask's CPUs in the cluster; the old vector waits for cleanup */
	unsigned old = d->apicd->vector;
	assert_int_equal(legacy_assign_irq_vector(s, d, &s->cpu_online_mask), 0);
	assert_int_equal(cpumask_weight(&d->apicd->domains[0]), 4);
	assert_true(d->apicd->move_in_progress);
	/* until the move is cleaned up any further change is refused */
	assert_int_equal(legacy_assign_irq_vector(s, d, &s->cpu_online_mask), -EBUSY);
	for (unsigned cpu = 0; cpu < 4; cpu++)
		assert_int_equal(*legacy_vector_irq(s->legacy, cpu, d->apicd->vector), (int)d->irq);
	legacy_complete_move(s, d);
	assert_int_equal(*legacy_vector_irq(s->legacy, 0, old), VECTOR_UNDEFINED);
	assert_int_equal(legacy_assign_irq_vector(s, d, &s->cpu_online_mask), 0); /* same domain: nothing to do */
	/* flat logical mode: one vector number on every CPU at once */
	s->legacy->apic = APIC_FLAT;
	struct irq_desc *f = new_irq(s);
	assert_int_equal(legacy_assign_irq_vector(s, f, legacy_target_cpus(s)), 0);
	assert_int_equal(cpumask_weight(&f->apicd->domains[0]), 4);
	/* physflat: one CPU; a full CPU 0 moves the search to CPU 1 */
	s->legacy->apic = APIC_PHYSFLAT;
	unsigned n0 = vector_cpu_available(s, 0);
	for (unsigned i = 0; i < n0; i++) {
		struct irq_desc *x = new_irq(s);
		assert_int_equal(legacy_assign_irq_vector(s, x, legacy_target_cpus(s)), 0);
		assert_int_equal(x->effective_cpu, 0);
	}
	struct irq_desc *y = new_irq(s);
	assert_int_equal(legacy_assign_irq_vector(s, y, legacy_target_cpus(s)), 0);
	assert_int_equal(y->effective_cpu, 1);
	irqsim_free(s);
}

static void test_i40e_budget(void **state)
{
	(void)state;
	struct i40e_budget b;
	/* one CPU (kdump): misc + 1 LAN + 1 flow director; no VMDq or iWARP */
	i40e_msix_budget(129, 1, true, true, &b);
	assert_int_equal(b.misc, 1);
	assert_int_equal(b.lan, 1);
	assert_int_equal(b.fdsb, 1);
	assert_int_equal(b.vmdq, 0);
	assert_int_equal(b.iwarp, 0);
	assert_int_equal(b.total, 3);
	/* 4 CPUs on an XL710: + VMDq 8 VSIs x 1 queue */
	i40e_msix_budget(129, 4, true, false, &b);
	assert_int_equal(b.lan, 4);
	assert_int_equal(b.vmdq, 8);
	assert_int_equal(b.total, 14);
	/* X722 with iWARP: cpus + 1 for iWARP, VMDq 8 x 4 */
	i40e_msix_budget(129, 4, true, true, &b);
	assert_int_equal(b.iwarp, 5);
	assert_int_equal(b.vmdq, 32);
	assert_int_equal(b.total, 1 + 4 + 1 + 5 + 32);
	/* a small table: LAN gets at most half, VMDq falls back to 1 queue per VSI */
	i40e_msix_budget(9, 16, true, false, &b);
	assert_int_equal(b.lan, 4);
	assert_int_equal(b.fdsb, 1);
	assert_int_equal(b.vmdq, 3);
	assert_int_equal(b.total, 9);
}

static void test_mpt3sas_budget(void **state)
{
	(void)state;
	assert_int_equal(mpt3sas_reply_queues(KERNEL_3_10, 1, 96, true), 1);
	assert_int_equal(mpt3sas_reply_queues(KERNEL_3_10, 16, 96, true), 16);
	assert_int_equal(mpt3sas_reply_queues(KERNEL_6_1, 16, 96, true), 1);
	assert_int_equal(mpt3sas_reply_queues(KERNEL_6_1, 16, 96, false), 8);
	assert_int_equal(mpt3sas_reply_queues(KERNEL_6_1, 4, 96, false), 4);
}

/* Seed 001 end to end: 63 one-CPU i40e ports leave no vector for the HBA
 * (the bridges without INTx, as in examples/seed-001.scn: br0's pin would
 * map GSI 21, the HBA's, while vectors are left). */
static void test_seed001(void **state)
{
	(void)state;
	static const char base[] = "kernel 3.10\nmachine q35\nsmp 8\ncmdline \"nr_cpus=1 reset_devices\"\n"
				   "device intel-iommu,intremap=on\n"
				   "device pci-bridge,id=br0,intx=off\ndevice pci-bridge,id=br1,intx=off\n"
				   "device pci-bridge,id=br2,intx=off\n"
				   "device i40e,bus=br0,intx=off,count=31\ndevice i40e,bus=br1,intx=off,count=31\n"
				   "%s"
				   "device mpt3sas,id=hba0,bus=br2\nboot\n";
	char text[1024];
	snprintf(text, sizeof(text), base, "device i40e,bus=br2,intx=off\n");
	struct sim *s = run_text(text, NULL);
	assert_true(s->panicked);
	bool enable = false, unable = false;
	for (size_t i = 0; i < s->log.nr; i++) {
		enable |= !strcmp(s->log.lines[i].text, "mpt3sas_cm0: pci_enable_msix failed (r=-1) !!!");
		unable |= strstr(s->log.lines[i].text, "mpt3sas0: unable to allocate interrupt ") != NULL;
	}
	assert_true(enable && unable);
	struct pci_dev *hba = pci_find_by_id(s, "hba0");
	assert_int_equal(hba->probe_err, -ENOSYS);
	irqsim_free(s);
	/* the same on 6.1: reservation mode leaves room, the HBA gets its vector */
	s = run_text(text, "6.1");
	assert_false(s->panicked);
	assert_int_equal(pci_find_by_id(s, "hba0")->irq_mode, PCI_IRQ_MODE_MSIX);
	irqsim_free(s);
	/* 62 ports: the last 3 vectors go to the HBA's pin and its MSI-X vector */
	snprintf(text, sizeof(text), base, "");
	s = run_text(text, NULL);
	assert_false(s->panicked);
	assert_int_equal(pci_find_by_id(s, "hba0")->irq_mode, PCI_IRQ_MODE_MSIX);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_order),
		cmocka_unit_test(test_exhaustion_one_cpu),
		cmocka_unit_test(test_clear_and_reuse),
		cmocka_unit_test(test_domains),
		cmocka_unit_test(test_i40e_budget),
		cmocka_unit_test(test_mpt3sas_budget),
		cmocka_unit_test(test_seed001),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
