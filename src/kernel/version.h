/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel lines irqsim models.  Behavioural switches live in profile.c. */
#ifndef IRQSIM_KERNEL_VERSION_H
#define IRQSIM_KERNEL_VERSION_H

enum kernel_line {
	KERNEL_3_10,
	KERNEL_4_18,
	KERNEL_6_1,
	KERNEL_6_12,
};

/* Parse "6.1", "6.12", "4.18", "3.10"; returns -1 if unknown. */
int kernel_line_parse(const char *s, enum kernel_line *out);
/* The versions kernel_line_parse accepts, for messages */
#ifndef KERNEL_CHOICES
#define KERNEL_CHOICES "3.10, 4.18, 6.1, 6.12"
#endif
const char *kernel_line_name(enum kernel_line k);

#endif
