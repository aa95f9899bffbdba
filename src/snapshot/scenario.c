// SPDX-License-Identifier: GPL-2.0-only
/*
 * A snapshot as a scenario: the kernel line, the QEMU machine, the CPUs and
 * NUMA nodes, the kernel command line and the PCI devices irqsim has models
 * for, at their addresses behind their bridges, with the queue counts their
 * MSI-X tables and irq names show.  What cannot be carried over is said in
 * comments, so the user sees what the what-if leaves out.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>

#include "snapshot/snapshot_int.h"
#include "snapshot/snapshot_scenario.h"

/* ---- kernel line ---- */

int snapshot_kernel_line(const char *release, enum kernel_line *line, char *note, size_t len)
{
	unsigned major = 0, minor = 0;
	*line = KERNEL_6_1;
	if (!release || sscanf(release, "%u.%u", &major, &minor) != 2) {
		snprintf(note, len, "kernel release unknown: modelled as 6.1");
		return -1;
	}
	unsigned v = major * 1000 + minor;
	/* the matrix allocator arrived in 4.15; 6.11 moved FIRST_SYSTEM_VECTOR */
	if (v < 4015)
		*line = KERNEL_3_10;
	else if (v < 6000)
		*line = KERNEL_4_18;
	else if (v < 6011)
		*line = KERNEL_6_1;
	else
		*line = KERNEL_6_12;
	const char *name = kernel_line_name(*line);
	char exact[16];
	snprintf(exact, sizeof(exact), "%u.%u", major, minor);
	if (strcmp(exact, name))
		snprintf(note, len, "kernel %s is modelled as the nearest line irqsim knows, %s", release, name);
	else
		note[0] = 0;
	return 0;
}

/* ---- devices ---- */

struct known_dev {
	unsigned vendor, device;
	const char *qemu;
};

static const struct known_dev known[] = {
	{ 0x1af4, 0x1001, "virtio-blk-pci" },  { 0x1af4, 0x1042, "virtio-blk-pci" },
	{ 0x1af4, 0x1000, "virtio-net-pci" },  { 0x1af4, 0x1041, "virtio-net-pci" },
	{ 0x1af4, 0x1004, "virtio-scsi-pci" }, { 0x1af4, 0x1048, "virtio-scsi-pci" },
	{ 0x1b36, 0x0010, "nvme" },            { 0x1b36, 0x000c, "pcie-root-port" },
	{ 0x1b36, 0x0001, "pci-bridge" },
};

/* QEMU pc (i440FX/PIIX3) and q35 (ICH9) chipset functions: part of 'machine' */
static const struct known_dev chipset[] = {
	{ 0x8086, 0x1237, "pc" },  { 0x8086, 0x7000, NULL }, { 0x8086, 0x7010, NULL }, { 0x8086, 0x7113, NULL },
	{ 0x8086, 0x29c0, "q35" }, { 0x8086, 0x2918, NULL }, { 0x8086, 0x2922, NULL }, { 0x8086, 0x2930, NULL },
};

const char *snapshot_qemu_device(const struct snap_pci *p)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].vendor == p->vendor && known[i].device == p->device)
			return known[i].qemu;
	/* devices QEMU cannot emulate, modelled from their drivers (seed 001) */
	if (p->driver && (!strcmp(p->driver, "i40e") || !strcmp(p->driver, "mpt3sas") || !strcmp(p->driver, "nvme")))
		return p->driver;
	return NULL;
}

static bool is_chipset(const struct snap_pci *p, const char **machine)
{
	for (size_t i = 0; i < sizeof(chipset) / sizeof(chipset[0]); i++)
		if (chipset[i].vendor == p->vendor && chipset[i].device == p->device) {
			if (chipset[i].qemu && machine)
				*machine = chipset[i].qemu;
			return true;
		}
	return false;
}

