// SPDX-License-Identifier: GPL-2.0-only
/*
 * NVMe over PCI as far as interrupts go (drivers/nvme/host/pci.c, 6.1 and
 * 6.12): nvme_pci_enable (one vector of any type for the admin queue),
 * nvme_pci_configure_admin_queue (irq nvmeXq0), nvme_setup_io_queues (queue
 * count negotiated with the controller, admin irq and vectors freed,
 * nvme_setup_irqs with min 1 and irq sets from nvme_calc_irq_sets, admin irq
 * again, nvme_create_io_queues: one irq nvmeXqN per interrupt-driven queue,
 * on vector N, or all on vector 0 when only one vector was granted), and
 * nvme_dev_disable on removal.  Device side: QEMU 7.2 hw/nvme (max_ioqpairs
 * default 64, msix_qsize default 65, INTx pin A, no MSI capability; Set
 * Features Number of Queues answers max_ioqpairs whatever is asked).
 *
 * 6.1 runs the controller setup from nvme_reset_work (asynchronously after
 * nvme_probe returned, on the unbound nvme-reset-wq); 6.12 from nvme_probe
 * itself, which the driver core runs asynchronously (PROBE_PREFER_ASYNCHRONOUS).
 * Several controllers probed together therefore interleave their vector
 * operations in an order of the kernel's timing (recorded: pc-4cpu-3nvme,
 * three boots, three orders).  irqsim's canonical order: each setup runs to
 * completion inside its probe, controllers in PCI order, so instance numbers
 * follow PCI order and each controller's irqs are consecutive; the views say
 * so (report_concurrency_note) and the conformance replay compares such
 * recordings order-free (varies.txt).
 */
#include "drivers/nvme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

extern const struct driver_model nvme_driver;

struct nvme_cfg {
	/* device side (QEMU properties) */
	unsigned max_ioqpairs;
	unsigned msix_qsize;
	/* driver state (struct nvme_dev) */
	int instance;                     /* nvme_instance_ida, -1 = none */
	char name[16];                    /* "nvme0" */
	struct nvme_queue_counts q;
	unsigned nr_poll_queues;          /* poll_queues, sampled at reset */
	unsigned num_vecs;
	unsigned irq_queues;              /* vectors nvme_setup_irqs asked for */
	unsigned max_qid;
	unsigned nr_allocated_queues;     /* entries of irq_on[] */
	/* per queue id: its irq is requested (NVMEQ_ENABLED, not polled);
	 * &irq_on[qid] is also the queue's dev_id */
	unsigned irq_on[];
};

void nvme_calc_irq_sets(struct irq_affinity *affd, unsigned nrirqs)
{
	struct nvme_queue_counts *q = affd->priv;
	unsigned nr_read_queues;
	/* no vector to spread: one default queue; one vector or no write
	 * queues: reads and writes share; else leave at least one read queue */
	if (!nrirqs) {
		nrirqs = 1;
		nr_read_queues = 0;
	} else if (nrirqs == 1 || !q->nr_write_queues) {
		nr_read_queues = 0;
	} else if (q->nr_write_queues >= nrirqs) {
		nr_read_queues = 1;
	} else {
		nr_read_queues = nrirqs - q->nr_write_queues;
	}
	q->io_queues[NVME_HCTX_DEFAULT] = nrirqs - nr_read_queues;
	affd->set_size[0] = nrirqs - nr_read_queues;
	q->io_queues[NVME_HCTX_READ] = nr_read_queues;
	affd->set_size[1] = nr_read_queues;
	affd->nr_sets = nr_read_queues ? 2 : 1;
}

/* nvme_max_io_queues (no NVME_QUIRK_SHARED_TAGS on QEMU) */
static unsigned nvme_max_io_queues(const struct sim *s)
{
	return cpumask_weight(&s->topo.possible) + s->params.nvme_write_queues + s->params.nvme_poll_queues;
}

