// SPDX-License-Identifier: GPL-2.0-only
/*
 * snapshot_collect: read a machine's interrupt state from the files Linux
 * exports, relative to a root directory.  "/" reads the live machine; any
 * other directory is a copy of one (a sosreport, a recorded guest tree).
 *
 * Read-only by construction: every file goes through snap_open(), which
 * opens with O_RDONLY and nothing else.  What cannot be read (permissions,
 * absent features) is recorded in s->unread, never fatal: an unprivileged
 * user gets the snapshot their rights allow.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "snapshot/snapshot.h"
#include "snapshot/snapshot_int.h"

/* Upper bound for one file: /proc/interrupts of an 8192-CPU machine is a few MB. */
#define SNAP_MAX_FILE (64u << 20)

struct collector {
	const char *root;      /* without a trailing slash; "" for "/" */
	struct snapshot *s;
};

static void path_of(const struct collector *c, char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", c->root, rel);
}

void snap_note_unread(struct snapshot *s, const char *path, const char *why)
{
	/* sysfs errors repeat per irq: keep the first few of each kind readable */
	size_t same = 0;
	for (size_t i = 0; i < s->nr_unread; i++)
		if (!strcmp(s->unread[i].why, why))
			same++;
	if (same >= 8)
		return;
	s->unread = xreallocarray(s->unread, s->nr_unread + 1, sizeof(*s->unread));
	s->unread[s->nr_unread].path = xstrdup(path);
	s->unread[s->nr_unread].why = xstrdup(why);
	s->nr_unread++;
}

/* The only way this file opens anything: read-only. */
static int snap_open(const char *path)
{
	return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

/*
 * Read a whole file as text.  Returns a NUL-terminated buffer (length in
 * *lenp), or NULL: absent files are silently NULL, unreadable ones are noted.
 */
static char *read_file_rel(struct collector *c, const char *rel, size_t *lenp, bool note_absent)
{
	char path[PATH_MAX];
	path_of(c, path, sizeof(path), rel);
	int fd = snap_open(path);
	if (fd < 0) {
		if (errno != ENOENT || note_absent)
			snap_note_unread(c->s, path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= SNAP_MAX_FILE) {
				snap_note_unread(c->s, path, "larger than 64 MiB, cut");
				break;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snap_note_unread(c->s, path, strerror(errno));
			close(fd);
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = 0;
	if (lenp)
		*lenp = len;
	return buf;
}

/* A one-line sysfs/proc value without its newline, or NULL. */
static char *read_value(struct collector *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *read_value(struct collector *c, const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	char *v = read_file_rel(c, rel, NULL, false);
	if (v)
		snap_strip(v);
	return v;
}

static long value_num(char *v, int base, long dflt)
{
	if (!v)
		return dflt;
	char *end;
	errno = 0;
	long n = strtol(v, &end, base);
	if (end == v || errno)
		n = dflt;
	free(v);
	return n;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted directory entries (no dot files) of root/rel, or NULL. */
static char **list_dir(struct collector *c, const char *rel, size_t *n)
{
	char path[PATH_MAX];
	path_of(c, path, sizeof(path), rel);
	*n = 0;
	DIR *d = opendir(path);
	if (!d) {
		if (errno != ENOENT)
			snap_note_unread(c->s, path, strerror(errno));
		return NULL;
	}
	char **names = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = xreallocarray(names, *n + 1, sizeof(*names));
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* basename(readlink(root/rel)), or NULL */
static char *link_name(struct collector *c, const char *rel)
{
	char path[PATH_MAX], target[PATH_MAX];
	path_of(c, path, sizeof(path), rel);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return NULL;
	target[n] = 0;
	const char *b = strrchr(target, '/');
	return xstrdup(b ? b + 1 : target);
}

static void collect_cpus(struct collector *c)
{
	struct snapshot *s = c->s;
	s->possible = read_value(c, "sys/devices/system/cpu/possible");
	s->online = read_value(c, "sys/devices/system/cpu/online");
	s->present = read_value(c, "sys/devices/system/cpu/present");
	s->isolated = read_value(c, "sys/devices/system/cpu/isolated");
	size_t n;
	char **names = list_dir(c, "sys/devices/system/cpu", &n);
	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "cpu", 3) || !all_digits(names[i] + 3))
			continue;
		unsigned long cpu = strtoul(names[i] + 3, NULL, 10);
		if (cpu >= SNAP_MAX_CPUS)
			continue;
		struct snap_cpu sc = { .cpu = (unsigned)cpu, .node = -1 };
		const char *t = "sys/devices/system/cpu";
		sc.package = (int)value_num(read_value(c, "%s/%s/topology/physical_package_id", t, names[i]), 10, -1);
		sc.die = (int)value_num(read_value(c, "%s/%s/topology/die_id", t, names[i]), 10, -1);
		sc.core = (int)value_num(read_value(c, "%s/%s/topology/core_id", t, names[i]), 10, -1);
		/* cpu0 often has no 'online' file: it cannot go offline */
		sc.online = value_num(read_value(c, "%s/%s/online", t, names[i]), 10, 1) != 0;
		s->cpus = xreallocarray(s->cpus, s->nr_cpus + 1, sizeof(*s->cpus));
		s->cpus[s->nr_cpus++] = sc;
	}
	free_names(names, n);
	snap_sort_cpus(s);
	/* NUMA: every nodeN/cpulist names its CPUs */
	names = list_dir(c, "sys/devices/system/node", &n);
	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "node", 4) || !all_digits(names[i] + 4))
			continue;
		char *list = read_value(c, "sys/devices/system/node/%s/cpulist", names[i]);
		if (list)
			snap_set_node(s, atoi(names[i] + 4), list);
		free(list);
	}
	free_names(names, n);
}

