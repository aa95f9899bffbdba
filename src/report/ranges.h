/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef IRQSIM_REPORT_RANGES_H
#define IRQSIM_REPORT_RANGES_H

#include <stdio.h>

struct sim;

/*
 * The devices with a driver in ranges (report/groups.c), one aligned text
 * row a range: DEVICES N DRIVER ID NAME MODE VECTORS IRQS ERRNO (a range of
 * values where they differ).  0, or -1 when out of memory.
 */
int report_device_ranges(struct sim *s, FILE *out);

#endif
