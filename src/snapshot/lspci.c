// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI functions from `lspci -nnvv` text: what a sosreport keeps instead of
 * /sys/bus/pci (sos_commands/pci/lspci_-nnvv).  Each function's block gives
 * its ids, INTx irq, MSI/MSI-X capability sizes, PCIe port type and slot,
 * bridge bus numbers and bound driver.  Its MSI irqs are then found in
 * /proc/interrupts by the chip name (6.12: "PCI-MSIX-<bdf>") or the hwirq
 * the PCI-MSI domain computes (pci_msi_domain_calc_hwirq: index | bus,devfn
 * << 11 | domain << 27).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>

#include "snapshot/snapshot_int.h"

/*
 * Four hex digits at c, as lspci -nn prints ids and classes.  Not sscanf's
 * "%4x": it takes a sign ("[-100]" became 0xffffff00, a class the loader
 * refuses; fuzz_root) and fewer digits.
 */
static bool hex4(const char *c, unsigned *v)
{
	unsigned n = 0;
	for (int i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)c[i]))
			return false;
		n = n * 16 + (unsigned)(isdigit((unsigned char)c[i]) ? c[i] - '0' : tolower((unsigned char)c[i]) - 'a' + 10);
	}
	*v = n;
	return true;
}

static void new_function(struct snapshot *s, const char *line, size_t len)
{
	char bdf[32];
	unsigned dom = 0, bus, dev, fn;
	int n = 0;
	if (sscanf(line, "%x:%x:%x.%x%n", &dom, &bus, &dev, &fn, &n) != 4) {
		dom = 0;
		if (sscanf(line, "%x:%x.%x%n", &bus, &dev, &fn, &n) != 3)
			return;
	}
	snprintf(bdf, sizeof(bdf), "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	s->pcis = xreallocarray(s->pcis, s->nr_pcis + 1, sizeof(*s->pcis));
	struct snap_pci *p = &s->pcis[s->nr_pcis++];
	memset(p, 0, sizeof(*p));
	p->bdf = xstrdup(bdf);
	p->irq = 0; /* no "Interrupt:" line: no INTx pin */
	p->numa_node = p->pcie_type = p->hotplug_slot = p->secondary_bus = p->virtio_id = p->intx_pin = -1;
	p->msix_table = p->msi_max = 0;
	/* "... [0100]: ... [1af4:1001]" (class, then vendor:device last on the line) */
	const char *end = line + len;
	for (const char *c = line; c < end; c++) {
		unsigned a, b;
		if (*c != '[')
			continue;
		if (c + 11 <= end && hex4(c + 1, &a) && c[5] == ':' && hex4(c + 6, &b) && c[10] == ']') {
			p->vendor = a;
			p->device = b;
		} else if (!p->class && c + 6 <= end && hex4(c + 1, &a) && c[5] == ']') {
			p->class = a << 8;
		}
	}
}

/* A decimal number at s (no wrap) within lo..hi, else keep: what lspci prints, or it is ignored */
static void set_num(int *dst, const char *s, int base, long lo, long hi)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, base);
	if (!errno && end != s && n >= lo && n <= hi)
		*dst = (int)n;
}

/* The snapshot loader's ranges (json.c read_pci) bound each value: one out of them is not taken. */
static void function_line(struct snap_pci *p, const char *l)
{
	unsigned a, b;
	const char *c;
	if ((c = strstr(l, "routed to IRQ ")))
		set_num(&p->irq, c + 14, 10, 0, (1 << 24) - 1);
	else if ((c = strstr(l, "MSI-X: Enable")) && (c = strstr(c, "Count=")))
		set_num(&p->msix_table, c + 6, 10, 0, 2048);
	else if ((c = strstr(l, "MSI: Enable")) && (c = strstr(c, "Count=")) && sscanf(c, "Count=%u/%u", &a, &b) == 2 &&
		 b <= 32)
		p->msi_max = (int)b;
	else if ((c = strstr(l, "Express (v")) || (c = strstr(l, "Express Root"))) {
		p->pcie_type = strstr(c, "Root Port") ? 4 : strstr(c, "Downstream Port") ? 6 : strstr(c, "Upstream Port") ? 5
			       : strstr(c, "Endpoint") ? 0 : strstr(c, "Root Complex") ? 9 : 1;
		if (p->hotplug_slot < 0)
			p->hotplug_slot = 0;
	} else if ((c = strstr(l, "SltCap:")))
		p->hotplug_slot = strstr(c, "HotPlug+") != NULL;
	else if ((c = strstr(l, "secondary=")))
		set_num(&p->secondary_bus, c + 10, 16, 0, 255);
	else if ((c = strstr(l, "Kernel driver in use: "))) {
		/* copied before the old one goes: a failing copy leaves no freed pointer behind */
		char *drv = snap_strip(xstrdup(c + 22));
		free(p->driver);
		p->driver = drv;
	} else if ((c = strstr(l, "Subsystem:")) && p->vendor == 0x1af4) {
		/* transitional virtio: the subsystem device id is the virtio device id */
		const char *br = strrchr(c, '[');
		if (br && sscanf(br, "[%4x:%4x]", &a, &b) == 2 && b < 0x100)
			p->virtio_id = (int)b;
	}
}