static struct snap_irq *irq_get(struct snapshot *s, unsigned irq)
{
	for (size_t i = 0; i < s->nr_irqs; i++)
		if (s->irqs[i].irq == irq)
			return &s->irqs[i];
	s->irqs = xreallocarray(s->irqs, s->nr_irqs + 1, sizeof(*s->irqs));
	struct snap_irq *q = &s->irqs[s->nr_irqs++];
	memset(q, 0, sizeof(*q));
	q->irq = irq;
	q->node = -1;
	return q;
}

static void set_str(char **dst, char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = v;
}

static void collect_irqs(struct collector *c)
{
	struct snapshot *s = c->s;
	size_t n;
	char *text = read_file_rel(c, "proc/interrupts", NULL, true);
	if (text) {
		char err[200];
		if (snapshot_parse_interrupts(s, text, err, sizeof(err)))
			snap_note_unread(s, "/proc/interrupts", err);
		free(text);
	}
	s->default_affinity = read_value(c, "proc/irq/default_smp_affinity");
	/* /sys/kernel/irq lists every allocated irq, also those without an action */
	char **names = list_dir(c, "sys/kernel/irq", &n);
	for (size_t i = 0; i < n && s->nr_irqs < SNAP_MAX_IRQS; i++) {
		if (!all_digits(names[i]))
			continue;
		struct snap_irq *q = irq_get(s, (unsigned)strtoul(names[i], NULL, 10));
		const char *d = "sys/kernel/irq";
		set_str(&q->chip, read_value(c, "%s/%s/chip_name", d, names[i]));
		set_str(&q->hwirq, read_value(c, "%s/%s/hwirq", d, names[i]));
		set_str(&q->type, read_value(c, "%s/%s/type", d, names[i]));
		set_str(&q->handler, read_value(c, "%s/%s/name", d, names[i]));
		char *a = read_value(c, "%s/%s/actions", d, names[i]);
		if (a) {
			free(q->actions);
			q->actions = a;
		}
	}
	free_names(names, n);
	/* /proc/irq/N: affinity (also for irqs sysfs did not list: old kernels) */
	names = list_dir(c, "proc/irq", &n);
	for (size_t i = 0; i < n && s->nr_irqs < SNAP_MAX_IRQS; i++) {
		if (!all_digits(names[i]))
			continue;
		struct snap_irq *q = irq_get(s, (unsigned)strtoul(names[i], NULL, 10));
		set_str(&q->affinity, read_value(c, "proc/irq/%s/smp_affinity_list", names[i]));
		set_str(&q->effective, read_value(c, "proc/irq/%s/effective_affinity_list", names[i]));
		q->node = (int)value_num(read_value(c, "proc/irq/%s/node", names[i]), 10, -1);
	}
	free_names(names, n);
	snap_sort_irqs(s);
}

