/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The what-if analyses: a scenario run again with something changed or
 * added, through the same model as `irqsim run`.  Each takes a parsed
 * scenario and the run options, fills a result struct and returns 0, or -1
 * with a one-line message in err; none prints (report/ does: plan.c,
 * fixes.c, sizing.c, sweep.c there) and none keeps a pointer to its inputs.
 * They sit above the model core (kernel/) and below the doctor and the
 * reports, which read the results.
 */
#ifndef IRQSIM_WHATIF_H
#define IRQSIM_WHATIF_H

#include <stdbool.h>
#include <stddef.h>

#include "irqsim/irqsim.h"

struct scenario;
struct sim;
struct sim_stats;

/*
 * What one finished run came to, as compare, sweep and fixes show it (the
 * outcome columns of report/outcome.h): its devices with a driver by
 * interrupt mode, where each fallback starts, the vector matrix.
 */
struct whatif_outcome {
	unsigned per_vq, shared, intx, failed;
	unsigned msix;            /* other drivers' devices on MSI-X or MSI */
	unsigned msi_devices;     /* devices that keep MSI/MSI-X vectors: per_vq + shared + msix */
	bool all_msix;            /* every device with a driver got message-signalled vectors */
	int first_shared, first_intx, first_failed; /* index among devices with a driver, -1 */
	unsigned allocated;       /* vectors allocated (3.10: its vector_irq tables') */
	unsigned managed_rsvd;    /* vectors held by managed reservations */
	unsigned available;       /* global_available */
	unsigned min_cpu_avl;     /* free vectors on the emptiest CPU */
	unsigned unplug_pending;  /* unplugs that never completed */
	bool panicked;            /* the run hit a kernel BUG */
};
/* The outcome of s; st (if not NULL) gets the figures it came from (stats.c). */
void whatif_outcome(struct sim *s, struct sim_stats *st, struct whatif_outcome *o);

/*
 * plan --add (plan.c): irqsim_plan, optionally stopping at the first device
 * that is not on per-queue (or full MSI-X) vectors.
 */
int whatif_plan(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned max,
		bool stop_at_fallback, struct irqsim_plan *out, char *err, size_t errlen);

/* plan --fixes (fixes.c): the scenario as it is, then each remedy that applies, best first. */
struct whatif_fix {
	const char *remedy;       /* "(as is)" for row 0, else the remedy's name (static) */
	const char *side_effect;  /* what it costs; why it does not apply; NULL for row 0 (static) */
	bool applies;             /* false: the scenario refuses it (no figures) */
	int gained;               /* msi_devices compared with row 0 (devices left out on purpose count) */
	struct whatif_outcome o;  /* the run with the remedy */
};
#define WHATIF_MAX_FIXES 16
struct whatif_fixes {
	char kernel[16];          /* the kernel line of the scenario as it is ("6.1") */
	size_t nr;                /* rows: row 0 is the scenario as it is */
	struct whatif_fix rows[WHATIF_MAX_FIXES];
};
int whatif_fixes(const struct scenario *scn, const struct irqsim_options *opt, struct whatif_fixes *out, char *err,
		 size_t errlen);

/* plan --keep N (sizing.c): per queue setting of the device's driver, the capacity at each value tried. */
struct whatif_try {
	unsigned value;
	unsigned fit;             /* devices on per-queue vectors before the first fallback (up to want) */
	bool refused;             /* the model refused this value */
};
struct whatif_knob {
	const char *name;         /* "num-queues", "virtio_blk.num_request_queues" (static) */
	const char *why;          /* what it sets (static) */
	bool cmdline;             /* a kernel command-line parameter, else a device property */
	int largest;              /* index in tries of the largest value that keeps want, -1 */
	int top;                  /* index of the value that fits most, -1 if every value was refused */
	struct whatif_try *tries;
	size_t nr_tries;
};
struct whatif_sizing {
	unsigned want;
	unsigned cpus;            /* the VM's possible CPUs */
	char kernel[16];
	struct whatif_knob *knobs;
	size_t nr_knobs;
};
int whatif_sizing(const struct scenario *scn, const struct irqsim_options *opt, const char *spec, unsigned want,
		  struct whatif_sizing *out, char *err, size_t errlen);
void whatif_sizing_free(struct whatif_sizing *z);

/* sweep (sweep.c): every combination of the --vary axes, each cell a run or (with add) a plan. */
enum whatif_axis_kind { AX_SMP, AX_KERNEL, AX_CMDLINE, AX_DEVICE };
struct whatif_axis {
	char *key;                /* as given: "smp", "virtio-blk-pci:num-queues" */
	char *driver;             /* AX_DEVICE with a DRIVER: prefix, else NULL */
	const char *opt;          /* the option name (key without the prefix) */
	enum whatif_axis_kind kind;
	bool numeric;             /* every value an integer (smp always) */
	char **values;
	size_t nr;
};
struct whatif_cell {
	char *error;              /* the model refused the combination (no figures) */
	struct whatif_outcome o;  /* without add: the run */
	struct irqsim_plan plan;  /* with add */
};
struct whatif_sweep {
	struct whatif_axis *axes;
	size_t nr_axes;
	bool plan;                /* cells are plans (add) */
	bool vary_kernel;         /* an axis is the kernel */
	struct whatif_cell *cells; /* row-major: the last axis varies fastest */
	size_t nr_cells;
};
#define WHATIF_SWEEP_MAX_AXES 16
/*
 * A sweep in three steps, so that a caller can refuse a bad table column
 * between the checks and the runs: whatif_sweep_axes parses the --vary
 * arguments (before the scenario is read, so their errors come first),
 * whatif_sweep_check that each device option names a device of the
 * scenario or the add spec, whatif_sweep_run runs every cell.  Each is 0,
 * or -1 with err; free sw with whatif_sweep_free in every case.
 */
int whatif_sweep_axes(const char *const *vary, size_t nr_vary, struct whatif_sweep *sw, char *err, size_t errlen);
int whatif_sweep_check(const struct scenario *scn, const char *add, struct whatif_sweep *sw, char *err,
		       size_t errlen);
int whatif_sweep_run(const struct scenario *scn, const struct irqsim_options *opt, const char *add, unsigned max,
		     struct whatif_sweep *sw, char *err, size_t errlen);
/* The value index of each axis in cell r. */
void whatif_sweep_combination(const struct whatif_sweep *sw, size_t r, size_t *idx);
void whatif_sweep_free(struct whatif_sweep *sw);

#endif