int snapshot_parse_lspci(struct snapshot *s, const char *text, char *err, size_t errlen)
{
	const char *p = text;
	unsigned line = 1;
	struct snap_pci *cur = NULL;
	size_t before = s->nr_pcis;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char buf[1024];
		snprintf(buf, sizeof(buf), "%.*s", (int)(len < 1023 ? len : 1023), p);
		if (len && isxdigit((unsigned char)buf[0])) {
			size_t n = s->nr_pcis;
			new_function(s, buf, strlen(buf));
			if (n == s->nr_pcis) {
				snprintf(err, errlen, "%u:1: expected a function address such as 00:02.0", line);
				return -1;
			}
			cur = &s->pcis[s->nr_pcis - 1];
		} else if (cur && len && (buf[0] == '\t' || buf[0] == ' ')) {
			function_line(cur, buf);
		}
		if (s->nr_pcis >= SNAP_MAX_PCI) {
			snprintf(err, errlen, "%u:1: more than %u PCI functions", line, SNAP_MAX_PCI);
			return -1;
		}
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	if (s->nr_pcis == before) {
		snprintf(err, errlen, "1:1: no PCI function in the lspci output");
		return -1;
	}
	snap_sort_pcis(s);
	return 0;
}

static struct snap_pci *pci_by_ids(struct snapshot *s, unsigned dom, unsigned bus, unsigned devfn)
{
	char bdf[32];
	snprintf(bdf, sizeof(bdf), "%04x:%02x:%02x.%x", dom, bus, devfn >> 3, devfn & 7);
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (!strcmp(s->pcis[i].bdf, bdf))
			return &s->pcis[i];
	return NULL;
}

void snapshot_attach_msi_irqs(struct snapshot *s)
{
	for (size_t i = 0; i < s->nr_irqs; i++) {
		const struct snap_irq *q = &s->irqs[i];
		if (!q->chip)
			continue;
		const char *c = q->chip;
		if (!strncmp(c, "IR-", 3))
			c += 3;
		struct snap_pci *p = NULL;
		bool msix = false;
		unsigned dom, bus, dev, fn;
		if (!strncmp(c, "PCI-MSIX-", 9) || !strncmp(c, "PCI-MSI-", 8)) {
			/* 6.12: a per-device domain named after the function */
			msix = c[7] == 'X';
			if (sscanf(c + (msix ? 9 : 8), "%x:%x:%x.%x", &dom, &bus, &dev, &fn) == 4)
				p = pci_by_ids(s, dom, bus, dev << 3 | fn);
		} else if (!strcmp(c, "PCI-MSI") && q->hwirq) {
			unsigned long long hw = strtoull(q->hwirq, NULL, 10);
			unsigned id = (unsigned)(hw >> 11) & 0xffff;
			p = pci_by_ids(s, (unsigned)(hw >> 27), id >> 8, id & 0xff);
			msix = p && p->msix_table > 0;
		}
		if (!p)
			continue;
		bool have = false;
		for (size_t k = 0; k < p->nr_msi_irqs; k++)
			have |= p->msi_irqs[k].irq == q->irq;
		if (have)
			continue;
		/* the loader's bound on one function's MSI irqs (an MSI-X table has 2048 entries) */
		if (p->nr_msi_irqs >= 2048) {
			snap_note_unread(s, "/proc/interrupts", "more than 2048 MSI irqs for one PCI function: the rest not attached");
			continue;
		}
		p->msi_irqs = xreallocarray(p->msi_irqs, p->nr_msi_irqs + 1, sizeof(*p->msi_irqs));
		p->msi_irqs[p->nr_msi_irqs].irq = q->irq;
		p->msi_irqs[p->nr_msi_irqs].msix = msix;
		p->nr_msi_irqs++;
	}
	/* virtio devices: their name from their irqs' actions, their driver from the queue names */
	for (size_t i = 0; i < s->nr_pcis; i++) {
		struct snap_pci *p = &s->pcis[i];
		snap_sort_msi_irqs(p);
		if (p->vendor != 0x1af4 || p->virtio_dev || !p->nr_msi_irqs)
			continue;
		const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[0].irq);
		unsigned n;
		if (!q || !q->actions || sscanf(q->actions, "virtio%u", &n) != 1)
			continue;
		char name[32];
		snprintf(name, sizeof(name), "virtio%u", n);
		p->virtio_dev = xstrdup(name);
		/* modern ids are 0x1040 + the virtio id; transitional ones are fixed (virtio spec 4.1.2) */
		int id = p->device >= 0x1040 ? (int)(p->device - 0x1040) : p->virtio_id;
		/* transitional 0x1000-0x1005: net, blk, balloon, console, scsi, rng */
		static const int transitional[] = { 1, 2, 5, 3, 8, 4 };
		if (id < 0 && p->device >= 0x1000 && p->device <= 0x1005)
			id = transitional[p->device - 0x1000];
		p->virtio_id = id;
		static const char *const drv[] = { [1] = "virtio_net", [2] = "virtio_blk", [3] = "virtio_console",
			[4] = "virtio_rng", [5] = "virtio_balloon", [8] = "virtio_scsi", [16] = "virtio_gpu",
			[18] = "virtio_input", [19] = "vmw_vsock_virtio_transport" };
		const char *dn = id > 0 && id < 20 ? drv[id] : NULL;
		p->virtio_driver = xstrdup(dn ? dn : "virtio");
	}
}
