/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error messages are one line: text quoted from the input (a JSON parser's
 * "near '...'" token, say) may hold newlines or other control characters.
 */
#ifndef IRQSIM_LIB_ONELINE_H
#define IRQSIM_LIB_ONELINE_H

/* Replace every control character of s with '?', in place; returns s. */
char *text_one_line(char *s);

#endif
