// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-irq debugfs view (report/irqdebug.c): the IRQD_* bits read from
 * the model's irq_desc follow the managed irq of seed 003 through its CPUs
 * going offline and back, the flag table differs between 6.1 and 6.12 only
 * by IRQD_RESEND_WHEN_IN_PROGRESS, and --after-step keeps the state of that
 * step, not the end's.  What the kernel's own memory showed (record --kstate,
 * the goldens' kstate.txt) and the model had differently before: no
 * IRQ_TYPE_* bits in dstate, IRQD_LEVEL on the PIC's irqs and on QEMU's
 * level ISA overrides (5, 9, 10, 11, fasteoi from boot), the domain names
 * with their bus token; and the kstate view that the replay compares.
 */
#define _GNU_SOURCE
#include "simutil.h"

#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "report/irqdebug.h"
#include "report/kstate.h"

static const char seed3[] = "kernel 6.1\nmachine pc\nsmp 4\n"
			    "device virtio-blk-pci,id=d0,num-queues=2\nboot\n"
			    "cpu offline 3\ncpu offline 2\ncpu online 2\n";

static unsigned dstate_after(const char *kernel, int upto_offline)
{
	/* the scenario cut after its n-th CPU directive: the same run up to there */
	char text[sizeof(seed3)];
	snprintf(text, sizeof(text), "%s", seed3);
	char *p = strstr(text, "cpu offline 3\n");
	for (int i = 0; i < upto_offline; i++)
		p = strchr(p, '\n') + 1;
	*p = '\0';
	struct sim *s = run_text(text, kernel);
	const struct irq_desc *d = irq_to_desc(s, 26);
	assert_non_null(d);
	unsigned st = irqdebug_dstate(d);
	irqsim_free(s);
	return st;
}

static void test_managed_shutdown(void **state)
{
	const char *kernels[] = { "6.1", "6.12" };
	for (int k = 0; k < 2; k++) {
		unsigned boot = dstate_after(kernels[k], 0), one = dstate_after(kernels[k], 1),
			 both = dstate_after(kernels[k], 2), back = dstate_after(kernels[k], 3);
		for (int i = 0; i < 4; i++) {
			unsigned st = i == 0 ? boot : i == 1 ? one : i == 2 ? both : back;
			assert_true(st & IRQD_AFFINITY_MANAGED);
			assert_true(st & IRQD_SINGLE_TARGET);
			assert_true(st & IRQD_HANDLE_ENFORCE_IRQCTX);
			assert_true(st & IRQD_AFFINITY_ON_ACTIVATE);
			/* shut down exactly while CPUs 2 and 3 (its whole mask) are offline */
			assert_int_equal(!!(st & IRQD_MANAGED_SHUTDOWN), i == 2);
			assert_int_equal(!!(st & IRQD_IRQ_STARTED), i != 2);
			assert_int_equal(!!(st & IRQD_ACTIVATED), i != 2);
			assert_int_equal(!!(st & IRQD_IRQ_DISABLED), i == 2);
			assert_int_equal(!!(st & IRQD_IRQ_MASKED), i == 2);
			assert_false(st & IRQD_CAN_RESERVE); /* managed irqs do not take the reservation mode */
			assert_false(st & IRQD_MOVE_PCNTXT); /* no interrupt remapping in this guest */
		}
	}
}

static void test_flag_tables(void **state)
{
	unsigned m, n61 = 0, n612 = 0;
	bool resend = false;
	const char *name;
	for (unsigned i = 0; (name = irqdebug_flag(KERNEL_6_1, i, &m)); i++) {
		n61++;
		assert_string_not_equal(name, "IRQD_RESEND_WHEN_IN_PROGRESS");
	}
	for (unsigned i = 0; (name = irqdebug_flag(KERNEL_6_12, i, &m)); i++) {
		n612++;
		if (!strcmp(name, "IRQD_RESEND_WHEN_IN_PROGRESS")) {
			resend = true;
			assert_int_equal(m, 1u << 30);
		}
		if (!strcmp(name, "IRQD_MANAGED_SHUTDOWN"))
			assert_int_equal(m, IRQD_MANAGED_SHUTDOWN);
	}
	assert_true(resend);
	assert_int_equal(n612, n61 + 1);
}

static char *view(struct sim *s, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(irqsim_report(s, IRQSIM_VIEW_IRQDEBUG, json, f), 0);
	fclose(f);
	return buf;
}

static void test_after_step(void **state)
{
	/* step 3 is "cpu offline 2" (boot is step 1): shut down there, running again at the end */
	report_irqdebug_select(26, 3);
	struct sim *s = run_text(seed3, NULL);
	char *t = view(s, 0);
	assert_non_null(strstr(t, "IRQD_MANAGED_SHUTDOWN"));
	assert_null(strstr(t, "IRQD_IRQ_STARTED"));
	assert_non_null(strstr(t, "Vector:     0\n"));
	free(t);
	irqsim_free(s);
	report_irqdebug_select(26, -1);
	s = run_text(seed3, NULL);
	t = view(s, 1);
	assert_null(strstr(t, "IRQD_MANAGED_SHUTDOWN"));
	assert_non_null(strstr(t, "\"IRQD_IRQ_STARTED\""));
	free(t);
	irqsim_free(s);
	report_irqdebug_select(-1, -1);
}

static void test_kernel_memory_flags(void **state)
{
	struct sim *s = run_text(seed3, "6.1");
	for (unsigned irq = 0; irq < 16; irq++) {
		const struct irq_desc *d = irq_to_desc(s, irq);
		assert_non_null(d);
		unsigned st = irqdebug_dstate(d);
		/* __irq_set_trigger never ran: the IRQD_TRIGGER_MASK bits stay 0 */
		assert_int_equal(st & 0xfu, 0);
		bool level = irq == 2 || irq == 5 || irq == 9 || irq == 10 || irq == 11;
		assert_int_equal(!!(st & IRQD_LEVEL), level);
		if (irq != 2)
			assert_string_equal(d->handler, level ? "fasteoi" : "edge");
	}
	irqsim_free(s);
}

static void test_domain_names(void **state)
{
	struct sim *s = run_text(seed3, "6.1");
	char *t = view(s, 0);
	assert_non_null(strstr(t, "domain:  PCI-MSI-3\n"));
	assert_non_null(strstr(t, "domain:  IO-APIC-0\n"));
	free(t);
	irqsim_free(s);
	s = run_text(seed3, "6.12");
	t = view(s, 0);
	assert_non_null(strstr(t, "domain:  PCI-MSIX-0000:00:02.0-12\n"));
	free(t);
	irqsim_free(s);
}

/* not inlined: gcc 12 at -O2 takes the returned memstream buffer for a pointer to the local 'buf'
 * (-Wdangling-pointer) once the caller's strstr results are compared */
static __attribute__((noinline)) char *kstate_text(const char *kernel)
{
	report_kstate_select(true);
	struct sim *s = run_text(seed3, kernel);
	report_kstate_select(false);
	char *buf = NULL, *json = NULL;
	size_t len = 0, jlen = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(irqsim_report(s, IRQSIM_VIEW_KSTATE, 0, f), 0);
	fclose(f);
	/* the kstate view is kstate.txt's text: no JSON form */
	f = open_memstream(&json, &jlen);
	assert_int_equal(irqsim_report(s, IRQSIM_VIEW_KSTATE, 1, f), -1);
	fclose(f);
	free(json);
	irqsim_free(s);
	return buf;
}

static void test_kstate_view(void **state)
{
	char *t = kstate_text("6.1");
	/* step 0 (as booted) and the four steps, in order, each with its matrix and 4 CPUs */
	const char *steps[] = { "step 0 booted\n", "step 1 boot\n", "step 2 cpu offline 3\n", "step 3 cpu offline 2\n",
				"step 4 cpu online 2\n" };
	const char *p = t;
	for (int i = 0; i < 5; i++) {
		const char *q = strstr(p, steps[i]);
		assert_non_null(q);
		assert_non_null(strstr(q, "\nmatrix matrix_bits=256 alloc_start=32 alloc_end=236 "));
		assert_non_null(strstr(q, "\ncpu 3 initialized=1 "));
		p = q + 1;
	}
	/* before the first step no MSI irq exists; CPU 2 offline after step 3 */
	assert_true(strstr(t, "\nirq 24 ") > strstr(t, "step 1 boot\n"));
	const char *s3 = strstr(t, "step 3 cpu offline 2\n");
	assert_non_null(strstr(s3, "\ncpu 2 initialized=1 online=0 "));
	/* the managed queue irq of CPUs 2-3 is shut down there: no vector, IRQD_MANAGED_SHUTDOWN */
	const char *i26 = strstr(s3, "\nirq 26 ");
	assert_non_null(i26);
	assert_true(strstr(i26, "IRQD_MANAGED_SHUTDOWN") < strstr(i26 + 1, "\n"));
	assert_true(strstr(i26, " vector=0 ") < strstr(i26 + 1, "\n"));
	free(t);
	/* irqdebug --after-step 0: the state as booted */
	report_irqdebug_select(4, 0);
	struct sim *s = run_text(seed3, NULL);
	t = view(s, 0);
	assert_non_null(strstr(t, "IRQD_IRQ_STARTED"));
	free(t);
	irqsim_free(s);
	report_irqdebug_select(-1, -1);
}

/* an irq never activated (pc's 11) shows the written mask as effective, as /proc and the kernel's memory do */
static void test_unactivated_effective(void **state)
{
	report_irqdebug_select(11, -1);
	struct sim *s = run_text("kernel 6.1\nmachine pc\nsmp 4\nboot\nset-affinity 11 1-2\n", NULL);
	char *t = view(s, 0);
	assert_non_null(strstr(t, "effectiv: 1-2\n"));
	free(t);
	irqsim_free(s);
	report_irqdebug_select(-1, -1);
}

/*
 * a managed queue irq of CPUs not present (maxcpus) is never started: depth
 * 0 from irq_startup, yet still IRQD_IRQ_DISABLED and masked, as 6.1's
 * memory shows (pc-4cpu-maxcpus-6.1)
 */
static void test_startup_abort_disabled(void **state)
{
	struct sim *s = run_text("kernel 6.1\nmachine pc\nsmp 2,maxcpus=4\n"
				 "device virtio-blk-pci,id=d0,num-queues=4\nboot\n", NULL);
	const struct irq_desc *d = irq_to_desc(s, 27);
	assert_non_null(d);
	unsigned st = irqdebug_dstate(d);
	assert_int_equal(d->depth, 0);
	assert_true(st & IRQD_MANAGED_SHUTDOWN);
	assert_true(st & IRQD_IRQ_DISABLED);
	assert_true(st & IRQD_IRQ_MASKED);
	assert_false(st & IRQD_IRQ_STARTED);
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_managed_shutdown),
		cmocka_unit_test(test_flag_tables),
		cmocka_unit_test(test_after_step),
		cmocka_unit_test(test_kernel_memory_flags),
		cmocka_unit_test(test_domain_names),
		cmocka_unit_test(test_kstate_view),
		cmocka_unit_test(test_unactivated_effective),
		cmocka_unit_test(test_startup_abort_disabled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
