// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for allocation failure (issue 19): a public entry
 * point of the library runs on the input's text once to count its
 * allocations and keep its result, then again with one of those
 * allocations failing (tests/oom/failalloc.c; the target is linked with the
 * Makefile's FAILALLOC_WRAP).  The second run must either fail with "irqsim:
 * out of memory" (errno ENOMEM) having printed no more than a beginning of
 * the first run's output, or give the first run's result byte for byte
 * (when the failing allocation never came, or made no difference).  Nothing may crash, leak (every
 * error path frees what it took) or hang.  tests/oom/oomtest.c does the same
 * for every N on fixed inputs; here coverage picks the inputs and the N.
 *
 * An input is one of two forms:
 *   - a header, then the text: byte 0 (0..7) the entry point (enum mode),
 *     byte 1 its parameters (which view, JSON or not, which device...),
 *     bytes 2..4 N (little-endian): allocation N mod COUNT + 1 fails;
 *   - a bare text (its first byte 8 or above: the seeds, examples/, the
 *     conformance cases, tests/fuzz/seeds/{libvirt,qemu,snapshot} as they
 *     are): '<' is a libvirt domain, '{', a VECTOR file or a trace a
 *     snapshot, a "qemu-system" line a QEMU command, anything else a
 *     scenario for one of the scenario entry points; the parameters, the
 *     entry point among those and N come from a hash of the input, so a
 *     mutation anywhere picks another allocation.
 * Scenarios too large for a fast run (fuzz_small.h) and snapshots of more
 * than FUZZ_DOCTOR_MAX_CPUS CPUs (for the doctor) are skipped, as in
 * fuzz_run and fuzz_snapshot.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create, memmem; the gcc replay build defines it on the command line */
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"
#include "snapshot/snapshot.h"
#include "../oom/failalloc.h"
#include "fuzz_cpus.h"
#include "fuzz_small.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the harness's own stream: its growth must not count as the library's allocation */
FILE *__real_open_memstream(char **p, size_t *n);

enum mode { M_RUN, M_PLAN, M_FIXES, M_SWEEP, M_SIZING, M_LIBVIRT, M_QEMU, M_SNAPSHOT, NR_MODES };
static const char *const mode_names[NR_MODES] = { "run", "plan", "fixes", "sweep", "sizing", "libvirt", "qemu",
						  "snapshot" };

struct input {
	enum mode mode;
	unsigned param;
	const char *text;   /* NUL-terminated copy */
	size_t len;
	const char *path;   /* the text as a file, for the path-taking loaders */
};

/* errno right after the call that failed (cleanup after it may change errno); whether that call has no err */
static int call_errno, call_no_err;

static int failed_call(void)
{
	call_errno = errno;
	return -1;
}

/* the same for a call that reports through errno alone */
static int failed_errno_call(void)
{
	call_no_err = 1;
	return failed_call();
}

static const char *const specs[4] = { "virtio-blk-pci,num-queues=2", "virtio-scsi-pci,num_queues=4", "nvme",
				      "e1000e" };

/* run: load, run, then one view (param bits 0-3) as text or JSON (bit 4), or a table format */
static int mode_run(const struct input *in, FILE *out, char *err, size_t errlen)
{
	struct scenario *scn = irqsim_scenario_load(in->path, NULL, err, errlen);
	if (!scn)
		return failed_call();
	struct sim *s = irqsim_run(scn, NULL, err, errlen);
	irqsim_scenario_free(scn);
	if (!s)
		return failed_call();
	unsigned v = in->param & 15;
	int json = (in->param >> 4) & 1, rc;
	struct irqsim_output fmt = { .json = json && v != IRQSIM_VIEW_MAP };
	if (v <= IRQSIM_VIEW_MAP) {
		rc = irqsim_report_format(s, (enum irqsim_view)v, &fmt, out, err, errlen);
	} else if (v == 11) {
		fmt.columns = "+CHIP";
		fmt.sort = "IRQ";
		rc = irqsim_report_format(s, IRQSIM_VIEW_INTERRUPTS, &fmt, out, err, errlen);
	} else if (v == 12) {
		struct irqsim_output raw = { .raw = 1, .noheadings = json };
		rc = irqsim_report_format(s, IRQSIM_VIEW_AFFINITY, &raw, out, err, errlen);
	} else if (v == 13) {
		struct irqsim_output csv = { .csv = 1 };
		rc = irqsim_report_format(s, IRQSIM_VIEW_SUMMARY, json ? &fmt : &csv, out, err, errlen);
	} else if (v == 14) {
		const char *label = "fuzz";
		struct sim *const sims[1] = { s };
		rc = irqsim_compare_format("compare", &label, sims, 1, &fmt, out, err, errlen);
	} else {
		struct snapshot *snap;
		rc = irqsim_snapshot_of_sim(s, &snap);
		if (rc) {
			failed_errno_call();
		} else {
			errno = 0;
			if ((rc = irqsim_snapshot_write(snap, out)))
				failed_errno_call();
			irqsim_snapshot_free(snap);
		}
		irqsim_free(s);
		return rc;
	}
	if (rc)
		call_errno = errno;
	irqsim_free(s);
	return rc;
}

/* plan: a capacity plan for one of four devices (bits 0-1), printed as text or JSON (bit 2) */
static int mode_plan(const struct input *in, FILE *out, char *err, size_t errlen)
{
	struct scenario *scn = irqsim_scenario_load(in->path, NULL, err, errlen);
	if (!scn)
		return failed_call();
	struct irqsim_plan p;
	const char *spec = specs[in->param & 3];
	int rc = irqsim_plan(scn, NULL, spec, 6, &p, err, errlen);
	if (rc)
		call_errno = errno;
	irqsim_scenario_free(scn);
	if (rc)
		return rc;
	errno = 0;
	if (irqsim_plan_print(&p, spec, (in->param >> 2) & 1, out))
		return failed_errno_call();
	return 0;
}

static int mode_fixes(const struct input *in, FILE *out, char *err, size_t errlen)
{
	if (irqsim_fixes("fuzz.scn", in->text, in->len, NULL, in->param & 1, out, err, errlen))
		return failed_call();
	return 0;
}

/* sweep: one of four settings over two values (bits 0-1), table, JSON or CSV (bits 2-3), a plan per cell (bit 4) */
static int mode_sweep(const struct input *in, FILE *out, char *err, size_t errlen)
{
	static const char *const varies[4] = { "smp=1,2", "kernel=6.1,6.12", "virtio_blk.num_request_queues=1,2",
					       "num-queues=1,4" };
	static const enum irqsim_format formats[4] = { IRQSIM_FORMAT_TABLE, IRQSIM_FORMAT_JSON, IRQSIM_FORMAT_CSV,
						       IRQSIM_FORMAT_TABLE };
	const char *vary = varies[in->param & 3];
	struct irqsim_sweep_request rq = {
		.filename = "fuzz.scn",
		.text = in->text,
		.len = in->len,
		.vary = &vary,
		.nr_vary = 1,
		.add = (in->param >> 4) & 1 ? specs[0] : NULL,
		.max = 3,
		.format = formats[(in->param >> 2) & 3],
	};
	if (irqsim_sweep(&rq, out, err, errlen))
		return failed_call();
	return 0;
}

/* sizing: how to size one of four devices (bits 0-1) so 1-4 of them (bits 2-3) keep per-queue vectors */
static int mode_sizing(const struct input *in, FILE *out, char *err, size_t errlen)
{
	if (irqsim_sizing("fuzz.scn", in->text, in->len, NULL, specs[in->param & 3], 1 + ((in->param >> 2) & 3),
			  (in->param >> 4) & 1, out, err, errlen))
		return failed_call();
	return 0;
}

/* a conversion's whole result: the text and what it left out */
static int conversion_out(int rc, struct irqsim_conversion *c, FILE *out)
{
	if (rc)
		return failed_call();
	fprintf(out, "%s:\n", c->name ? c->name : "(no name)");
	fwrite(c->text, 1, c->len, out);
	fprintf(out, "ignored: %s\n", c->ignored ? c->ignored : "(none)");
	irqsim_conversion_free(c);
	return 0;
}

static int mode_libvirt(const struct input *in, FILE *out, char *err, size_t errlen)
{
	struct irqsim_conversion c;
	return conversion_out(irqsim_from_libvirt("fuzz.xml", in->text, in->len, &c, err, errlen), &c, out);
}

static int mode_qemu(const struct input *in, FILE *out, char *err, size_t errlen)
{
	struct irqsim_conversion c;
	return conversion_out(irqsim_from_qemu("fuzz.cmd", in->text, in->len, &c, err, errlen), &c, out);
}

/*
 * snapshot: a JSON snapshot, VECTOR file or trace loaded, written back as
 * JSON, described as a scenario, then diagnosed (up to FUZZ_DOCTOR_MAX_CPUS
 * CPUs) as text or JSON (bit 0), with a pre-flight (bits 1-2), running the
 * model (bit 3; the inference alone otherwise).
 */
static int mode_snapshot(const struct input *in, FILE *out, char *err, size_t errlen)
{
	static const char *const preflights[4] = { NULL, "suspend", "kdump", "offline=1" };
	struct snapshot *snap;
	if (irqsim_snapshot_load(in->path, &snap, err, errlen))
		return failed_call();
	errno = 0;
	int rc = irqsim_snapshot_write(snap, out);
	if (rc) {
		failed_errno_call();
	} else {
		/* a machine it cannot describe (not x86, no CPUs) is an answer too */
		char *text = irqsim_snapshot_scenario(snap, err, errlen);
		if (text)
			fputs(text, out);
		else if (strcmp(err, "irqsim: out of memory"))
			fprintf(out, "no scenario: %s\n", err);
		else
			rc = failed_call();
		free(text);
	}
	if (!rc && fuzz_nr_cpus(snap->possible) <= FUZZ_DOCTOR_MAX_CPUS) {
		struct irqsim_doctor_options o = { .preflight = preflights[(in->param >> 1) & 3],
						   .no_model = !((in->param >> 3) & 1) };
		if ((rc = irqsim_doctor(snap, &o, in->param & 1, out, err, errlen)))
			call_errno = errno;
	}
	irqsim_snapshot_free(snap);
	return rc;
}

static int (*const modes[NR_MODES])(const struct input *, FILE *, char *, size_t) = {
	mode_run, mode_plan, mode_fixes, mode_sweep, mode_sizing, mode_libvirt, mode_qemu, mode_snapshot,
};

struct result {
	int rc, err_no, no_err;
	char err[512];
	char *out;
	size_t len;
	long count;
};

/* Run the input's entry point with allocation nth failing (0: none) */
static void run_once(const struct input *in, long nth, struct result *r)
{
	FILE *out = __real_open_memstream(&r->out, &r->len);
	if (!out)
		abort();
	r->err[0] = '\0';
	call_errno = call_no_err = 0;
	failalloc_arm(nth);
	r->rc = modes[in->mode](in, out, r->err, sizeof(r->err));
	r->count = failalloc_disarm();
	r->err_no = call_errno;
	r->no_err = call_no_err;
	if (fclose(out))
		abort();
}

static _Noreturn void finding(const struct input *in, long nth, const struct result *ref, const struct result *got,
			      const char *what)
{
	fprintf(stderr, "fuzz_oom: %s, allocation %ld of %ld failing: %s\n", mode_names[in->mode], nth, ref->count,
		what);
	fprintf(stderr, "fuzz_oom: first run: %d \"%s\", %zu bytes; this run: %d \"%s\" (errno %d), %zu bytes\n",
		ref->rc, ref->err, ref->len, got->rc, got->err, got->err_no, got->len);
	/* FUZZ_OOM_DUMP=PREFIX: both outputs into PREFIX.ref and PREFIX.got, to diff */
	const char *dump = getenv("FUZZ_OOM_DUMP");
	for (int i = 0; dump && i < 2; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s.%s", dump, i ? "got" : "ref");
		FILE *f = fopen(path, "w");
		if (f) {
			fwrite(i ? got->out : ref->out, 1, i ? got->len : ref->len, f);
			fclose(f);
		}
	}
	__builtin_trap();
}

/* The text is the scenario, file or command line the path-taking loaders read */
static const char *text_file(const char *text, size_t len)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz_oom", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, text, len, 0) != (ssize_t)len)
		abort();
	return path;
}

