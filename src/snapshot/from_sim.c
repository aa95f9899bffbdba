// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshot a simulated machine would give: what `irqsim snapshot` would
 * read from /proc and /sys of the guest the scenario describes, had it
 * booted.  It lets the doctor be tested on machines whose truth is known to
 * the last vector (the model's matrix), and lets users ask the doctor about
 * a scenario.
 */
#define _GNU_SOURCE
#include "drivers/driver.h"
#include "drivers/usbdev.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "irq/proc.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "snapshot/snapshot_int.h"

struct ids {
	const char *qemu;
	unsigned vendor, device, class;
	const char *driver, *virtio_driver;
	int virtio_id;
};

/* QEMU's ids for the devices irqsim models; synthetic ones get their real parts' */
static const struct ids ids[] = {
	{ "virtio-blk-pci", 0x1af4, 0x1001, 0x010000, "virtio-pci", "virtio_blk", 2 },
	{ "virtio-net-pci", 0x1af4, 0x1000, 0x020000, "virtio-pci", "virtio_net", 1 },
	{ "virtio-scsi-pci", 0x1af4, 0x1004, 0x010000, "virtio-pci", "virtio_scsi", 8 },
	{ "nvme", 0x1b36, 0x0010, 0x010802, "nvme", NULL, -1 },
	{ "pcie-root-port", 0x1b36, 0x000c, 0x060400, "pcieport", NULL, -1 },
	{ "pci-bridge", 0x1b36, 0x0001, 0x060400, NULL, NULL, -1 },
	{ "i40e", 0x8086, 0x1572, 0x020000, "i40e", NULL, -1 },
	{ "mpt3sas", 0x1000, 0x0097, 0x010700, "mpt3sas", NULL, -1 },
	/* issue 22: the other virtio devices of a libvirt guest (as recorded on pc) */
	{ "virtio-balloon-pci", 0x1af4, 0x1002, 0x00ff00, "virtio-pci", "virtio_balloon", 5 },
	{ "virtio-rng-pci", 0x1af4, 0x1005, 0x00ff00, "virtio-pci", "virtio_rng", 4 },
	{ "virtio-serial-pci", 0x1af4, 0x1003, 0x078000, "virtio-pci", "virtio_console", 3 },
	{ "virtio-keyboard-pci", 0x1af4, 0x1052, 0x090000, "virtio-pci", "virtio_input", 18 },
	{ "virtio-mouse-pci", 0x1af4, 0x1052, 0x090200, "virtio-pci", "virtio_input", 18 },
	{ "virtio-tablet-pci", 0x1af4, 0x1052, 0x098000, "virtio-pci", "virtio_input", 18 },
	{ "virtio-gpu-pci", 0x1af4, 0x1050, 0x038000, "virtio-pci", "virtio_gpu", 16 },
	{ "virtio-vga", 0x1af4, 0x1050, 0x030000, "virtio-pci", "virtio_gpu", 16 },
	{ "vhost-vsock-pci", 0x1af4, 0x1053, 0x078000, "virtio-pci", "vmw_vsock_virtio_transport", 19 },
	/* QEMU's emulated devices (issue 22): ids, class and sysfs driver name as the recordings show */
	{ "qemu-xhci", 0x1b36, 0x000d, 0x0c0330, "xhci_hcd", NULL, -1 },
	{ "nec-usb-xhci", 0x1033, 0x0194, 0x0c0330, "xhci_hcd", NULL, -1 },
	{ "ich9-ahci", 0x8086, 0x2922, 0x010601, "ahci", NULL, -1 },
	{ "e1000e", 0x8086, 0x10d3, 0x020000, "e1000e", NULL, -1 },
	{ "vmxnet3", 0x15ad, 0x07b0, 0x020000, "vmxnet3", NULL, -1 },
	{ "pvscsi", 0x15ad, 0x07c0, 0x010000, "vmw_pvscsi", NULL, -1 },
	{ "megasas-gen2", 0x1000, 0x0079, 0x010400, "megaraid_sas", NULL, -1 },
	{ "lsi53c895a", 0x1000, 0x0012, 0x010000, "sym53c8xx", NULL, -1 },
	{ "ich9-intel-hda", 0x8086, 0x293e, 0x040300, "snd_hda_intel", NULL, -1 },
	/* the AMD IOMMU's own function (amd-iommu's AMDVI-PCI): no driver, its MSI is the "AMD-Vi" irq;
	 * ids and class as q35-4cpu-amd-iommu-* recorded them */
	{ "amd-iommu", 0x1022, 0x0008, 0x080600, NULL, NULL, -1 },
	/* any other function (its driver is its driver= below): an id no modelled device has, class unassigned */
	{ "pci-generic", 0x0001, 0x0001, 0xff0000, "pci-generic", NULL, -1 },
};

static void add_pci(struct snapshot *out, const char *bdf, unsigned vendor, unsigned device, unsigned class)
{
	for (size_t i = 0; i < out->nr_pcis; i++)
		if (!strcmp(out->pcis[i].bdf, bdf)) {
			/* a modelled function at a chipset address (q35's 00:1f.2 AHCI): the model's row replaces it */
			free(out->pcis[i].bdf);
			memmove(&out->pcis[i], &out->pcis[i + 1], (out->nr_pcis - i - 1) * sizeof(*out->pcis));
			out->nr_pcis--;
			break;
		}
	out->pcis = xgrow(out->pcis, out->nr_pcis, sizeof(*out->pcis));
	struct snap_pci *p = &out->pcis[out->nr_pcis++];
	memset(p, 0, sizeof(*p));
	p->bdf = xstrdup(bdf);
	p->vendor = vendor;
	p->device = device;
	p->class = class;
	p->irq = 0;
	p->numa_node = p->msix_table = p->msi_max = p->pcie_type = p->hotplug_slot = p->intx_pin = -1;
	p->virtio_id = p->secondary_bus = -1;
	p->config_len = 256;
}

static char *cpulist(const struct cpumask *m, unsigned nbits)
{
	char buf[65536];
	cpumask_print_list(buf, sizeof(buf), m, nbits);
	return xstrdup(buf);
}

static void from_pci(struct snapshot *out, const struct sim *s, const struct pci_dev *d)
{
	const struct ids *id = NULL;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!strcmp(ids[i].qemu, d->qemu_driver))
			id = &ids[i];
	if (!id)
		return;
	/* a pci-generic USB host controller shows the USB class (its irq names carry the bus number) */
	unsigned ports;
	add_pci(out, d->name, id->vendor, id->device,
		!strcmp(id->qemu, "pci-generic") && usb_hc(d, &ports) ? 0x0c0300 : id->class);
	struct snap_pci *p = &out->pcis[out->nr_pcis - 1];
	/* config space's interrupt pin, which the snapshot's scenario gives pci-generic back */
	if (!strcmp(id->qemu, "pci-generic"))
		p->intx_pin = d->intx_pin;
	p->irq = (int)pci_dev_sysfs_irq(d);
	p->msix_table = d->has_msix ? (int)d->msix_table_size : 0;
	p->msi_max = d->has_msi ? (int)d->msi_vec_count : 0;
	if (d->is_bridge)
		p->secondary_bus = (int)d->secondary_bus;
	if (!strcmp(d->qemu_driver, "pcie-root-port")) {
		p->pcie_type = 4;
		p->hotplug_slot = d->is_hotplug_bridge;
	}
	if (d->probed && !d->probe_err && id->driver)
		p->driver = xstrdup(strcmp(id->qemu, "pci-generic") ? id->driver : driver_name(d));
	for (unsigned k = 0; k < d->nr_msi; k++) {
		if (!d->msi[k].irq)
			continue;
		p->msi_irqs = xgrow(p->msi_irqs, p->nr_msi_irqs, sizeof(*p->msi_irqs));
		p->msi_irqs[p->nr_msi_irqs].irq = d->msi[k].irq;
		p->msi_irqs[p->nr_msi_irqs].msix = d->irq_mode == PCI_IRQ_MODE_MSIX;
		p->nr_msi_irqs++;
	}
	/* a virtio function: virtio-pci binds it, then the virtio driver binds (or fails on) its virtioN */
	if (id->virtio_driver && d->probed && d->drvdata) {
		const struct virtio_pci_device *vp = d->drvdata;
		char name[32];
		snprintf(name, sizeof(name), "virtio%u", vp->index);
		/* copied before the old one goes: a failing copy leaves no freed pointer behind */
		char *drv = xstrdup(id->driver);
		free(p->driver);
		p->driver = drv;
		p->virtio_dev = xstrdup(name);
		p->virtio_id = id->virtio_id;
		if (!d->probe_err)
			p->virtio_driver = xstrdup(id->virtio_driver);
	}
	snap_sort_msi_irqs(p);
}

