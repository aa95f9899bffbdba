/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How a scenario step's failure reads in the user's shell (busybox/bash
 * 'echo X > FILE'), so that step results compare with recorded ones.
 */
#ifndef IRQSIM_SHELL_H
#define IRQSIM_SHELL_H

#include <stddef.h>

/* glibc's strerror text for the errnos the kernel paths here return */
const char *shell_strerror(int err);

/*
 * The shell's message for 'echo ... > path' failing with -err: the open
 * ("can't create PATH: ...", ENOENT reads "nonexistent directory" as
 * busybox ash says it) or the write ("write error: ...").
 */
void shell_redirect_error(char *buf, size_t len, const char *path, int err, int at_open);

#endif
