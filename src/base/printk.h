/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every layer of the model writes as it runs, as the kernel's printk,
 * tracepoints and BUG() sit below all of its subsystems: the kernel log (the
 * dmesg view), the recorded event stream (the trace view), the causal chain
 * of the device being probed (the explain view), a BUG that kills the
 * machine, and the kernel line's behaviours the run met but irqsim does not
 * model.  The matrix, vector domain, irq core, PCI and the drivers call
 * these; none of them calls up into the machine's boot and timeline
 * (kernel/sim.c).  The records live in struct sim (kernel/sim.h), which the
 * views read.
 */
#ifndef IRQSIM_BASE_PRINTK_H
#define IRQSIM_BASE_PRINTK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "irq/matrix.h"

struct sim;

/*
 * One line of the recorded event stream (the trace view), 36 bytes: a
 * matrix tracepoint's fields as TP_printk prints them (the matrix keeps
 * every bit below 256 and every CPU below NR_CPUS), or a step marker.
 * trace_rec_matrix unpacks one; the views format them.
 */
enum trace_kind { TR_MATRIX, TR_MARKER };
struct trace_rec {
	uint8_t kind;         /* enum trace_kind */
	uint8_t ev;           /* enum matrix_event */
	uint8_t bit;
	uint8_t online;
	uint16_t cpu;
	uint16_t dev;         /* matrix_trace.dev (0 also past 65535 devices) */
	union {
		struct {
			uint32_t avl, alloc, managed, online_maps, global_avl, global_rsvd, total_alloc;
		} c;
		uint32_t marker;   /* TR_MARKER: index in trace_log.markers ("step 3 hotplug ...") */
	};
};

struct trace_log {
	struct trace_rec *recs;
	size_t nr, cap;
	char **markers;
	size_t nr_markers, cap_markers;
	bool enabled;         /* recording on (after tracing init) */
	/*
	 * No view of this run prints the stream (irqsim_options.omit has
	 * IRQSIM_OMIT_TRACE): nothing is recorded.
	 */
	bool omitted;
};

/* Kernel log (the dmesg view) */
enum log_level { LOG_ERR = 3, LOG_WARNING = 4, LOG_NOTICE = 5, LOG_INFO = 6, LOG_DEBUG = 7 };
struct log_line {
	enum log_level level;
	char *text;
};
struct klog {
	struct log_line *lines;
	size_t nr, cap;
};

/* Append a matrix tracepoint to the event stream (if recording): 0 or -ENOMEM. */
int trace_log_push(struct trace_log *tl, const struct matrix_trace *t);
/* Record i of the stream as the matrix gave it: 0, or -1 for a marker. */
int trace_rec_matrix(const struct trace_log *tl, size_t i, struct matrix_trace *out);
/* Record i's marker text, NULL for a matrix event. */
const char *trace_rec_marker(const struct trace_log *tl, size_t i);
void trace_log_free(struct trace_log *tl);

/* logging helpers (printf-like, one kernel message line each) */
void sim_log(struct sim *s, enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sim_marker(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Append a line to the causal chain of the device being probed (no-op
 * outside a probe, and when no view of the run prints the chains:
 * irqsim_options.omit has IRQSIM_OMIT_EXPLAIN).
 */
void sim_explain(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* sim_explain would record: a caller with costly arguments to work out asks first. */
bool sim_explaining(const struct sim *s);

/*
 * A BUG()/BUG_ON() in kernel code: log the oops lines and the panic, mark the
 * machine dead.  'function' is where it hit, 'trace' its callers (innermost
 * first, comma separated).
 */
void sim_kernel_bug(struct sim *s, const char *file, unsigned line, const char *function, const char *trace);

/*
 * A run reached a behaviour of its kernel line that irqsim does not model
 * (kernel_switches[i].modelled false, switch on for the line): remember it,
 * so the CLI can say the answer is the older line's.
 */
void sim_unmodelled(struct sim *s, const char *switch_name);

#endif
