// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for `snapshot --root DIR`: the input describes a
 * tree, one entry a line, which is built in a private temporary directory
 * and collected:
 *   d PATH            a directory
 *   f PATH TEXT       a regular file (TEXT with \n, \t, \\ and \xHH escapes)
 *   l PATH TARGET     a symlink; each '@' in TARGET stands for the private
 *                     directory's absolute path (the canary is '@/secret',
 *                     a whole root of canaries '@/out'; '/proc/self/root@/secret'
 *                     goes through a magic link)
 *   p PATH            a FIFO            s PATH  a socket
 *   c PATH N          a character device: /dev/null (N even) or /dev/zero
 *   z PATH SIZE       a sparse file of SIZE bytes (up to 2^40)
 * Parent directories are made as needed, never through a symlink.  Beside
 * the tree lie files of a canary string that the input cannot contain: a
 * symlink that led out of the tree would put it into the snapshot.
 * Checked for every input:
 *   - no canary in the snapshot, and no hang (a timer ends a blocked run);
 *   - the openat2 resolution and the O_NOFOLLOW walk collect the same snapshot;
 *   - the snapshot's JSON is taken back by the snapshot loader (the collector
 *     writes nothing its own loader refuses);
 *   - an error is one line.
 * The tree is removed after each input.  Bounds are lowered (64 KiB a file,
 * 256 KiB in all, 1024 visits) so that a huge file costs little.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "snapshot/snapshot.h"
#include "snapshot/snapshot_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char priv[PATH_MAX]; /* the private directory: secret, out/, root/ */
static char canary[64];

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

static void put_path(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/out/%s", priv, rel);
	/* make the parents: mkdir -p */
	for (char *p = path + strlen(priv) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	put_file(path, text);
}

static void rm_tree(const char *path);

static void cleanup(void)
{
	rm_tree(priv);
}

/*
 * A blocked open() (of a FIFO) never returns: a timer of its own ends the
 * run with a message (not alarm(), which libFuzzer's -timeout uses).
 */
static void hang(int sig)
{
	(void)sig;
	static const char msg[] = "fuzz_root: the collector hung\n";
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	abort();
}

static timer_t watchdog;

static void arm(unsigned seconds)
{
	struct itimerspec t = { .it_value = { .tv_sec = seconds } };
	if (timer_settime(watchdog, 0, &t, NULL))
		abort();
}

/* Once per process: the private directory and the canaries beside the tree. */
static void setup(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGVTALRM };
	signal(SIGVTALRM, hang);
	if (timer_create(CLOCK_MONOTONIC, &ev, &watchdog))
		abort();
	/* tmpfs where there is one: on ext4 making and removing each tree costs 20 times as much */
	const char *t = getenv("TMPDIR");
	if (!access("/dev/shm", W_OK | X_OK))
		t = "/dev/shm";
	snprintf(priv, sizeof(priv), "%s/irqsim-fuzz-root-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(priv))
		abort();
	snprintf(canary, sizeof(canary), "CANARY%08lx%08lx", (unsigned long)getpid() * 2654435761ul % 0xffffffff,
		 (unsigned long)time(NULL));
	char path[PATH_MAX + 16], text[256];
	snprintf(path, sizeof(path), "%s/secret", priv);
	snprintf(text, sizeof(text), "%s\n", canary);
	put_file(path, text);
	/* a whole root outside the tree, every value a canary */
	put_path("proc/cmdline", text);
	put_path("proc/sys/kernel/osrelease", text);
	snprintf(text, sizeof(text), "           CPU0\n 24:          1   PCI-MSI 1-edge      %s\n", canary);
	put_path("proc/interrupts", text);
	snprintf(text, sizeof(text), "%s\n", canary);
	put_path("sys/kernel/irq/24/actions", text);
	put_path("sys/kernel/irq/24/chip_name", text);
	put_path("proc/irq/24/smp_affinity_list", text);
	put_path("sys/devices/system/cpu/possible", "0-3\n");
	put_path("sys/module/nvme/parameters/x", text);
	put_path("sys/bus/pci/devices/0000:00:01.0/vendor", "0x1af4\n");
	put_path("sos_commands/kernel/dmesg", text);
	put_path("sos_commands/kernel/uname_-a", text);
	put_path("sys/kernel/debug/irq/domains/VECTOR", text);
	char link[PATH_MAX * 2];
	snprintf(link, sizeof(link), "%s/out/sys/bus/pci/devices/0000:00:01.0/driver", priv);
	if (symlink(canary, link))
		abort();
	atexit(cleanup);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void rm_tree(const char *path)
{
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		abort();
}

/* The directory holding rel's last component, made as needed without following a symlink; -1 if it cannot be. */
static int parent_of(int rootfd, char *rel, const char **base)
{
	int dfd = dup(rootfd);
	char *p = rel;
	for (char *slash; dfd >= 0 && (slash = strchr(p, '/')); p = slash + 1) {
		*slash = 0;
		if (*p && strcmp(p, ".") && strcmp(p, "..")) {
			mkdirat(dfd, p, 0755);
			int next = openat(dfd, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			close(dfd);
			dfd = next;
		}
		*slash = '/';
	}
	*base = p;
	if (dfd >= 0 && (!*p || !strcmp(p, ".") || !strcmp(p, ".."))) {
		close(dfd);
		return -1;
	}
	return dfd;
}

/* Unescape TEXT in place; its length. */
static size_t unescape(char *s)
{
	char *o = s;
	for (char *i = s; *i; i++) {
		if (*i != '\\' || !i[1]) {
			*o++ = *i;
			continue;
		}
		i++;
		unsigned v;
		if (*i == 'n')
			*o++ = '\n';
		else if (*i == 't')
			*o++ = '\t';
		else if (*i == 'x' && sscanf(i + 1, "%2x", &v) == 1 && i[1] && i[2]) {
			*o++ = (char)v;
			i += 2;
		} else
			*o++ = *i;
	}
	return (size_t)(o - s);
}

static void make_entry(int rootfd, char *line)
{
	char op = line[0];
	if (!op || line[1] != ' ')
		return;
	char *path = line + 2, *arg = strchr(path, ' ');
	if (arg)
		*arg++ = 0;
	if (!*path || strlen(path) > 400)
		return;
	const char *base;
	int dfd = parent_of(rootfd, path, &base);
	if (dfd < 0)
		return;
	char target[PATH_MAX * 2];
	switch (op) {
	case 'd':
		mkdirat(dfd, base, 0755);
		break;
	case 'f': {
		int fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0) {
			size_t len = arg ? unescape(arg) : 0;
			if (len && write(fd, arg, len) != (ssize_t)len)
				abort();
			close(fd);
		}
		break;
	}
	case 'l':
		if (arg) {
			size_t n = 0;
			for (const char *a = arg; *a && n + strlen(priv) + 1 < sizeof(target); a++)
				if (*a == '@')
					n += (size_t)sprintf(target + n, "%s", priv);
				else
					target[n++] = *a;
			target[n] = 0;
			symlinkat(target, dfd, base);
		}
		break;
	case 'p':
		mkfifoat(dfd, base, 0644);
		break;
	case 's':
		mknodat(dfd, base, S_IFSOCK | 0644, 0);
		break;
	case 'c': /* needs CAP_MKNOD: skipped without it */
		mknodat(dfd, base, S_IFCHR | 0644, makedev(1, arg && atoi(arg) % 2 ? 5 : 3));
		break;
	case 'z': {
		unsigned long long n = arg ? strtoull(arg, NULL, 10) : 0;
		int fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0) {
			if (ftruncate(fd, (off_t)(n > (1ull << 40) ? 1ull << 40 : n)))
				abort();
			close(fd);
		}
		break;
	}
	}
	close(dfd);
}

/* The snapshot as its JSON text (malloc'd), or NULL with err. */
static char *collect(const char *root, bool walk, char *err, size_t errlen)
{
	const struct snap_collect_limits lim = { .file_bytes = 64 << 10, .total_bytes = 256 << 10, .visits = 1024,
						 .walk = walk };
	struct snapshot s;
	if (snapshot_collect_limited(root, &s, err, errlen, &lim))
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f || snapshot_write_json(&s, f) || fclose(f))
		abort();
	snapshot_free(&s);
	/* the loader takes back what the collector wrote */
	struct snapshot back;
	char lerr[512];
	if (snapshot_read_json("snap.json", text, len, &back, lerr, sizeof(lerr))) {
		fprintf(stderr, "the collected snapshot does not load: %s\n", lerr);
		__builtin_trap();
	}
	snapshot_free(&back);
	return text;
}

