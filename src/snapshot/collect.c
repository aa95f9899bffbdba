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

struct collector {
	const char *root;      /* without a trailing slash; "" for "/" */
	struct snapshot *s;
	int rootfd;            /* every path resolves below it; -1 for the live "/" */
	bool walk;             /* no openat2: snap_walk_in_root */
	struct snap_collect_limits lim;
	unsigned long long bytes, visits;
	bool stopped;          /* a total bound was reached: nothing more is read */
};

/* root/rel, for messages and the live "/"; false if it was cut to fit (never to be opened then) */
static bool path_of(const struct collector *c, char *buf, size_t len, const char *rel)
{
	size_t rl = strlen(c->root), l = strlen(rel);
	if (rl + 1 + l >= len) { /* rel alone, cut, names it in a message */
		snprintf(buf, len, "%.*s", (int)(len - 1), rel);
		return false;
	}
	memcpy(buf, c->root, rl);
	buf[rl] = '/';
	memcpy(buf + rl + 1, rel, l + 1);
	return true;
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
	/* counted once its path is copied: a failing copy of why leaves nothing unfreed */
	s->unread[s->nr_unread].path = xstrdup(path);
	s->unread[s->nr_unread++].why = NULL;
	s->unread[s->nr_unread - 1].why = xstrdup(why);
}

static void note_rel(struct collector *c, const char *rel, const char *why)
{
	char path[PATH_MAX];
	path_of(c, path, sizeof(path), rel);
	snap_note_unread(c->s, path, why);
}

static void size_text(char *buf, size_t len, unsigned long long n)
{
	if (n && !(n % (1u << 20)))
		snprintf(buf, len, "%llu MiB", n >> 20);
	else
		snprintf(buf, len, "%llu bytes", n);
}

/*
 * One more file, directory or directory entry: false once the bound on them
 * is reached.  Hitting a total bound is noted once, at the first path not
 * read, and nothing is read after it: the snapshot says where it stops, as
 * for any unreadable file, instead of failing the whole collection.
 */
static bool visit(struct collector *c, const char *rel)
{
	if (c->stopped)
		return false;
	if (++c->visits <= c->lim.visits)
		return true;
	char why[160];
	snprintf(why, sizeof(why), "not read: limit of %llu files, directories and directory entries under the root "
		 "reached (nothing after it is read)", c->lim.visits);
	note_rel(c, rel, why);
	c->stopped = true;
	return false;
}

/*
 * Open 'rel' below the root with 'flags'.  The live "/" opens the path
 * itself, as ever (strace shows the absolute paths check-live looks for);
 * a copied tree resolves every component inside it.
 */
static int root_open(const struct collector *c, const char *rel, int flags)
{
	if (c->rootfd < 0) {
		char path[PATH_MAX];
		if (path_of(c, path, sizeof(path), rel))
			return open(path, flags);
		errno = ENAMETOOLONG;
		return -1;
	}
	return c->walk ? snap_walk_in_root(c->rootfd, rel, flags) : snap_openat2_in_root(c->rootfd, rel, flags);
}

static const char *not_regular(mode_t m)
{
	return S_ISDIR(m)    ? "not a regular file: a directory"
	       : S_ISFIFO(m) ? "not a regular file: a FIFO"
	       : S_ISSOCK(m) ? "not a regular file: a socket"
	       : S_ISCHR(m)  ? "not a regular file: a character device"
	       : S_ISBLK(m)  ? "not a regular file: a block device"
			     : "not a regular file";
}

/* root_open and fstat: an fd, or -1 (noted unless absent and note_absent is false) */
static int open_stat(struct collector *c, const char *rel, int flags, struct stat *st, bool note_absent)
{
	int fd = root_open(c, rel, flags);
	if (fd >= 0 && !fstat(fd, st))
		return fd;
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (e != ENOENT || note_absent)
		note_rel(c, rel, strerror(e));
	return -1;
}

