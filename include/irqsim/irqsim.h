/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libirqsim public API.
 *
 * A caller loads a scenario (irqsim_scenario_load), runs it (irqsim_run),
 * and reads the result through the report functions, or plans, ranks fixes
 * and sweeps.  Build with `pkg-config --cflags --libs libirqsim`; see
 * examples/libirqsim-example.c.
 *
 * What a caller may rely on:
 *
 * Ownership.  irqsim_scenario_load and irqsim_run return objects the caller
 * owns and frees with irqsim_scenario_free and irqsim_free (both accept
 * NULL).  A scenario may be freed as soon as irqsim_run has returned: the
 * views, irqsim_compare_* and irqsim_free do not read it, nor the options.  Every other pointer
 * argument is only read during the call.  Output goes to the FILE given, in
 * the caller's buffering; the library never closes it.  Every function that
 * prints into a FILE flushes it before returning, and returns -1 when
 * something did not reach it (its error flag is set, or the flush failed:
 * disk full, a closed pipe), with "irqsim: write error: REASON" in err where
 * it takes one; 0 therefore means all of the output was written.
 *
 * Threads.  The library shares no mutable state between threads: different
 * scenarios and sims may be used from different threads at the same time;
 * one scenario may be run by several threads at once (it is only read); one
 * sim must not be used by two threads at once.  Reading "-" reads the
 * process's stdin.  libxml2 is initialised once, by the first
 * irqsim_from_libvirt of any thread, and the caller's libxml2 error
 * handlers are left as they were (tests/tsan: make tsan-check).
 *
 * NULL options.  Every options pointer (struct irqsim_options *,
 * irqsim_output *, irqsim_doctor_options *, and irqsim_sweep_request's opt)
 * may be NULL: the defaults.
 *
 * Out of memory.  An allocation failure anywhere inside a call ends it with
 * NULL or -1, errno ENOMEM and "irqsim: out of memory" in err (functions
 * without err: errno only), never with a different answer, and the library
 * never exits or aborts (tests/oom: make oom-check; tests/fuzz/fuzz_oom.c).
 *
 * Determinism.  The same scenario text, options and library version give the
 * same output byte for byte, whatever the machine, locale or time: no clock,
 * randomness or host topology enters the model.  (irqsim_snapshot_collect
 * reads the machine or tree it is pointed at; the same snapshot gives the
 * same doctor output.)
 *
 * Errors.  Functions that can fail return NULL or -1 and write one line,
 * without a newline, into the caller's err buffer (truncated to errlen):
 * "FILE:LINE:COL: message" for a bad scenario, "irqsim: ..." for a bad
 * request (an unknown column, a variant that does not exist).  They print
 * nothing to stdout or stderr themselves (one exception: the doctor view of
 * irqsim_report prints its own failure on stderr), and nothing to out when they fail
 * before printing (a bad column is found before the first byte).  A
 * scenario's own outcome (probe failures, a kernel panic) is not an error:
 * it is what the views show.
 *
 * Stability.  The opaque types (struct sim, struct scenario) have no
 * contents a caller may use.  The structs declared here (irqsim_options,
 * irqsim_output, irqsim_plan, irqsim_sweep_request) may gain fields at their
 * end, so initialise them with designated initialisers or memset; existing
 * fields keep their meaning within a soname (libirqsim.so.0).  enum values
 * are not renumbered; new views, tables and formats are added at the end.
 * Text output is for people and may change between versions.  JSON output
 * is one document per view and command, described by docs/schema/; within
 * its "irqsim"."format_version" keys (which are also the table columns'
 * names) are only added, never renamed, retyped or removed (README, "JSON
 * output and its stability").
 */
#ifndef IRQSIM_IRQSIM_H
#define IRQSIM_IRQSIM_H

#include <stddef.h>
#include <stdio.h>

struct sim;
struct scenario;

/*
 * How a table is printed, as util-linux's lsblk/lsirq do it.  All fields
 * zero (or NULL) is the default table; json alone is the default JSON.
 */
struct irqsim_output {
	int json;               /* -J: one JSON document (docs/schema/), keys and types fixed whatever the rest */
	int raw;                /* -r: one line a row, cells separated by one space, unaligned */
	int pairs;              /* -P: NAME="value" pairs, one row a line */
	int noheadings;         /* -n: no header line */
	const char *columns;    /* -o: "COL,COL" (that order) or "+COL,..." (added to the default), or NULL */
	const char *sort;       /* --sort: a column to order the rows by (numbers as numbers), or NULL */
	int csv;                /* --csv: comma-separated values under a line of the keys */
};

/*
 * -J, -r, -P and --csv exclude each other (as in lsirq): 0, or -1 with
 * "irqsim: options -J and -r are mutually exclusive" in err.  Every
 * function taking an irqsim_output checks this too.
 */
int irqsim_output_check(const struct irqsim_output *fmt, char *err, size_t errlen);

struct irqsim_options {
	const char *kernel;     /* override the scenario's kernel ("6.1"), or NULL */
	int check_invariants;   /* check the matrix after every scenario step */
	/* the table format irqsim_fixes and irqsim_sweep use, or NULL (their json argument decides) */
	const struct irqsim_output *format;
	/*
	 * Records the caller's views will not need, IRQSIM_OMIT_* or-ed (0
	 * keeps them all, so that any view can be asked afterwards): the trace
	 * view's event stream, the explain view's causal chains.  Leaving them
	 * out saves their time and memory (at 8192 CPUs the stream of one run
	 * can take hundreds of MB); irqsim_report on a view whose record was
	 * left out fails with "irqsim: the run did not record ...".  The
	 * kernel log (IRQSIM_OMIT_LOG) is what the dmesg, snapshot and doctor
	 * views print; each step's events and device counts
	 * (IRQSIM_OMIT_STEP_EVENTS) are what the steps, explain and map views
	 * show.  The
	 * summary's text quotes one line of a causal chain (its "cause:" line)
	 * and the map shows the chains of the devices selected: without the
	 * explanations the summary leaves that line out and the map says
	 * "(no chain recorded)"; every other figure is the same.
	 */
	unsigned omit;
};
#define IRQSIM_OMIT_TRACE 1u
#define IRQSIM_OMIT_EXPLAIN 2u
#define IRQSIM_OMIT_LOG 4u
#define IRQSIM_OMIT_STEP_EVENTS 8u

/*
 * Load a scenario file ("-": standard input).  A file with 'variant' lines
 * needs the name of one of them in variant; a file without needs NULL.
 * Returns a scenario the caller owns (free it with irqsim_scenario_free), or
 * NULL with a one-line message in err: "FILE:LINE:COL: message" for a bad
 * scenario, "cannot open FILE: ...", "irqsim: FILE: larger than 67108864
 * bytes" (a file is read up to 64 MiB) or "irqsim: FILE has no variant 'X'
 * (it has: A B)".
 */
struct scenario *irqsim_scenario_load(const char *path, const char *variant, char *err, size_t errlen);
void irqsim_scenario_free(struct scenario *scn);

/*
 * The scenarios a text holds (a file's contents, a converted command line or
 * domain, a snapshot's scenario): the text itself when it has no 'variant'
 * lines; else the variant named, or with variant NULL and all non-zero every
 * variant in file order.  name is the text's name in messages.  Returns the
 * number of scenarios (at least 1), each with its name (the variant's, or
 * name) and its own text, in out (free it with irqsim_scenarios_free); or
 * -1 with the same messages as irqsim_scenario_load in err.
 * irqsim_scenario_load is this on a file's contents with all zero.
 */
struct irqsim_scenarios {
	int variants;            /* the text has 'variant' lines */
	size_t n;
	struct scenario **scns;
	char **names;
	char **texts;            /* NUL-terminated */
	size_t *lens;
};
int irqsim_scenarios_parse(const char *name, const char *text, size_t len, const char *variant, int all,
			   struct irqsim_scenarios *out, char *err, size_t errlen);
void irqsim_scenarios_free(struct irqsim_scenarios *s);
/*
 * A file's contents ("-": standard input), NUL-terminated, as
 * irqsim_scenario_load reads it (at most 64 MiB): the caller frees it.
 * NULL with "cannot open FILE: ..." or the size message in err.
 */
char *irqsim_read_file(const char *path, size_t *len, char *err, size_t errlen);

/*
 * Build the machine a scenario describes and run its timeline.  Returns NULL
 * with a one-line "FILE:LINE:COL: message" in err on a bad scenario.
 */
struct sim *irqsim_run(const struct scenario *scn, const struct irqsim_options *opt, char *err, size_t errlen);
void irqsim_free(struct sim *s);

/*
 * Kernel lines.  irqsim_kernel_line_info(i, ...) describes line i (oldest
 * first; -1 past the last): its name ("6.1"), how irqsim knows it ("verified
 * by boot", "from source and patches", "from the seed's figures") and the
 * distributions that ship it.  irqsim_kernel_resolve maps a line name or a
 * `uname -r` string to its line (0) or fails (-1); note gets what irqsim
 * made of a release (point-release switches, RHEL/Ubuntu caveats).
 * irqsim_sim_kernel gives a finished simulation's line and provenance.
 */
struct irqsim_kernel_line {
	const char *name;
	const char *provenance;
	const char *distros;
	const char *reference_release;
};
int irqsim_kernel_line_info(size_t i, struct irqsim_kernel_line *out);
int irqsim_kernel_resolve(const char *kernel, struct irqsim_kernel_line *out, char *note, size_t notelen);
void irqsim_sim_kernel(const struct sim *s, struct irqsim_kernel_line *out);
/* `irqsim kernels`: the lines, their provenance and distributions, and each line's switches (verbose) */
int irqsim_kernels_print(int verbose, int json, FILE *out);
/*
 * The same with a table format (fmt NULL: the default): one row per line
 * (IRQSIM_TABLE_KERNELS); switches adds the switches column (unless
 * fmt->columns is set) and, in JSON, every switch's description.  -1 with
 * err on an unknown column or a write error.
 */
int irqsim_kernels_format(int switches, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
/*
 * Behaviours of the simulation's kernel line that irqsim does not model and
 * that the run met (one line each, newline-terminated); returns their count.
 */
unsigned irqsim_unmodelled_notes(const struct sim *s, char *buf, size_t len);

enum irqsim_view {
	IRQSIM_VIEW_SUMMARY,
	IRQSIM_VIEW_INTERRUPTS,
	IRQSIM_VIEW_VECTOR,
	IRQSIM_VIEW_TRACE,
	IRQSIM_VIEW_DMESG,
	IRQSIM_VIEW_AFFINITY,
	IRQSIM_VIEW_STEPS,      /* each step's outcome as the shell saw it */
	IRQSIM_VIEW_EXPLAIN,    /* where the space went; each fallback's and failure's causal chain */
	IRQSIM_VIEW_SNAPSHOT,   /* the JSON snapshot `irqsim snapshot` would take of this guest */
	IRQSIM_VIEW_DOCTOR,     /* `irqsim doctor` on that snapshot */
	IRQSIM_VIEW_MAP,        /* HTML page: CPUs x vectors grid, devices, per-step timeline (no JSON form) */
	IRQSIM_VIEW_IRQDEBUG,   /* /sys/kernel/debug/irq/irqs/N of each irq (6.1, 6.12) */
	IRQSIM_VIEW_KSTATE,     /* matrix and irq state after boot and every step, as kstate.txt (no JSON form) */
};

/*
 * Print a view as text, or as JSON when json is non-zero.  0 or -1.  Text
 * has control characters and invalid UTF-8 from inputs replaced by '?'.
 */
int irqsim_report(struct sim *s, enum irqsim_view view, int json, FILE *out);
/*
 * The same with a table format (fmt NULL: the default).  The column, sort,
 * raw, pairs and no-headings settings apply to the table views (summary,
 * interrupts, affinity: the last two keep their /proc form unless one of
 * these is set); asking them of another view, or naming an unknown column, is an
 * error: -1 with "irqsim: unknown column 'X' (columns: ...)" in err, and
 * nothing printed.
 */
int irqsim_report_format(struct sim *s, enum irqsim_view view, const struct irqsim_output *fmt, FILE *out, char *err,
			 size_t errlen);

/* The tables whose columns irqsim_format.columns and .sort may name */
enum irqsim_table {
	IRQSIM_TABLE_SUMMARY,    /* run: the devices table of the summary view */
	IRQSIM_TABLE_AFFINITY,   /* run --view affinity */
	IRQSIM_TABLE_COMPARE,    /* compare, and run on a file of variants */
	IRQSIM_TABLE_FIXES,      /* plan --fixes */
	IRQSIM_TABLE_SWEEP,      /* sweep */
	IRQSIM_TABLE_SWEEP_PLAN, /* sweep --add */
	IRQSIM_TABLE_INTERRUPTS, /* run --view interrupts (the table form, as lsirq) */
	IRQSIM_TABLE_KERNELS,    /* kernels: one row per kernel line */
};
/* Print a table's columns, one a line: NAME  what it shows.  0 or -1. */
int irqsim_columns_print(enum irqsim_table table, FILE *out);

/*
 * One row per finished run (a scenario's variants, or one scenario on
 * several kernels): devices per interrupt mode, where each fallback starts,
 * the matrix totals.  The first column ("run") is the label; 'what' says
 * what the runs are: "VARIANT" (a file's variants: a run's summary) or
 * anything else (compare).
 */
int irqsim_compare_print(const char *what, const char *const *labels, struct sim *const *sims, size_t n, int json,
			 FILE *out);
/* The same with a table format; -1 with err on an unknown column. */
int irqsim_compare_format(const char *what, const char *const *labels, struct sim *const *sims, size_t n,
			  const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);

/*
 * The map view of several runs side by side (a file's variants, or one
 * scenario on several kernels): one HTML page, the same cells and scales.
 * 0, or -1 with "irqsim: out of memory" in err.
 */
int irqsim_map_compare(const char *const *labels, struct sim *const *sims, size_t n, FILE *out, char *err,
		       size_t errlen);

/*
 * Keep every step's cells for the map view in the runs this thread makes
 * from now on (on), or stop (off): the map's step control draws any step,
 * which no other view pays for.  Off by default.
 */
void irqsim_map_record_steps(int on);

/*
 * What the next runs of this thread keep for the irqdebug view
 * (IRQSIM_VIEW_IRQDEBUG): one irq (-1: every irq) after one step (-1: at the
 * end, steps counted from boot = 1).  Call before irqsim_run.
 */
void irqsim_irqdebug_select(long irq, long after_step);

/*
 * Keep (on non-zero) the state the kstate view (IRQSIM_VIEW_KSTATE) prints:
 * the matrix and every irq after boot (step 0) and after every step, in the
 * format of the conformance goldens' kstate.txt.  Call before irqsim_run;
 * it replaces an irqdebug selection (and that one this).
 */
void irqsim_kstate_select(int on);

/*
 * Capacity plan: run the scenario, then hot-add devices of kind 'spec'
 * (QEMU -device syntax, no id/bus/addr) one at a time until the first probe
 * failure or 'max' devices.  count[] and first[] are indexed by enum
 * irqsim_mode.
 */
enum irqsim_mode {
	IRQSIM_MODE_NONE,       /* no driver bound */
	IRQSIM_MODE_PER_VQ,     /* virtio: a vector per queue */
	IRQSIM_MODE_SHARED,     /* virtio: queues share one vector */
	IRQSIM_MODE_INTX,       /* the legacy INTx line */
	IRQSIM_MODE_FAILED,     /* the probe failed */
	IRQSIM_MODE_REMOVED,    /* unplugged */
	IRQSIM_MODE_MSIX,       /* other drivers: MSI-X */
	IRQSIM_MODE_MSI,        /* other drivers: MSI */
};
#define IRQSIM_PLAN_MODES 8
struct irqsim_plan {
	unsigned added;
	unsigned count[IRQSIM_PLAN_MODES];
	int first[IRQSIM_PLAN_MODES];       /* index of the first device in each mode, -1 */
	int have_fallback;
	int first_fallback;                 /* first device not in per-vq mode */
	int first_full_cpu;                 /* lowest CPU with no free vector then, -1 */
	unsigned fallback_global_available;
	unsigned start_global_available, end_global_available, end_total_allocated;
	int fail_errno;
	char stop_reason[200];
	int stop_slots;                     /* stopped because no PCI slot was left */
	/* host budget ('host kvm' in the scenario): KVM GSI routes */
	int host;
	unsigned routes_max, routes_start, routes_end;
	int first_route_short;              /* first device whose vectors find no free route, -1 */
	char kernel[16];                    /* the kernel line the plan ran on ("6.1") */
};
int irqsim_plan(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned max,
		struct irqsim_plan *out, char *err, size_t errlen);
int irqsim_plan_print(const struct irqsim_plan *p, const char *spec, int json, FILE *f);

/*
 * plan --fixes: run the scenario (given as text) as it is and with each known
 * remedy that applies to it (no managed affinity, one queue per disk,
 * virtio_blk.num_request_queues=1, twice the vCPUs, a newer kernel,
 * dropping pcie_aspm=off), and print them ranked by devices that keep
 * MSI/MSI-X vectors, with their side effects.  0, or -1 with err.
 */
int irqsim_fixes(const char *filename, const char *text, size_t len, const struct irqsim_options *opt, int json,
		 FILE *out, char *err, size_t errlen);

/*
 * Sizing advice (plan --keep N): for each queue setting irqsim knows for the
 * device's driver, the largest value that keeps 'want' devices of 'spec' on
 * per-queue vectors, and how many fit at each value.  0, or -1 with err.
 */
int irqsim_sizing(const char *filename, const char *text, size_t len, const struct irqsim_options *opt,
		  const char *spec, unsigned want, int json, FILE *out, char *err, size_t errlen);

/*
 * irqsim sweep: the scenario run for every combination of the varied
 * settings.  Each 'vary' entry is KEY=VALUES: KEY is smp (vCPUs), kernel, a
 * kernel command-line parameter (any name with a dot, e.g.
 * virtio_blk.num_request_queues, or a boot parameter irqsim models) or a
 * device option (set on every device line that gives it, and on 'add').
 * VALUES is a comma list of values and ranges A..B, A..B:STEP, A..B*FACTOR.
 * With 'add', each cell is a capacity plan (irqsim_plan) for that device.
 */
enum irqsim_format { IRQSIM_FORMAT_TABLE, IRQSIM_FORMAT_JSON, IRQSIM_FORMAT_CSV };
struct irqsim_sweep_request {
	const char *filename;            /* for messages */
	const char *text;                /* the scenario text */
	size_t len;
	const struct irqsim_options *opt;
	const char *const *vary;
	size_t nr_vary;
	const char *add;                 /* device spec to plan for, or NULL */
	unsigned max;                    /* plan limit per cell */
	enum irqsim_format format;
};
int irqsim_sweep(const struct irqsim_sweep_request *rq, FILE *out, char *err, size_t errlen);

/*
 * Snapshots of real machines (irqsim snapshot / doctor).  A snapshot is read
 * from files laid out as on a live system below a root directory ("/" is
 * the machine itself; a sosreport or recorded tree works the same), or from
 * the JSON document irqsim_snapshot_write produced.  Nothing is opened for
 * writing.  Below a root other than "/" every path resolves inside it (its
 * symlinks cannot lead out), only regular files are read, and reading is
 * bounded (64 MiB a file, 512 MiB and 4 Mi files, directories and entries in
 * all); what was not read is listed in the snapshot, never fatal.
 * All functions return 0, or -1 with a one-line message in err
 * ("FILE:LINE:COL: message" for a bad JSON snapshot).
 */
struct snapshot;
int irqsim_snapshot_collect(const char *root, struct snapshot **out, char *err, size_t errlen);
int irqsim_snapshot_load(const char *path, struct snapshot **out, char *err, size_t errlen);
int irqsim_snapshot_write(const struct snapshot *snap, FILE *out);
/* The snapshot `irqsim snapshot` would take inside the guest a finished run describes (the doctor's input). */
int irqsim_snapshot_of_sim(struct sim *sim, struct snapshot **out);
void irqsim_snapshot_free(struct snapshot *snap);

/*
 * The scenario a snapshot describes (kernel line, machine, CPUs, command
 * line, the PCI devices irqsim models with their queue counts), as scenario
 * text the caller frees; NULL with err when the machine cannot be described
 * (not x86, no CPUs).  What could not be carried over is listed in comments.
 */
char *irqsim_snapshot_scenario(const struct snapshot *snap, char *err, size_t errlen);

/*
 * irqsim doctor: rebuild the vector space of a snapshot, its headroom per
 * CPU and in total, how many more devices of common kinds fit, and the
 * known failure patterns with what to do.  'preflight' (or NULL) asks
 * about a change before the kernel refuses it: "offline=CPULIST",
 * "suspend", "kdump" or "kdump:CMDLINE".
 */
struct irqsim_doctor_options {
	const char *preflight;
	const char *kernel;        /* model this kernel line instead of the snapshot's */
	int no_model;              /* inference and the rebuilt matrix only: no model run, plans or remedies */
	const char *add;           /* also size this device ("virtio-blk-pci,num-queues=8"), or NULL */
};
int irqsim_doctor(const struct snapshot *snap, const struct irqsim_doctor_options *opt, int json, FILE *out,
		  char *err, size_t errlen);

/*
 * Scenario text from a QEMU command line (irqsim_from_qemu: the command as a
 * shell would read it, possibly with backslash-newlines, environment
 * assignments or a libvirt log around it) or a libvirt domain XML
 * (irqsim_from_libvirt).  What irqsim does not model is left out, named in
 * comments of the text and summed up in 'ignored'.  Both return 0, or -1
 * with "NAME:LINE:COL: message" in err.
 */
struct irqsim_conversion {
	char *text;             /* the scenario, ready for scenario_parse */
	size_t len;
	char *ignored;          /* one line naming what was not modelled, or NULL */
	char *name;             /* the source's name */
	void *map;              /* private: where each generated line came from */
	size_t nr_map;
	unsigned hdr_lines;
};
int irqsim_from_qemu(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
		     size_t errlen);
int irqsim_from_libvirt(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
			size_t errlen);
/* An error "NAME:LINE:COL: message" about the generated text, rewritten in place to point into the source. */
void irqsim_conversion_remap(const struct irqsim_conversion *c, char *err, size_t errlen);
void irqsim_conversion_free(struct irqsim_conversion *c);

#endif
