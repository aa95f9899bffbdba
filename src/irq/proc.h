/* SPDX-License-Identifier: GPL-2.0-only */
/* /proc/irq/N (kernel/irq/proc.c) */
#ifndef IRQSIM_IRQ_PROC_H
#define IRQSIM_IRQ_PROC_H

#include <stddef.h>

struct sim;

/*
 * kernel/irq/proc.c: write_irq_affinity for /proc/irq/IRQ/smp_affinity_list,
 * 'text' as the shell writes it (without the newline).  Returns 0 or the
 * -errno the write(2) fails with; -ENOENT when /proc/irq/IRQ does not exist
 * (the open fails).
 */
int write_irq_affinity(struct sim *s, unsigned irq, const char *text);

/* What 'cat /proc/irq/IRQ/smp_affinity_list' prints ("-" without a directory). */
void read_irq_affinity(struct sim *s, unsigned irq, char *buf, size_t len);
/* /proc/irq/N/effective_affinity_list ("" when the irq has none) */
struct irq_desc;
void read_irq_effective_affinity(const struct sim *s, const struct irq_desc *d, char *buf, size_t len);

#endif
