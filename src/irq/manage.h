/* SPDX-License-Identifier: GPL-2.0-only */
/* request_irq/free_irq and affinity (kernel/irq/manage.c, chip.c, irqdomain.c) */
#ifndef IRQSIM_MANAGE_H
#define IRQSIM_MANAGE_H

#include <stdbool.h>

#include "irq/cpumask.h"

struct sim;
struct irq_desc;

/*
 * The vector domain under the irq core, reached as the kernel reaches it:
 * through the irq domain's activate/deactivate ops, the chip's
 * irq_set_affinity, the move completion of the vector's own interrupt
 * entry and the arch's CPU-down hook (irq_force_complete_move).  The core
 * (irq/) calls down through these; arch/x86/vector.c fills them
 * (x86_vector_ops) and the machine (kernel/sim.c) plugs them in, so irq/
 * never names arch/ (tests/layering/check).
 */
struct irq_arch_ops {
	int (*activate)(struct sim *s, struct irq_desc *desc, bool reserve);
	void (*deactivate)(struct sim *s, struct irq_desc *desc);
	int (*set_affinity)(struct sim *s, struct irq_desc *desc, const struct cpumask *dest, bool force);
	void (*complete_move)(struct sim *s, struct irq_desc *desc, unsigned cpu);
	void (*force_complete_move)(struct sim *s, struct irq_desc *desc, unsigned cpu);
	/* the CPUs of NUMA node 'node' (all CPUs for NUMA_NO_NODE) */
	void (*node_mask)(struct sim *s, int node, struct cpumask *out);
};

/* kernel/irq/irqdomain.c: irq_domain_activate_irq / irq_domain_deactivate_irq */
int irq_domain_activate_irq(struct sim *s, struct irq_desc *desc, bool reserve);
void irq_domain_deactivate_irq(struct sim *s, struct irq_desc *desc);

/* kernel/irq/manage.c: request_threaded_irq -> __setup_irq.  0 or -errno. */
int request_threaded_irq(struct sim *s, unsigned irq, unsigned flags, const char *name, const void *dev_id);
/* include/linux/interrupt.h: request_irq, which adds IRQF_COND_ONESHOT where the
 * kernel line does (switch request_irq_cond_oneshot) */
int request_irq(struct sim *s, unsigned irq, unsigned flags, const char *name, const void *dev_id);
/* kernel/irq/manage.c: free_irq */
void free_irq(struct sim *s, unsigned irq, const void *dev_id);

/* kernel/irq/chip.c: irq_startup; kernel/irq/manage.c: irq_setup_affinity */
int irq_startup(struct sim *s, struct irq_desc *desc);
void irq_shutdown(struct sim *s, struct irq_desc *desc);
int irq_setup_affinity(struct sim *s, struct irq_desc *desc);
/* kernel/irq/manage.c: irq_do_set_affinity */
int irq_do_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *mask, bool force);

/* kernel/irq/manage.c: irq_can_set_affinity_usr (may user space change the affinity?) */
bool irq_can_set_affinity_usr(const struct irq_desc *d);

/*
 * kernel/irq/manage.c: irq_set_affinity -> irq_set_affinity_locked.  Without
 * interrupt remapping no x86 irq has IRQD_MOVE_PCNTXT, so the new mask is
 * only recorded (pending) and applied when the next interrupt arrives.
 * 0 or -errno.
 */
int irq_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *mask);

/*
 * One interrupt arrives on desc's current target: the x86 ack path
 * (apic_ack_edge / ioapic_ack_level) runs irq_complete_move, then
 * irq_move_irq applies a pending affinity change.
 */
void handle_irq(struct sim *s, struct irq_desc *desc);

/* Interrupts keep arriving until no move is pending or in progress (at most a few). */
void handle_irq_burst(struct sim *s, struct irq_desc *desc);

#endif
