/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building scenario text from another description of the machine (a QEMU
 * command line, a libvirt domain): the directives in the order the scenario
 * language wants them, comments for what irqsim does not model, and for every
 * generated line the place in the source it came from, so that an error the
 * parser or the model finds in the generated text points into the user's file.
 */
#ifndef IRQSIM_SCENARIO_CONVERT_H
#define IRQSIM_SCENARIO_CONVERT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "irqsim/irqsim.h"

/* Longest directive line the converters write (the parser takes 4096 bytes). */
#define CONV_MAX_LINE 4000u

/*
 * A stretch of a generated line that came from one place of the source:
 * from column out_col of generated line out_line on (until the next
 * segment), source position (line, col); 'exact': the stretch copies the
 * source character for character, so columns map one to one.
 */
struct conv_map {
	unsigned out_line, out_col;
	unsigned line, col;
	bool exact;
};

struct conv {
	const char *name;                /* source name, for messages */
	const char *src;                 /* the source text, for offset -> line:col */
	size_t srclen;
	FILE *hdr, *body;                /* comments; directives */
	char *hdr_buf, *body_buf;
	size_t hdr_len, body_len;
	unsigned hdr_lines;
	struct conv_map *map;            /* segments of the directive lines, in order */
	size_t nr_map, cap_map;
	unsigned lines;                  /* directive lines written */
	FILE *line;                      /* the directive line being built */
	char *line_buf;
	size_t line_len;
	char **what;                     /* ignored kinds, for the one-line summary, in order of appearance */
	unsigned *what_n;
	size_t nr_what, cap_what;
	size_t *what_tab;                /* hash table of the kinds: index + 1 into what[], 0 empty */
	size_t what_tab_cap;             /* a power of two, at least twice nr_what */
	unsigned long ignored_noted;     /* ignored things given a comment each (at most CONV_IGNORED_NOTES) */
	unsigned long ignored_unlisted;  /* the others */
	unsigned long generic;           /* functions written as pci-generic (conv_generic) */
	char *err;
	size_t errlen;
	bool failed;
};

int conv_init(struct conv *c, const char *name, const char *src, size_t len, char *err, size_t errlen);
/* Free everything; with out != NULL and no error, hand the result over first.  0 or -1. */
int conv_finish(struct conv *c, struct irqsim_conversion *out);

/* Source byte offset -> 1-based line and column. */
void conv_pos(const struct conv *c, size_t off, unsigned *line, unsigned *col);

/*
 * Build one directive line: conv_begin() gives the stream to print it to,
 * conv_mark() says that what is printed next comes from source position
 * (line, col) (exact: character for character), conv_end() checks and
 * stores it.  0 or -1 (error set).
 */
FILE *conv_begin(struct conv *c, unsigned line, unsigned col);
int conv_mark(struct conv *c, unsigned line, unsigned col, bool exact);
int conv_end(struct conv *c);
/* Drop the line being built. */
void conv_cancel(struct conv *c);
/* A whole directive line from one source position. */
__attribute__((format(printf, 4, 5)))
int conv_line(struct conv *c, unsigned line, unsigned col, const char *fmt, ...);
/* A comment line in the header. */
__attribute__((format(printf, 2, 3)))
void conv_note(struct conv *c, const char *fmt, ...);
/*
 * Something not modelled: a header comment (the first CONV_IGNORED_NOTES
 * only, then one line counting the rest) and 'kind' counted in the summary,
 * which names the first CONV_IGNORED_KINDS kinds and counts the others.
 */
#define CONV_IGNORED_NOTES 256u
#define CONV_IGNORED_KINDS 8u
__attribute__((format(printf, 3, 4)))
void conv_ignored(struct conv *c, const char *kind, const char *fmt, ...);
/* "NAME:LINE:COL: message" in err; returns -1. */
__attribute__((format(printf, 4, 5)))
int conv_error(struct conv *c, unsigned line, unsigned col, const char *fmt, ...);

/*
 * Append the scenario-language form of a device option value to f: ',' is
 * doubled (QEMU's escape).  Returns the offset into v of a character the
 * language cannot carry in an option (blank, '#', '"', control), or -1.
 */
long conv_put_optval(FILE *f, const char *v);

/*
 * The machine types irqsim models: pc, q35, pc-i440fx-X.Y, pc-q35-X.Y.
 * 0 (q35 set; compat 1 for versions before 5.2, whose virtio-blk and
 * virtio-scsi default to one queue, -1 for later ones, 0 unversioned) or -1.
 */
int conv_machine_kind(const char *type, bool *q35, int *compat);

/*
 * QEMU PCI devices irqsim has no model of, with the pci-generic options
 * that stand for their guest drivers' interrupt use (issue 22: nothing that
 * takes an interrupt is left out silently).  NULL: not in the table.
 */
struct conv_generic_dev {
	const char *qemu;   /* -device name */
	const char *opts;   /* pci-generic options, without bus/addr/id */
	const char *why;    /* the driver and what the options say, for the note */
};
const struct conv_generic_dev *conv_generic_find(const char *qemu);
/* A QEMU device that is no PCI function of its own (USB, SCSI, IDE, ISA devices, HDA codecs, memory) */
bool conv_not_pci(const char *qemu);
/* A function written as pci-generic: a note, and the count the header's last comment gives. */
__attribute__((format(printf, 2, 3)))
void conv_generic(struct conv *c, const char *fmt, ...);

/* The kernel line a kernel image or release names ("vmlinuz-6.1.0-56-amd64" -> "6.1"), or NULL. */
const char *conv_kernel_line(const char *image);

#endif