int snapshot_from_sim(struct sim *s, struct snapshot *out)
{
	memset(out, 0, sizeof(*out));
	out->source = xstrdup("irqsim model");
	out->arch = xstrdup("x86_64");
	out->release = xstrdup(s->prof->release);
	char *cmd;
	if (asprintf(&cmd, "console=ttyS0 quiet panic=-1%s%s", s->params.cmdline && *s->params.cmdline ? " " : "",
		     s->params.cmdline ? s->params.cmdline : "") < 0)
		snap_oom(NULL);
	out->cmdline = cmd;
	unsigned nbits = s->topo.nr_cpu_ids;
	out->possible = cpulist(&s->topo.possible, nbits);
	out->present = cpulist(&s->topo.present, nbits);
	out->online = cpulist(&s->cpu_online_mask, nbits);
	out->isolated = xstrdup("");
	char hex[4096];
	cpumask_print_hex(hex, sizeof(hex), &s->irq_default_affinity, nbits);
	out->default_affinity = xstrdup(hex);
	for (unsigned c = 0; c < nbits; c++) {
		out->cpus = xgrow(out->cpus, out->nr_cpus, sizeof(*out->cpus));
		struct snap_cpu *sc = &out->cpus[out->nr_cpus++];
		sc->cpu = c;
		sc->package = (int)s->topo.package_of[c];
		sc->die = 0;
		sc->core = (int)s->topo.core_of[c];
		sc->node = s->topo.cpu_to_node[c];
		sc->online = cpumask_test_cpu(c, &s->cpu_online_mask);
	}
	out->proc_cpus = cpumask_weight(&s->cpu_online_mask);
	char aff[65536], eff[65536], acts[4096];
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d)
			continue;
		out->irqs = xgrow(out->irqs, out->nr_irqs, sizeof(*out->irqs));
		struct snap_irq *q = &out->irqs[out->nr_irqs++];
		memset(q, 0, sizeof(*q));
		q->irq = d->irq;
		q->chip = xstrdup(d->chip_name);
		char hw[32];
		snprintf(hw, sizeof(hw), "%lu", d->hwirq);
		q->hwirq = xstrdup(hw);
		q->type = xstrdup(d->trigger & (IRQ_TYPE_LEVEL_HIGH | IRQ_TYPE_LEVEL_LOW) ? "level" : "edge");
		q->handler = xstrdup(d->handler ? d->handler : "");
		size_t n = 0;
		acts[0] = 0;
		for (const struct irqaction *a = d->action; a && n < sizeof(acts); a = a->next)
			n += (size_t)snprintf(acts + n, sizeof(acts) - n, "%s%s", a == d->action ? "" : ",", a->name);
		q->actions = xstrdup(acts);
		q->in_proc = d->action != NULL;
		q->node = d->node;
		if (d->proc_registered) {
			read_irq_affinity(s, d->irq, aff, sizeof(aff));
			read_irq_effective_affinity(s, d, eff, sizeof(eff));
			q->affinity = xstrdup(aff);
			q->effective = xstrdup(eff);
		}
	}
	/* the chipset of the QEMU machine, then every present function */
	if (s->machine == MACHINE_Q35) {
		add_pci(out, "0000:00:00.0", 0x8086, 0x29c0, 0x060000);
		add_pci(out, "0000:00:1f.0", 0x8086, 0x2918, 0x060100);
		add_pci(out, "0000:00:1f.2", 0x8086, 0x2922, 0x010601);
		add_pci(out, "0000:00:1f.3", 0x8086, 0x2930, 0x0c0500);
		/* INTA of both goes to PIRQA: SeaBIOS wrote its IRQ, LNKA's 10, into their
		 * interrupt line, which nothing enables (recorded pci.txt: irq=10) */
		out->pcis[out->nr_pcis - 2].irq = out->pcis[out->nr_pcis - 1].irq = 10;
	} else {
		add_pci(out, "0000:00:00.0", 0x8086, 0x1237, 0x060000);
		add_pci(out, "0000:00:01.0", 0x8086, 0x7000, 0x060100);
		add_pci(out, "0000:00:01.1", 0x8086, 0x7010, 0x010180);
		add_pci(out, "0000:00:01.3", 0x8086, 0x7113, 0x068000);
		/* the PIIX4 PM function's INTA is the SCI's LNKS: SeaBIOS wrote 9 */
		out->pcis[out->nr_pcis - 1].irq = 9;
	}
	for (size_t i = 0; i < s->nr_pdevs; i++)
		if (s->pdevs[i]->present && !s->pdevs[i]->hp_unseen)
			from_pci(out, s, s->pdevs[i]);
	snap_sort_pcis(out);
	for (size_t i = 0; i < s->log.nr; i++) {
		out->dmesg = xgrow(out->dmesg, out->nr_dmesg, sizeof(*out->dmesg));
		/* copied before it is counted: a failure leaves no uninitialised entry */
		char *t = xstrdup(s->log.lines[i].text);
		out->dmesg[out->nr_dmesg++] = t;
	}
	/*
	 * QEMU's guest CPU has x2APIC under KVM (the machine eim=on implies) and
	 * not under 7.2's TCG; its ACPI tables have a DMAR with intel-iommu, no IVRS
	 */
	out->cpu_x2apic = s->x2apic ? SNAP_YES : SNAP_NO;
	out->acpi_dmar = s->intel_iommu ? SNAP_YES : SNAP_NO;
	out->acpi_ivrs = SNAP_NO;
	return 0;
}
