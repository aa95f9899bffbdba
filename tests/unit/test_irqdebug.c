// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-irq debugfs view (report/irqdebug.c): the IRQD_* bits read from
 * the model's irq_desc follow the managed irq of seed 003 through its CPUs
 * going offline and back, the flag table differs between 6.1 and 6.12 only
 * by IRQD_RESEND_WHEN_IN_PROGRESS, and --after-step keeps the state of that
 * step, not the end's.
 */
#define _GNU_SOURCE
#include "simutil.h"

#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "report/irqdebug.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_managed_shutdown),
		cmocka_unit_test(test_flag_tables),
		cmocka_unit_test(test_after_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