/* A bare text's kind: which entry points read it */
static enum mode bare_mode(const char *text, size_t len, uint32_t h)
{
	size_t i = strspn(text, " \t\r\n");
	if (text[i] == '<')
		return M_LIBVIRT;
	if (text[i] == '{' || memmem(text, len, "Online bitmaps:", 15) || snapshot_is_trace(text))
		return M_SNAPSHOT;
	if (memmem(text, len, "qemu-system", 11))
		return M_QEMU;
	return (enum mode)((h >> 8) % (M_SIZING + 1));
}

/* Scenario entry points: skip what parses and is too large to run fast */
static int too_large(const struct input *in)
{
	if (in->mode > M_SIZING)
		return 0;
	struct scenario s;
	char err[256];
	if (scenario_parse("fuzz.scn", in->text, in->len, &s, err, sizeof(err)))
		return 0; /* refused: fast, and its error paths allocate too */
	int large = !fuzz_small(&s);
	scenario_free(&s);
	return large;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		failalloc_init();
		/*
		 * libxml2's one-time set-up, before any counting: in a first run it
		 * would make the two runs' allocations differ, and an input would
		 * fail another allocation alone than among others (the replay)
		 */
		struct irqsim_conversion c;
		char err[256];
		if (!irqsim_from_libvirt("init.xml", "<domain/>", 9, &c, err, sizeof(err)))
			irqsim_conversion_free(&c);
		init = 1;
	}
	struct input in;
	unsigned long n;
	size_t skip;
	if (size >= 5 && data[0] < NR_MODES) {
		in.mode = data[0];
		in.param = data[1];
		n = data[2] | (unsigned long)data[3] << 8 | (unsigned long)data[4] << 16;
		skip = 5;
	} else if (size && data[0] >= NR_MODES) {
		uint32_t h = 2166136261u; /* FNV-1a */
		for (size_t i = 0; i < size; i++)
			h = (h ^ data[i]) * 16777619u;
		in.param = h & 0xff;
		n = h >> 8;
		skip = 0;
	} else {
		return 0;
	}
	char *text = malloc(size - skip + 1);
	if (!text)
		return 0;
	memcpy(text, data + skip, size - skip);
	text[size - skip] = '\0';
	in.text = text;
	in.len = size - skip;
	if (!skip)
		in.mode = bare_mode(text, in.len, (uint32_t)n);
	if (too_large(&in)) {
		free(text);
		return 0;
	}
	in.path = text_file(text, in.len);

	struct result ref, got;
	run_once(&in, 0, &ref);
	if (ref.count > 0) {
		long nth = (long)(n % (unsigned long)ref.count) + 1;
		run_once(&in, nth, &got);
		int same = got.rc == ref.rc && !strcmp(got.err, ref.err) && got.len == ref.len &&
			   !memcmp(got.out, ref.out, ref.len);
		/*
		 * the same result is right however it came about: libxml2 lets some
		 * failures pass (an error message it could not copy into its record)
		 */
		if (failalloc_failed() && !same) {
			if (!got.rc)
				finding(&in, nth, &ref, &got, "success although an allocation failed");
			if (strcmp(got.err, "irqsim: out of memory") && (got.err[0] || !got.no_err))
				finding(&in, nth, &ref, &got, "another message than \"irqsim: out of memory\"");
			if (got.err_no != ENOMEM)
				finding(&in, nth, &ref, &got, "errno is not ENOMEM");
			if (got.len > ref.len || memcmp(got.out, ref.out, got.len))
				finding(&in, nth, &ref, &got, "output that the first run did not print");
		} else if (!same) {
			finding(&in, nth, &ref, &got, "not reached, and a different result");
		}
		free(got.out);
	}
	free(ref.out);
	free(text);
	return 0;
}
