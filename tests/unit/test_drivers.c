// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver models' rules: vector counts, irq names, affinity masks and
 * fallbacks of virtio-net, virtio-scsi and nvme (drivers/net/virtio_net.c,
 * drivers/scsi/virtio_scsi.c, drivers/nvme/host/pci.c), and the order the
 * harness's modules bind in.
 */
#include "simutil.h"

#include "drivers/driver.h"
#include "drivers/nvme.h"
#include "drivers/virtio_net.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "irq/proc.h"
#include "kernel/sim.h"
#include "pci/pci.h"

/* The action names of an irq as /proc/interrupts joins them ("" if none). */
static const char *actions(struct sim *s, unsigned irq)
{
	static char buf[256];
	size_t n = 0;
	buf[0] = '\0';
	struct irq_desc *d = irq_to_desc(s, irq);
	for (struct irqaction *a = d ? d->action : NULL; a; a = a->next)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "", a->name);
	return buf;
}

/* smp_affinity_list of an irq */
static const char *affinity(struct sim *s, unsigned irq)
{
	static char buf[256];
	read_irq_affinity(s, irq, buf, sizeof(buf));
	return buf;
}

static bool managed(struct sim *s, unsigned irq)
{
	struct irq_desc *d = irq_to_desc(s, irq);
	return d && d->affinity_managed;
}

/* The device with this id, also after it was unplugged. */
SIM_DEV_BY_ID

static bool log_has(struct sim *s, const char *text)
{
	for (size_t i = 0; i < s->log.nr; i++)
		if (strstr(s->log.lines[i].text, text))
			return true;
	return false;
}

static void mask_is(const struct cpumask *m, const char *want)
{
	char buf[64];
	cpumask_print_list(buf, sizeof(buf), m, 64);
	assert_string_equal(buf, want);
}

/* virtnet_set_affinity: groups of consecutive online CPUs, stragglers first, wrapping */
static void test_virtnet_pair_masks(void **state)
{
	struct cpumask online, m[8];
	cpumask_clear(&online);
	for (unsigned c = 0; c < 4; c++)
		cpumask_set_cpu(c, &online);
	virtnet_pair_masks(&online, 4, 2, m);
	mask_is(&m[0], "0-1");
	mask_is(&m[1], "2-3");
	virtnet_pair_masks(&online, 4, 1, m);
	mask_is(&m[0], "0-3");
	virtnet_pair_masks(&online, 4, 4, m);
	mask_is(&m[3], "3");
	/* CPU 3 offline: 3 CPUs over 2 pairs (one straggler), over 4 pairs (wraps) */
	cpumask_clear_cpu(3, &online);
	virtnet_pair_masks(&online, 4, 2, m);
	mask_is(&m[0], "0-1");
	mask_is(&m[1], "2");
	virtnet_pair_masks(&online, 4, 4, m);
	mask_is(&m[0], "0");
	mask_is(&m[2], "2");
	mask_is(&m[3], "0");
	/* a hole: CPUs 0, 2, 3 online */
	cpumask_set_cpu(3, &online);
	cpumask_clear_cpu(1, &online);
	virtnet_pair_masks(&online, 4, 2, m);
	mask_is(&m[0], "0,2");
	mask_is(&m[1], "3");
	/* 5 CPUs, 2 pairs: 3 + 2 */
	for (unsigned c = 0; c < 5; c++)
		cpumask_set_cpu(c, &online);
	virtnet_pair_masks(&online, 5, 2, m);
	mask_is(&m[0], "0-2");
	mask_is(&m[1], "3-4");
}

