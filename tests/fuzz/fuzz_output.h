/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every fuzz target checks of a report it printed (issue 19, item 6):
 * no control byte but newline and tab, nothing that is not UTF-8, whatever
 * the input's strings held; JSON parses.
 */
#ifndef IRQSIM_FUZZ_OUTPUT_H
#define IRQSIM_FUZZ_OUTPUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/oneline.h"

/* A stream to print a report into; check_output reads and frees it. */
struct fuzz_out {
	FILE *f;
	char *buf;
	size_t len;
};

static inline int fuzz_out_open(struct fuzz_out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	return o->f ? 0 : -1;
}

static inline void check_output(struct fuzz_out *o, int json)
{
	fclose(o->f);
	for (size_t i = 0; i < o->len;) {
		unsigned char c = (unsigned char)o->buf[i];
		size_t n = utf8_seq_len((const unsigned char *)o->buf + i, o->len - i);
		if (!n || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			__builtin_trap();
		i += n;
	}
	if (json && o->len) {
		json_error_t je;
		json_t *doc = json_loadb(o->buf, o->len, 0, &je);
		/* a document, with its "irqsim" header */
		if (!doc || !json_is_object(json_object_get(doc, "irqsim")))
			__builtin_trap();
		json_decref(doc);
	}
	free(o->buf);
}

#endif
