/* SPDX-License-Identifier: GPL-2.0-only */
/* The map view's page (report/map.c) */
#ifndef IRQSIM_REPORT_MAP_H
#define IRQSIM_REPORT_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sim;

/*
 * Keep every step's cells in the sims this thread runs from now on (true)
 * or no longer (false): the page's step control draws any step from them.
 * A sim run without gets a page of its last step.
 */
void report_map_record_steps(bool on);

/*
 * One page of n runs side by side (labels[i] names run i; NULL with n = 1),
 * with the same cells and scales: 0, or -1 when out of memory.
 */
int report_map_multi(struct sim *const *sims, const char *const *labels, size_t n, FILE *out);

/* The page's script (report/map_script.c) */
extern const char report_map_script[];

#endif