/* 1 pair: config + input.0 + output.0, non-managed; queues=N: 1 + 2N vectors, the first min(CPUs, N) pairs spread */
static void test_virtio_net_vectors(void **state)
{
	struct sim *s = run_text("smp 4\ndevice virtio-net-pci,id=n0\ndevice virtio-net-pci,id=n1,queues=8\nboot\n",
				 "6.1");
	struct pci_dev *n0 = dev_by_id(s, "n0"), *n1 = dev_by_id(s, "n1");
	assert_int_equal(n0->nr_msi, 3);
	assert_string_equal(actions(s, n0->msi[0].irq), "virtio0-config");
	assert_string_equal(actions(s, n0->msi[1].irq), "virtio0-input.0");
	assert_string_equal(actions(s, n0->msi[2].irq), "virtio0-output.0");
	assert_false(managed(s, n0->msi[1].irq));
	assert_string_equal(affinity(s, n0->msi[1].irq), "0-3");
	/* 8 pairs, 4 CPUs: 17 vectors; pairs 0..3 one CPU each (rx and tx), pairs 4..7 untouched */
	assert_int_equal(n1->nr_msi, 17);
	assert_string_equal(actions(s, n1->msi[15].irq), "virtio1-input.7");
	assert_string_equal(actions(s, n1->msi[16].irq), "virtio1-output.7");
	assert_string_equal(affinity(s, n1->msi[5].irq), "2");
	assert_string_equal(affinity(s, n1->msi[6].irq), "2");
	assert_string_equal(affinity(s, n1->msi[9].irq), "0-3");
	for (unsigned i = 0; i < n1->nr_msi; i++)
		assert_false(managed(s, n1->msi[i].irq));
	/* the set after activation is pending: the vector stays until an interrupt */
	struct irq_desc *d = irq_to_desc(s, n1->msi[5].irq);
	assert_true(d->move_pending);
	assert_string_equal(device_irq_mode_name(device_irq_mode(n1)), "per-vq");
	irqsim_free(s);
}

/* the cpuhp callbacks rerun virtnet_set_affinity; after unplug nothing is called */
static void test_virtio_net_cpuhp(void **state)
{
	struct sim *s = run_text("smp 4\ndevice virtio-net-pci,id=n0,queues=2\nboot\ncpu offline 3\n", "6.12");
	struct pci_dev *n0 = dev_by_id(s, "n0");
	assert_string_equal(affinity(s, n0->msi[1].irq), "0-1");
	assert_string_equal(affinity(s, n0->msi[3].irq), "2");
	irqsim_free(s);
	s = run_text("smp 4\ndevice virtio-net-pci,id=n0,queues=2\nboot\ncpu offline 3\ncpu online 3\n"
		     "unplug n0\ncpu offline 2\n", "6.1");
	n0 = dev_by_id(s, "n0");
	assert_int_equal(n0->nr_msi, 0);
	assert_string_equal(device_irq_mode_name(device_irq_mode(n0)), "removed");
	irqsim_free(s);
}

/* too small a table (vectors=2): config + one shared 'virtqueues' vector, the last pair's mask wins */
static void test_virtio_net_shared(void **state)
{
	struct sim *s = run_text("smp 4\ndevice virtio-net-pci,id=n0,queues=2,vectors=2\nboot\n", "6.1");
	struct pci_dev *n0 = dev_by_id(s, "n0");
	assert_int_equal(n0->nr_msi, 2);
	assert_string_equal(actions(s, n0->msi[1].irq), "virtio0-virtqueues");
	assert_string_equal(affinity(s, n0->msi[1].irq), "2-3");
	assert_string_equal(device_irq_mode_name(device_irq_mode(n0)), "shared");
	irqsim_free(s);
}

/* config, control, event keep the default affinity; request queues managed, one group each */
static void test_virtio_scsi(void **state)
{
	struct sim *s = run_text("smp 4\ndevice virtio-scsi-pci,id=s0\ndevice virtio-scsi-pci,id=s1,num_queues=2\nboot\n",
				 "6.1");
	struct pci_dev *s0 = dev_by_id(s, "s0"), *s1 = dev_by_id(s, "s1");
	assert_int_equal(s0->nr_msi, 7); /* QEMU: num_queues = vCPUs */
	static const char *const names[] = { "virtio0-config", "virtio0-control", "virtio0-event", "virtio0-request" };
	for (unsigned i = 0; i < 7; i++) {
		assert_string_equal(actions(s, s0->msi[i].irq), names[i < 3 ? i : 3]);
		assert_int_equal(managed(s, s0->msi[i].irq), i >= 3);
	}
	assert_string_equal(affinity(s, s0->msi[2].irq), "0-3");
	assert_string_equal(affinity(s, s0->msi[4].irq), "1");
	assert_int_equal(s1->nr_msi, 5);
	assert_string_equal(affinity(s, s1->msi[3].irq), "0-1");
	assert_string_equal(affinity(s, s1->msi[4].irq), "2-3");
	assert_false(log_has(s, "default/read/poll"));
	irqsim_free(s);
	/* 6.12: virtscsi_poll_queues, the last request queue without a vector */
	s = run_text("smp 4\ncmdline \"virtio_scsi.virtscsi_poll_queues=1\"\ndevice virtio-scsi-pci,id=s0\nboot\n", "6.12");
	s0 = dev_by_id(s, "s0");
	assert_int_equal(s0->nr_msi, 6);
	assert_true(log_has(s, "virtio_scsi virtio0: 3/0/1 default/read/poll queues"));
	assert_string_equal(affinity(s, s0->msi[5].irq), "3");
	irqsim_free(s);
}

