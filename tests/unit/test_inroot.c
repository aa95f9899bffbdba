// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening below a root (src/snapshot/inroot.c) with openat2 and with the
 * O_NOFOLLOW walk used where openat2 is missing: symlinks inside the tree
 * work, every way out of it (absolute, "..", a magic link) stays inside or
 * fails, loops fail ELOOP; both give the same answer.  Then the collector's
 * total bounds: past them nothing more is read, and the snapshot says where.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapshot/snapshot.h"
#include "snapshot/snapshot_int.h"

static char tmp[PATH_MAX];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void dir(const char *rel)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void link_(const char *target, const char *rel)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	assert_int_equal(symlink(target, path), 0);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* What 'rel' below root/ reads as ("" for a directory), or NULL with errno. */
static char *read_in(int rootfd, const char *rel, bool walk, int *err)
{
	static char buf[256];
	int fd = walk ? snap_walk_in_root(rootfd, rel, O_RDONLY | O_CLOEXEC)
		      : snap_openat2_in_root(rootfd, rel, O_RDONLY | O_CLOEXEC);
	*err = fd < 0 ? errno : 0;
	if (fd < 0)
		return NULL;
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	ssize_t n = S_ISDIR(st.st_mode) ? 0 : read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = 0;
	return buf;
}

static void test_resolve(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/irqsim-inroot-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmp));
	put("secret", "outside\n");
	dir("root");
	dir("root/a");
	put("root/a/file", "inside\n");
	put("root/secret", "decoy\n");
	link_("/a/file", "root/abs");               /* absolute, inside: root/a/file */
	link_("a", "root/dir");                     /* a directory link */
	link_("a/../../../../a/file", "root/dots"); /* ".." above the root stays at it */
	link_("../secret", "root/up");              /* out by "..": clamped to root/secret */
	char target[PATH_MAX * 2];
	snprintf(target, sizeof(target), "%s/secret", tmp);
	link_(target, "root/out");                  /* out by an absolute path: root/<tmp>/secret, absent */
	snprintf(target, sizeof(target), "/proc/self/root%s/secret", tmp);
	link_(target, "root/magic");                /* through a magic link: absent inside the root */
	link_("loop", "root/loop");
	/* a link into itself with a long tail: the pending path grows by 2000 bytes a link, ELOOP at the 41st */
	char grow[2100];
	memset(grow, 'x', sizeof(grow));
	memcpy(grow, "grow/", 5);
	grow[2000] = 0;
	link_(grow, "root/grow");
	char root[PATH_MAX + 8];
	snprintf(root, sizeof(root), "%s/root", tmp);
	int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(rootfd >= 0);
	static const struct {
		const char *rel, *want;
		int err;
	} cases[] = {
		{ "a/file", "inside\n", 0 },   { "abs", "inside\n", 0 },     { "dir/file", "inside\n", 0 },
		{ "/dir//./file", "inside\n", 0 }, { "dots", "inside\n", 0 }, { "up", "decoy\n", 0 },
		{ "../../secret", "decoy\n", 0 }, { "out", NULL, ENOENT },   { "magic", NULL, ENOENT },
		{ "loop", NULL, ELOOP },       { "grow", NULL, ELOOP },       { "a/file/x", NULL, ENOTDIR }, { "a/", "", 0 },
		{ "", NULL, ENOENT },
	};
	bool have_openat2 = snap_openat2_usable(rootfd);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int walk = have_openat2 ? 0 : 1; walk < 2; walk++) {
			int err;
			char *got = read_in(rootfd, cases[i].rel, walk, &err);
			if (cases[i].want) {
				assert_non_null(got);
				assert_string_equal(got, cases[i].want);
			} else {
				assert_null(got);
				assert_int_equal(err, cases[i].err);
			}
		}
	}
	close(rootfd);
	/* a magic link met while resolving: openat2 refuses it, the walk reads it as a path inside /proc/self */
	int self = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(self >= 0);
	int err;
	if (have_openat2) {
		assert_null(read_in(self, "root/etc/passwd", false, &err));
		assert_int_equal(err, ELOOP);
	}
	assert_null(read_in(self, "root/etc/passwd", true, &err));
	assert_int_equal(err, ENOENT);
	close(self);
	assert_int_equal(nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static bool noted(const struct snapshot *s, const char *path_end, const char *why)
{
	for (size_t i = 0; i < s->nr_unread; i++) {
		size_t l = strlen(s->unread[i].path), e = strlen(path_end);
		if (l >= e && !strcmp(s->unread[i].path + l - e, path_end) && !strcmp(s->unread[i].why, why))
			return true;
	}
	return false;
}

static void test_bounds(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/irqsim-inroot-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmp));
	dir("proc");
	dir("proc/sys");
	dir("proc/sys/kernel");
	put("proc/sys/kernel/osrelease", "6.1.0\n");
	put("proc/cmdline", "quiet splash\n");
	dir("sys");
	dir("sys/kernel");
	dir("sys/kernel/irq");
	for (int i = 0; i < 20; i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "sys/kernel/irq/%d", i);
		dir(rel);
		snprintf(rel, sizeof(rel), "sys/kernel/irq/%d/actions", i);
		put(rel, "x\n");
	}
	for (int walk = 0; walk < 2; walk++) {
		struct snapshot s;
		char err[256];
		/* bytes: the release (6) fits in 8, the command line passes them */
		struct snap_collect_limits lim = { .file_bytes = 1 << 20, .total_bytes = 8, .visits = 1000, .walk = walk };
		assert_int_equal(snapshot_collect_limited(tmp, &s, err, sizeof(err), &lim), 0);
		assert_string_equal(s.release, "6.1.0");
		assert_null(s.cmdline);
		assert_int_equal(s.nr_irqs, 0);
		assert_true(noted(&s, "/proc/cmdline",
				  "not read: limit of 8 bytes read under the root reached (nothing after it is read)"));
		snapshot_free(&s);
		/* files, directories and entries: 20 irqs cost more than 40 */
		lim = (struct snap_collect_limits){ .file_bytes = 1 << 20, .total_bytes = 1 << 20, .visits = 40,
						    .walk = walk };
		assert_int_equal(snapshot_collect_limited(tmp, &s, err, sizeof(err), &lim), 0);
		assert_true(s.nr_irqs > 0 && s.nr_irqs < 20);
		bool found = false;
		for (size_t i = 0; i < s.nr_unread; i++)
			found |= !strcmp(s.unread[i].why, "not read: limit of 40 files, directories and directory "
							  "entries under the root reached (nothing after it is read)");
		assert_true(found);
		snapshot_free(&s);
		/* one file: cut at its bound */
		lim = (struct snap_collect_limits){ .file_bytes = 4, .total_bytes = 1 << 20, .visits = 1000, .walk = walk };
		assert_int_equal(snapshot_collect_limited(tmp, &s, err, sizeof(err), &lim), 0);
		assert_string_equal(s.cmdline, "quie");
		assert_true(noted(&s, "/proc/cmdline", "larger than 4 bytes, cut"));
		snapshot_free(&s);
	}
	assert_int_equal(nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