static void one_line(const char *err, size_t len)
{
	if (!memchr(err, '\0', len) || strchr(err, '\n'))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!priv[0])
		setup();
	if (memmem(data, size, "CANARY", 6) || size > 65536)
		return 0; /* the input may not carry the canary itself */
	char root[PATH_MAX + 8];
	snprintf(root, sizeof(root), "%s/root", priv);
	rm_tree(root);
	if (mkdir(root, 0755))
		abort();
	int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		abort();
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0;
	unsigned entries = 0;
	for (char *line = text, *nl; line && entries < 256; line = nl ? nl + 1 : NULL, entries++) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		make_entry(rootfd, line);
	}
	close(rootfd);
	free(text);
	/* a FIFO opened for reading would block here forever: end the run instead */
	arm(20);
	char err1[512] = "", err2[512] = "";
	char *a = collect(root, false, err1, sizeof(err1));
	char *b = collect(root, true, err2, sizeof(err2));
	arm(0);
	if (!a)
		one_line(err1, sizeof(err1));
	if (!b)
		one_line(err2, sizeof(err2));
	if ((!a) != (!b) || (a && strcmp(a, b)) || (!a && strcmp(err1, err2))) {
		fprintf(stderr, "openat2 and the walk differ:\n%s\n---\n%s\n", a ? a : err1, b ? b : err2);
		__builtin_trap();
	}
	if ((a && strstr(a, canary)) || strstr(err1, canary)) {
		fprintf(stderr, "read outside the tree:\n%s\n", a ? a : err1);
		__builtin_trap();
	}
	free(a);
	free(b);
	rm_tree(root);
	return 0;
}
