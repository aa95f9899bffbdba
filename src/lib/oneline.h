/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text from an input (a snapshot's chip names, a trace's event names, a
 * JSON parser's "near '...'" token) may hold newlines, terminal escapes
 * (ESC, OSC, CR) or bytes that are not UTF-8.  Printed raw they would
 * break the one-line error format or drive the reader's terminal, so every
 * such string is printed through these.
 */
#ifndef IRQSIM_LIB_ONELINE_H
#define IRQSIM_LIB_ONELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Replace every control character (< 0x20 and 0x7f) and every byte that is
 * not part of a valid UTF-8 sequence with '?', in place; returns s.
 */
char *text_one_line(char *s);

/*
 * The length of the valid UTF-8 sequence at p (1 to 4 bytes, at most n),
 * or 0 if the bytes there are not one (overlong, surrogate, beyond
 * U+10FFFF, truncated).
 */
size_t utf8_seq_len(const unsigned char *p, size_t n);

/*
 * A copy of s (malloc'd; NULL if out of memory) with every byte that is not
 * part of a valid UTF-8 sequence, and DEL, replaced by U+FFFD: JSON strings
 * must be UTF-8 (jansson refuses others).
 */
char *text_utf8_copy(const char *s);

/*
 * A stream that writes to out what it is given with control characters
 * other than '\n' and '\t', and invalid UTF-8, replaced by '?' (a sequence
 * split between two writes is kept whole).  Closing it flushes it into out
 * (out stays open); a failed write to out makes the filter's own writes
 * fail, so ferror() and fclose() of the filter report it.  NULL if out of
 * memory.
 */
FILE *text_filter_open(FILE *out);

#endif
