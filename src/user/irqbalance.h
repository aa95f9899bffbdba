/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What irqbalance does to affinities, as far as vectors go: it writes
 * /proc/irq/N/smp_affinity_list for every irq it may move.  The machine is
 * taken to be under I/O load: data irqs fire, so their moves complete; idle
 * ones (virtio config vectors) keep theirs pending.
 */
#ifndef IRQSIM_IRQBALANCE_H
#define IRQSIM_IRQBALANCE_H

#include "scenario/scenario.h"

struct sim;

/*
 * One balancing pass over every irq user space may move (ascending irq
 * number).  BALANCE_POWERSAVE: each goes to the first online CPU of the
 * NUMA node it runs on (the concentration seed 000 describes);
 * BALANCE_SPREAD: each goes to the online CPU with the fewest allocated
 * vectors (of its device's node if it has one) when that is at least two
 * fewer than where it is.  Returns the number of irqs moved.
 */
unsigned irqbalance_pass(struct sim *s, enum balance_mode mode);

#endif
