// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multi-MSI: x86's own PCI-MSI domain gives one vector (no
 * MSI_FLAG_MULTI_PCI_MSI: pci_msi_domain_check_cap makes the core retry
 * with 1); the interrupt-remapping MSI domains give the whole block, as
 * consecutive irqs, reserved first and activated after (recorded:
 * tests/conformance/golden/q35-4cpu-iommu-xhci-msi-6.12).
 */
#include "simutil.h"

#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "pci/pci.h"

#include <stdio.h>

SIM_DEV_BY_ID

static struct sim *run_generic(const char *kernel, bool iommu, const char *props)
{
	char text[512];
	snprintf(text, sizeof(text), "kernel %s\nmachine q35\nsmp 4\n%sdevice pci-generic,id=g,types=msi,%s\nboot\n",
		 kernel, iommu ? "device intel-iommu,intremap=on\n" : "", props);
	return run_text(text, NULL);
}

/* the function's MSI irqs: n of them, consecutive, with this chip and hwirqs base + index */
static void expect_block(struct sim *s, const char *id, unsigned n, const char *chip)
{
	struct pci_dev *d = dev_by_id(s, id);
	assert_int_equal(d->probe_err, 0);
	assert_int_equal(d->irq_mode, PCI_IRQ_MODE_MSI);
	assert_int_equal(d->nr_msi, n);
	unsigned first = d->msi[0].irq;
	assert_true(first > 0);
	struct irq_desc *d0 = irq_to_desc(s, first);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(d->msi[i].irq, first + i);
		struct irq_desc *di = irq_to_desc(s, first + i);
		assert_non_null(di);
		assert_string_equal(di->chip_name, chip);
		assert_int_equal(di->hwirq, d0->hwirq + i);
		/* activated at allocation: QEMU's MSI has no per-vector masking, so no reservation mode */
		assert_true(di->activated);
	}
}

static void test_generic_block(void **state)
{
	(void)state;
	/* 8 of a 8-vector capability under remapping; one without */
	struct sim *s = run_generic("6.1", true, "msi=8,max-vectors=8,request=8");
	expect_block(s, "g", 8, "IR-PCI-MSI");
	irqsim_free(s);
	s = run_generic("6.1", false, "msi=8,max-vectors=8,request=8");
	expect_block(s, "g", 1, "PCI-MSI");
	irqsim_free(s);
	/* nvec need not be a power of two (nvec_used 3 of a capability of 8) */
	s = run_generic("6.12", true, "msi=8,max-vectors=3,request=3");
	expect_block(s, "g", 3, "IR-PCI-MSI-0000:00:01.0");
	irqsim_free(s);
	/* 4.18's remapping domain has MULTI_PCI_MSI too */
	s = run_generic("4.18", true, "msi=4,max-vectors=32,request=1");
	expect_block(s, "g", 4, "IR-PCI-MSI");
	irqsim_free(s);
}

/* min-vectors above 1: the retry with one vector is below it, -ENOSPC, unless remapping gives the block */
static void test_min_vectors(void **state)
{
	(void)state;
	struct sim *s = run_generic("6.1", false, "msi=4,min-vectors=2,max-vectors=4,request=1");
	struct pci_dev *d = dev_by_id(s, "g");
	assert_int_equal(d->probe_err, -ENOSPC);
	assert_int_equal(d->nr_msi, 0);
	irqsim_free(s);
	s = run_generic("6.1", true, "msi=4,min-vectors=2,max-vectors=4,request=1");
	expect_block(s, "g", 4, "IR-PCI-MSI");
	irqsim_free(s);
}

/* managed affinity: the block is narrowed to the CPUs (irq_calc_affinity_vectors) and spread over them */
static void test_managed_block(void **state)
{
	(void)state;
	struct sim *s = run_generic("6.1", true, "msi=32,max-vectors=32,managed-affinity=on,request=4");
	expect_block(s, "g", 4, "IR-PCI-MSI");
	struct pci_dev *d = dev_by_id(s, "g");
	for (unsigned i = 0; i < 4; i++) {
		struct irq_desc *di = irq_to_desc(s, d->msi[i].irq);
		assert_true(di->affinity_managed);
		assert_int_equal(cpumask_weight(di->affinity), 1);
		assert_true(cpumask_test_cpu(i, di->affinity));
	}
	irqsim_free(s);
}

/* xhci_hcd: 6.12 asks for min(CPUs + 1, 16) MSI vectors when MSI-X is off; 6.1 asks for one */
static void test_xhci(void **state)
{
	(void)state;
	static const struct {
		const char *kernel;
		bool iommu;
		unsigned n;
	} cases[] = { { "6.12", true, 5 }, { "6.12", false, 1 }, { "6.1", true, 1 }, { "6.1", false, 1 } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "kernel %s\nmachine q35\nsmp 4\n%sdevice nec-usb-xhci,id=u0,msix=off\nboot\n",
			 cases[i].kernel, cases[i].iommu ? "device intel-iommu,intremap=on\n" : "");
		struct sim *s = run_text(text, NULL);
		struct pci_dev *d = dev_by_id(s, "u0");
		assert_int_equal(d->irq_mode, PCI_IRQ_MODE_MSI);
		assert_int_equal(d->nr_msi, cases[i].n);
		irqsim_free(s);
	}
}

/* unplug: the whole block goes, every irq number and vector with it */
static void test_unplug_frees_block(void **state)
{
	(void)state;
	struct sim *s = run_text("kernel 6.1\nmachine q35\nsmp 4\ndevice intel-iommu,intremap=on\nboot\n"
				 "hotplug pci-generic,id=g,types=msi,msi=16,max-vectors=16,request=16\nunplug g\n",
				 NULL);
	for (unsigned irq = 24; irq < 64; irq++) {
		struct irq_desc *d = irq_to_desc(s, irq);
		if (d)
			assert_true(d->dev == NULL || d->dev->id == NULL || strcmp(d->dev->id, "g"));
	}
	irqsim_free(s);
}

/*
 * A block whose managed reservation fails is freed whole and retried with
 * one vector (msi_handle_pci_fail): here that vector's mask (every CPU)
 * meets the full CPU 0 too, so the probe fails with -ENOSPC and nothing of
 * either try is left.
 */
static void test_failed_block(void **state)
{
	(void)state;
	struct sim *s = run_text("kernel 6.1\nmachine q35\nsmp 2\ndevice intel-iommu,intremap=on\n"
				 "device pci-generic,id=g,msi=32,types=msi,max-vectors=32,request=0,count=12\n"
				 "device pci-generic,id=h,msi=32,types=msi,max-vectors=10,request=0\n"
				 "device pci-generic,id=m,msi=2,types=msi,max-vectors=2,managed-affinity=on,request=1\n"
				 "boot\n",
				 NULL);
	struct pci_dev *d = dev_by_id(s, "m");
	assert_int_equal(d->probe_err, -ENOSPC);
	assert_int_equal(d->nr_msi, 0);
	for (unsigned irq = 0; irq < s->irqs.size; irq++) {
		struct irq_desc *di = irq_to_desc(s, irq);
		assert_true(!di || di->dev != d);
	}
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generic_block),   cmocka_unit_test(test_min_vectors),
		cmocka_unit_test(test_managed_block),   cmocka_unit_test(test_xhci),
		cmocka_unit_test(test_unplug_frees_block), cmocka_unit_test(test_failed_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