/* hw/nvme/ctrl.c (nvme_props) and the block layer's common properties */
static const struct devprop nvme_props[] = {
	/* QEMU's uint32s; nvme_check_params refuses max_ioqpairs outside 1..65535,
	 * msix_qsize outside 1..2048, and a num_queues leaving max_ioqpairs there */
	{ .name = "max_ioqpairs", .type = DP_INT, .use = DP_MODELLED, .min = 1, .max = 65535, .def = 64,
	  .doc = "I/O queue pairs the controller grants" },
	{ .name = "msix_qsize", .type = DP_INT, .use = DP_MODELLED, .min = 1, .max = 2048, .def = 65,
	  .doc = "MSI-X table size" },
	{ .name = "num_queues", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 65536, .def = 0,
	  .doc = "deprecated: when not 0, max_ioqpairs is num_queues - 1" },
	DP_IGN_STR("serial"),
	DP_IGN_INT("bootindex", -0x80000000LL, 0x7fffffffLL, -1),
	DP_IGN_INT("cmb_size_mb", 0, 0xffffffffLL, 0),
	DP_IGN_INT("aerl", 0, 255, 3),
	DP_IGN_INT("aer_max_queued", 0, 0xffffffffLL, 64),
	DP_IGN_INT("mdts", 0, 255, 7),
	DP_IGN_INT("vsl", 0, 255, 7),
	DP_IGN_BOOL("use-intel-id", 0),
	DP_IGN_BOOL("msix-exclusive-bar", 0),
	DP_IGN_BOOL("ioeventfd", 0),
	DP_IGN_INT("zoned.zasl", 0, 255, 0),
	DP_IGN_BOOL("zoned.auto_transition", 1),
	DP_IGN_INT("sriov_max_vfs", 0, 255, 0),
	DP_IGN_INT("sriov_vq_flexible", 0, 65535, 0),
	DP_IGN_INT("sriov_vi_flexible", 0, 65535, 0),
	DP_IGN_INT("sriov_max_vi_per_vf", 0, 255, 0),
	DP_IGN_INT("sriov_max_vq_per_vf", 0, 255, 0),
	DP_IGN_INT("smart_critical_warning", 0, 255, 0),
	DP_IGN_STR("subsys"),
	DP_IGN_STR("pmrdev"),
	DP_BLOCK_PROPS,
};
DEVPROP_CLASS(nvme_devprops, "nvme", nvme_props, &devprop_pci_device,
	      "The admin vector and the default, read and poll queue sets, with the MSI-X retry that "
	      "shrinks the vector count.");

static int nvme_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	/* hw/nvme/ctrl.c: nvme_check_params; the deprecated num_queues counts the admin queue too */
	unsigned qpairs = (unsigned)dev_prop_int(dev, "max_ioqpairs");
	unsigned qsize = (unsigned)dev_prop_int(dev, "msix_qsize");
	const struct devprop_value *nq = devprops_given(dev->props, "num_queues");
	if (nq && nq->n) {
		if (nq->n == 1) {
			snprintf(err, errlen, "%u:%u: num_queues=1 leaves max_ioqpairs at 0 (it must be from 1 to 65535)",
				 nq->pos.line, nq->pos.col);
			return -1;
		}
		qpairs = (unsigned)nq->n - 1;
	}
	unsigned nalloc = nvme_max_io_queues(s) + 1;
	struct nvme_cfg *cfg = kmem_zalloc(&s->kmem, sizeof(*cfg) + nalloc * sizeof(cfg->irq_on[0]));
	if (!cfg)
		return -1;
	cfg->max_ioqpairs = qpairs;
	cfg->msix_qsize = qsize;
	cfg->instance = -1;
	cfg->nr_allocated_queues = nalloc;
	dev->has_msix = true;
	dev->msix_table_size = qsize;
	dev->drv_cfg = cfg;
	return 0;
}

