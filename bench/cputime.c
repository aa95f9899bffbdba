// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU time of a whole command: run it RUNS times (stdout to /dev/null) and
 * print the median of its user + system time (from wait4, microsecond
 * resolution, unlike time(1)'s 10 ms) and the largest peak RSS.
 *
 * Usage: cputime RUNS COMMAND [ARG...]   prints "MEDIAN_MS MAXRSS_KB"
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: cputime RUNS COMMAND [ARG...]\n");
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1)
		runs = 1;
	double *ms = malloc((size_t)runs * sizeof(*ms));
	long maxrss = 0;
	if (!ms)
		return 1;
	for (int r = 0; r < runs; r++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("cputime: fork");
			return 1;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(127);
			execvp(argv[2], argv + 2);
			perror("cputime: exec");
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("cputime: wait4");
			return 1;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
			fprintf(stderr, "cputime: %s failed (status %d)\n", argv[2], status);
			return 1;
		}
		ms[r] = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
			(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
	printf("%.3f %ld\n", ms[runs / 2], maxrss);
	free(ms);
	return 0;
}
