// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation failure through the public API: each phase (a scenario run
 * with every view, a JSON snapshot with the doctor, a libvirt and a QEMU
 * conversion, a capacity plan, the what-if analyses) is run once to count
 * its allocations, then again with the Nth allocation failing, for N over
 * the whole range (or a sample of it, below).  Each run must either give the same output as the
 * first, or fail with "out of memory" in err; never crash, leak (LeakSanitizer
 * runs at exit) or return success with a different answer.
 *
 *   oomtest [-n MAXRUNS] SCENARIO SNAPSHOT.json DOMAIN.xml
 *
 * A phase of K allocations is tried at every N when K <= MAXRUNS (default
 * 400), else at MAXRUNS values of N spread evenly over 1..K, each one
 * shifted by a varying offset inside its stride so that repeated runs with
 * other MAXRUNS cover other allocations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <irqsim/irqsim.h>

#include "failalloc.h"

FILE *__real_open_memstream(char **p, size_t *n);

static const char *scn_path, *snap_path, *xml_path;
static char *xml_buf;
static size_t xml_len;

static int phase_run(FILE *out, char *err, size_t errlen)
{
	struct scenario *scn = irqsim_scenario_load(scn_path, NULL, err, errlen);
	if (!scn)
		return -1;
	struct sim *s = irqsim_run(scn, NULL, err, errlen);
	irqsim_scenario_free(scn);
	if (!s)
		return -1;
	int rc = 0;
	for (int v = IRQSIM_VIEW_SUMMARY; v <= IRQSIM_VIEW_MAP && !rc; v++)
		for (int json = 0; json < 2 && !rc; json++) {
			if (json && v == IRQSIM_VIEW_MAP)
				continue;
			struct irqsim_output fmt = { .json = json };
			rc = irqsim_report_format(s, (enum irqsim_view)v, &fmt, out, err, errlen);
		}
	if (!rc) {
		struct irqsim_output fmt = { .columns = "+CHIP", .sort = "IRQ" };
		rc = irqsim_report_format(s, IRQSIM_VIEW_INTERRUPTS, &fmt, out, err, errlen);
	}
	irqsim_free(s);
	return rc;
}

static int phase_snapshot(FILE *out, char *err, size_t errlen)
{
	struct snapshot *snap;
	if (irqsim_snapshot_load(snap_path, &snap, err, errlen))
		return -1;
	/* it has no err: errno says why */
	errno = 0;
	int rc = irqsim_snapshot_write(snap, out);
	if (rc)
		snprintf(err, errlen, "irqsim_snapshot_write: %s", errno == ENOMEM ? "out of memory" : "failed");
	char *text = rc ? NULL : irqsim_snapshot_scenario(snap, err, errlen);
	if (!rc && !text)
		rc = -1;
	if (text)
		fputs(text, out);
	free(text);
	struct irqsim_doctor_options dopt = { .preflight = "suspend" };
	for (int json = 0; json < 2 && !rc; json++)
		rc = irqsim_doctor(snap, json ? &dopt : NULL, json, out, err, errlen);
	irqsim_snapshot_free(snap);
	return rc;
}

static int conversion_out(int rc, struct irqsim_conversion *c, FILE *out)
{
	if (rc)
		return rc;
	fwrite(c->text, 1, c->len, out);
	fprintf(out, "ignored: %s\n", c->ignored ? c->ignored : "(none)");
	irqsim_conversion_free(c);
	return 0;
}

static int phase_libvirt(FILE *out, char *err, size_t errlen)
{
	struct irqsim_conversion c;
	return conversion_out(irqsim_from_libvirt(xml_path, xml_buf, xml_len, &c, err, errlen), &c, out);
}

static int phase_qemu(FILE *out, char *err, size_t errlen)
{
	static const char cmd[] = "qemu-system-x86_64 -machine q35 -smp 4,sockets=1,cores=2,threads=2 -m 2G "
				  "-device virtio-blk-pci,num-queues=2,drive=d0 -netdev tap,id=n0,queues=2 "
				  "-device virtio-net-pci,netdev=n0,mq=on,vectors=6 -append 'quiet irqaffinity=0'";
	struct irqsim_conversion c;
	return conversion_out(irqsim_from_qemu("--qemu", cmd, sizeof(cmd) - 1, &c, err, errlen), &c, out);
}

static int phase_plan(FILE *out, char *err, size_t errlen)
{
	struct scenario *scn = irqsim_scenario_load(scn_path, NULL, err, errlen);
	if (!scn)
		return -1;
	struct irqsim_plan p;
	int rc = irqsim_plan(scn, NULL, "virtio-blk-pci,num-queues=2", 6, &p, err, errlen);
	irqsim_scenario_free(scn);
	if (!rc) {
		/* it has no err: errno says why */
		errno = 0;
		rc = irqsim_plan_print(&p, "virtio-blk-pci,num-queues=2", 1, out);
		if (rc)
			snprintf(err, errlen, "irqsim_plan_print: %s", errno == ENOMEM ? "out of memory" : "failed");
	}
	return rc;
}

