/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Edits of a parsed scenario, the one editor of the what-if runs (fixes,
 * sweep, sizing): copy it, change the vCPU count, a kernel command-line
 * parameter or a device option without going back to the text.  Line
 * numbers of the edited directives stay those of the file, so a model error
 * still points at the line it came from.
 */
#ifndef IRQSIM_SCENARIO_EDIT_H
#define IRQSIM_SCENARIO_EDIT_H

#include <stddef.h>

#include "scenario/scenario.h"

/*
 * A deep copy of a parsed scenario, for a what-if run to edit while the
 * caller's stays as it is.  0, or -1 (out of memory: out is left empty).
 */
int scn_dup(const struct scenario *s, struct scenario *out);
/*
 * smp N: N vCPUs.  With a topology (sockets, dies, clusters, threads) the
 * cores per socket follow; hot-pluggable CPUs (maxcpus above cpus) keep their
 * number.  -1 with a message if N does not divide into the topology.
 */
int scn_edit_smp(struct scenario *s, unsigned cpus, char *err, size_t errlen);
/* NAME=VALUE on the kernel command line, replacing every NAME= already there. */
int scn_edit_cmdline(struct scenario *s, const char *name, const char *value);
/*
 * PARAM (NAME=VALUE or a bare word) appended to every cmdline line, the way
 * a remedy adds to the command line whatever is there already; with no
 * cmdline line, one holding PARAM alone.  The number of lines changed, or
 * -1 (out of memory).
 */
int scn_edit_cmdline_append(struct scenario *s, const char *param);
/*
 * PARAM removed from every cmdline line where it stands as a whole word
 * (nr_cpus=1, not nr_cpus=16): the number of lines changed.
 */
int scn_edit_cmdline_drop(struct scenario *s, const char *param);
/*
 * KEY=VALUE on device and hotplug lines (count= too): with a driver name, on
 * every line of that driver (the option is added where it is missing);
 * without, on every line that gives KEY.  Returns the number of lines
 * changed, or -1 (out of memory, bad count).
 */
int scn_edit_device_opt(struct scenario *s, const char *driver, const char *key, const char *value);
/* A QEMU -device spec with KEY=VALUE set (replaced or appended); malloc'd. */
char *spec_set_opt(const char *spec, const char *key, const char *value);
/* Does the spec give KEY=? */
int spec_has_opt(const char *spec, const char *key);

#endif