/* nvme_calc_irq_sets: default and read sets from the spread vectors */
static void test_nvme_calc_irq_sets(void **state)
{
	static const struct {
		unsigned write_queues, nrirqs;
		unsigned def, read, nr_sets;
	} cases[] = {
		{ 0, 0, 1, 0, 1 },  /* nothing to spread: one default queue */
		{ 0, 4, 4, 0, 1 },  /* no write queues: one shared set */
		{ 2, 1, 1, 0, 1 },  /* one vector: shared */
		{ 2, 6, 2, 4, 2 },  /* reads get what writes leave */
		{ 4, 4, 3, 1, 2 },  /* writes >= vectors: one read queue */
		{ 9, 3, 2, 1, 2 },
		{ 1, 5, 1, 4, 2 },  /* pc-4cpu-nvme-params: 1/4/1 */
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(cases); i++) {
		struct nvme_queue_counts q = { .nr_write_queues = cases[i].write_queues };
		struct irq_affinity affd = { .pre_vectors = 1, .priv = &q };
		nvme_calc_irq_sets(&affd, cases[i].nrirqs);
		assert_int_equal(q.io_queues[NVME_HCTX_DEFAULT], cases[i].def);
		assert_int_equal(q.io_queues[NVME_HCTX_READ], cases[i].read);
		assert_int_equal(affd.nr_sets, cases[i].nr_sets);
		assert_int_equal(affd.set_size[0], cases[i].def);
		if (affd.nr_sets == 2)
			assert_int_equal(affd.set_size[1], cases[i].read);
	}
}

/* 4 CPUs: admin vector (default affinity) + one managed vector per CPU; names nvmeXqN */
static void test_nvme_default(void **state)
{
	struct sim *s = run_text("smp 4\ndevice nvme,id=a\ndevice nvme,id=b\nboot\n", "6.1");
	struct pci_dev *a = dev_by_id(s, "a"), *b = dev_by_id(s, "b");
	assert_int_equal(a->nr_msi, 5);
	assert_string_equal(actions(s, a->msi[0].irq), "nvme0q0");
	assert_false(managed(s, a->msi[0].irq));
	assert_string_equal(affinity(s, a->msi[0].irq), "0-3");
	for (unsigned q = 1; q < 5; q++) {
		char want[16];
		snprintf(want, sizeof(want), "nvme0q%u", q);
		assert_string_equal(actions(s, a->msi[q].irq), want);
		assert_true(managed(s, a->msi[q].irq));
	}
	assert_string_equal(affinity(s, a->msi[4].irq), "3");
	assert_string_equal(actions(s, b->msi[0].irq), "nvme1q0");
	assert_true(log_has(s, "nvme nvme1: 4/0/0 default/read/poll queues"));
	assert_string_equal(driver_dev_name(b), "nvme1");
	assert_string_equal(device_irq_mode_name(device_irq_mode(a)), "msix");
	assert_false(device_fell_back(a));
	/* the admin vector was freed and allocated again: same irq number */
	assert_int_equal(a->msi[0].irq, 24);
	irqsim_free(s);
}

/* write/poll queues: sets [1, 4] and one polled queue without a vector; max_ioqpairs caps the count */
static void test_nvme_params(void **state)
{
	struct sim *s = run_text("smp 4\ncmdline \"nvme.poll_queues=1 nvme.write_queues=1\"\n"
				 "device nvme,id=a\ndevice nvme,id=b,max_ioqpairs=2\nboot\n", "6.12");
	struct pci_dev *a = dev_by_id(s, "a"), *b = dev_by_id(s, "b");
	assert_int_equal(a->nr_msi, 6);
	assert_true(log_has(s, "nvme nvme0: 1/4/1 default/read/poll queues"));
	assert_string_equal(affinity(s, a->msi[1].irq), "0-3");
	assert_string_equal(affinity(s, a->msi[2].irq), "0");
	assert_string_equal(affinity(s, a->msi[5].irq), "3");
	assert_int_equal(b->nr_msi, 2);
	assert_true(log_has(s, "nvme nvme1: 1/0/1 default/read/poll queues"));
	irqsim_free(s);
	/* a parameter above the possible CPUs refuses the module */
	s = run_text("smp 4\ncmdline \"nvme.poll_queues=5\"\ndevice nvme,id=a\nboot\n", "6.1");
	a = dev_by_id(s, "a");
	assert_int_equal(a->nr_msi, 0);
	assert_string_equal(device_irq_mode_name(device_irq_mode(a)), "failed");
	assert_true(log_has(s, "nvme: `5' invalid for parameter `poll_queues'"));
	irqsim_free(s);
}

