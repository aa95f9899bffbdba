/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every public function that prints into a caller's FILE reports a failed
 * write (disk full, a closed pipe) instead of returning success: the
 * stream's error flag is checked once at the end, after a flush, rather
 * than after each of the hundreds of fprintf calls of a view.
 */
#ifndef IRQSIM_LIB_OUTPUT_H
#define IRQSIM_LIB_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * rc when everything printed into out has reached it (flushed, error flag
 * clear); otherwise -1 with "irqsim: write error: REASON" in err (err may
 * be NULL).
 */
int output_result(FILE *out, int rc, char *err, size_t errlen);

#endif
