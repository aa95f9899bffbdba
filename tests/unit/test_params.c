// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel command line: how each parameter is read (kernel/params.c quoting,
 * the __setup handlers' own parsing) and the effect the model gives it.
 */
#include "simutil.h"

#include "drivers/driver.h"
#include "irq/irqdesc.h"
#include "kernel/params.h"
#include "kernel/sim.h"
#include "pci/pci.h"

static void parse(const char *cmdline, struct boot_params *p)
{
	char err[200];
	unsigned pos = 0;
	memset(p, 0, sizeof(*p));
	if (boot_params_parse(p, cmdline, err, sizeof(err), &pos))
		fail_msg("parse '%s': %s", cmdline, err);
}

static void test_parse_words(void **state)
{
	(void)state;
	struct boot_params p;
	parse("nr_cpus=4 maxcpus=2 possible_cpus=3 pci=nomsi,noaer intremap=off irqaffinity=0-1 "
	      "pcie_aspm=off pcie-ports=native isolcpus=managed_irq,domain,2-3 quiet foo=\"a b\"", &p);
	assert_int_equal(p.nr_cpus, 4);
	assert_true(p.maxcpus_set);
	assert_int_equal(p.maxcpus, 2);
	assert_true(p.possible_cpus_set);
	assert_int_equal(p.possible_cpus, 3);
	assert_true(p.pci_nomsi);
	assert_true(p.intremap_off);
	assert_string_equal(p.irqaffinity, "0-1");
	assert_true(p.pcie_aspm_off);
	assert_true(p.pcie_ports_native);
	assert_false(p.pcie_ports_disabled);
	assert_true(p.isolcpus_managed_irq);
	assert_true(p.isolcpus_domain);
	assert_string_equal(p.isolcpus, "2-3");
	assert_int_equal(p.nr_noeffect, 1);
	assert_string_equal(p.noeffect[0], "quiet");
	assert_int_equal(p.nr_ignored, 1);
	assert_string_equal(p.ignored[0], "foo=a b");
	boot_params_free(&p);
}

static void test_pcie_ports_prefixes(void **state)
{
	(void)state;
	struct boot_params p;
	/* pcie_port_setup compares prefixes; anything else is accepted and does nothing */
	parse("pcie_ports=compatible", &p);
	assert_true(p.pcie_ports_disabled);
	boot_params_free(&p);
	parse("pcie_ports=dpc-native", &p);
	assert_true(p.pcie_ports_dpc_native);
	assert_false(p.pcie_ports_native);
	boot_params_free(&p);
	parse("pcie_ports=auto", &p);
	assert_false(p.pcie_ports_disabled || p.pcie_ports_native || p.pcie_ports_dpc_native);
	assert_int_equal(p.nr_noeffect, 1);
	boot_params_free(&p);
}

static void test_isolcpus_flags(void **state)
{
	(void)state;
	struct boot_params p;
	parse("isolcpus=1-3", &p);
	assert_true(p.isolcpus_domain);
	assert_false(p.isolcpus_managed_irq);
	boot_params_free(&p);
	char err[200];
	unsigned pos;
	memset(&p, 0, sizeof(p));
	assert_int_equal(boot_params_parse(&p, "quiet isolcpus=managed_irq,", err, sizeof(err), &pos), -1);
	assert_int_equal(pos, 6);
	boot_params_free(&p);
}

static void test_module_params(void **state)
{
	(void)state;
	struct boot_params p;
	parse("virtio_blk.num_request_queues=2 virtio_blk.poll_queues=1 virtio_blk.num_queues=4 "
	      "virtio-blk.queue_depth=64 other.x=1", &p);
	assert_int_equal(p.virtio_blk_num_request_queues, 2);
	assert_int_equal(p.virtio_blk_poll_queues, 1);
	assert_int_equal(p.nr_unknown_modparams, 1);
	assert_string_equal(p.unknown_modparams[0], "virtio_blk.num_queues=4");
	/* queue_depth exists but is not modelled; other.x is another module's */
	assert_int_equal(p.nr_ignored, 2);
	boot_params_free(&p);

	struct sim *s = run_text("smp 4\ncmdline \"virtio_blk.num_queues=4\"\ndevice virtio-blk-pci,num-queues=4\nboot\n",
				 "6.1");
	bool warned = false;
	for (size_t i = 0; i < s->log.nr; i++)
		if (!strcmp(s->log.lines[i].text, "virtio_blk: unknown parameter 'num_queues' ignored"))
			warned = true;
	assert_true(warned);
	irqsim_free(s);
}