/* fewer vectors than asked: the table size (msix_qsize), down to one vector shared by q0 and q1 */
static void test_nvme_shrink(void **state)
{
	struct sim *s = run_text("smp 4\ndevice nvme,id=a,msix_qsize=3\ndevice nvme,id=b,msix_qsize=1\nboot\n", "6.1");
	struct pci_dev *a = dev_by_id(s, "a"), *b = dev_by_id(s, "b");
	assert_int_equal(a->nr_msi, 3);
	assert_true(log_has(s, "nvme nvme0: 2/0/0 default/read/poll queues"));
	assert_string_equal(affinity(s, a->msi[1].irq), "0-1");
	assert_int_equal(b->nr_msi, 1);
	assert_string_equal(actions(s, b->msi[0].irq), "nvme1q0, nvme1q1");
	assert_false(managed(s, b->msi[0].irq));
	assert_true(log_has(s, "nvme nvme1: 1/0/0 default/read/poll queues"));
	irqsim_free(s);
	/*
	 * Exhausted vector space: 5 vectors asked, the managed reservations do
	 * not fit, the PCI core retries with what was allocated, down to one
	 * vector that the admin queue and I/O queue 1 share.
	 */
	char text[2048] = "smp 4\n";
	for (int i = 0; i < 6; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "device pci-bridge,id=br%d\n", i);
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "boot\n");
	for (int i = 0; i < 6; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "hotplug virtio-blk-pci,bus=br%d,num-queues=%d,count=%d,managed-affinity=off\n", i,
			 i == 5 ? 2 : 4, i == 5 ? 7 : 31);
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "hotplug nvme,id=nv,bus=br5\n");
	s = run_text(text, "6.1");
	struct pci_dev *nv = dev_by_id(s, "nv");
	assert_int_equal(nv->nr_msi, 1);
	assert_string_equal(actions(s, nv->msi[0].irq), "nvme0q0, nvme0q1");
	assert_true(log_has(s, "nvme nvme0: 1/0/0 default/read/poll queues"));
	assert_true(device_fell_back(nv));
	irqsim_free(s);
	/* one device more: even the admin queue's request_irq fails (6.1: removed after the reset work) */
	char *p = strstr(text, "count=7");
	p[6] = '8';
	s = run_text(text, "6.1");
	nv = dev_by_id(s, "nv");
	assert_int_equal(nv->probe_err, -28);
	assert_true(log_has(s, "nvme nvme0: Removing after probe failure status: -28"));
	irqsim_free(s);
	s = run_text(text, "6.12");
	assert_true(log_has(s, "nvme 0000:06:09.0: probe with driver nvme failed with error -28"));
	irqsim_free(s);
	s = run_text("smp 2\ncmdline \"pci=nomsi\"\ndevice nvme,id=a\nboot\n", "6.1");
	a = dev_by_id(s, "a");
	/* no MSI: INTx, both queues on the line */
	assert_string_equal(device_irq_mode_name(device_irq_mode(a)), "intx");
	assert_string_equal(actions(s, a->irq), "nvme0q0, nvme0q1");
	irqsim_free(s);
}

/* modules load in first-use order: nvme listed first probes first (irq 24) */
static void test_module_order(void **state)
{
	struct sim *s = run_text("smp 2\ndevice virtio-blk-pci,id=d\ndevice nvme,id=n\nboot\n", "6.1");
	assert_true(dev_by_id(s, "d")->msi[0].irq < dev_by_id(s, "n")->msi[0].irq);
	irqsim_free(s);
	s = run_text("smp 2\ndevice nvme,id=n\ndevice virtio-blk-pci,id=d\nboot\n", "6.1");
	assert_int_equal(dev_by_id(s, "n")->msi[0].irq, 24);
	assert_true(dev_by_id(s, "d")->msi[0].irq > 24);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virtnet_pair_masks),
		cmocka_unit_test(test_virtio_net_vectors),
		cmocka_unit_test(test_virtio_net_cpuhp),
		cmocka_unit_test(test_virtio_net_shared),
		cmocka_unit_test(test_virtio_scsi),
		cmocka_unit_test(test_nvme_calc_irq_sets),
		cmocka_unit_test(test_nvme_default),
		cmocka_unit_test(test_nvme_params),
		cmocka_unit_test(test_nvme_shrink),
		cmocka_unit_test(test_module_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
