// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every subcommand shares: one error style (as util-linux's: every
 * message starts "irqsim: ", a usage error adds one line pointing at
 * --help), output files that replace their old content only once the new
 * one is complete, and the final check that stdout received everything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/* "irqsim: out of memory" was printed: the exit status is 1, as for a lost write (close_stdout) */
static bool out_of_memory;

void errmsg(const char *err)
{
	/* the library's scenario errors start with their FILE:LINE:COL, its others with "irqsim: " */
	const bool prefixed = !strncmp(err, "irqsim: ", 8);
	if (!strcmp(prefixed ? err + 8 : err, "out of memory"))
		out_of_memory = true;
	fprintf(stderr, "%s%s\n", prefixed ? "" : "irqsim: ", err);
}

int try_help(void)
{
	fputs("Try 'irqsim --help' for more information.\n", stderr);
	return 2;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("irqsim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return try_help();
}

/* Why the first lost write failed, as errno said right after it: the
 * stream itself keeps only its error flag, and a later close may succeed. */
static int lost_errno;

int write_failed(FILE *out)
{
	if (!ferror(out))
		return 0;
	if (!lost_errno)
		lost_errno = errno;
	return 1;
}

/*
 * Close f as util-linux's close_stream() does: 0, or EOF when anything
 * written to it was lost, with errno the reason (0 when the failure was an
 * earlier write whose reason is gone).
 */
static int close_stream(FILE *f)
{
	const int pending = __fpending(f) != 0;
	const int prev_fail = ferror(f) != 0;
	const int close_fail = fclose(f) != 0;
	if (prev_fail || (close_fail && (pending || errno != EBADF))) {
		if (!close_fail)
			errno = lost_errno;
		return EOF;
	}
	return 0;
}

static void write_error(const char *path)
{
	int e = errno;
	fprintf(stderr, "irqsim: write error%s%s%s%s\n", path ? ": " : "", path ? path : "", e ? ": " : "",
		e ? strerror(e) : "");
}

int close_stdout(int rc)
{
	/* out of memory is the machine's failure, not bad input: 1, whichever path printed it */
	if (rc && out_of_memory)
		rc = 1;
	/* A closed pipe ends the process by SIGPIPE before this; when SIGPIPE
	 * is ignored, EPIPE is not worth a message either (util-linux). */
	if (close_stream(stdout) && errno != EPIPE) {
		write_error(NULL);
		rc = rc ? rc : 1;
	}
	/* stderr is flushed, not closed: the sanitizers' reports after main
	 * (LeakSanitizer) still need file descriptor 2 */
	if ((fflush(stderr) || ferror(stderr)) && !rc)
		rc = 1;
	return rc;
}

/*
 * A new file takes the mode open(2) would give it (0666 less the umask); a
 * replaced one keeps its mode and, where we may set it, its owner.
 */
static void outfile_mode(int fd, const struct stat *old, int exists)
{
	if (exists) {
		if (fchown(fd, old->st_uid, old->st_gid)) {
			/* only root may give a file away: it stays ours, as fopen() on a new name would make it */
		}
		(void)!fchmod(fd, old->st_mode & 0777);
		return;
	}
	mode_t mask = umask(0);
	umask(mask);
	(void)!fchmod(fd, 0666 & ~mask);
}

int outfile_open(struct outfile *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	struct stat st;
	/* a link is followed: the file it names is the one replaced, the link stays */
	char *real = realpath(path, NULL);
	const char *target = real ? real : path;
	int exists = !stat(target, &st);
	struct stat lst;
	if ((exists && !S_ISREG(st.st_mode)) || (!real && !lstat(path, &lst) && S_ISLNK(lst.st_mode))) {
		/* a device, FIFO or /dev/stdout cannot be replaced, and a
		 * dangling link would be: written in place, as before */
		free(real);
		o->f = fopen(path, "w");
		if (!o->f) {
			fprintf(stderr, "irqsim: %s: %s\n", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (exists && access(target, W_OK)) {
		/* a file we may not write keeps refusing, as fopen() would: renaming over it would not ask */
		fprintf(stderr, "irqsim: %s: %s\n", path, strerror(errno));
		free(real);
		return -1;
	}
	char *dcopy = strdup(target), *bcopy = strdup(target);
	if (!dcopy || !bcopy || asprintf(&o->tmp, "%s/.%s.XXXXXX", dirname(dcopy), basename(bcopy)) < 0)
		o->tmp = NULL;
	free(dcopy);
	free(bcopy);
	if (!o->tmp || !(o->target = strdup(target))) {
		free(real);
		outfile_free(o);
		errmsg("out of memory");
		return -1;
	}
	free(real);
	int fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		/* the directory must take a new file, as for fopen() of a new name */
		fprintf(stderr, "irqsim: %s: %s\n", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		outfile_free(o);
		return -1;
	}
	outfile_mode(fd, &st, exists);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		fprintf(stderr, "irqsim: %s: %s\n", path, strerror(errno));
		close(fd);
		outfile_free(o);
		return -1;
	}
	return 0;
}

void outfile_free(struct outfile *o)
{
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
	}
	free(o->target);
	memset(o, 0, sizeof(*o));
}

int outfile_close(struct outfile *o, int rc)
{
	int e = 0;
	/* written to the disk before it takes the old file's name: a crash
	 * leaves the old content or the new, never an empty file */
	if (!rc && o->tmp && !ferror(o->f) && (fflush(o->f) || fsync(fileno(o->f))))
		e = errno;
	bool lost = ferror(o->f) || e;
	if (close_stream(o->f)) {
		lost = true;
		e = e ? e : errno;
	}
	o->f = NULL;
	if (lost) {
		errno = e ? e : lost_errno;
		write_error(o->path);
		rc = 1;
	}
	if (!rc && o->tmp) {
		if (rename(o->tmp, o->target)) {
			fprintf(stderr, "irqsim: %s: %s\n", o->path, strerror(errno));
			rc = 1;
		} else {
			free(o->tmp);
			o->tmp = NULL;
		}
	}
	outfile_free(o);
	return rc;
}

const char *kernel_choices(void)
{
	static char buf[512];
	struct irqsim_kernel_line kl;
	size_t o = 0;
	for (size_t i = 0; !irqsim_kernel_line_info(i, &kl) && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? ", " : "", kl.name);
	return buf;
}