/*
 * The only way this file opens a file to read: read-only, non-blocking, and
 * only a regular file.  Below a copied root the name is first looked at
 * with O_PATH (which opens nothing), so a FIFO, socket or device node in the
 * tree is never opened at all (opening one can block, or act: a watchdog
 * starts on open); the file then opened must be the one looked at.  -1 when
 * not opened: absent files silently, the rest noted.
 */
static int snap_open(struct collector *c, const char *rel, bool note_absent)
{
	if (!visit(c, rel))
		return -1;
	struct stat before = { 0 }, st;
	if (c->rootfd >= 0) {
		int pfd = open_stat(c, rel, O_PATH | O_CLOEXEC, &before, note_absent);
		if (pfd < 0)
			return -1;
		close(pfd);
		if (!S_ISREG(before.st_mode)) {
			note_rel(c, rel, not_regular(before.st_mode));
			return -1;
		}
	}
	int fd = open_stat(c, rel, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, &st, note_absent);
	if (fd < 0)
		return -1;
	const char *why = !S_ISREG(st.st_mode) ? not_regular(st.st_mode)
			  : c->rootfd >= 0 && (st.st_dev != before.st_dev || st.st_ino != before.st_ino)
			  ? "replaced while being opened"
			  : NULL;
	if (why) {
		close(fd);
		note_rel(c, rel, why);
		return -1;
	}
	return fd;
}

/*
 * Read a whole file as text.  Returns a NUL-terminated buffer (length in
 * *lenp), or NULL: absent files are silently NULL, unreadable ones are noted.
 * Read to the end whatever st_size says: /proc and /sys files report 0 or
 * 4096.  A file past the per-file bound is cut (noted); past the total
 * bound under the root nothing more is read (noted once).
 */
static char *read_file_rel(struct collector *c, const char *rel, size_t *lenp, bool note_absent)
{
	int fd = snap_open(c, rel, note_absent);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len >= c->lim.file_bytes) {
			/* at the bound: cut only if there is more */
			char more;
			ssize_t n = read(fd, &more, 1);
			if (n > 0) {
				char why[80], size[32];
				size_text(size, sizeof(size), c->lim.file_bytes);
				snprintf(why, sizeof(why), "larger than %s, cut", size);
				note_rel(c, rel, why);
			}
			break;
		}
		if (len + 1 >= cap) {
			cap = cap * 2 > c->lim.file_bytes + 1 ? (size_t)c->lim.file_bytes + 1 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		size_t want = cap - len - 1;
		if (want > c->lim.file_bytes - len)
			want = (size_t)(c->lim.file_bytes - len);
		/* one byte past the total bound at most: enough to know it was passed */
		if (want > c->lim.total_bytes - c->bytes + 1)
			want = (size_t)(c->lim.total_bytes - c->bytes + 1);
		ssize_t n = read(fd, buf + len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			note_rel(c, rel, strerror(errno));
			close(fd);
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		c->bytes += (unsigned long long)n;
		if (c->bytes > c->lim.total_bytes) {
			char why[160], size[32];
			size_text(size, sizeof(size), c->lim.total_bytes);
			snprintf(why, sizeof(why), "not read: limit of %s read under the root reached (nothing after it is read)",
				 size);
			note_rel(c, rel, why);
			c->stopped = true;
			close(fd);
			free(buf);
			return NULL;
		}
	}
	close(fd);
	buf[len] = 0;
	if (lenp)
		*lenp = len;
	return buf;
}

/* vsnprintf into rel: false (noted) if the path does not fit, so a cut path is never opened */
static bool make_rel(struct collector *c, char *rel, size_t len, const char *fmt, va_list ap)
{
	int n = vsnprintf(rel, len, fmt, ap);
	if (n >= 0 && (size_t)n < len)
		return true;
	note_rel(c, rel, strerror(ENAMETOOLONG));
	return false;
}

