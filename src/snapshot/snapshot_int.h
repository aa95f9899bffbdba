/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the snapshot readers (collector, JSON, /proc parsers). */
#ifndef IRQSIM_SNAPSHOT_INT_H
#define IRQSIM_SNAPSHOT_INT_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irq/cpumask.h"
#include "lib/nomem.h"
#include "lib/grow.h"
#include "snapshot/snapshot.h"

/* Input bounds: beyond them the input is refused or cut, never trusted. */
#define SNAP_MAX_CPUS NR_CPUS
#define SNAP_MAX_IRQS 65536u
#define SNAP_MAX_PCI 65536u
#define SNAP_MAX_DMESG 200000u

/* Where snap_oom returns to: the innermost snap_oom_call of this thread (api.c) */
extern _Thread_local jmp_buf *snap_oom_jmp;

/* What the innermost snap_oom_call's callees hold released, then back to it (api.c) */
_Noreturn void snap_oom_jump(void);

/* Allocation failure in the snapshot code: back to the entry point, which says "out of memory". */
static inline void *snap_oom(void *p)
{
	if (!p) {
		nomem();
		if (snap_oom_jmp)
			snap_oom_jump();
		/* an entry point that forgot snap_oom_call: still a message, never a NULL dereference */
		fputs("irqsim: out of memory\n", stderr);
		abort();
	}
	return p;
}
static inline void *xmalloc(size_t n) { return snap_oom(malloc(n ? n : 1)); }
static inline void *xrealloc(void *p, size_t n) { return snap_oom(realloc(p, n ? n : 1)); }
static inline void *xreallocarray(void *p, size_t n, size_t size) { return snap_oom(reallocarray(p, n ? n : 1, size)); }
static inline char *xstrdup(const char *s) { return snap_oom(strdup(s)); }
/* Room for element n of an array filled one at a time (lib/grow.h: doubled, not grown by one) */
static inline void *xgrow(void *p, size_t n, size_t size) { return snap_oom(array_grow(p, n, size)); }

/* Remove trailing white space in place; returns s. */
char *snap_strip(char *s);
void snap_note_unread(struct snapshot *s, const char *path, const char *why);
/* A note on the input, taken over (freed with the snapshot). */
void snap_add_note(struct snapshot *s, char *note);
/* Free an irq entry's strings (snapshot_free's, and snap_hold's for an entry being read) */
void snap_irq_release(void *q);
void snap_sort_cpus(struct snapshot *s);
void snap_sort_irqs(struct snapshot *s);
void snap_sort_msi_irqs(struct snap_pci *p);
void snap_sort_pcis(struct snapshot *s);
/* The irq in v[lo..hi), sorted by irq number, or NULL. */
struct snap_irq *snap_irq_search(struct snap_irq *v, size_t lo, size_t hi, unsigned irq);
/* Mark the CPUs of 'cpulist' as belonging to NUMA node 'node'. */
void snap_set_node(struct snapshot *s, int node, const char *cpulist);
void snap_add_param(struct snapshot *s, const char *name, const char *value);
/* Split a kernel log into lines (dmesg text or /dev/kmsg records). */
void snap_set_dmesg(struct snapshot *s, const char *text);
/* The live kernel log from /dev/kmsg (non-blocking), or NULL (noted). */
char *snap_read_kmsg(struct snapshot *s);
/* lspci -nnvv text (sosreport) into s->pcis; -1 with "LINE:COL: message" */
int snapshot_parse_lspci(struct snapshot *s, const char *text, char *err, size_t errlen);
/* Each MSI irq of /proc/interrupts to its function, by chip name or hwirq (when sysfs lacked msi_irqs) */
void snapshot_attach_msi_irqs(struct snapshot *s);
/* MSI/MSI-X/PCIe capabilities from config space bytes. */
void snap_pci_parse_config(struct snap_pci *p, const unsigned char *cfg, size_t len);

/*
 * open(2) of 'rel' below the directory 'rootfd', never leaving it (inroot.c):
 * symlinks, absolute ones and ".." included, resolve as if rootfd were "/".
 * snap_openat2_in_root uses openat2 (RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS);
 * snap_walk_in_root does the same walk itself with O_NOFOLLOW, for kernels
 * (or seccomp filters) without openat2: snap_openat2_usable tells which.
 */
int snap_openat2_in_root(int rootfd, const char *rel, int flags);
int snap_walk_in_root(int rootfd, const char *rel, int flags);
bool snap_openat2_usable(int rootfd);

/*
 * The collector's bounds (docs/robustness.md, Limits); the fuzzer and the
 * unit tests lower them, and force the walk instead of openat2.
 */
struct snap_collect_limits {
	unsigned long long file_bytes;  /* one file: the rest is cut, noted */
	unsigned long long total_bytes; /* all files under the root together */
	unsigned long long visits;      /* files and directories opened plus directory entries read */
	bool walk;                      /* resolve with snap_walk_in_root even where openat2 works */
};
#define SNAP_MAX_FILE (64ull << 20)
#define SNAP_MAX_TOTAL (512ull << 20)
#define SNAP_MAX_VISITS (4ull << 20)
int snapshot_collect_limited(const char *root, struct snapshot *out, char *err, size_t errlen,
			     const struct snap_collect_limits *lim);

#endif