/* How many irqs of this function have an action name with this suffix after "<dev>-" */
static unsigned count_irqs(const struct snapshot *s, const struct snap_pci *p, const char *prefix)
{
	unsigned n = 0;
	char want[96];
	snprintf(want, sizeof(want), "%s-%s", p->virtio_dev ? p->virtio_dev : "", prefix);
	for (size_t k = 0; k < p->nr_msi_irqs; k++) {
		const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[k].irq);
		if (q && q->actions && !strncmp(q->actions, want, strlen(want)))
			n++;
	}
	return n;
}

/*
 * virtio_blk request queues that all keep the full mask on a machine with
 * more than one CPU were not spread: a driver built without its affinity
 * descriptor (seed 000's fix), our managed-affinity=off.
 */
static bool unspread(const struct snapshot *s, const struct snap_pci *p)
{
	unsigned named = 0, full = 0;
	char want[96];
	snprintf(want, sizeof(want), "%s-req.", p->virtio_dev ? p->virtio_dev : "");
	for (size_t k = 0; k < p->nr_msi_irqs; k++) {
		const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[k].irq);
		if (!q || !q->actions || strncmp(q->actions, want, strlen(want)))
			continue;
		named++;
		full += q->affinity && s->possible && !strcmp(q->affinity, s->possible);
	}
	return named >= 2 && full == named && s->possible && strchr(s->possible, '-');
}

/* nvme I/O queues with an irq: the "nvmeXqN" (N >= 1) names among the function's actions */
static unsigned nvme_irq_queues(const struct snapshot *s, const struct snap_pci *p)
{
	unsigned n = 0;
	for (size_t k = 0; k < p->nr_msi_irqs; k++) {
		const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[k].irq);
		for (const char *a = q && q->actions ? q->actions : ""; (a = strstr(a, "nvme")); a += 4) {
			unsigned ctrl, qid;
			if (sscanf(a, "nvme%uq%u", &ctrl, &qid) == 2 && qid > 0)
				n++;
		}
	}
	return n;
}

struct out {
	char *buf;
	size_t len;
};