static void test_cpu_limits(void **state)
{
	(void)state;
	struct sim *s = run_text("smp 4,maxcpus=8\ncmdline \"possible_cpus=6\"\nboot\n", "6.1");
	assert_int_equal(s->topo.nr_cpu_ids, 6);
	assert_int_equal(cpumask_weight(&s->cpu_online_mask), 4);
	irqsim_free(s);
	s = run_text("smp 4\ncmdline \"maxcpus=0\"\nboot\n", "6.1");
	assert_int_equal(s->topo.nr_cpu_ids, 1);
	assert_int_equal(cpumask_weight(&s->cpu_online_mask), 1);
	irqsim_free(s);
	s = run_text("smp 4\ncmdline \"maxcpus=2 nr_cpus=3\"\nboot\n", "6.1");
	assert_int_equal(s->topo.nr_cpu_ids, 3);
	assert_int_equal(cpumask_weight(&s->cpu_online_mask), 2);
	irqsim_free(s);
}

/* The CPU the irq of a device's MSI vector n sits on. */
static unsigned vector_cpu(struct sim *s, const char *id, unsigned n)
{
	struct pci_dev *d = pci_find_by_id(s, id);
	assert_non_null(d);
	assert_true(n < d->nr_msi);
	struct irq_desc *desc = irq_to_desc(s, d->msi[n].irq);
	assert_non_null(desc);
	assert_true(desc->has_effective);
	return desc->effective_cpu;
}

static void test_isolcpus_managed_irq(void **state)
{
	(void)state;
	/* one queue per disk: each queue's managed mask is all 4 CPUs */
	const char *fmt = "smp 4\ncmdline \"%s\"\ndevice virtio-blk-pci,id=a,num-queues=1\n"
			  "device virtio-blk-pci,id=b,num-queues=1\ndevice virtio-blk-pci,id=c,num-queues=1\nboot\n";
	char text[400];
	snprintf(text, sizeof(text), fmt, "isolcpus=managed_irq,0-1");
	struct sim *s = run_text(text, "6.1");
	assert_true(s->hk_managed_irq);
	const char *ids[] = { "a", "b", "c" };
	for (int i = 0; i < 3; i++)
		assert_true(vector_cpu(s, ids[i], 1) >= 2);
	irqsim_free(s);
	/* without isolation the third queue lands on CPU 1 */
	snprintf(text, sizeof(text), fmt, "quiet");
	s = run_text(text, "6.1");
	assert_int_equal(vector_cpu(s, "c", 1), 1);
	irqsim_free(s);
	/* a list beyond nr_cpu_ids: the kernel warns and isolates nothing */
	snprintf(text, sizeof(text), fmt, "isolcpus=managed_irq,2-9");
	s = run_text(text, "6.1");
	assert_false(s->hk_managed_irq);
	irqsim_free(s);
}

static void test_irqaffinity(void **state)
{
	(void)state;
	/* init_irq_default_affinity: the list plus the boot CPU, for non-managed irqs */
	struct sim *s = run_text("smp 4\ncmdline \"irqaffinity=2-3\"\ndevice virtio-blk-pci,id=a,num-queues=1\nboot\n",
				 "6.1");
	assert_int_equal(cpumask_weight(&s->irq_default_affinity), 3);
	assert_true(cpumask_test_cpu(0, &s->irq_default_affinity));
	assert_false(cpumask_test_cpu(1, &s->irq_default_affinity));
	struct pci_dev *d = pci_find_by_id(s, "a");
	struct irq_desc *cfg = irq_to_desc(s, d->msi[0].irq);
	assert_false(cpumask_test_cpu(1, cfg->affinity));
	assert_true(cfg->effective_cpu != 1);
	irqsim_free(s);
}

static void test_nomsi_and_intremap(void **state)
{
	(void)state;
	/* pci=nomsi: INTx for virtio, and _OSC loses its MSI support bit */
	struct sim *s = run_text("machine q35\nsmp 2\ncmdline \"pci=nomsi intremap=off\"\n"
				 "device virtio-blk-pci,id=a\nboot\n", "6.1");
	struct pci_dev *d = pci_find_by_id(s, "a");
	assert_int_equal(device_irq_mode(d), DM_INTX);
	assert_false(s->host.osc_control_set);
	/* intremap=off: without an IOMMU in the machine the chips are PCI-MSI / IO-APIC anyway */
	assert_true(s->params.intremap_off);
	irqsim_free(s);
}