/*
 * nvme_init_ctrl: ida_alloc(&nvme_instance_ida), the lowest instance no live
 * controller holds.  Live controllers are fewer than the PCI devices, so the
 * lowest free one is below nr_pdevs + 1: one pass marks the held ones (a
 * scan of every device per candidate made each probe quadratic).
 */
static int nvme_instance_alloc(struct sim *s)
{
	size_t n = s->nr_pdevs + 1;
	bool *held = nomem_check(calloc(n, sizeof(*held)));
	if (!held)
		return -ENOMEM;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		const struct nvme_cfg *c = d->drv_cfg;
		if (d->drv == &nvme_driver && d->present && c && c->instance >= 0 && (size_t)c->instance < n)
			held[c->instance] = true;
	}
	size_t inst = 0;
	while (held[inst])
		inst++;
	free(held);
	return (int)inst;
}

/* queue_request_irq: pci_request_irq (always IRQF_SHARED), "nvme%dq%d" */
static int queue_request_irq(struct sim *s, struct pci_dev *dev, unsigned qid, unsigned vector)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	char name[32];
	snprintf(name, sizeof(name), "%sq%u", cfg->name, qid);
	int irq = pci_irq_vector(dev, vector);
	if (irq <= 0)
		return -EINVAL;
	int err = request_threaded_irq(s, (unsigned)irq, IRQF_SHARED, name, &cfg->irq_on[qid]);
	if (!err)
		cfg->irq_on[qid] = vector + 1;
	return err;
}

/* nvme_suspend_queue: pci_free_irq of an interrupt-driven queue */
static void queue_free_irq(struct sim *s, struct pci_dev *dev, unsigned qid)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	if (!cfg->irq_on[qid])
		return;
	int irq = pci_irq_vector(dev, cfg->irq_on[qid] - 1u);
	if (irq > 0)
		free_irq(s, (unsigned)irq, &cfg->irq_on[qid]);
	cfg->irq_on[qid] = 0;
}

/* nvme_setup_irqs: vectors for the admin queue and every non-polled I/O queue */
static int nvme_setup_irqs(struct sim *s, struct pci_dev *dev, unsigned nr_io_queues)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	struct irq_affinity affd = { .pre_vectors = 1, .calc_sets = nvme_calc_irq_sets, .priv = &cfg->q };
	/* poll queues need no interrupt, but one I/O queue must be left for them */
	unsigned poll = cfg->nr_poll_queues < nr_io_queues - 1 ? cfg->nr_poll_queues : nr_io_queues - 1;
	cfg->q.io_queues[NVME_HCTX_POLL] = poll;
	/* the single-interrupt case until nvme_calc_irq_sets says otherwise */
	cfg->q.io_queues[NVME_HCTX_DEFAULT] = 1;
	cfg->q.io_queues[NVME_HCTX_READ] = 0;
	unsigned irq_queues = 1 + (nr_io_queues - poll);
	cfg->irq_queues = irq_queues;
	sim_explain(s, "nvme_setup_irqs: %u I/O queue%s (%u polled): pci_alloc_irq_vectors_affinity(1, %u, "
		       "ALL_TYPES|AFFINITY, pre_vectors=1, irq sets)",
		    nr_io_queues, nr_io_queues == 1 ? "" : "s", poll, irq_queues);
	return pci_alloc_irq_vectors_affinity(s, dev, 1, irq_queues, PCI_IRQ_ALL_TYPES | PCI_IRQ_AFFINITY, &affd);
}

/* nvme_create_io_queues -> nvme_create_queue: vector = qid (or 0 with one vector) */
static int nvme_create_io_queues(struct sim *s, struct pci_dev *dev)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	unsigned rw_queues = cfg->max_qid;
	if (cfg->max_qid != 1 && cfg->q.io_queues[NVME_HCTX_POLL])
		rw_queues = cfg->q.io_queues[NVME_HCTX_DEFAULT] + cfg->q.io_queues[NVME_HCTX_READ];
	for (unsigned qid = 1; qid <= cfg->max_qid; qid++) {
		if (qid > rw_queues)
			continue; /* polled: no irq */
		int err = queue_request_irq(s, dev, qid, cfg->num_vecs == 1 ? 0 : qid);
		if (err)
			return err;
	}
	return 0;
}

