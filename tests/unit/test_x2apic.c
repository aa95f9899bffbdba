// SPDX-License-Identifier: GPL-2.0-only
/*
 * More CPUs than xAPIC can address: without x2APIC (intel-iommu eim=on,
 * remapping on, no nox2apic) the MADT entries of APIC ids above 254 are
 * dropped and those CPUs never come up; the summary says so.
 */
#include "simutil.h"

#include "arch/x86/topology.h"
#include "kernel/sim.h"

#include <stdio.h>

/* A view's text (not inlined: gcc 12 then takes the memstream buffer for a dangling local) */
__attribute__((noinline)) static char *view_fmt(struct sim *s, enum irqsim_view v, int json)
{
	char *out = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const struct irqsim_output o = { .json = json };
	assert_int_equal(irqsim_report_format(s, v, &o, f, err, sizeof(err)), 0);
	fclose(f);
	return out;
}

static char *view_text(struct sim *s, enum irqsim_view v)
{
	return view_fmt(s, v, 0);
}

static void expect(const char *text, unsigned online, const char *warning)
{
	struct sim *s = run_text(text, NULL);
	assert_int_equal(cpumask_weight(&s->cpu_online_mask), online);
	char *out = view_text(s, IRQSIM_VIEW_SUMMARY);
	if (warning)
		assert_string_contains(out, warning);
	else
		assert_null(strstr(out, "not brought up"));
	free(out);
	irqsim_free(s);
}

static void test_apic_ids_as_qemu(void **state)
{
	(void)state;
	struct cpu_topology t = { .threads = 2, .cores = 20, .dies = 1, .sockets = 2 };
	/* 5 core bits, 1 thread bit: socket 1 starts at 64 */
	assert_int_equal(topology_apic_id(&t, 39), 39);
	assert_int_equal(topology_apic_id(&t, 40), 64);
	assert_int_equal(topology_apic_id(&t, 79), 103);
	t = (struct cpu_topology){ .threads = 1, .cores = 3, .dies = 3, .sockets = 2 };
	/* 2 core bits, 2 die bits */
	assert_int_equal(topology_apic_id(&t, 3), 4);
	assert_int_equal(topology_apic_id(&t, 9), 16);
}

static void test_xapic_limit(void **state)
{
	(void)state;
	const char *w512 = "warning: 257 of 512 CPUs not brought up (QEMU CPUs 255-511, APIC ids 255-511)";
	expect("kernel 6.1\nsmp 512,sockets=2,cores=128,threads=2\nboot\n", 255, w512);
	expect("kernel 6.1\nmachine q35\nsmp 512,sockets=2,cores=128,threads=2\nboot\n", 255, w512);
	/* remapping without eim: xapic mode */
	expect("kernel 6.12\nmachine q35\ndevice intel-iommu\nsmp 512,sockets=2,cores=128,threads=2\nboot\n", 255,
	       "device intel-iommu,intremap=on,eim=on");
	/* the machine that needs it */
	expect("kernel 6.1\nmachine q35\ndevice intel-iommu,intremap=on,eim=on\nsmp 512,sockets=2,cores=128,threads=2\n"
	       "boot\n", 512, NULL);
	/* the kernel refuses x2APIC: nox2apic, or no remapping at all */
	expect("kernel 6.1\nmachine q35\ndevice intel-iommu,intremap=on,eim=on\nsmp 512,sockets=2,cores=128,threads=2\n"
	       "cmdline \"nox2apic\"\nboot\n", 255, "nox2apic keeps the guest in xAPIC mode");
	expect("kernel 6.1\nmachine q35\ndevice intel-iommu,intremap=on,eim=on\nsmp 512,sockets=2,cores=128,threads=2\n"
	       "cmdline \"intremap=off\"\nboot\n", 255, "intremap=off leaves x2APIC without interrupt remapping");
	/* gaps: 65 cores take 7 bits, so socket 1 starts at APIC id 256: 130 CPUs of 260 */
	expect("kernel 6.1\nsmp 260,sockets=2,cores=65,threads=2\nboot\n", 130,
	       "warning: 130 of 260 CPUs not brought up (QEMU CPUs 130-259, APIC ids 256-385)");
	/* 255 CPUs with ids 0-254: all up, no warning */
	expect("kernel 6.1\nsmp 255\nboot\n", 255, NULL);
	/* the summary document counts them (docs/schema/summary.schema.json) */
	struct sim *j = run_text("kernel 6.1\nsmp 300\nboot\n", NULL);
	char *doc = view_fmt(j, IRQSIM_VIEW_SUMMARY, 1);
	assert_string_contains(doc, "\"cpus_without_usable_apic_id\": 45");
	free(doc);
	irqsim_free(j);
	j = run_text("kernel 6.1\nsmp 255\nboot\n", NULL);
	doc = view_fmt(j, IRQSIM_VIEW_SUMMARY, 1);
	assert_string_contains(doc, "\"cpus_without_usable_apic_id\": 0");
	free(doc);
	irqsim_free(j);
	/* hot-pluggable CPUs past the limit are not possible either */
	struct sim *s = run_text("kernel 6.1\nsmp 8,maxcpus=300\nboot\n", NULL);
	assert_int_equal(s->topo.nr_cpu_ids, 255);
	assert_int_equal(s->apicid_dropped_present, 0);
	irqsim_free(s);
}

/* the kernel's own lines: the dropped entries and the remapping mode */
static void test_log_lines(void **state)
{
	(void)state;
	struct sim *s = run_text("kernel 6.1\nmachine q35\ndevice intel-iommu\nsmp 258\nboot\n", NULL);
	char *out = view_text(s, IRQSIM_VIEW_DMESG);
	unsigned ignored = 0;
	for (const char *p = out; (p = strstr(p, "ACPI: x2apic entry ignored")); p++)
		ignored++;
	assert_int_equal(ignored, 3);
	assert_string_contains(out, "DMAR-IR: Enabled IRQ remapping in xapic mode");
	free(out);
	irqsim_free(s);
	s = run_text("kernel 6.1\nmachine q35\ndevice intel-iommu,eim=on\nsmp 258\nboot\n", NULL);
	out = view_text(s, IRQSIM_VIEW_DMESG);
	assert_string_contains(out, "DMAR-IR: Enabled IRQ remapping in x2apic mode");
	assert_null(strstr(out, "x2apic entry ignored"));
	free(out);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apic_ids_as_qemu),
		cmocka_unit_test(test_xapic_limit),
		cmocka_unit_test(test_log_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
