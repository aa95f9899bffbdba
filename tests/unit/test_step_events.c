// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each step did to the interrupts (kernel/step_events.c): seed 003's
 * story, a managed irq shut down (not migrated) when the last CPU of its mask
 * goes offline and restarted when one returns, a non-managed irq forced out
 * of its mask, a pending move, freed vectors and devices that fell back, in
 * the model's events, the steps view's text and its typed JSON.
 */
#include "simutil.h"

#include "irqsim/irqsim.h"
#include "kernel/sim.h"

static struct sim *run_file(const char *path)
{
	char err[512];
	struct scenario *scn = irqsim_scenario_load(path, NULL, err, sizeof(err));
	if (!scn)
		fail_msg("%s", err);
	struct irqsim_options o = { .check_invariants = 1 };
	struct sim *s = irqsim_run(scn, &o, err, sizeof(err));
	irqsim_scenario_free(scn);
	if (!s)
		fail_msg("%s", err);
	return s;
}

static const struct step_event *find(const struct sim *s, unsigned step, enum step_event_kind k, unsigned irq)
{
	for (size_t i = 0; i < s->snaps.nr; i++) {
		const struct step_snapshot *sn = &s->snaps.v[i];
		for (size_t j = 0; sn->step == step && j < sn->nev; j++)
			if (sn->ev[j].kind == k && sn->ev[j].irq == irq)
				return &sn->ev[j];
	}
	return NULL;
}

static char *view(struct sim *s, enum irqsim_view v, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(irqsim_report(s, v, json, f), 0);
	fclose(f);
	return buf;
}

static void test_seed_003(void **state)
{
	struct sim *s = run_file("examples/seed-003.scn");
	/* step 5 cpu offline 2: irq 26 (virtio0-req.1, mask 2-3) shut down, its vector on CPU 2 freed */
	const struct step_event *e = find(s, 5, SE_SHUTDOWN, 26);
	assert_non_null(e);
	assert_true(e->managed);
	assert_string_equal(e->name, "virtio0-req.1");
	assert_int_equal(e->from_cpu, 2);
	assert_int_equal(e->to_cpu, -1);
	/* step 6 cpu online 2: restarted there */
	e = find(s, 6, SE_RESTARTED, 26);
	assert_non_null(e);
	assert_int_equal(e->to_cpu, 2);
	/* step 4 cpu offline 3: ttyS0 pinned to CPU 3 at step 2 is forced out of its mask; irq 26 moves inside its own */
	e = find(s, 4, SE_AFFINITY_BROKEN, 4);
	assert_non_null(e);
	assert_false(e->managed);
	assert_int_equal(e->from_cpu, 3);
	e = find(s, 4, SE_MOVED, 26);
	assert_non_null(e);
	assert_int_equal(e->to_cpu, 2);
	/* step 3: the managed irq's affinity cannot be written, nothing happens to it */
	assert_null(find(s, 3, SE_MOVED, 26));
	char *text = view(s, IRQSIM_VIEW_STEPS, 0);
	assert_string_contains(text, "step 5 cpu offline 2: rc=0\n  irq 12 i8042: moved from CPU 2");
	assert_string_contains(text, "  irq 26 virtio0-req.1 (managed): shut down, not migrated: its mask has no online CPU left");
	assert_string_contains(text, "step 6 cpu online 2: rc=0\n  irq 26 virtio0-req.1 (managed): restarted on CPU 2 vector 0x");
	free(text);
	char *json = view(s, IRQSIM_VIEW_STEPS, 1);
	assert_string_contains(json, "\"event\": \"managed_shutdown\",\n          \"irq\": 26,\n          \"name\": "
				     "\"virtio0-req.1\",\n          \"managed\": true,\n          \"from\": {\"cpu\": 2,");
	assert_string_contains(json, "\"event\": \"managed_restarted\",\n          \"irq\": 26,");
	free(json);
	char *explain = view(s, IRQSIM_VIEW_EXPLAIN, 0);
	assert_string_contains(explain, "what the steps did to the irqs:\n");
	assert_string_contains(explain, "  step 5 cpu offline 2:\n");
	free(explain);
	irqsim_free(s);
}

/* A move waits for the next interrupt; an unplug frees the vectors; a device that fell back is named */
static void test_pending_freed_fell_back(void **state)
{
	struct sim *s = run_text("kernel 6.1\nsmp 4\ndevice virtio-blk-pci,id=d0,num-queues=1\ndevice virtio-blk-pci,id=d1,num-queues=1\n"
				 "boot\nunplug d1\n",
				 NULL);
	size_t freed = 0;
	for (size_t i = 0; i < s->snaps.nr; i++)
		for (size_t j = 0; j < s->snaps.v[i].nev; j++)
			freed += s->snaps.v[i].step == 2 && s->snaps.v[i].ev[j].kind == SE_FREED;
	assert_int_equal(freed, 2); /* config + one queue */
	irqsim_free(s);
	/* seed 000's shape on 2 CPUs: the first devices that fell back and failed are events of their step */
	s = run_exhausted_2cpu();
	size_t devs = 0;
	for (size_t i = 0; i < s->snaps.nr; i++)
		for (size_t j = 0; j < s->snaps.v[i].nev; j++) {
			const struct step_event *e = &s->snaps.v[i].ev[j];
			if (e->kind == SE_DEV_FELL_BACK || e->kind == SE_DEV_FAILED) {
				assert_true(e->dev >= 0);
				assert_non_null(e->pci);
				devs++;
			}
		}
	size_t fb = s->snaps.v[s->snaps.nr - 1].fell_back;
	assert_true(fb > 0);
	assert_int_equal(devs, fb); /* each device that fell back, once */
	irqsim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_003),
		cmocka_unit_test(test_pending_freed_fell_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
