/* SPDX-License-Identifier: GPL-2.0-only */
/* The kstate view: the model's matrix and irq state after every step, as the goldens' kstate.txt. */
#ifndef IRQSIM_REPORT_KSTATE_H
#define IRQSIM_REPORT_KSTATE_H

#include <stdbool.h>
#include <stdio.h>

#include "irqsim/irqsim.h"

struct sim;

/* Keep (on) or not the state after every step in the next runs of this thread.  Call before irqsim_run. */
void report_kstate_select(bool on);
int report_kstate(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);

#endif
