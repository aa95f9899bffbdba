/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading a whole input file, with a bound on its size. */
#ifndef IRQSIM_LIB_READFILE_H
#define IRQSIM_LIB_READFILE_H

#include <stddef.h>

/* Scenarios, QEMU command lines, libvirt XML: 64 MiB is far above any real one */
#define INPUT_MAX_BYTES ((size_t)64 << 20)

/*
 * The contents of path ("-": standard input), NUL-terminated, in a buffer
 * the caller frees; its length (without the NUL) in *len.  A file of more
 * than max bytes is refused, never cut: NULL with "irqsim: NAME: larger
 * than MAX bytes" in err, found after reading at most max + 1 bytes (a
 * regular file's size is checked first), so /dev/zero is refused at once.
 * Other failures: "cannot open NAME: ...", "cannot read NAME: ..." and
 * "irqsim: out of memory" (errno ENOMEM).
 */
char *read_file_capped(const char *path, size_t max, size_t *len, char *err, size_t errlen);

#endif
