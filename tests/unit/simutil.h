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
