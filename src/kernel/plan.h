/* SPDX-License-Identifier: GPL-2.0-only */
/* Capacity planning internals shared by plan, sweep and sizing. */
#ifndef IRQSIM_PLAN_H
#define IRQSIM_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "irqsim/irqsim.h"

/* irqsim_plan, optionally stopping at the first device that is not on
 * per-queue (or full MSI-X) vectors. */
int plan_run(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned max,
	     bool stop_at_fallback, struct irqsim_plan *out, char *err, size_t errlen);

#endif
