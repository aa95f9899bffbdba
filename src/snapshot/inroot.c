// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening a path below a root directory without ever leaving it: what
 * `snapshot --root DIR` (and every reader of a copied tree) needs, since a
 * tree from another machine may hold symlinks such as proc/cmdline ->
 * /etc/shadow or sys/bus/pci/devices/x -> ../../../../../home.
 *
 * openat2(2) (Linux 5.6) does it in the kernel: RESOLVE_IN_ROOT treats the
 * root directory as "/" for every component, absolute symlink targets and
 * ".." included, and RESOLVE_NO_MAGICLINKS refuses /proc/PID/fd-style links
 * whose target is not a path at all.  Where openat2 is missing (ENOSYS, or a
 * seccomp filter refusing it), snap_walk_in_root() resolves the same way one
 * component at a time with O_NOFOLLOW, reading each symlink itself: an
 * absolute target restarts at the root and ".." never goes above it, so a
 * link that would leave the root is clamped to it as RESOLVE_IN_ROOT does.
 * A magic link read as text ("pipe:[123]", "/dev/pts/0") is resolved as a
 * plain path inside the root, so it cannot reach anything outside either.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "snapshot/snapshot_int.h"

/* The kernel's own bounds: MAXSYMLINKS (include/linux/namei.h) links per lookup. */
#define WALK_MAX_LINKS 40
/* Directories held open at once while walking; deeper paths fail ENAMETOOLONG. */
#define WALK_MAX_DEPTH 256

int snap_openat2_in_root(int rootfd, const char *rel, int flags)
{
#ifdef SYS_openat2
	struct open_how how = { .flags = (unsigned long long)(unsigned)flags,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	/* EAGAIN: a rename raced with a ".." step; the kernel asks to try again */
	for (int tries = 0;; tries++) {
		long fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN || tries >= 16)
			return (int)fd;
	}
#else
	(void)rootfd, (void)rel, (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

bool snap_openat2_usable(int rootfd)
{
	int fd = snap_openat2_in_root(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/*
 * Put 'target' (a symlink's text) in front of 'rest' in buf (which holds
 * rest at *restp): the walk goes on with the link's components.
 */
static int splice_link(char *buf, size_t size, char **restp, const char *target, size_t tlen)
{
	char *rest = *restp;
	size_t rlen = strlen(rest);
	if (tlen + 1 + rlen + 1 > size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memmove(buf + tlen + 1, rest, rlen + 1);
	memcpy(buf, target, tlen);
	buf[tlen] = rlen ? '/' : 0;
	*restp = buf;
	return 0;
}

int snap_walk_in_root(int rootfd, const char *rel, int flags)
{
	int stack[WALK_MAX_DEPTH];
	int depth = 0, links = 0, ret = -1, saved = 0;
	char target[PATH_MAX];
	if (strlen(rel) >= PATH_MAX || !*rel) {
		errno = *rel ? ENAMETOOLONG : ENOENT; /* "" names nothing, as for open(2) */
		return -1;
	}
	/*
	 * The path still to walk: each link puts its target (below PATH_MAX)
	 * in front of the rest, so 40 links need 41 paths' room.  The kernel
	 * keeps link bodies on a stack and fails only at the 41st link
	 * (ELOOP), never on the pending text's length: room for all of them
	 * gives the same errno as openat2 (fuzz_root: a link into itself,
	 * ELOOP there, was ENAMETOOLONG here with room for two).
	 */
	const size_t bufsize = (size_t)(WALK_MAX_LINKS + 1) * PATH_MAX + 1;
	char *buf = nomem_check(malloc(bufsize));
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	strcpy(buf, rel);
	char *p = buf;
	for (;;) {
		int cur = depth ? stack[depth - 1] : rootfd;
		while (*p == '/')
			p++;
		if (!*p) { /* a trailing slash ("a/", a link to "b/"): the directory reached itself */
			ret = openat(cur, ".", flags);
			saved = errno;
			break;
		}
		char *slash = strchr(p, '/');
		bool last = !slash;
		if (slash)
			*slash = 0;
		char *name = p;
		p = last ? name + strlen(name) : slash + 1;
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			if (depth)
				close(stack[--depth]);
			continue;
		}
		/* O_PATH|O_NOFOLLOW opens a symlink itself: look at what the name is before going on */
		int fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st)) {
			saved = errno;
			if (fd >= 0)
				close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
			saved = errno;
			close(fd);
			if (n < 0)
				break;
			if (++links > WALK_MAX_LINKS) {
				saved = ELOOP;
				break;
			}
			if (n == 0) { /* an empty link names nothing */
				saved = ENOENT;
				break;
			}
			if (splice_link(buf, bufsize, &p, target, (size_t)n)) {
				saved = errno;
				break;
			}
			if (target[0] == '/') /* absolute: from the root again, as RESOLVE_IN_ROOT does */
				while (depth)
					close(stack[--depth]);
			continue;
		}
		if (last) {
			close(fd);
			/* O_NOFOLLOW: swapped for a symlink since the look above, it fails (ELOOP) instead of leaving */
			ret = openat(cur, name, flags | O_NOFOLLOW);
			saved = errno;
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			saved = ENOTDIR;
			break;
		}
		if (depth == WALK_MAX_DEPTH) {
			close(fd);
			saved = ENAMETOOLONG;
			break;
		}
		stack[depth++] = fd;
	}
	while (depth)
		close(stack[--depth]);
	free(buf);
	if (ret < 0)
		errno = saved;
	return ret;
}
