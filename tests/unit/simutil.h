// SPDX-License-Identifier: GPL-2.0-only
/* Unit-test helper: run a scenario given as text (invariants checked). */
#ifndef IRQSIM_SIMUTIL_H
#define IRQSIM_SIMUTIL_H

#include "testutil.h"

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

static inline struct sim *run_text(const char *text, const char *kernel)
{
	struct scenario scn;
	char err[512];
	if (scenario_parse("t.scn", text, strlen(text), &scn, err, sizeof(err)))
		fail_msg("parse: %s", err);
	struct irqsim_options o = { .kernel = kernel, .check_invariants = 1 };
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	scenario_free(&scn);
	if (!s)
		fail_msg("run: %s", err);
	return s;
}

/* A 1-CPU guest that runs out of vectors: 124 INTx-less one-queue disks behind 4 bridges. */
static inline void exhaust_text(char *text, size_t len)
{
	snprintf(text, len, "smp 1\n");
	for (int b = 0; b < 4; b++)
		snprintf(text + strlen(text), len - strlen(text), "device pci-bridge,id=br%d\n", b);
	snprintf(text + strlen(text), len - strlen(text), "boot\n");
	for (int b = 0; b < 4; b++)
		snprintf(text + strlen(text), len - strlen(text),
			 "hotplug virtio-blk-pci,bus=br%d,num-queues=1,intx=off,count=31\n", b);
}

/*
 * Seed 000's shape on 2 CPUs: 186 virtio-blk disks (2 managed queues each)
 * hot-plugged behind 6 bridges run the vector space out; some fall back to
 * shared vectors, the rest fail.
 */
static inline struct sim *run_exhausted_2cpu(void)
{
	char text[2048];
	size_t n = (size_t)snprintf(text, sizeof(text), "kernel 6.1\nsmp 2\n");
	for (int b = 0; b < 6; b++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "device pci-bridge,id=br%d,chassis_nr=%d\n", b, b + 1);
	n += (size_t)snprintf(text + n, sizeof(text) - n, "boot\n");
	for (int b = 0; b < 6; b++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "hotplug virtio-blk-pci,bus=br%d,num-queues=2,intx=off,count=31\n", b);
	return run_text(text, NULL);
}

/* The device with this id, also after it was unplugged (needs kernel/sim.h and pci/pci.h). */
#define SIM_DEV_BY_ID                                                         \
	static struct pci_dev *dev_by_id(struct sim *s, const char *id)       \
	{                                                                     \
		for (size_t i = 0; i < s->nr_pdevs; i++)                      \
			if (s->pdevs[i]->id && !strcmp(s->pdevs[i]->id, id))  \
				return s->pdevs[i];                           \
		fail_msg("no device %s", id);                                 \
		return NULL;                                                  \
	}

#endif