static void emit(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct out *o, const char *fmt, ...)
{
	/* measured, then written in place: nothing to leak if the buffer cannot grow */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	o->buf = xrealloc(o->buf, o->len + (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

static const struct snap_pci *bridge_of_bus(const struct snapshot *s, unsigned bus, unsigned *ordinal)
{
	unsigned k = 0;
	for (size_t i = 0; i < s->nr_pcis; i++) {
		const struct snap_pci *p = &s->pcis[i];
		const char *q = snapshot_qemu_device(p);
		if (!q || (strcmp(q, "pci-bridge") && strcmp(q, "pcie-root-port")))
			continue;
		k++;
		/* without config space, bridges number their buses in enumeration order */
		if (p->secondary_bus >= 0 ? (unsigned)p->secondary_bus == bus : k == bus) {
			*ordinal = k;
			return p;
		}
	}
	return NULL;
}

static void bridge_id(const struct snap_pci *p, unsigned ordinal, char *buf, size_t len)
{
	snprintf(buf, len, "%s%u", !strcmp(snapshot_qemu_device(p), "pci-bridge") ? "br" : "rp",
		 p->secondary_bus >= 0 ? (unsigned)p->secondary_bus : ordinal);
}

static void emit_device(struct out *o, const struct snapshot *s, const struct snap_pci *p, const char *qemu,
			struct snap_scenario_info *info)
{
	unsigned dom, bus, slot, fn;
	if (sscanf(p->bdf, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4) {
		emit(o, "# %s: address not understood, left out\n", p->bdf);
		info->unmodelled++;
		return;
	}
	emit(o, "device %s", qemu);
	bool bridge = !strcmp(qemu, "pci-bridge") || !strcmp(qemu, "pcie-root-port");
	if (bridge) {
		unsigned ord = 0;
		for (size_t i = 0; i < s->nr_pcis && &s->pcis[i] != p; i++) {
			const char *q = snapshot_qemu_device(&s->pcis[i]);
			ord += q && (!strcmp(q, "pci-bridge") || !strcmp(q, "pcie-root-port"));
		}
		char id[32];
		bridge_id(p, ord + 1, id, sizeof(id));
		emit(o, ",id=%s", id);
	}
	if (bus) {
		unsigned ord = 0;
		const struct snap_pci *br = bridge_of_bus(s, bus, &ord);
		if (!br) {
			emit(o, "\n# %s: its bridge (bus %02x) is not in the snapshot; placed on the root bus\n", p->bdf, bus);
		} else {
			char id[32];
			bridge_id(br, ord, id, sizeof(id));
			emit(o, ",bus=%s", id);
		}
	}
	if (fn)
		emit(o, ",addr=%x.%x", slot, fn);
	else
		emit(o, ",addr=%x", slot);
	if (!strcmp(qemu, "virtio-blk-pci")) {
		unsigned q = count_irqs(s, p, "req.");
		if (!q && p->msix_table > 1)
			q = (unsigned)p->msix_table - 1;
		if (q)
			emit(o, ",num-queues=%u", q);
		if (p->msix_table > 0 && q && (unsigned)p->msix_table != q + 1)
			emit(o, ",vectors=%d", p->msix_table);
		if (unspread(s, p))
			emit(o, ",managed-affinity=off");
	} else if (!strcmp(qemu, "virtio-net-pci")) {
		unsigned q = count_irqs(s, p, "input.");
		if (!q && p->msix_table >= 4)
			q = ((unsigned)p->msix_table - 2) / 2;
		if (q > 1)
			emit(o, ",queues=%u", q);
	} else if (!strcmp(qemu, "virtio-scsi-pci")) {
		unsigned q = count_irqs(s, p, "request");
		if (!q && p->msix_table > 3)
			q = (unsigned)p->msix_table - 3;
		if (q)
			emit(o, ",num_queues=%u", q);
	} else if (!strcmp(qemu, "nvme")) {
		if (p->msix_table > 0 && p->msix_table != 65)
			emit(o, ",msix_qsize=%d", p->msix_table);
		/* fewer I/O queues than the driver asks for: QEMU's max_ioqpairs capped them */
		unsigned w = snapshot_param(s, "nvme.write_queues", 0), poll = snapshot_param(s, "nvme.poll_queues", 0);
		unsigned np = 0;
		for (size_t i = 0; i < s->nr_cpus; i++)
			np++;
		unsigned want = np + w + poll < 64 ? np + w + poll : 64;
		unsigned have = nvme_irq_queues(s, p);
		if (have && have + poll < want && p->nr_msi_irqs > 1)
			emit(o, ",max_ioqpairs=%u", have + poll);
	} else if (!strcmp(qemu, "i40e") || !strcmp(qemu, "mpt3sas")) {
		if (p->msix_table > 0)
			emit(o, ",msix=%d", p->msix_table);
	}
	/* pci_dev->irq 0: the function has no INTx route */
	if (!bridge && p->irq == 0)
		emit(o, ",intx=off");
	emit(o, "\n");
	if (!bridge && p->msix_table < 0 && p->nr_msi_irqs)
		emit(o, "# %s: MSI-X table size not readable (config space needs root): sizes from its irqs\n", p->bdf);
}

static void emit_smp(struct out *o, const struct snapshot *s, struct cpumask *possible, struct cpumask *present)
{
	unsigned np = cpumask_weight(possible), nr = cpumask_weight(present);
	/* sockets and threads from the topology the kernel reports */
	unsigned sockets = 0, threads = 1;
	int pkgs[64];
	unsigned npk = 0;
	for (size_t i = 0; i < s->nr_cpus; i++) {
		const struct snap_cpu *c = &s->cpus[i];
		bool seen = false;
		for (unsigned k = 0; k < npk; k++)
			seen |= pkgs[k] == c->package;
		if (!seen && npk < 64)
			pkgs[npk++] = c->package;
		unsigned sib = 0;
		for (size_t j = 0; j < s->nr_cpus; j++)
			sib += s->cpus[j].package == c->package && s->cpus[j].core == c->core && c->core >= 0;
		if (sib > threads)
			threads = sib;
	}
	sockets = npk;
	emit(o, "smp %u", nr);
	if (sockets > 1 || threads > 1) {
		unsigned cores = np / (sockets ? sockets : 1) / threads;
		if (sockets * cores * threads == np && cores)
			emit(o, ",sockets=%u,cores=%u,threads=%u", sockets, cores, threads);
	}
	if (np > nr)
		emit(o, ",maxcpus=%u", np);
	emit(o, "\n");
}

static void emit_numa(struct out *o, const struct snapshot *s)
{
	int maxnode = -1;
	for (size_t i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].node > maxnode)
			maxnode = s->cpus[i].node;
	if (maxnode < 1)
		return;
	struct cpumask m;
	for (int n = 0; n <= maxnode; n++) {
		cpumask_clear(&m);
		for (size_t i = 0; i < s->nr_cpus; i++)
			if (s->cpus[i].node == n)
				cpumask_set_cpu(s->cpus[i].cpu, &m);
		char list[4096];
		cpumask_print_list(list, sizeof(list), &m, NR_CPUS);
		emit(o, "numa node,nodeid=%d%s%s\n", n, cpumask_empty(&m) ? "" : ",cpus=", cpumask_empty(&m) ? "" : list);
	}
}

/* Module parameters that change vector use, when not at their defaults. */
static void emit_cmdline(struct out *o, const struct snapshot *s)
{
	static const char *const params[] = { "virtio_blk.num_request_queues", "virtio_blk.poll_queues",
					      "nvme.poll_queues", "nvme.write_queues",
					      "virtio_scsi.virtscsi_poll_queues" };
	char *line = xstrdup("");
	snap_hold(&line, snap_release_ptr);
	size_t len = 0;
	const char *c = s->cmdline ? s->cmdline : "";
	bool dropped = false;
	while (*c) {
		while (isspace((unsigned char)*c))
			c++;
		const char *e = c;
		while (*e && !isspace((unsigned char)*e))
			e++;
		if (e == c)
			break;
		/* the scenario's cmdline is one quoted string: words with quotes cannot be carried */
		if (memchr(c, '"', (size_t)(e - c)) || memchr(c, '\\', (size_t)(e - c)) || !strncmp(c, "--", 2)) {
			dropped = true;
			if (e - c == 2 && !strncmp(c, "--", 2))
				break; /* init's arguments follow */
			c = e;
			continue;
		}
		line = xrealloc(line, len + (size_t)(e - c) + 2);
		if (len)
			line[len++] = ' ';
		memcpy(line + len, c, (size_t)(e - c));
		len += (size_t)(e - c);
		line[len] = 0;
		c = e;
	}
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		for (size_t k = 0; k < s->nr_params; k++)
			if (!strcmp(s->params[k].name, params[i]) && strcmp(s->params[k].value, "0") &&
			    !strstr(line, params[i])) {
				char *nl;
				if (asprintf(&nl, "%s%s%s=%s", line, len ? " " : "", params[i], s->params[k].value) < 0)
					snap_oom(NULL);
				free(line);
				line = nl;
				len = strlen(line);
			}
	if (dropped)
		emit(o, "# kernel command line: words with quotes or after '--' left out\n");
	if (len)
		emit(o, "cmdline \"%s\"\n", line);
	snap_drop(&line);
	free(line);
}

char *snapshot_scenario(const struct snapshot *s, struct snap_scenario_info *info, char *err, size_t errlen)
{
	memset(info, 0, sizeof(*info));
	if (s->arch && strcmp(s->arch, "x86_64") && strcmp(s->arch, "i686")) {
		snprintf(err, errlen, "%s: the snapshot is from %s; irqsim models x86 only", s->source, s->arch);
		return NULL;
	}
	struct cpumask possible, present, online;
	unsigned pos = 0;
	if (!s->possible || cpulist_parse(s->possible, &possible, NR_CPUS, &pos) || cpumask_empty(&possible)) {
		snprintf(err, errlen, "%s: the snapshot has no possible CPU list", s->source);
		return NULL;
	}
	if (!s->present || cpulist_parse(s->present, &present, NR_CPUS, &pos))
		cpumask_copy(&present, &possible);
	if (!s->online || cpulist_parse(s->online, &online, NR_CPUS, &pos))
		cpumask_copy(&online, &present);
	struct out o = { xstrdup(""), 0 };
	snap_hold(&o.buf, snap_release_ptr);
	snapshot_kernel_line(s->release, &info->line, info->line_note, sizeof(info->line_note));
	emit(&o, "# from the snapshot of %s (%s)\n", s->source, s->release ? s->release : "kernel unknown");
	if (info->line_note[0])
		emit(&o, "# %s\n", info->line_note);
	emit(&o, "kernel %s\n", kernel_line_name(info->line));
	const char *machine = NULL;
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (!strncmp(s->pcis[i].bdf, "0000:00:00.", 11))
			is_chipset(&s->pcis[i], &machine);
	info->qemu_machine = machine != NULL;
	if (!machine) {
		machine = "q35";
		emit(&o, "# not a QEMU pc or q35 machine: modelled as q35 (PCIe), without its chipset's interrupts\n");
	}
	/* QEMU hides the root ports' hot-plug capability while ACPI handles hot-plug */
	bool native = false;
	for (size_t i = 0; i < s->nr_pcis; i++)
		native |= s->pcis[i].hotplug_slot == 1 && s->pcis[i].pcie_type == 4;
	for (size_t i = 0; i < s->nr_dmesg; i++)
		if (strstr(s->dmesg[i], "_OSC: OS now controls [") && strstr(s->dmesg[i], "PCIeHotplug"))
			native = true;
	emit(&o, "machine %s%s\n", machine, !strcmp(machine, "q35") && native ? " pcie-hotplug=native" : "");
	emit_smp(&o, s, &possible, &present);
	emit_numa(&o, s);
	emit_cmdline(&o, s);
	bool ir = false;
	for (size_t i = 0; i < s->nr_irqs; i++)
		if (s->irqs[i].chip && !strncmp(s->irqs[i].chip, "IR-", 3))
			ir = true;
	if (ir && !strcmp(machine, "q35"))
		emit(&o, "device intel-iommu,intremap=on\n");
	/* bridges first (they give bus numbers in order), then functions in BDF order */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < s->nr_pcis; i++) {
			const struct snap_pci *p = &s->pcis[i];
			if (is_chipset(p, NULL))
				continue;
			const char *q = snapshot_qemu_device(p);
			bool bridge = q && (!strcmp(q, "pci-bridge") || !strcmp(q, "pcie-root-port"));
			if (bridge != (pass == 0))
				continue;
			if (!q) {
				if (pass == 1 && (p->nr_msi_irqs || p->driver)) {
					emit(&o, "# %s %04x:%04x (%s): no model; its %zu MSI irqs are left out\n", p->bdf,
					     p->vendor, p->device, p->driver ? p->driver : "no driver", p->nr_msi_irqs);
					if (p->nr_msi_irqs)
						info->unmodelled++;
				}
				continue;
			}
			emit_device(&o, s, p, q, info);
			info->devices++;
		}
	emit(&o, "boot\n");
	for (unsigned c = cpumask_first(&present); c < NR_CPUS; c = cpumask_next_from(&present, c + 1))
		if (!cpumask_test_cpu(c, &online))
			emit(&o, "cpu offline %u\n", c);
	snap_drop(&o.buf);
	return o.buf;
}

struct scenario_call {
	const struct snapshot *snap;
	char *text, *err;
	size_t errlen;
};

static int scenario_call(void *arg)
{
	struct scenario_call *c = arg;
	struct snap_scenario_info info;
	c->text = snapshot_scenario(c->snap, &info, c->err, c->errlen);
	return c->text ? 0 : -1;
}

char *irqsim_snapshot_scenario(const struct snapshot *snap, char *err, size_t errlen)
{
	struct scenario_call c = { snap, NULL, err, errlen };
	return snap_oom_call(scenario_call, &c, NULL, err, errlen) ? NULL : c.text;
}
