// SPDX-License-Identifier: GPL-2.0-only
/*
 * The header's thread promises under ThreadSanitizer (make tsan-check): 8
 * threads at once load and run the same scenario (one shared scenario
 * object, read only, plus one each), print views, plan, convert a libvirt
 * domain (the first conversion initialises libxml2) and a QEMU command line,
 * and load a snapshot; every thread's output must equal the first one's.
 * Afterwards the caller's libxml2 error handler must still be its own.
 *
 *   tsan SCENARIO SNAPSHOT.json DOMAIN.xml
 */
#define _GNU_SOURCE
#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <irqsim/irqsim.h>

#define THREADS 8

static const char *scn_path, *snap_path, *xml_path;
static char *xml;
static size_t xml_len;
static const struct scenario *shared;

struct result {
	char *out;
	size_t len;
	int rc;
};

static void *work(void *arg)
{
	struct result *r = arg;
	char err[512];
	FILE *out = open_memstream(&r->out, &r->len);
	if (!out) {
		r->rc = -1;
		return NULL;
	}
	struct scenario *own = irqsim_scenario_load(scn_path, NULL, err, sizeof(err));
	const struct scenario *scns[2] = { shared, own };
	r->rc = own ? 0 : -1;
	for (int i = 0; i < 2 && !r->rc; i++) {
		struct sim *s = irqsim_run(scns[i], NULL, err, sizeof(err));
		if (!s) {
			r->rc = -1;
			break;
		}
		for (int v = IRQSIM_VIEW_SUMMARY; v <= IRQSIM_VIEW_DOCTOR && !r->rc; v++)
			r->rc = irqsim_report(s, (enum irqsim_view)v, v & 1, out);
		irqsim_free(s);
	}
	struct irqsim_plan p;
	if (!r->rc && !(r->rc = irqsim_plan(shared, NULL, "virtio-blk-pci", 4, &p, err, sizeof(err))))
		r->rc = irqsim_plan_print(&p, "virtio-blk-pci", 1, out);
	struct irqsim_conversion c;
	if (!r->rc && !(r->rc = irqsim_from_libvirt(xml_path, xml, xml_len, &c, err, sizeof(err)))) {
		fwrite(c.text, 1, c.len, out);
		irqsim_conversion_free(&c);
	}
	static const char cmd[] = "qemu-system-x86_64 -smp 4 -device virtio-blk-pci,num-queues=4";
	if (!r->rc && !(r->rc = irqsim_from_qemu("--qemu", cmd, sizeof(cmd) - 1, &c, err, sizeof(err)))) {
		fwrite(c.text, 1, c.len, out);
		irqsim_conversion_free(&c);
	}
	struct snapshot *snap;
	if (!r->rc && !(r->rc = irqsim_snapshot_load(snap_path, &snap, err, sizeof(err)))) {
		r->rc = irqsim_doctor(snap, NULL, 0, out, err, sizeof(err));
		irqsim_snapshot_free(snap);
	}
	if (r->rc)
		fprintf(stderr, "tsan: %s\n", err);
	irqsim_scenario_free(own);
	fclose(out);
	return NULL;
}

static int mine;
static void my_errors(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void my_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s SCENARIO SNAPSHOT.json DOMAIN.xml\n", argv[0]);
		return 2;
	}
	scn_path = argv[1];
	snap_path = argv[2];
	xml_path = argv[3];
	FILE *f = fopen(xml_path, "rb");
	if (!f || getdelim(&xml, &xml_len, '\0', f) < 0) {
		perror(xml_path);
		return 2;
	}
	xml_len = strlen(xml);
	fclose(f);
	char err[512];
	struct scenario *scn = irqsim_scenario_load(scn_path, NULL, err, sizeof(err));
	if (!scn) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	shared = scn;
	/* the caller's own libxml2 error handler, set before the library first uses libxml2 */
	xmlSetGenericErrorFunc(&mine, my_errors);
	xmlSetStructuredErrorFunc(&mine, my_structured);
	/* and a conversion on this thread, whose handlers are checked below */
	struct irqsim_conversion c;
	if (irqsim_from_libvirt(xml_path, xml, xml_len, &c, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	irqsim_conversion_free(&c);
	pthread_t t[THREADS];
	struct result r[THREADS];
	memset(r, 0, sizeof(r));
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, work, &r[i])) {
			perror("pthread_create");
			return 2;
		}
	int bad = 0;
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < THREADS; i++) {
		if (r[i].rc || r[i].len != r[0].len || memcmp(r[i].out, r[0].out, r[0].len)) {
			fprintf(stderr, "tsan: thread %d: rc %d, output %s the first thread's\n", i, r[i].rc,
				r[i].len == r[0].len && !memcmp(r[i].out, r[0].out, r[0].len) ? "equal to" : "differs from");
			bad = 1;
		}
	}
	size_t len = r[0].len;
	for (int i = 0; i < THREADS; i++)
		free(r[i].out);
	if (xmlGenericError != my_errors || xmlGenericErrorContext != &mine || xmlStructuredError != my_structured ||
	    xmlStructuredErrorContext != &mine) {
		fprintf(stderr, "tsan: the caller's libxml2 error handler was replaced\n");
		bad = 1;
	}
	irqsim_scenario_free(scn);
	free(xml);
	printf("tsan: %d threads, %zu bytes of output each: %s\n", THREADS, len, bad ? "FAIL" : "ok");
	return bad;
}
