/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Model invariants above the matrix: who owns each allocated vector, and
 * where each irq's effective affinity points.  The matrix's own counters are
 * checked by irq_matrix_check_invariants after every matrix operation; these
 * need the irq descriptors to be consistent too, so they run between steps.
 */
#ifndef IRQSIM_KERNEL_INVARIANTS_H
#define IRQSIM_KERNEL_INVARIANTS_H

#include <stddef.h>

struct sim;

/*
 * Every vector allocated in the matrix belongs to exactly one irq (its
 * current vector, or the previous one of a move not yet cleaned up), every
 * vector an irq holds is allocated on that CPU, an irq's effective CPU is
 * the CPU of its vector and online, and a managed irq's effective CPU is in
 * its affinity mask.  Returns 0, or -1 with the first violation in buf.
 */
int sim_check_invariants(struct sim *s, char *buf, size_t len);

#endif