/* The what-if analyses (whatif/): fixes, a sweep of runs and one of plans, sizing, each on its own copies of the scenario */
static int phase_whatif(FILE *out, char *err, size_t errlen)
{
	static const char text[] = "smp 2\ncmdline \"quiet\"\ndevice virtio-blk-pci,num-queues=2\nboot\n";
	const char *vary[] = { "smp=1,2", "num-queues=1,2" };
	struct irqsim_sweep_request rq = { .filename = "w.scn", .text = text, .len = sizeof(text) - 1, .vary = vary,
					   .nr_vary = 2, .format = IRQSIM_FORMAT_JSON };
	if (irqsim_fixes("w.scn", text, sizeof(text) - 1, NULL, 1, out, err, errlen) || irqsim_sweep(&rq, out, err, errlen))
		return -1;
	rq.add = "virtio-blk-pci,num-queues=2";
	rq.max = 3;
	rq.nr_vary = 1;
	if (irqsim_sweep(&rq, out, err, errlen))
		return -1;
	return irqsim_sizing("w.scn", text, sizeof(text) - 1, NULL, "virtio-blk-pci", 2, 1, out, err, errlen);
}

struct phase {
	const char *name;
	int (*fn)(FILE *out, char *err, size_t errlen);
};

/* Run fn with the nth allocation failing (0: none); its output, status and message. */
static int run_phase(const struct phase *ph, long nth, char **buf, size_t *len, char *err, size_t errlen, long *count)
{
	FILE *out = __real_open_memstream(buf, len);
	if (!out) {
		perror("open_memstream");
		exit(2);
	}
	err[0] = '\0';
	failalloc_arm(nth);
	int rc = ph->fn(out, err, errlen);
	*count = failalloc_disarm();
	if (fclose(out)) {
		perror("memstream");
		exit(2);
	}
	return rc;
}

int main(int argc, char **argv)
{
	long maxruns = 400, only = 0;
	int a = 1;
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		maxruns = atol(argv[2]);
		a = 3;
	}
	/* OOMTEST_ONLY=PHASE:N runs one phase failing one allocation (with FAILALLOC_STACK=1: where it is) */
	const char *o = getenv("OOMTEST_ONLY");
	size_t only_phase = 0;
	if (o && sscanf(o, "%zu:%ld", &only_phase, &only) != 2)
		only = 0;
	if (argc - a != 3 || maxruns < 1) {
		fprintf(stderr, "usage: %s [-n MAXRUNS] SCENARIO SNAPSHOT.json DOMAIN.xml\n", argv[0]);
		return 2;
	}
	scn_path = argv[a];
	snap_path = argv[a + 1];
	xml_path = argv[a + 2];
	setvbuf(stdout, NULL, _IOLBF, 0);
	failalloc_init();
	FILE *f = fopen(xml_path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (long)(xml_len = (size_t)ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(xml_buf = calloc(1, xml_len + 1)) || fread(xml_buf, 1, xml_len, f) != xml_len) {
		perror(xml_path);
		return 2;
	}
	fclose(f);

	static const struct phase phases[] = {
		{ "run + every view", phase_run },
		{ "snapshot + doctor", phase_snapshot },
		{ "libvirt", phase_libvirt },
		{ "qemu", phase_qemu },
		{ "plan", phase_plan },
		{ "what-if", phase_whatif },
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		const struct phase *ph = &phases[i];
		char *want, *got, err[1024];
		size_t wlen, glen;
		long k, c;
		/* once before counting: first-use set-up (libxml2's initialisation) is not repeated */
		if (run_phase(ph, 0, &want, &wlen, err, sizeof(err), &k) == 0)
			free(want);
		if (run_phase(ph, 0, &want, &wlen, err, sizeof(err), &k)) {
			fprintf(stderr, "oomtest: %s fails without fault injection: %s\n", ph->name, err);
			return 1;
		}
		long stride = k <= maxruns ? 1 : (k + maxruns - 1) / maxruns;
		if (only && only_phase != i)
			continue;
		long tried = 0, recovered = 0, failed = 0;
		for (long j = 0;; j++) {
			long nth = only ? only : 1 + j * stride + (stride > 1 ? (j * 7919) % stride : 0);
			if (only && j)
				break;
			if (nth > k)
				break;
			int rc = run_phase(ph, nth, &got, &glen, err, sizeof(err), &c);
			tried++;
			if (!failalloc_failed()) {
				fprintf(stderr, "oomtest: %s: allocation %ld of %ld never came (%ld made)\n", ph->name,
					nth, k, c);
				bad++;
			} else if (!rc && glen == wlen && !memcmp(got, want, wlen)) {
				recovered++;
			} else if (!rc) {
				fprintf(stderr, "oomtest: %s (OOMTEST_ONLY=%zu:%ld): allocation failed, yet success with "
					"a different output\n", ph->name, i, nth);
				bad++;
			} else if (!strstr(err, "out of memory")) {
				fprintf(stderr, "oomtest: %s (OOMTEST_ONLY=%zu:%ld): allocation failed, message \"%s\"\n",
					ph->name, i, nth, err);
				bad++;
			} else {
				failed++;
			}
			free(got);
		}
		printf("%-18s %6ld allocations, %5ld tried (every %ld): %ld out of memory, %ld same output\n", ph->name,
		       k, tried, stride, failed, recovered);
		free(want);
	}
	free(xml_buf);
	return bad ? 1 : 0;
}
