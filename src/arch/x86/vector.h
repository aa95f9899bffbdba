/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 vector domain: arch/x86/kernel/apic/vector.c */
#ifndef IRQSIM_VECTOR_H
#define IRQSIM_VECTOR_H

#include <stdbool.h>

#include "irq/cpumask.h"
#include "irq/matrix.h"

struct sim;
struct irq_desc;

#define FIRST_EXTERNAL_VECTOR        0x20u
#define ISA_IRQ_VECTOR(irq)          (0x30u + (irq))
#define IA32_SYSCALL_VECTOR          0x80u
#define MANAGED_IRQ_SHUTDOWN_VECTOR  0xefu
#define NR_VECTORS                   256u

/* arch_early_irq_init: create the matrix */
int x86_vector_init(struct sim *s);
/*
 * The system vectors of a kernel line's x86 build (arch/x86/kernel/idt.c
 * gates, the PIC cascade) marked in a matrix: irq_matrix_assign_system.
 */
void x86_assign_system_vectors(struct irq_matrix *m, enum kernel_line line);
struct kernel_profile;
void x86_assign_system_vectors_prof(struct irq_matrix *m, const struct kernel_profile *p);
/* lapic_assign_system_vectors and the legacy ISA vectors on CPU 0 */
void lapic_assign_system_vectors(struct sim *s);

/* Policy for a freshly allocated irq (assign_irq_vector_policy). */
enum vector_alloc_kind {
	VEC_ALLOC_DEFAULT,   /* reservation mode (PCI MSI, IO-APIC) */
	VEC_ALLOC_LEGACY,    /* X86_IRQ_ALLOC_LEGACY: IO-APIC takes over an ISA irq */
	VEC_ALLOC_IOAPIC,    /* a PCI GSI's IO-APIC pin (as DEFAULT; on 3.10 a failure keeps the irq) */
};
int x86_vector_alloc_irq(struct sim *s, struct irq_desc *desc, enum vector_alloc_kind kind);
void x86_vector_free_irq(struct sim *s, struct irq_desc *desc);
int x86_vector_activate(struct sim *s, struct irq_desc *desc, bool reserve);
void x86_vector_deactivate(struct sim *s, struct irq_desc *desc);
/* apic_set_affinity: returns 0 or -errno */
int apic_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *dest, bool force);
/*
 * send_cleanup_vector (6.1) / vector_schedule_cleanup (6.12): an irq whose
 * move is in progress gives its old vector back now (the interrupt
 * remapping chip calls it right after a move).
 */
void vector_send_cleanup(struct sim *s, struct irq_desc *desc);
/*
 * The remapping chips' irq_set_affinity (intel_ir_set_affinity,
 * amd_ir_set_affinity): the parent (vector domain) moves the irq, the IRTE
 * is rewritten, and the old vector is cleaned up right away instead of at
 * the first interrupt on the new one.  0 or -errno, as apic_set_affinity.
 */
int ir_set_affinity(struct sim *s, struct irq_desc *desc, const struct cpumask *dest, bool force);
/* irq_complete_move: an interrupt of desc arrived on 'cpu'; clean the old vector up if the move is done */
void irq_complete_move(struct sim *s, struct irq_desc *desc, unsigned cpu);
/* irq_force_complete_move: CPU 'cpu' is going down; drop the old vector of a move now */
void irq_force_complete_move(struct sim *s, struct irq_desc *desc, unsigned cpu);
/* lapic_online (matrix) / __setup_vector_irq (3.10): CPU 'cpu' was brought up */
void lapic_online_cpu(struct sim *s, unsigned cpu);
/* Per-CPU vector counts of either allocator (non-managed use counted by 'available'). */
unsigned vector_cpu_allocated(const struct sim *s, unsigned cpu);
unsigned vector_cpu_available(const struct sim *s, unsigned cpu);
/* Sums over the online CPUs: allocated vectors, and vectors a non-managed irq could still get. */
unsigned vector_total_allocated(const struct sim *s);
unsigned vector_global_available(const struct sim *s);
/* node mask as x86 cpumask_of_node() returns it (CPUs brought up) */
void vector_node_mask(struct sim *s, int node, struct cpumask *out);
/* The functions above as the irq core's view of the vector domain (irq/manage.h) */
/*
 * drivers/iommu/intel/irq_remapping.c: intel_irq_remapping_alloc sets
 * IRQ_MOVE_PCNTXT on every irq behind an IRTE (IR-IO-APIC, IR-PCI-MSI...):
 * its affinity changes at once.  Marked where the IO-APIC and MSI domains
 * allocate, below the remapping driver (drivers/iommu/).
 */
void irq_remapping_mark(struct sim *s, struct irq_desc *desc);

extern const struct irq_arch_ops x86_vector_ops;

#endif