/* nvme_setup_io_queues */
static int nvme_setup_io_queues(struct sim *s, struct pci_dev *dev)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	cfg->q.nr_write_queues = s->params.nvme_write_queues;
	cfg->nr_poll_queues = s->params.nvme_poll_queues;
	unsigned nr_io_queues = nvme_max_io_queues(s);
	if (nr_io_queues > cfg->nr_allocated_queues - 1)
		nr_io_queues = cfg->nr_allocated_queues - 1;
	/* nvme_set_queue_count: QEMU grants min(asked, max_ioqpairs) */
	if (nr_io_queues > cfg->max_ioqpairs)
		nr_io_queues = cfg->max_ioqpairs;
	/* the admin irq and the probe's vector go before the full allocation */
	queue_free_irq(s, dev, 0);
	pci_free_irq_vectors(s, dev);
	int result = nvme_setup_irqs(s, dev, nr_io_queues);
	if (result <= 0) {
		sim_explain(s, "  -> %d: nvme_setup_io_queues fails with -EIO", result);
		return -EIO;
	}
	cfg->num_vecs = (unsigned)result;
	cfg->max_qid = (result > 1 ? (unsigned)result - 1 : 1) + cfg->q.io_queues[NVME_HCTX_POLL];
	sim_explain(s, "  -> %d vector%s (%s): %u/%u/%u default/read/poll queues", result, result == 1 ? "" : "s",
		    dev->irq_mode == PCI_IRQ_MODE_MSIX ? "MSI-X" : dev->irq_mode == PCI_IRQ_MODE_MSI ? "MSI" : "INTx",
		    cfg->q.io_queues[NVME_HCTX_DEFAULT], cfg->q.io_queues[NVME_HCTX_READ],
		    cfg->q.io_queues[NVME_HCTX_POLL]);
	result = queue_request_irq(s, dev, 0, 0);
	if (result)
		return result;
	result = nvme_create_io_queues(s, dev);
	if (result)
		return result;
	sim_log(s, LOG_INFO, "nvme %s: %u/%u/%u default/read/poll queues", cfg->name,
		cfg->q.io_queues[NVME_HCTX_DEFAULT], cfg->q.io_queues[NVME_HCTX_READ],
		cfg->q.io_queues[NVME_HCTX_POLL]);
	return 0;
}

/* nvme_dev_disable: I/O queues from the last, the admin queue, then the vectors */
static void nvme_dev_disable(struct sim *s, struct pci_dev *dev)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	for (unsigned qid = cfg->nr_allocated_queues; qid-- > 1;)
		queue_free_irq(s, dev, qid);
	queue_free_irq(s, dev, 0);
	pci_free_irq_vectors(s, dev);
}

/*
 * A failure after nvme_probe returned (6.1: nvme_reset_work) is not a
 * driver-core probe failure: the controller is removed with a warning.
 * From 6.2 (switch nvme_setup_in_probe) the setup runs inside nvme_probe,
 * so the driver core reports it.
 */
static int nvme_fail(struct sim *s, struct pci_dev *dev, int err)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	nvme_dev_disable(s, dev);
	if (!s->prof->nvme_setup_in_probe) {
		sim_log(s, LOG_WARNING, "nvme %s: Removing after probe failure status: %d", cfg->name, err);
		dev->probe_err = err;
		err = 0;
	}
	cfg->instance = -1;
	return err;
}

