/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel lines irqsim models, oldest first (the enum order is the
 * release order).  Behavioural differences are never tested by comparing
 * lines: they are switches of struct kernel_profile (profile.h), each citing
 * the kernel function and the commit it comes from.
 */
#ifndef IRQSIM_KERNEL_VERSION_H
#define IRQSIM_KERNEL_VERSION_H

#include <stddef.h>
#include <stdint.h>

enum kernel_line {
	KERNEL_3_10,
	KERNEL_4_18,
	KERNEL_5_10,
	KERNEL_5_14,
	KERNEL_5_15,
	KERNEL_6_1,
	KERNEL_6_6,
	KERNEL_6_8,
	KERNEL_6_12,
	KERNEL_6_18,
	KERNEL_7_0,
	KERNEL_NR_LINES
};

/* How irqsim knows a line (shown to users next to the line's name) */
enum kernel_provenance {
	PROV_SEED_FIGURES,  /* "from the seed's figures" */
	PROV_SOURCE,        /* "from source and patches" */
	PROV_BOOT,          /* "verified by boot" */
};

/* Parse a line name ("6.1", "5.14", ...); returns -1 if unknown. */
int kernel_line_parse(const char *s, enum kernel_line *out);
/* The line names kernel_line_parse accepts, for messages */
#ifndef KERNEL_CHOICES
#define KERNEL_CHOICES "3.10, 4.18, 5.10, 5.14, 5.15, 6.1, 6.6, 6.8, 6.12, 6.18, 7.0"
#endif
/* Stable API (the JSON header and the reports use it): the line's name */
const char *kernel_line_name(enum kernel_line k);
/* ... and how it is known: "verified by boot", "from source and patches", "from the seed's figures" */
const char *kernel_line_provenance(enum kernel_line k);
enum kernel_provenance kernel_line_provenance_kind(enum kernel_line k);
/* The distributions that ship the line */
const char *kernel_line_distros(enum kernel_line k);

/*
 * A kernel as the user names it: a line plus the switches a point release
 * sets differently from the line's base (stable backports).  Bit i of
 * 'mask' overrides switch i of kernel_switches[] (profile.h) with bit i of
 * 'value'.
 */
struct kernel_sel {
	enum kernel_line line;
	uint64_t mask, value;
	char release[64];  /* what the user gave, if it was a release string; "" for a line name */
};

/*
 * Parse a line name or what `uname -r` prints ("5.14.0-427.13.1.el9_4.x86_64",
 * "6.8.0-45-generic", "6.1.0-57-amd64", "6.12.118+deb12-cloud-amd64").
 * note (if non-NULL) gets what irqsim made of a release string ("" for a
 * plain line name).  Returns -1 for a string that names no line irqsim has.
 */
int kernel_sel_parse(const char *s, struct kernel_sel *out, char *note, size_t notelen);
/* The name to show for a selection: the release if one was given, else the line */
const char *kernel_sel_name(const struct kernel_sel *sel);

#endif
