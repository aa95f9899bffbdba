/* SPDX-License-Identifier: GPL-2.0-only */
/* The irqsim command's subcommands, one per file where they are large, and what they share. */
#ifndef IRQSIM_CLI_H
#define IRQSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "irqsim/irqsim.h"

int cmd_snapshot(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

/* util.c: one error style */
/* err on stderr as one line starting "irqsim: " (added unless err has it) */
void errmsg(const char *err);
/* The kernel lines irqsim has, "3.10, 4.18, ..." (oldest first), for messages */
const char *kernel_choices(void);
/* "irqsim: MESSAGE" and the line pointing at --help; returns 2, the exit status of a usage error */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* only the --help line (getopt has printed the message): 2 */
int try_help(void);
/* Did a write into out fail (its error flag)?  Called right after the failed call: errno is kept as the reason. */
int write_failed(FILE *out);
/* stdout closed and stderr flushed; a lost write reported ("irqsim: write error: REASON"): rc, or 1 */
int close_stdout(int rc);

/*
 * An output file (-O FILE, -o FILE) written beside FILE under a temporary
 * name and renamed over it only once all of it is written, so that a
 * failed write (disk full) leaves the old content.  Devices and FIFOs are
 * written in place.
 */
struct outfile {
	FILE *f;
	const char *path;  /* as given, for messages */
	char *target;      /* the file replaced (links followed) */
	char *tmp;         /* the temporary file, NULL when written in place */
};
/* 0, or -1 with a message printed */
int outfile_open(struct outfile *o, const char *path);
/* Close o; when rc is 0 and everything was written, FILE gets the new content.  rc, or 1 after a message. */
int outfile_close(struct outfile *o, int rc);
void outfile_free(struct outfile *o);

/*
 * input.c: where a command's machine comes from, the same for run,
 * compare, plan, sweep and doctor: a scenario FILE, --qemu 'COMMAND',
 * --qemu-args FILE, --libvirt DOMAIN.XML or --from-snapshot SNAPSHOT|DIR.
 */
enum source { SRC_FILE, SRC_QEMU, SRC_QEMU_ARGS, SRC_LIBVIRT, SRC_SNAPSHOT };
struct input {
	enum source src;
	const char *arg;               /* the FILE, COMMAND or SNAPSHOT */
	const char *opt;               /* the option that gave it, NULL for the FILE */
	const char *variant;           /* --variant NAME */
	const char *name;              /* the text's name in messages */
	struct irqsim_conversion conv; /* --qemu, --qemu-args, --libvirt: the converted text */
	bool no_ignored_note;          /* irqsim scenario: what was not modelled is in the text's comments only */
};
#define INPUT_OPTIONS                                                                                  \
	{ "from-snapshot", required_argument, NULL, 'S' }, { "qemu", required_argument, NULL, 'q' },   \
		{ "qemu-args", required_argument, NULL, 'Q' }, { "libvirt", required_argument, NULL, 'L' }
/* Take option c (S, q, Q, L) into in: true if it is one; *rc 2 with a message when a second source is given. */
bool input_option(int c, const char *cmd, struct input *in, int *rc);
/* The scenario FILE argument: exactly one when no other source is given, none otherwise.  0, or 2 with a message. */
int input_args(const char *cmd, struct input *in, int argc, char **argv);
/* The scenario text (all of a FILE's variants, converted text, a snapshot's scenario); NULL with a message. */
char *input_text(struct input *in, size_t *len);
/*
 * The scenarios of in: its text, or the variant --variant names; with all,
 * every variant of a file that has them when none is named.  0, or 2 with
 * a message (out is then empty); free out with irqsim_scenarios_free.
 */
int input_scenarios(struct input *in, int all, struct irqsim_scenarios *out);
/* An error about in's scenario printed: pointed back into the source (conversions) or named (snapshots). */
void input_error(const struct input *in, char *err, size_t errlen);
void input_free(struct input *in);

#endif
