/* SPDX-License-Identifier: GPL-2.0-only */
/* The per-irq debugfs view: /sys/kernel/debug/irq/irqs/N of a CONFIG_GENERIC_IRQ_DEBUGFS kernel. */
#ifndef IRQSIM_REPORT_IRQDEBUG_H
#define IRQSIM_REPORT_IRQDEBUG_H

#include <stdbool.h>
#include <stdio.h>

#include "irqsim/irqsim.h"
#include "kernel/version.h"

struct sim;
struct irq_desc;

/* include/linux/irq.h IRQD_* bit numbers (the same on 6.1 and 6.12, 6.12 adds bit 30) */
#define IRQD_SETAFFINITY_PENDING (1u << 8)
#define IRQD_ACTIVATED (1u << 9)
#define IRQD_NO_BALANCING (1u << 10)
#define IRQD_PER_CPU (1u << 11)
#define IRQD_AFFINITY_SET (1u << 12)
#define IRQD_LEVEL (1u << 13)
#define IRQD_MOVE_PCNTXT (1u << 15)
#define IRQD_IRQ_DISABLED (1u << 16)
#define IRQD_IRQ_MASKED (1u << 17)
#define IRQD_AFFINITY_MANAGED (1u << 21)
#define IRQD_IRQ_STARTED (1u << 22)
#define IRQD_MANAGED_SHUTDOWN (1u << 23)
#define IRQD_SINGLE_TARGET (1u << 24)
#define IRQD_CAN_RESERVE (1u << 26)
#define IRQD_HANDLE_ENFORCE_IRQCTX (1u << 27)
#define IRQD_AFFINITY_ON_ACTIVATE (1u << 28)

/* The IRQD_* bits of desc the model knows (the rest are left at 0, see irqsim(1)). */
unsigned irqdebug_dstate(const struct irq_desc *desc);
/*
 * The name of the i-th dstate flag debugfs prints on that kernel line, in
 * its printing order, and its mask in *mask; NULL after the last.
 */
const char *irqdebug_flag(enum kernel_line line, unsigned i, unsigned *mask);

/*
 * Select what the next runs of this thread keep for the irqdebug view: one
 * irq (-1: all) after one step (-1: at the end).  Call before irqsim_run.
 */
void report_irqdebug_select(long irq, long after_step);
/*
 * One line of the kstate view for desc (the irq's dstate with the mask of
 * the bits the model follows, depth, masks, chip, the vector domain's part),
 * the fields record --kstate reads from the kernel.  0 or -ENOMEM.
 */
int irqdebug_kstate_line(const struct sim *s, const struct irq_desc *desc, FILE *out);
int report_irqdebug(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);

#endif