static int nvme_probe(struct sim *s, struct pci_dev *dev)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	/* controllers probed in one step: the views say their real order varies */
	if (s->nvme_probe_step != s->step || !s->nvme_step_probes) {
		s->nvme_probe_step = s->step;
		s->nvme_step_probes = 0;
	}
	if (++s->nvme_step_probes > s->nvme_concurrent)
		s->nvme_concurrent = s->nvme_step_probes;
	unsigned possible = cpumask_weight(&s->topo.possible);
	/* io_queue_count_set: more than num_possible_cpus() refuses the
	 * parameter, and with it the module (the harness loads it with insmod) */
	if (s->params.nvme_write_queues > possible || s->params.nvme_poll_queues > possible) {
		bool w = s->params.nvme_write_queues > possible;
		sim_log(s, LOG_ERR, "nvme: `%u' invalid for parameter `%s'",
			w ? s->params.nvme_write_queues : s->params.nvme_poll_queues, w ? "write_queues" : "poll_queues");
		sim_explain(s, "nvme not loaded: %s=%u exceeds the %u possible CPUs (io_queue_count_set)",
			    w ? "write_queues" : "poll_queues",
			    w ? s->params.nvme_write_queues : s->params.nvme_poll_queues, possible);
		dev->probe_err = -EINVAL;
		return 0;
	}
	cfg->instance = nvme_instance_alloc(s);
	if (cfg->instance < 0) {
		/* nvme_probe: the ida_alloc error fails the probe before anything is enabled */
		dev->probe_err = cfg->instance;
		cfg->instance = -1;
		return 0;
	}
	snprintf(cfg->name, sizeof(cfg->name), "nvme%d", cfg->instance);
	/* nvme_pci_enable: pci_enable_device_mem maps the INTx line too */
	pci_enable_device(s, dev);
	sim_log(s, LOG_INFO, "nvme %s: pci function %s", cfg->name, dev->name);
	sim_explain(s, "nvme_pci_enable: pci_alloc_irq_vectors(1, 1, ALL_TYPES) for the admin queue");
	int err = pci_alloc_irq_vectors_affinity(s, dev, 1, 1, PCI_IRQ_ALL_TYPES, NULL);
	if (err < 0)
		return nvme_fail(s, dev, err);
	/* nvme_pci_configure_admin_queue */
	err = queue_request_irq(s, dev, 0, 0);
	if (err)
		return nvme_fail(s, dev, err);
	err = nvme_setup_io_queues(s, dev);
	if (err)
		return nvme_fail(s, dev, err);
	return 0;
}

static void nvme_remove(struct sim *s, struct pci_dev *dev)
{
	struct nvme_cfg *cfg = dev->drv_cfg;
	nvme_dev_disable(s, dev);
	/* nvme_free_ctrl: the instance is free again */
	cfg->instance = -1;
}

static const char *nvme_dev_name(const struct pci_dev *dev)
{
	const struct nvme_cfg *cfg = dev->drv_cfg;
	return cfg && cfg->instance >= 0 ? cfg->name : NULL;
}

/* the admin queue's vector carries no I/O, unless it is the only one */
static unsigned nvme_idle_vectors(const struct pci_dev *dev)
{
	const struct nvme_cfg *cfg = dev->drv_cfg;
	return cfg && cfg->num_vecs > 1 ? 1 : 0;
}

/* fewer vectors than nvme_setup_irqs asked for (table size, exhausted matrix) */
static bool nvme_short_of_vectors(const struct pci_dev *dev)
{
	const struct nvme_cfg *cfg = dev->drv_cfg;
	return cfg && cfg->num_vecs < cfg->irq_queues;
}

const struct driver_model nvme_driver = {
	.qemu_name = "nvme",
	.props = &nvme_devprops,
	.kernel_name = "nvme",
	/* nvme_driver.driver.probe_type: asynchronous (matters only when built in) */
	.async_probe = true,
	.setup = nvme_setup,
	.probe = nvme_probe,
	.remove = nvme_remove,
	.dev_name = nvme_dev_name,
	.idle_vectors = nvme_idle_vectors,
	.short_of_vectors = nvme_short_of_vectors,
};
