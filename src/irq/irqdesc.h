/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupt descriptors (kernel/irq/irqdesc.c) with the per-irq state of the
 * layers irqsim models: the genirq core (actions, affinity, managed state),
 * the x86 vector domain (struct apic_chip_data) and the chip on top
 * (PCI-MSI, IO-APIC).
 */
#ifndef IRQSIM_IRQDESC_H
#define IRQSIM_IRQDESC_H

#include <stdbool.h>
#include <stddef.h>

#include "irq/cpumask.h"

struct sim;
struct pci_dev;

/* include/linux/interrupt.h flag values (printed by "Flags mismatch") */
#define IRQF_SHARED        0x00000080u
#define IRQF_PROBE_SHARED  0x00000100u
#define __IRQF_TIMER       0x00000200u
#define IRQF_PERCPU        0x00000400u
#define IRQF_NOBALANCING   0x00000800u
#define IRQF_IRQPOLL       0x00001000u
#define IRQF_ONESHOT       0x00002000u
#define IRQF_NO_SUSPEND    0x00004000u
#define IRQF_NO_THREAD     0x00010000u
#define IRQF_COND_ONESHOT  0x00200000u
#define IRQF_TIMER         (__IRQF_TIMER | IRQF_NO_SUSPEND | IRQF_NO_THREAD)
#define IRQF_TRIGGER_MASK  0x0000000fu

#define IRQ_TYPE_NONE          0u
#define IRQ_TYPE_EDGE_RISING   1u
#define IRQ_TYPE_EDGE_FALLING  2u
#define IRQ_TYPE_EDGE_BOTH     3u
#define IRQ_TYPE_LEVEL_HIGH    4u
#define IRQ_TYPE_LEVEL_LOW     8u

#define NUMA_NO_NODE (-1)

struct irqaction {
	char *name;                   /* in the action's own allocation (irqaction_new): freed with it */
	unsigned long serial;         /* unique per thread (irqaction_new): an action's identity, as no pointer is */
	unsigned flags;
	const void *dev_id;
	struct irqaction *next;
};

/* arch/x86/kernel/apic/vector.c: struct apic_chip_data */
struct apic_chip_data {
	unsigned vector, cpu;           /* matrix allocation owned (0 = none) */
	unsigned prev_vector, prev_cpu; /* kept until the move is cleaned up */
	unsigned hw_vector, hw_cpu;     /* hw_irq_cfg: what the hardware points at */
	bool move_in_progress;
	bool is_managed;
	bool can_reserve;
	bool has_reserved;
	bool is_legacy_pic;             /* legacy PIC irq handled by the PIC */
	/* 3.10 only (struct irq_cfg): [0] = domain (the CPUs whose vector_irq
	 * slot 'vector' belongs to this irq), [1] = old_domain of a move */
	struct cpumask *domains;
};

enum irq_chip_kind {
	CHIP_NONE,       /* no_irq_chip */
	CHIP_XT_PIC,
	CHIP_IO_APIC,
	CHIP_PCI_MSI,
	CHIP_PCI_MSIX,   /* only differs from PCI-MSI in 6.12 naming */
	CHIP_DMAR_MSI,   /* the VT-d unit's fault interrupt */
};

struct irq_desc {
	unsigned irq;
	enum irq_chip_kind chip;
	/*
	 * As /proc/interrupts prints it: a literal, or chip_buf where the name
	 * is made per device (6.12's PCI-MSIX-<bdf>); "" until a chip is set.
	 * A pointer, so that setting a chip copies nothing (1,850 MSI irqs a
	 * seed 000 run).
	 */
	const char *chip_name;
	char chip_buf[64];
	bool has_domain;
	unsigned long hwirq;
	const char *handler;          /* "edge", "fasteoi" */
	unsigned trigger;             /* IRQ_TYPE_* of the line */

	struct irqaction *action;
	unsigned depth;               /* disabled depth; 1 until started */
	bool proc_registered;         /* has a /proc/irq/N directory (register_irq_proc) */
	unsigned map_refs;            /* IO-APIC GSI mappings holding this irq */

	/* genirq irq_data state (IRQD_*) */
	bool affinity_managed;        /* IRQD_AFFINITY_MANAGED */
	bool managed_shutdown;        /* IRQD_MANAGED_SHUTDOWN */
	bool affinity_set;            /* IRQD_AFFINITY_SET */
	bool activated;               /* IRQD_ACTIVATED */
	bool started;                 /* IRQD_IRQ_STARTED */
	bool can_reserve;             /* IRQD_CAN_RESERVE */
	bool affinity_on_activate;
	bool per_cpu;
	bool no_balancing;
	/* behind an interrupt-remapping entry (IR- chips): IRQ_MOVE_PCNTXT and
	 * the IR chip's irq_set_affinity (drivers/iommu/intel_irq_remapping.c) */
	bool remapped;

	/*
	 * irq_common_data.affinity and desc->pending_mask: sized to the
	 * simulation's nr_cpu_ids (cpumask_size), in the descriptor's own
	 * allocation, not 1 KB each for NR_CPUS (new_desc)
	 */
	struct cpumask *affinity;
	bool move_pending;            /* IRQD_SETAFFINITY_PENDING: moved at the next interrupt */
	bool broke_affinity;          /* migrate_one_irq forced it out of its mask (cleared by the step's events) */
	struct cpumask *pending_mask; /* desc->pending_mask (CONFIG_GENERIC_PENDING_IRQ) */
	bool effective_is_affinity;   /* set while deactivated: effective = the whole mask */
	bool fires;                   /* interrupts keep arriving (the console's serial port) */
	bool has_effective;
	unsigned effective_cpu;       /* effective affinity: one CPU on x86 */
	int node;

	struct apic_chip_data *apicd; /* NULL if not in the vector domain, else &apicd_mem */
	/* its storage: one per irq, in the descriptor (irq_desc_apicd_new), not an allocation of its own */
	struct apic_chip_data apicd_mem;

	/* owner */
	struct pci_dev *dev;
	unsigned msi_index;
	bool is_msi;
};

/* The irq number space, grown on demand (kernel/irq/irqdesc.c). */
struct irq_table {
	struct irq_desc **descs;
	unsigned size;
	unsigned nr_irqs;             /* arch_probe_nr_irqs value (sizing of /proc/interrupts) */
	unsigned free_hint;           /* no free number below this one (search start) */
};

/* irq_to_desc(s, irq): inline in kernel/sim.h, where struct sim is whole (7,000 calls a seed 000 run) */
/* A zeroed action named name, one block of s->kmem (freed with free_irq), or NULL (counted: lib/nomem.h) */
struct irqaction *irqaction_new(struct sim *s, const char *name);
/* The vector domain's data of desc, zeroed (x86_vector_alloc_irqs' apic_chip_data) */
struct apic_chip_data *irq_desc_apicd_new(struct irq_desc *desc);
/* desc leaves the vector domain: its data (and 3.10's domain masks) released */
void irq_desc_apicd_free(struct irq_desc *desc);
/*
 * irq_domain_alloc_descs/__irq_alloc_descs: lowest free range of cnt
 * numbers starting at 'from'.  Returns the first irq or -ENOMEM.
 */
int irq_alloc_descs(struct sim *s, unsigned from, unsigned cnt, int node);
/* Create the descriptor of a fixed number (legacy/GSI irqs). */
struct irq_desc *irq_alloc_desc_at(struct sim *s, unsigned irq, int node);
void irq_free_desc(struct sim *s, unsigned irq);
/* Every descriptor of s and its actions, and the table (the simulation's end) */
void irq_table_free(struct sim *s);

#endif