/* intremap= and intel_iommu= take comma lists (setup_irqremap, intel_iommu_setup) */
static void test_iommu_words(void **state)
{
	(void)state;
	struct boot_params p;
	parse("intremap=nosid,off intel_iommu=on,off nox2apic x2apic_phys", &p);
	assert_true(p.intremap_off);
	assert_true(p.intel_iommu_off);
	assert_int_equal(p.nr_ignored, 0);
	boot_params_free(&p);
	parse("intremap=on,no_x2apic_optout intel_iommu=off,on intremap=bogus intel_iommu=sm_on nox2apic=1", &p);
	assert_false(p.intremap_off);
	assert_false(p.intel_iommu_off);
	assert_int_equal(p.nr_ignored, 3);
	boot_params_free(&p);
}

/*
 * With QEMU's intel-iommu: the DMAR fault interrupt (6.1 at apic_bsp_setup,
 * irq 24; 6.12 at intel_iommu_init, none without DMA remapping), the IR
 * chips, and affinity writes applied at once (IRQ_MOVE_PCNTXT) with the old
 * vector freed; without remapping the write stays pending.
 */
static void check_iommu(const char *kernel, const char *cmdline, bool dmar, bool ir)
{
	char scn[400];
	snprintf(scn, sizeof(scn), "machine q35\nsmp 4\ncmdline \"%s\"\ndevice intel-iommu\n"
		 "device virtio-net-pci,id=n\nboot\nset-affinity 9 2\n", cmdline);
	struct sim *s = run_text(scn, kernel);
	assert_int_equal(s->dmar_fault_irq, dmar ? 24 : 0);
	assert_int_equal(s->irq_remapping, ir);
	struct irq_desc *sci = irq_to_desc(s, 9);
	assert_string_equal(sci->chip_name, ir ? "IR-IO-APIC" : "IO-APIC");
	assert_int_equal(sci->remapped, ir);
	assert_int_equal(sci->move_pending, !ir);
	if (ir) {
		assert_int_equal(sci->effective_cpu, 2);
		assert_false(sci->apicd->move_in_progress);
		assert_int_equal(sci->apicd->prev_vector, 0);
	}
	if (dmar) {
		struct irq_desc *d = irq_to_desc(s, 24);
		assert_string_equal(d->chip_name, "DMAR-MSI");
		assert_string_equal(d->action->name, "dmar0");
	}
	irqsim_free(s);
}

static void test_intel_iommu(void **state)
{
	(void)state;
	check_iommu("6.1", "", true, true);
	check_iommu("6.12", "", true, true);
	check_iommu("6.1", "intel_iommu=off", true, true);
	check_iommu("6.12", "intel_iommu=off", false, true);
	check_iommu("6.1", "intremap=off", true, false);
	check_iommu("6.12", "intremap=off intel_iommu=off", false, false);
}

/* rd.driver.blacklist= / modprobe.blacklist=: the module never binds its devices */
static void test_blacklist(void **state)
{
	(void)state;
	struct boot_params p;
	parse("rd.driver.blacklist=i40e,nvme modprobe.blacklist=virtio-net", &p);
	assert_int_equal(p.nr_blacklist, 3);
	assert_true(boot_params_blacklisted(&p, "i40e"));
	assert_true(boot_params_blacklisted(&p, "nvme"));
	/* kmod treats '-' and '_' alike */
	assert_true(boot_params_blacklisted(&p, "virtio_net"));
	assert_false(boot_params_blacklisted(&p, "virtio_blk"));
	assert_false(boot_params_blacklisted(&p, "i40"));
	assert_int_equal(p.nr_ignored, 0);
	boot_params_free(&p);

	char err[200];
	unsigned pos = 0;
	memset(&p, 0, sizeof(p));
	assert_int_equal(boot_params_parse(&p, "rd.driver.blacklist=", err, sizeof(err), &pos), -1);
	assert_string_equal(err, "invalid value for rd.driver.blacklist: expected MODULE[,MODULE...]");
	boot_params_free(&p);

	/* the devices stay present and unbound: no vectors, no irqs */
	struct sim *s = run_text("smp 2\ncmdline \"rd.driver.blacklist=virtio_blk\"\n"
				 "device virtio-blk-pci,id=d0\nboot\nhotplug virtio-blk-pci,id=d1\n",
				 NULL);
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (d->drv) {
			assert_true(d->present);
			assert_int_equal(d->nr_msi, 0);
			assert_int_equal(device_irq_mode(d), DM_NONE);
		}
	}
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_words),
		cmocka_unit_test(test_pcie_ports_prefixes),
		cmocka_unit_test(test_isolcpus_flags),
		cmocka_unit_test(test_module_params),
		cmocka_unit_test(test_cpu_limits),
		cmocka_unit_test(test_isolcpus_managed_irq),
		cmocka_unit_test(test_irqaffinity),
		cmocka_unit_test(test_nomsi_and_intremap),
		cmocka_unit_test(test_blacklist),
		cmocka_unit_test(test_iommu_words),
		cmocka_unit_test(test_intel_iommu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