static void collect_pci_one(struct collector *c, const char *bdf)
{
	struct snapshot *s = c->s;
	char rel[PATH_MAX];
	struct snap_pci p = { .irq = -1, .numa_node = -1, .msix_table = -1, .msi_max = -1, .pcie_type = -1,
			      .hotplug_slot = -1, .virtio_id = -1, .secondary_bus = -1 };
	const char *d = "sys/bus/pci/devices";
	p.bdf = xstrdup(bdf);
	p.vendor = (unsigned)value_num(read_value(c, "%s/%s/vendor", d, bdf), 16, 0);
	p.device = (unsigned)value_num(read_value(c, "%s/%s/device", d, bdf), 16, 0);
	p.subvendor = (unsigned)value_num(read_value(c, "%s/%s/subsystem_vendor", d, bdf), 16, 0);
	p.subdevice = (unsigned)value_num(read_value(c, "%s/%s/subsystem_device", d, bdf), 16, 0);
	p.class = (unsigned)value_num(read_value(c, "%s/%s/class", d, bdf), 16, 0);
	p.irq = (int)value_num(read_value(c, "%s/%s/irq", d, bdf), 10, -1);
	p.numa_node = (int)value_num(read_value(c, "%s/%s/numa_node", d, bdf), 10, -1);
	snprintf(rel, sizeof(rel), "%s/%s/driver", d, bdf);
	p.driver = link_name(c, rel);
	/* config space: unprivileged readers get the first 64 bytes only */
	size_t len = 0;
	snprintf(rel, sizeof(rel), "%s/%s/config", d, bdf);
	char *cfg = read_file_rel(c, rel, &len, false);
	if (cfg) {
		snap_pci_parse_config(&p, (const unsigned char *)cfg, len);
		free(cfg);
	}
	size_t n;
	snprintf(rel, sizeof(rel), "%s/%s/msi_irqs", d, bdf);
	char **names = list_dir(c, rel, &n);
	for (size_t i = 0; i < n; i++) {
		if (!all_digits(names[i]))
			continue;
		char *mode = read_value(c, "%s/%s/msi_irqs/%s", d, bdf, names[i]);
		p.msi_irqs = xreallocarray(p.msi_irqs, p.nr_msi_irqs + 1, sizeof(*p.msi_irqs));
		p.msi_irqs[p.nr_msi_irqs].irq = (unsigned)strtoul(names[i], NULL, 10);
		p.msi_irqs[p.nr_msi_irqs].msix = mode && !strcmp(mode, "msix");
		p.nr_msi_irqs++;
		free(mode);
	}
	free_names(names, n);
	snap_sort_msi_irqs(&p);
	/* a virtio-pci function has one virtioN child */
	snprintf(rel, sizeof(rel), "%s/%s", d, bdf);
	names = list_dir(c, rel, &n);
	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "virtio", 6) || !all_digits(names[i] + 6))
			continue;
		p.virtio_dev = xstrdup(names[i]);
		p.virtio_id = (int)value_num(read_value(c, "%s/%s/%s/device", d, bdf, names[i]), 16, -1);
		snprintf(rel, sizeof(rel), "%s/%s/%s/driver", d, bdf, names[i]);
		p.virtio_driver = link_name(c, rel);
		break;
	}
	free_names(names, n);
	s->pcis = xreallocarray(s->pcis, s->nr_pcis + 1, sizeof(*s->pcis));
	s->pcis[s->nr_pcis++] = p;
}

