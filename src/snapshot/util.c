// SPDX-License-Identifier: GPL-2.0-only
/* Snapshot helpers: ordering, lookups, config space, the kernel log, freeing. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "snapshot/snapshot_int.h"

char *snap_strip(char *s)
{
	size_t l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		s[--l] = 0;
	return s;
}

static int cmp_cpu(const void *a, const void *b)
{
	const struct snap_cpu *x = a, *y = b;
	return (x->cpu > y->cpu) - (x->cpu < y->cpu);
}

void snap_sort_cpus(struct snapshot *s)
{
	if (s->nr_cpus)
		qsort(s->cpus, s->nr_cpus, sizeof(*s->cpus), cmp_cpu);
}

static int cmp_irq(const void *a, const void *b)
{
	const struct snap_irq *x = a, *y = b;
	return (x->irq > y->irq) - (x->irq < y->irq);
}

void snap_sort_irqs(struct snapshot *s)
{
	if (s->nr_irqs)
		qsort(s->irqs, s->nr_irqs, sizeof(*s->irqs), cmp_irq);
}

static int cmp_pci(const void *a, const void *b)
{
	return strcmp(((const struct snap_pci *)a)->bdf, ((const struct snap_pci *)b)->bdf);
}

void snap_sort_pcis(struct snapshot *s)
{
	if (s->nr_pcis)
		qsort(s->pcis, s->nr_pcis, sizeof(*s->pcis), cmp_pci);
}

static int cmp_msi(const void *a, const void *b)
{
	const struct snap_msi_irq *x = a, *y = b;
	return (x->irq > y->irq) - (x->irq < y->irq);
}

void snap_sort_msi_irqs(struct snap_pci *p)
{
	if (p->nr_msi_irqs)
		qsort(p->msi_irqs, p->nr_msi_irqs, sizeof(*p->msi_irqs), cmp_msi);
}

void snap_set_node(struct snapshot *s, int node, const char *cpulist)
{
	struct cpumask m;
	unsigned errpos;
	if (cpulist_parse(cpulist, &m, NR_CPUS, &errpos))
		return;
	for (size_t i = 0; i < s->nr_cpus; i++)
		if (cpumask_test_cpu(s->cpus[i].cpu, &m))
			s->cpus[i].node = node;
}

void snap_add_param(struct snapshot *s, const char *name, const char *value)
{
	s->params = xreallocarray(s->params, s->nr_params + 1, sizeof(*s->params));
	s->params[s->nr_params].name = xstrdup(name);
	s->params[s->nr_params].value = xstrdup(value);
	s->nr_params++;
}

/*
 * A kernel log as dmesg prints it ("[    1.234] text"), or as /dev/kmsg
 * records ("6,123,456,-;text"): one message per line, prefix dropped so the
 * doctor matches the text itself.
 */