/* A one-line sysfs/proc value without its newline, or NULL; its path in rel (PATH_MAX bytes). */
static char *vread_value(struct collector *c, char *rel, const char *fmt, va_list ap)
{
	char *v = make_rel(c, rel, PATH_MAX, fmt, ap) ? read_file_rel(c, rel, NULL, false) : NULL;
	if (v)
		snap_strip(v);
	return v;
}

static char *read_value(struct collector *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *read_value(struct collector *c, const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;
	va_start(ap, fmt);
	char *v = vread_value(c, rel, fmt, ap);
	va_end(ap);
	return v;
}

/* The whole of s as a number in 'base' (16 allows "0x"), without overflow. */
static bool parse_num(const char *s, int base, long long *out)
{
	if (!*s || isspace((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	long long n = strtoll(s, &end, base);
	if (errno || end == s || *end)
		return false;
	*out = n;
	return true;
}

/*
 * A numeric sysfs/proc value within the snapshot loader's range lo..hi
 * (src/snapshot/json.c), or dflt: absent silently, anything else noted
 * ("not a number", "out of range"), so the collector never writes a value
 * its own loader refuses and never wraps one into another.  -1 is the
 * kernel's "none" where dflt is -1 (NUMA_NO_NODE, an unknown package id).
 */
static long long num_value(struct collector *c, int base, long long lo, long long hi, long long dflt, const char *fmt,
			   ...) __attribute__((format(printf, 6, 7)));
static long long num_value(struct collector *c, int base, long long lo, long long hi, long long dflt, const char *fmt,
			   ...)
{
	char rel[PATH_MAX];
	va_list ap;
	va_start(ap, fmt);
	char *v = vread_value(c, rel, fmt, ap);
	va_end(ap);
	if (!v)
		return dflt;
	long long n = dflt;
	char why[80] = "";
	if (!parse_num(v, base, &n))
		snprintf(why, sizeof(why), "not a number");
	else if (n == -1 && dflt == -1)
		;
	else if (n < lo || n > hi)
		snprintf(why, sizeof(why), base == 16 ? "out of range (0x%llx to 0x%llx)" : "out of range (%lld to %lld)", lo,
			 hi);
	free(v);
	if (*why) {
		note_rel(c, rel, why);
		return dflt;
	}
	return n;
}

/*
 * The number in a directory entry's name ("cpu12" from offset 3): false if
 * the rest is not all digits (not such an entry: skipped silently), or, with
 * a note, if it is above hi (never wrapped: /proc/irq/4294967296 is not irq 0).
 */
static bool name_num(struct collector *c, const char *dir, const char *name, size_t skip, unsigned long hi,
		     unsigned long *out)
{
	const char *d = name + skip;
	if (!*d)
		return false;
	for (const char *p = d; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	errno = 0;
	unsigned long long n = strtoull(d, NULL, 10);
	if (errno || n > hi) {
		char rel[PATH_MAX], why[80];
		snprintf(rel, sizeof(rel), "%s/%s", dir, name);
		snprintf(why, sizeof(why), "out of range (0 to %lu)", hi);
		note_rel(c, rel, why);
		return false;
	}
	*out = (unsigned long)n;
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted directory entries (no dot files) of root/rel, or NULL. */
static char **list_dir(struct collector *c, const char *rel, size_t *n)
{
	*n = 0;
	if (!visit(c, rel))
		return NULL;
	/* O_DIRECTORY: anything else fails ENOTDIR before it is opened */
	int fd = root_open(c, rel, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		if (e != ENOENT)
			note_rel(c, rel, strerror(e));
		return NULL;
	}
	char **names = NULL;
	struct dirent *e;
	while ((e = readdir(d)) && visit(c, rel)) {
		if (e->d_name[0] == '.')
			continue;
		names = xreallocarray(names, *n + 1, sizeof(*names));
		/* copied before it is counted: a failure leaves no uninitialised entry */
		char *t = xstrdup(e->d_name);
		names[(*n)++] = t;
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

/* basename(readlink(root/rel)), or NULL; the link is read, never followed */
static char *link_name(struct collector *c, const char *rel)
{
	char target[PATH_MAX];
	ssize_t n;
	if (!visit(c, rel))
		return NULL;
	if (c->rootfd < 0) {
		char path[PATH_MAX];
		n = path_of(c, path, sizeof(path), rel) ? readlink(path, target, sizeof(target) - 1) : -1;
	} else {
		/* the directory holding the link, resolved inside the root; then the link itself */
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s", rel);
		char *slash = strrchr(dir, '/');
		const char *base = slash ? slash + 1 : dir;
		if (slash)
			*slash = 0;
		int dfd = root_open(c, slash ? dir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			return NULL;
		n = readlinkat(dfd, base, target, sizeof(target) - 1);
		close(dfd);
	}
	if (n <= 0)
		return NULL;
	target[n] = 0;
	const char *b = strrchr(target, '/');
	return xstrdup(b ? b + 1 : target);
}

/*
 * A CPU list file, kept only if the snapshot loader would take it: the
 * kernel's cpulist format with CPUs below NR_CPUS (else noted, NULL).
 */
static char *cpu_list_value(struct collector *c, const char *rel, struct cpumask *m)
{
	char *v = read_value(c, "%s", rel);
	unsigned pos;
	if (v && cpulist_parse(v, m, NR_CPUS, &pos)) {
		char why[80];
		snprintf(why, sizeof(why), "not a list of CPUs below %u (bad at offset %u)", NR_CPUS, pos);
		note_rel(c, rel, why);
		free(v);
		v = NULL;
	}
	return v;
}

/*
 * possible, present, online and isolated as the kernel keeps them (online
 * within present within possible, kernel/cpu.c set_cpu_online): a list that
 * breaks that cannot come from one machine; it is dropped, with a note, as
 * the loader would refuse the snapshot.
 */
static void collect_cpu_lists(struct collector *c)
{
	struct snapshot *s = c->s;
	struct cpumask possible, present, online, isolated;
	const char *d = "sys/devices/system/cpu";
	char rel[PATH_MAX];
	snprintf(rel, sizeof(rel), "%s/possible", d);
	s->possible = cpu_list_value(c, rel, &possible);
	snprintf(rel, sizeof(rel), "%s/online", d);
	s->online = cpu_list_value(c, rel, &online);
	snprintf(rel, sizeof(rel), "%s/present", d);
	s->present = cpu_list_value(c, rel, &present);
	snprintf(rel, sizeof(rel), "%s/isolated", d);
	s->isolated = cpu_list_value(c, rel, &isolated);
	unsigned words = cpumask_begin_all_words();
	if (s->present && s->possible && !cpumask_subset(&present, &possible)) {
		snprintf(rel, sizeof(rel), "%s/present", d);
		note_rel(c, rel, "not within the possible CPUs");
		free(s->present);
		s->present = NULL;
	}
	const char *why = NULL;
	if (s->online && cpumask_empty(&online))
		why = "names no CPU";
	else if (s->online && s->present && !cpumask_subset(&online, &present))
		why = "not within the present CPUs";
	else if (s->online && s->possible && !cpumask_subset(&online, &possible))
		why = "not within the possible CPUs";
	cpumask_end_all_words(words);
	if (why) {
		snprintf(rel, sizeof(rel), "%s/online", d);
		note_rel(c, rel, why);
		free(s->online);
		s->online = NULL;
	}
}

/* Topology ids and NUMA nodes: the loader's range (json.c read_cpus) */
#define SNAP_MAX_ID (1 << 20)

static void collect_cpus(struct collector *c)
{
	struct snapshot *s = c->s;
	collect_cpu_lists(c);
	size_t n;
	const char *t = "sys/devices/system/cpu";
	char **names = list_dir(c, t, &n);
	for (size_t i = 0; i < n && s->nr_cpus < SNAP_MAX_CPUS && !c->stopped; i++) {
		unsigned long cpu;
		if (strncmp(names[i], "cpu", 3) || !name_num(c, t, names[i], 3, SNAP_MAX_CPUS - 1, &cpu))
			continue;
		struct snap_cpu sc = { .cpu = (unsigned)cpu, .node = -1 };
		const char *f = "%s/%s/topology/%s";
		sc.package = (int)num_value(c, 10, 0, SNAP_MAX_ID, -1, f, t, names[i], "physical_package_id");
		sc.die = (int)num_value(c, 10, 0, SNAP_MAX_ID, -1, f, t, names[i], "die_id");
		sc.core = (int)num_value(c, 10, 0, SNAP_MAX_ID, -1, f, t, names[i], "core_id");
		/* cpu0 often has no 'online' file: it cannot go offline */
		sc.online = num_value(c, 10, 0, 1, 1, "%s/%s/online", t, names[i]) != 0;
		s->cpus = xreallocarray(s->cpus, s->nr_cpus + 1, sizeof(*s->cpus));
		s->cpus[s->nr_cpus++] = sc;
	}
	free_names(names, n);
	snap_sort_cpus(s);
	/* NUMA: every nodeN/cpulist names its CPUs */
	const char *nd = "sys/devices/system/node";
	names = list_dir(c, nd, &n);
	for (size_t i = 0; i < n && !c->stopped; i++) {
		unsigned long node;
		if (strncmp(names[i], "node", 4) || !name_num(c, nd, names[i], 4, SNAP_MAX_ID, &node))
			continue;
		char *list = read_value(c, "%s/%s/cpulist", nd, names[i]);
		if (list)
			snap_set_node(s, (int)node, list);
		free(list);
	}
	free_names(names, n);
}

/* irq numbers: the loader's range (json.c read_irqs), the kernel's IRQ_BITMAP_BITS at most */
#define SNAP_MAX_IRQ ((1ul << 24) - 1)
/* MSI vectors of one function: the loader's range, the MSI-X table size at most */
#define SNAP_MAX_MSI_IRQS 2048u

/*
 * The entry of an irq, new or known.  The irqs stay sorted between the
 * passes and each pass takes its directory in numeric order, so a lookup
 * is a binary search (of those known before the pass, then of those it
 * added, which come in ascending order): 65536 irqs cost no quadratic scan.
 * NULL (noted) past SNAP_MAX_IRQS.
 */
static struct snap_irq *irq_get(struct collector *c, size_t known, unsigned irq, const char *rel)
{
	struct snapshot *s = c->s;
	struct snap_irq *q = snap_irq_search(s->irqs, 0, known, irq);
	if (!q)
		q = snap_irq_search(s->irqs, known, s->nr_irqs, irq);
	if (q)
		return q;
	if (s->nr_irqs >= SNAP_MAX_IRQS) {
		note_rel(c, rel, "not read: more than 65536 irqs");
		return NULL;
	}
	s->irqs = xreallocarray(s->irqs, s->nr_irqs + 1, sizeof(*s->irqs));
	q = &s->irqs[s->nr_irqs++];
	memset(q, 0, sizeof(*q));
	q->irq = irq;
	q->node = -1;
	return q;
}

struct irq_name {
	unsigned long irq;
	const char *name;
};

static int cmp_irq_name(const void *a, const void *b)
{
	const struct irq_name *x = a, *y = b;
	return (x->irq > y->irq) - (x->irq < y->irq);
}

/* The irq directories of dir (numeric names), in ascending order; out-of-range ones noted. */
static struct irq_name *irq_dirs(struct collector *c, const char *dir, char **names, size_t n, size_t *nr)
{
	struct irq_name *v = xreallocarray(NULL, n, sizeof(*v));
	*nr = 0;
	for (size_t i = 0; i < n; i++)
		if (name_num(c, dir, names[i], 0, SNAP_MAX_IRQ, &v[*nr].irq))
			v[(*nr)++].name = names[i];
	if (*nr)
		qsort(v, *nr, sizeof(*v), cmp_irq_name);
	return v;
}

static void set_str(char **dst, char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = v;
}

static void fill_sysfs(struct collector *c, struct snap_irq *q, const char *d, const char *name)
{
	set_str(&q->chip, read_value(c, "%s/%s/chip_name", d, name));
	set_str(&q->hwirq, read_value(c, "%s/%s/hwirq", d, name));
	set_str(&q->type, read_value(c, "%s/%s/type", d, name));
	set_str(&q->handler, read_value(c, "%s/%s/name", d, name));
	set_str(&q->actions, read_value(c, "%s/%s/actions", d, name));
}

static void fill_proc(struct collector *c, struct snap_irq *q, const char *d, const char *name)
{
	set_str(&q->affinity, read_value(c, "%s/%s/smp_affinity_list", d, name));
	set_str(&q->effective, read_value(c, "%s/%s/effective_affinity_list", d, name));
	q->node = (int)num_value(c, 10, 0, SNAP_MAX_ID, -1, "%s/%s/node", d, name);
}

/* Each irq directory of d, in numeric order, filled in by fill; the irqs sorted after. */
static void irq_pass(struct collector *c, const char *d,
		     void (*fill)(struct collector *c, struct snap_irq *q, const char *d, const char *name))
{
	size_t n, nr;
	char **names = list_dir(c, d, &n);
	struct irq_name *dirs = irq_dirs(c, d, names, n, &nr);
	size_t known = c->s->nr_irqs;
	for (size_t i = 0; i < nr && !c->stopped; i++) {
		struct snap_irq *q = irq_get(c, known, (unsigned)dirs[i].irq, d);
		if (!q)
			break;
		fill(c, q, d, dirs[i].name);
	}
	free(dirs);
	free_names(names, n);
	snap_sort_irqs(c->s);
}

static void collect_irqs(struct collector *c)
{
	struct snapshot *s = c->s;
	char *text = read_file_rel(c, "proc/interrupts", NULL, true);
	if (text) {
		char err[200];
		if (snapshot_parse_interrupts(s, text, err, sizeof(err)))
			note_rel(c, "proc/interrupts", err);
		free(text);
	}
	snap_sort_irqs(s);
	s->default_affinity = read_value(c, "proc/irq/default_smp_affinity");
	/* /sys/kernel/irq lists every allocated irq, also those without an action */
	irq_pass(c, "sys/kernel/irq", fill_sysfs);
	/* /proc/irq/N: affinity (also for irqs sysfs did not list: old kernels) */
	irq_pass(c, "proc/irq", fill_proc);
}

/* "0000:00:02.0" (a domain of 4 to 8 hex digits: VMD's are 5): what sysfs names a function */
static bool is_bdf(const char *s)
{
	size_t dom = strspn(s, "0123456789abcdef");
	if (dom < 4 || dom > 8 || s[dom] != ':')
		return false;
	s += dom + 1;
	return strspn(s, "0123456789abcdef") == 2 && s[2] == ':' && strspn(s + 3, "0123456789abcdef") == 2 &&
	       s[5] == '.' && s[6] >= '0' && s[6] <= '7' && !s[7];
}

static void collect_pci_one(struct collector *c, const char *bdf)
{
	struct snapshot *s = c->s;
	char rel[PATH_MAX];
	struct snap_pci p = { .irq = -1, .numa_node = -1, .msix_table = -1, .msi_max = -1, .pcie_type = -1, .intx_pin = -1,
			      .hotplug_slot = -1, .virtio_id = -1, .secondary_bus = -1 };
	const char *d = "sys/bus/pci/devices";
	p.bdf = xstrdup(bdf);
	/* the loader's ranges: ids of 16 bits, a class of 24, irqs and nodes as above */
	p.vendor = (unsigned)num_value(c, 16, 0, 0xffff, 0, "%s/%s/vendor", d, bdf);
	p.device = (unsigned)num_value(c, 16, 0, 0xffff, 0, "%s/%s/device", d, bdf);
	p.subvendor = (unsigned)num_value(c, 16, 0, 0xffff, 0, "%s/%s/subsystem_vendor", d, bdf);
	p.subdevice = (unsigned)num_value(c, 16, 0, 0xffff, 0, "%s/%s/subsystem_device", d, bdf);
	p.class = (unsigned)num_value(c, 16, 0, 0xffffff, 0, "%s/%s/class", d, bdf);
	p.irq = (int)num_value(c, 10, 0, (long long)SNAP_MAX_IRQ, -1, "%s/%s/irq", d, bdf);
	p.numa_node = (int)num_value(c, 10, 0, SNAP_MAX_ID, -1, "%s/%s/numa_node", d, bdf);
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
	for (size_t i = 0; i < n && !c->stopped; i++) {
		unsigned long irq;
		if (!name_num(c, rel, names[i], 0, SNAP_MAX_IRQ, &irq))
			continue;
		if (p.nr_msi_irqs >= SNAP_MAX_MSI_IRQS) {
			note_rel(c, rel, "not read: more than 2048 MSI irqs");
			break;
		}
		char *mode = read_value(c, "%s/%s/msi_irqs/%s", d, bdf, names[i]);
		p.msi_irqs = xreallocarray(p.msi_irqs, p.nr_msi_irqs + 1, sizeof(*p.msi_irqs));
		p.msi_irqs[p.nr_msi_irqs].irq = (unsigned)irq;
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
		p.virtio_id = (int)num_value(c, 16, 0, 0xffff, -1, "%s/%s/%s/device", d, bdf, names[i]);
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
	const char *d = "sys/bus/pci/devices";
	char **names = list_dir(c, d, &n);
	for (size_t i = 0; i < n && c->s->nr_pcis < SNAP_MAX_PCI && !c->stopped; i++) {
		if (is_bdf(names[i])) {
			collect_pci_one(c, names[i]);
		} else {
			char rel[PATH_MAX];
			snprintf(rel, sizeof(rel), "%s/%s", d, names[i]);
			note_rel(c, rel, "not a PCI address such as 0000:00:02.0");
		}
	}
	free_names(names, n);
	/* a sosreport keeps lspci's view instead of /sys/bus/pci */
	if (!c->s->nr_pcis && c->root[0]) {
		char *text = read_file_rel(c, "sos_commands/pci/lspci_-nnvv", NULL, false);
		char err[200];
		if (text && snapshot_parse_lspci(c->s, text, err, sizeof(err)))
			note_rel(c, "sos_commands/pci/lspci_-nnvv", err);
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
		for (size_t i = 0; i < n && !c->stopped; i++) {
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
	size_t noted = c->s->nr_unread;
	char *text = read_file_rel(c, "sos_commands/kernel/dmesg", NULL, false);
	if (!text && !c->root[0])
		text = snap_read_kmsg(c->s);
	if (!text) {
		/* absent (ENOENT is not noted by itself); a FIFO there or a cut was noted already */
		if (c->root[0] && !c->stopped && c->s->nr_unread == noted)
			note_rel(c, "sos_commands/kernel/dmesg", "absent");
		return;
	}
	snap_set_dmesg(c->s, text);
	free(text);
}

/* Whether 'rel' exists below the root (O_PATH opens nothing): yes, no, or unknown when it cannot tell. */
static enum snap_tri exists_rel(struct collector *c, const char *rel)
{
	if (!visit(c, rel))
		return SNAP_UNKNOWN;
	int fd = root_open(c, rel, O_PATH | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return SNAP_YES;
	}
	return errno == ENOENT ? SNAP_NO : SNAP_UNKNOWN;
}

/*
 * The platform's traces: the CPU's x2apic flag (the first "flags" line of
 * /proc/cpuinfo: every CPU has the same), and the firmware's remapping
 * tables, DMAR (Intel VT-d) and IVRS (AMD-Vi), where the ACPI tables are
 * listed (their contents are root's only; their presence is enough).
 */
static void collect_platform(struct collector *c)
{
	struct snapshot *s = c->s;
	char *info = read_file_rel(c, "proc/cpuinfo", NULL, false);
	for (const char *l = info; l && *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		if (!strncmp(l, "flags", 5) && memchr(l, ':', n)) {
			bool has = false;
			for (const char *w = (const char *)memchr(l, ':', n) + 1; w < l + n;) {
				while (w < l + n && (*w == ' ' || *w == '\t'))
					w++;
				const char *we = w;
				while (we < l + n && *we != ' ' && *we != '\t')
					we++;
				has |= we - w == 6 && !strncmp(w, "x2apic", 6);
				w = we;
			}
			s->cpu_x2apic = has ? SNAP_YES : SNAP_NO;
			break;
		}
		l = e ? e + 1 : l + n;
	}
	free(info);
	if (exists_rel(c, "sys/firmware/acpi/tables") == SNAP_YES) {
		s->acpi_dmar = exists_rel(c, "sys/firmware/acpi/tables/DMAR");
		s->acpi_ivrs = exists_rel(c, "sys/firmware/acpi/tables/IVRS");
	}
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

int snapshot_collect_limited(const char *root, struct snapshot *out, char *err, size_t errlen,
			     const struct snap_collect_limits *lim)
{
	memset(out, 0, sizeof(*out));
	char rootbuf[PATH_MAX];
	if ((size_t)snprintf(rootbuf, sizeof(rootbuf), "%s", root) >= sizeof(rootbuf)) {
		snprintf(err, errlen, "%.200s...: %s", root, strerror(ENAMETOOLONG));
		return -1;
	}
	size_t l = strlen(rootbuf);
	while (l > 0 && rootbuf[l - 1] == '/')
		rootbuf[--l] = 0;
	struct collector c = { .root = rootbuf, .s = out, .rootfd = -1, .lim = *lim };
	struct stat st;
	/* the root itself may be a symlink (the user named it); nothing below it may leave it */
	if (l) {
		c.rootfd = open(rootbuf, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (c.rootfd < 0 && errno == ENOTDIR) {
			snprintf(err, errlen, "%s: not a directory", root);
			return -1;
		}
		if (c.rootfd < 0) {
			snprintf(err, errlen, "%s: %s", root, strerror(errno));
			return -1;
		}
		c.walk = lim->walk || !snap_openat2_usable(c.rootfd);
	} else if (stat("/", &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "/: not a directory");
		return -1;
	}
	out->source = xstrdup(l ? rootbuf : "/");
	collect_arch(&c);
	out->release = read_value(&c, "proc/sys/kernel/osrelease");
	out->cmdline = read_value(&c, "proc/cmdline");
	collect_cpus(&c);
	collect_irqs(&c);
	collect_pci(&c);
	collect_params(&c);
	collect_dmesg(&c);
	collect_platform(&c);
	out->vector_dump = read_file_rel(&c, "sys/kernel/debug/irq/domains/VECTOR", NULL, false);
	if (c.rootfd >= 0)
		close(c.rootfd);
	if (!out->nr_irqs && !out->nr_pcis && !out->release) {
		snprintf(err, errlen, "%s: no /proc/interrupts, /sys/kernel/irq, /sys/bus/pci or osrelease below it: "
			 "not a Linux root or sosreport", out->source);
		snapshot_free(out);
		return -1;
	}
	return 0;
}

int snapshot_collect(const char *root, struct snapshot *out, char *err, size_t errlen)
{
	const struct snap_collect_limits lim = { .file_bytes = SNAP_MAX_FILE, .total_bytes = SNAP_MAX_TOTAL,
						 .visits = SNAP_MAX_VISITS };
	return snapshot_collect_limited(root, out, err, errlen, &lim);
}