static void collect_pci(struct collector *c)
{
	size_t n;
	char **names = list_dir(c, "sys/bus/pci/devices", &n);
	for (size_t i = 0; i < n && c->s->nr_pcis < SNAP_MAX_PCI; i++)
		collect_pci_one(c, names[i]);
	free_names(names, n);
	/* a sosreport keeps lspci's view instead of /sys/bus/pci */
	if (!c->s->nr_pcis && c->root[0]) {
		char *text = read_file_rel(c, "sos_commands/pci/lspci_-nnvv", NULL, false);
		char err[200];
		if (text && snapshot_parse_lspci(c->s, text, err, sizeof(err)))
			snap_note_unread(c->s, "sos_commands/pci/lspci_-nnvv", err);
		free(text);
	}
	snapshot_attach_msi_irqs(c->s);
}

/* Module parameters of the drivers whose settings change vector use. */
static void collect_params(struct collector *c)
{
	static const char *const mods[] = { "virtio_blk", "virtio_scsi", "virtio_net", "nvme",
					    "pcie_aspm", "mpt3sas", "i40e" };
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		char rel[PATH_MAX];
		size_t n;
		snprintf(rel, sizeof(rel), "sys/module/%s/parameters", mods[m]);
		char **names = list_dir(c, rel, &n);
		for (size_t i = 0; i < n; i++) {
			char *v = read_value(c, "%s/%s", rel, names[i]);
			if (!v)
				continue;
			char name[256];
			snprintf(name, sizeof(name), "%s.%s", mods[m], names[i]);
			snap_add_param(c->s, name, v);
			free(v);
		}
		free_names(names, n);
	}
}

/*
 * The kernel log: a sosreport keeps it in sos_commands/kernel/dmesg; on the
 * live machine /dev/kmsg needs CAP_SYSLOG or dmesg_restrict=0.
 */
static void collect_dmesg(struct collector *c)
{
	char *text = read_file_rel(c, "sos_commands/kernel/dmesg", NULL, false);
	if (!text && !c->root[0])
		text = snap_read_kmsg(c->s);
	if (!text) {
		if (c->root[0])
			snap_note_unread(c->s, "sos_commands/kernel/dmesg", "absent");
		return;
	}
	snap_set_dmesg(c->s, text);
	free(text);
}

static void collect_arch(struct collector *c)
{
	struct snapshot *s = c->s;
	if (!c->root[0]) {
		struct utsname u;
		if (!uname(&u))
			s->arch = xstrdup(u.machine);
		return;
	}
	/* sosreport: uname -a output; else infer from /proc/interrupts rows */
	char *u = read_file_rel(c, "sos_commands/kernel/uname_-a", NULL, false);
	if (u) {
		static const char *const arches[] = { "x86_64", "aarch64", "ppc64le", "s390x", "riscv64", "i686" };
		for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
			if (strstr(u, arches[i])) {
				s->arch = xstrdup(arches[i]);
				break;
			}
		free(u);
	}
}

int snapshot_collect(const char *root, struct snapshot *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	struct stat st;
	if (stat(root, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", root);
		return -1;
	}
	char rootbuf[PATH_MAX];
	snprintf(rootbuf, sizeof(rootbuf), "%s", root);
	size_t l = strlen(rootbuf);
	while (l > 0 && rootbuf[l - 1] == '/')
		rootbuf[--l] = 0;
	struct collector c = { .root = rootbuf, .s = out };
	out->source = xstrdup(l ? rootbuf : "/");
	collect_arch(&c);
	out->release = read_value(&c, "proc/sys/kernel/osrelease");
	out->cmdline = read_value(&c, "proc/cmdline");
	collect_cpus(&c);
	collect_irqs(&c);
	collect_pci(&c);
	collect_params(&c);
	collect_dmesg(&c);
	out->vector_dump = read_file_rel(&c, "sys/kernel/debug/irq/domains/VECTOR", NULL, false);
	if (!out->nr_irqs && !out->nr_pcis && !out->release) {
		snprintf(err, errlen, "%s: no /proc/interrupts, /sys/kernel/irq, /sys/bus/pci or osrelease below it: "
			 "not a Linux root or sosreport", out->source);
		snapshot_free(out);
		return -1;
	}
	return 0;
}
