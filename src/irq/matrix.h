/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generic interrupt matrix allocator (kernel/irq/matrix.c): per-CPU
 * bitmaps of vectors, managed reservations and the global counters that the
 * irq_matrix tracepoints print.
 */
#ifndef IRQSIM_MATRIX_H
#define IRQSIM_MATRIX_H

#include <stdbool.h>
#include <stdint.h>

#include "irq/cpumask.h"
#include "kernel/version.h"

#define IRQ_MATRIX_BITS 256u
#define IRQ_MATRIX_WORDS (IRQ_MATRIX_BITS / 64u)

struct vecmap {
	uint64_t w[IRQ_MATRIX_WORDS];
};

/* kernel/irq/matrix.c: struct cpumap */
struct cpumap {
	unsigned available;
	unsigned allocated;
	unsigned managed;
	unsigned managed_allocated;
	bool initialized;
	bool online;
	/*
	 * irqsim's: every word of the allocation range below this one has no
	 * free bit (managed, system or allocated): matrix_alloc_area starts
	 * here.  Lowered when a bit is cleared (matrix.c: cpumap_clear).
	 */
	uint8_t full_below;
	struct vecmap alloc_map;
	struct vecmap managed_map;
};

/* include/trace/events/irq_matrix.h event names, in one enum */
enum matrix_event {
	ME_ONLINE,
	ME_OFFLINE,
	ME_RESERVE,
	ME_REMOVE_RESERVED,
	ME_ASSIGN_SYSTEM,
	ME_ALLOC_RESERVED,
	ME_RESERVE_MANAGED,
	ME_REMOVE_MANAGED,
	ME_ALLOC_MANAGED,
	ME_ASSIGN,
	ME_ALLOC,
	ME_FREE,
};

/* One tracepoint record: the fields TP_printk prints, post-update. */
struct matrix_trace {
	enum matrix_event ev;
	int bit;
	unsigned cpu;
	bool online;
	unsigned avl, alloc, managed;
	unsigned online_maps, global_avl, global_rsvd, total_alloc;
	/* irqsim's, not the tracepoint's: the device whose irq the operation was for
	 * (irq_matrix.trace_dev at the time), 0 for none */
	unsigned dev;
};

typedef void (*matrix_trace_fn)(void *ctx, const struct matrix_trace *t);

/*
 * 64 consecutive CPUs (one cpumask word) for matrix_find_best_cpu: which
 * are online, and the lowest of them with the most available vectors, kept
 * lazily (recomputed when stale), so that a mask covering the block's online
 * CPUs costs one comparison instead of 64.
 */
struct matrix_block {
	uint64_t online;    /* bit i: CPU 64 * block + i is online */
	unsigned best_avl;  /* the most available of those CPUs (0: none has any) */
	unsigned best_cpu;  /* the lowest CPU with best_avl */
	bool stale;         /* a CPU's available count or online state changed since */
};

/* kernel/irq/matrix.c: struct irq_matrix */
struct irq_matrix {
	unsigned matrix_bits;
	unsigned alloc_start;
	unsigned alloc_end;
	unsigned alloc_size;
	unsigned global_available;
	unsigned global_reserved;
	unsigned systembits_inalloc;
	unsigned total_allocated;
	unsigned online_maps;
	unsigned nr_maps;          /* possible CPUs */
	struct cpumap *maps;
	struct matrix_block *blocks; /* [(nr_maps + 63) / 64] */
	struct vecmap system_map;

	/*
	 * Switches of the kernel line (struct kernel_profile), copied at
	 * irq_alloc_matrix; a caller with a point-release profile overwrites
	 * allocated_counts_managed afterwards.
	 */
	bool empty_mask_einval;
	bool free_warn_return;
	bool allocated_counts_managed;
	/*
	 * The CPU executing the matrix operation (smp_processor_id()): used by
	 * irq_matrix_online/offline/assign and the cpudown query.
	 */
	unsigned this_cpu;
	/*
	 * Tracepoints only fire on CPUs in cpu_online_mask
	 * (include/linux/tracepoint.h); the vector domain clears this while it
	 * works on a dying CPU.
	 */
	bool trace_enabled;
	/*
	 * The caller's device for the next per-CPU operation's event (the
	 * vector domain sets it from the irq it works on; 0: none).  The
	 * conformance replay groups events by device where concurrent probes
	 * leave their interleaving to timing.
	 */
	unsigned trace_dev;
	matrix_trace_fn trace;
	void *trace_ctx;
	/* pr_warn() sink for "Interrupt reservation exceeds available resources" */
	void (*warn)(void *ctx, const char *msg);
};

struct irq_matrix *irq_alloc_matrix(unsigned matrix_bits, unsigned alloc_start,
				    unsigned alloc_end, unsigned nr_cpus, enum kernel_line k);
void irq_matrix_destroy(struct irq_matrix *m);
/* An independent copy (its own per-CPU maps, the same callbacks), NULL if out of memory. */
struct irq_matrix *irq_matrix_copy(const struct irq_matrix *m);

void irq_matrix_online(struct irq_matrix *m);
void irq_matrix_offline(struct irq_matrix *m);
void irq_matrix_assign_system(struct irq_matrix *m, unsigned bit, bool replace);
int irq_matrix_reserve_managed(struct irq_matrix *m, const struct cpumask *msk);
void irq_matrix_remove_managed(struct irq_matrix *m, const struct cpumask *msk);
int irq_matrix_alloc_managed(struct irq_matrix *m, const struct cpumask *msk, unsigned *mapped_cpu);
void irq_matrix_assign(struct irq_matrix *m, unsigned bit);
void irq_matrix_reserve(struct irq_matrix *m);
void irq_matrix_remove_reserved(struct irq_matrix *m);
int irq_matrix_alloc(struct irq_matrix *m, const struct cpumask *msk, bool reserved, unsigned *mapped_cpu);
void irq_matrix_free(struct irq_matrix *m, unsigned cpu, unsigned bit, bool managed);
unsigned irq_matrix_available(struct irq_matrix *m, bool cpudown);
unsigned irq_matrix_reserved(struct irq_matrix *m);
unsigned irq_matrix_allocated(struct irq_matrix *m);

/*
 * Check every counter against the bitmaps: per-CPU allocated/managed/
 * managed_allocated popcounts, global_available = sum over online maps (only
 * while no map has been offline), no system bit allocated.  Returns 0 or -1
 * with a description in buf.
 */
int irq_matrix_check_invariants(const struct irq_matrix *m, char *buf, size_t len);

/* "irq_matrix_reserve_managed" etc. */
const char *matrix_event_name(enum matrix_event ev);
/* The text after "irq_matrix_xxx: " exactly as TP_printk formats it. */
int matrix_trace_format(char *buf, size_t len, const struct matrix_trace *t);

/* Vector bitmap helpers */
static inline bool vecmap_test(const struct vecmap *v, unsigned bit) { return (v->w[bit / 64] >> (bit % 64)) & 1; }
static inline void vecmap_set(struct vecmap *v, unsigned bit) { v->w[bit / 64] |= 1ull << (bit % 64); }
static inline void vecmap_clear(struct vecmap *v, unsigned bit) { v->w[bit / 64] &= ~(1ull << (bit % 64)); }
unsigned vecmap_weight(const struct vecmap *v, unsigned nbits);
int vecmap_print_list(char *buf, size_t len, const struct vecmap *v, unsigned nbits);

#endif
