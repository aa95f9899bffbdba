// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whole-input bounds (issue 19 item 3): an input file of more than 64 MiB is
 * refused, not cut, and quickly (/dev/zero, a sparse file, standard input);
 * a scenario's steps, devices (count= included) and irqs named by all its
 * set-affinity lines have totals, refused at the line that crosses them.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>

#include "lib/readfile.h"
#include "scenario/scenario.h"

static char errbuf[1024];

/* Scenario text: head, then line repeated n times, then tail; the caller frees it. */
static char *repeat(const char *head, const char *line, unsigned n, const char *tail, size_t *len)
{
	size_t hl = strlen(head), ll = strlen(line), tl = strlen(tail);
	char *t = malloc(hl + ll * n + tl + 1);
	assert_non_null(t);
	memcpy(t, head, hl);
	for (unsigned i = 0; i < n; i++)
		memcpy(t + hl + (size_t)i * ll, line, ll);
	memcpy(t + hl + (size_t)n * ll, tail, tl + 1);
	*len = hl + ll * n + tl;
	return t;
}

/* Parse text; the message, or "" when it parsed */
static const char *parse(const char *text, size_t len)
{
	struct scenario s;
	errbuf[0] = '\0';
	if (!scenario_parse("x.scn", text, len, &s, errbuf, sizeof(errbuf)))
		scenario_free(&s);
	return errbuf;
}

/*
 * Each total: head + n x line parses; one more line (tail) crosses it and is
 * the error.  A set-affinity line's repeated irqs count once, as its step
 * reports them once.
 */
static const struct total_case {
	const char *head, *line;
	unsigned n;
	const char *tail, *want;
} totals[] = {
	{ "smp 2\nboot\n", "cpu offline 1\n", 65535, "  io d\n",
	  "x.scn:65538:3: too many steps (a scenario has at most 65536 boot, hotplug, unplug, cpu, set-affinity, io "
	  "and balance lines)" },
	{ "smp 2\n", "device virtio-blk-pci,count=16384\n", 4, "boot\nhotplug nvme\n",
	  "x.scn:7:1: too many devices (a scenario has at most 65536, count= copies included; with this line 65537)" },
	{ "smp 4\nboot\n", "set-affinity 0-65535 0-3\n", 4, "set-affinity 7,7,7 1\n",
	  "x.scn:7:1: too many irqs named by set-affinity lines (at most 262144 in a scenario; with this line "
	  "262145)" },
};

static void test_totals(void **state)
{
	for (size_t i = 0; i < TU_ARRAY_SIZE(totals); i++) {
		const struct total_case *c = &totals[i];
		size_t len;
		char *t = repeat(c->head, c->line, c->n, "", &len);
		assert_string_equal(parse(t, len), "");
		free(t);
		t = repeat(c->head, c->line, c->n, c->tail, &len);
		assert_string_equal(parse(t, len), c->want);
		free(t);
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_file_size(void **state)
{
	size_t len;
	double t0 = now();
	assert_null(read_file_capped("/dev/zero", INPUT_MAX_BYTES, &len, errbuf, sizeof(errbuf)));
	assert_int_equal(errno, EFBIG);
	assert_string_equal(errbuf, "irqsim: /dev/zero: larger than 67108864 bytes");
	assert_null(scenario_read_file("/dev/zero", &len, errbuf, sizeof(errbuf)));
	assert_string_equal(errbuf, "irqsim: /dev/zero: larger than 67108864 bytes");
	/* a sparse file one byte over: refused from its size, without reading it */
	char path[128];
	assert_int_equal(tu_write_tmp("x", 1, path, sizeof(path)), 0);
	assert_int_equal(truncate(path, (off_t)INPUT_MAX_BYTES + 1), 0);
	assert_null(scenario_read_file(path, &len, errbuf, sizeof(errbuf)));
	assert_string_contains(errbuf, "larger than 67108864 bytes");
	/* exactly the limit is read whole */
	assert_int_equal(truncate(path, (off_t)INPUT_MAX_BYTES), 0);
	char *buf = scenario_read_file(path, &len, errbuf, sizeof(errbuf));
	assert_non_null(buf);
	assert_int_equal(len, INPUT_MAX_BYTES);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(buf[len], '\0');
	free(buf);
	/* standard input redirected from a big file: refused the same way */
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(truncate(path, (off_t)INPUT_MAX_BYTES + 4096), 0);
	int saved = dup(0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	assert_null(scenario_read_file("-", &len, errbuf, sizeof(errbuf)));
	assert_string_equal(errbuf, "irqsim: <stdin>: larger than 67108864 bytes");
	dup2(saved, 0);
	close(saved);
	unlink(path);
	/* all of it well under a second (it used to grow past 8 GB on /dev/zero) */
	assert_true(now() - t0 < 5.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_file_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