void snap_set_dmesg(struct snapshot *s, const char *text)
{
	const char *p = text;
	while (*p) {
		if (s->nr_dmesg >= SNAP_MAX_DMESG) {
			snap_note_unread(s, "dmesg", "more than 200000 lines: the rest not read");
			break;
		}
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		const char *b = p, *e = p + l;
		if (*b == '[') {
			const char *r = memchr(b, ']', l);
			if (r) {
				b = r + 1;
				if (b < e && *b == ' ')
					b++;
			}
		} else if (isdigit((unsigned char)*b)) {
			const char *semi = memchr(b, ';', l);
			const char *comma = memchr(b, ',', l);
			if (semi && comma && comma < semi)
				b = semi + 1;
		}
		/* /dev/kmsg continuation lines (" KEY=value") are metadata */
		if (!(l && *p == ' ' && p != text)) {
			char *line = xmalloc((size_t)(e - b) + 1);
			memcpy(line, b, (size_t)(e - b));
			line[e - b] = 0;
			snap_strip(line);
			s->dmesg = xreallocarray(s->dmesg, s->nr_dmesg + 1, sizeof(*s->dmesg));
			s->dmesg[s->nr_dmesg++] = line;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

char *snap_read_kmsg(struct snapshot *s)
{
	/* O_RDONLY only: reading /dev/kmsg never changes the log */
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snap_note_unread(s, "/dev/kmsg", strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (cap - len < 8192)
			buf = xrealloc(buf, cap *= 2);
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EPIPE) /* a record was overwritten while reading: go on */
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len > (16u << 20))
			break;
	}
	close(fd);
	buf[len] = 0;
	if (!len) {
		free(buf);
		snap_note_unread(s, "/dev/kmsg", "empty or not readable");
		return NULL;
	}
	return buf;
}

static unsigned cfg16(const unsigned char *c, size_t off) { return c[off] | (unsigned)c[off + 1] << 8; }
static unsigned long cfg32(const unsigned char *c, size_t off) { return cfg16(c, off) | (unsigned long)cfg16(c, off + 2) << 16; }

/*
 * Walk the capability list (PCI Local Bus spec: status bit 4, pointer at
 * 0x34).  Unprivileged readers see 64 bytes of config space: then the
 * capabilities stay unknown (-1), never guessed.
 */
void snap_pci_parse_config(struct snap_pci *p, const unsigned char *cfg, size_t len)
{
	p->config_len = (int)(len > 4096 ? 4096 : len);
	if (len < 64)
		return;
	/* the INTx pin (0x3d): what QEMU's device model set, which routes its GSI */
	p->intx_pin = cfg[0x3d] <= 4 ? cfg[0x3d] : -1;
	/* header type 1: PCI-to-PCI bridge */
	if ((cfg[0x0e] & 0x7f) == 1)
		p->secondary_bus = cfg[0x19];
	if (!(cfg16(cfg, 0x06) & 0x10)) {
		p->msix_table = p->msi_max = 0;
		return;
	}
	size_t ptr = cfg[0x34] & 0xfc;
	bool complete = true;
	int msix = 0, msi = 0;
	for (unsigned guard = 0; ptr; guard++) {
		if (guard > 48 || ptr < 0x40) {
			complete = ptr == 0;
			break;
		}
		if (ptr + 0x18 > len) {
			complete = false;
			break;
		}
		unsigned id = cfg[ptr];
		unsigned ctrl = cfg16(cfg, ptr + 2);
		if (id == 0x05)
			msi = 1 << ((ctrl >> 1) & 7);
		else if (id == 0x11)
			msix = (int)(ctrl & 0x7ff) + 1;
		else if (id == 0x10) {
			p->pcie_type = (int)((ctrl >> 4) & 0xf);
			bool slot = ctrl & 0x100;
			p->hotplug_slot = slot && (cfg32(cfg, ptr + 0x14) & 0x40) ? 1 : 0;
		}
		ptr = cfg[ptr + 1] & 0xfc;
	}
	if (complete) {
		p->msix_table = msix;
		p->msi_max = msi;
	}
}

unsigned snapshot_param(const struct snapshot *s, const char *name, unsigned dflt)
{
	for (size_t i = 0; i < s->nr_params; i++)
		if (!strcmp(s->params[i].name, name))
			return (unsigned)strtoul(s->params[i].value, NULL, 10);
	const char *c = s->cmdline ? strstr(s->cmdline, name) : NULL;
	if (c && c[strlen(name)] == '=')
		return (unsigned)strtoul(c + strlen(name) + 1, NULL, 10);
	return dflt;
}

struct snap_irq *snap_irq_search(struct snap_irq *v, size_t lo, size_t hi, unsigned irq)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].irq == irq)
			return &v[mid];
		if (v[mid].irq < irq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct snap_irq *snapshot_irq(const struct snapshot *s, unsigned irq)
{
	return snap_irq_search(s->irqs, 0, s->nr_irqs, irq);
}

const struct snap_pci *snapshot_pci_of_irq(const struct snapshot *s, unsigned irq)
{
	for (size_t i = 0; i < s->nr_pcis; i++)
		for (size_t k = 0; k < s->pcis[i].nr_msi_irqs; k++)
			if (s->pcis[i].msi_irqs[k].irq == irq)
				return &s->pcis[i];
	return NULL;
}

void snap_irq_release(void *p)
{
	struct snap_irq *q = p;
	free(q->chip);
	free(q->hwirq);
	free(q->type);
	free(q->handler);
	free(q->actions);
	free(q->affinity);
	free(q->effective);
}

void snapshot_free(struct snapshot *s)
{
	free(s->source);
	free(s->arch);
	free(s->release);
	free(s->cmdline);
	free(s->possible);
	free(s->online);
	free(s->present);
	free(s->isolated);
	free(s->default_affinity);
	free(s->cpus);
	for (size_t i = 0; i < s->nr_irqs; i++)
		snap_irq_release(&s->irqs[i]);
	free(s->irqs);
	for (size_t i = 0; i < s->nr_pcis; i++) {
		struct snap_pci *p = &s->pcis[i];
		free(p->bdf);
		free(p->driver);
		free(p->msi_irqs);
		free(p->virtio_dev);
		free(p->virtio_driver);
	}
	free(s->pcis);
	for (size_t i = 0; i < s->nr_params; i++) {
		free(s->params[i].name);
		free(s->params[i].value);
	}
	free(s->params);
	for (size_t i = 0; i < s->nr_dmesg; i++)
		free(s->dmesg[i]);
	free(s->dmesg);
	free(s->vector_dump);
	free(s->vector_from);
	for (size_t i = 0; i < s->nr_notes; i++)
		free(s->notes[i]);
	free(s->notes);
	for (size_t i = 0; i < s->nr_unread; i++) {
		free(s->unread[i].path);
		free(s->unread[i].why);
	}
	free(s->unread);
	memset(s, 0, sizeof(*s));
}

void snap_add_note(struct snapshot *s, char *note)
{
	s->notes = xreallocarray(s->notes, s->nr_notes + 1, sizeof(*s->notes));
	s->notes[s->nr_notes++] = note;
}
