/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * irqsim doctor: a real machine's vector space rebuilt from a snapshot.
 *
 * /proc and /sys do not show vectors, so the occupancy is inferred from what
 * they do show, with the kernel's rules (arch/x86/kernel/apic/vector.c,
 * kernel/irq/matrix.c): an irq that is started holds one vector on its
 * effective CPU; a managed irq reserves one on every CPU of its mask
 * (irq_matrix_reserve_managed), started or not; a non-managed irq that was
 * allocated but never requested only counts in global_reserved (reservation
 * mode).  The debugfs VECTOR file, when the snapshot has it, gives the
 * per-CPU figures exactly and the inference is checked against it.
 */
#ifndef IRQSIM_DOCTOR_H
#define IRQSIM_DOCTOR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "irq/cpumask.h"
#include "irq/matrix.h"
#include "kernel/version.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_scenario.h"

struct doc_irq {
	const struct snap_irq *q;
	const struct snap_pci *pci;   /* the function it belongs to (MSI), or NULL */
	bool vector_domain;           /* its chip sits on the x86 vector domain */
	bool managed;
	const char *managed_why;      /* how managed-ness was inferred */
	bool has_vector;              /* holds a vector on 'cpu' */
	bool reserved_only;           /* allocated, never requested: global_reserved */
	unsigned cpu;
	struct cpumask *mask;         /* parsed smp_affinity_list (possible CPUs if unknown) */
	/* the seeded matrix: where its vector is */
	unsigned bit;
};

struct doc_cpu {
	bool possible, online;
	int node;                     /* NUMA node, -1 unknown */
	unsigned managed;             /* managed reservations (allocated or not) */
	unsigned managed_alloc;       /* of which allocated */
	unsigned other;               /* non-managed allocations */
	int available;                /* usable - managed - other */
};

/* The debugfs VECTOR file (irq_matrix_debug_show) */
struct vector_dump {
	bool present;
	unsigned online_maps, global_available, global_reserved, total_allocated;
	unsigned nr;                  /* rows */
	struct { unsigned cpu, avl, man, mac, act; } *rows;
};

struct doc_finding {
	int severity;                 /* 2 problem, 1 warning, 0 note */
	char *id;                     /* "managed-crowding", "flags-mismatch", ... */
	char *text;                   /* what is seen, with numbers */
	char *fix;                    /* what to do, or NULL */
};

struct doc_capacity {
	const char *kind;             /* "virtio-blk-pci,num-queues=2" */
	int estimate;                 /* from the seeded matrix: devices on per-queue vectors */
	int simulated;                /* from the model run (plan), -1 if not simulated */
	int simulated_total;          /* devices probed before the first failure, -1 */
	bool sim_slots;               /* the model ran out of PCI slots before vectors */
	bool sim_vectors;             /* the model's first fallback found a CPU without a free vector */
	char limit[200];              /* what ran out first */
};

struct doctor {
	const struct snapshot *snap;
	enum kernel_line line;
	struct kernel_sel sel;        /* the line with the snapshot's (or --kernel's) point-release switches */
	char line_note[512];
	unsigned usable;              /* per CPU: alloc_size - system vectors inside it */
	unsigned alloc_end;
	unsigned nr_cpu_ids;
	struct cpumask possible, present, online;
	struct cpumask default_affinity; /* /proc/irq/default_smp_affinity (all CPUs if unknown) */
	struct doc_cpu *cpu;          /* [nr_cpu_ids] */
	struct doc_irq *irqs;
	size_t nr_irqs;
	unsigned global_available, total_allocated, global_reserved;
	unsigned managed_irqs, managed_started, managed_slots;
	struct vector_dump dump;
	bool seeded;                  /* the matrix has been seeded once (its notes are given) */
	struct irq_matrix *seed;      /* that seeding, copied for each use (doctor_seed_matrix) */
	/* notes on what was inferred */
	char **notes;
	size_t nr_notes;
	struct doc_finding *findings;
	size_t nr_findings;
	struct doc_capacity cap[4];
	size_t nr_cap;
	bool capacity_by_search;      /* tests: add devices one by one where the count can be computed */
	/* the model run of the snapshot's scenario (QEMU guests with modelled devices) */
	struct snap_scenario_info scn_info;
	char *scenario;               /* NULL if the snapshot cannot be described */
	bool simulated;               /* the scenario ran */
	unsigned sim_irqs_matched, sim_irqs_compared;
	char sim_mismatch[2048];       /* the first difference between model and snapshot */
	char **remedies;              /* the model's remedies that gain devices, best first */
	size_t nr_remedies;
	char **preflight;             /* preflight answer lines */
	size_t nr_preflight;
	int preflight_ok;             /* 1 yes, 0 refused/fails, -1 not asked */
};

int doctor_build(struct doctor *d, const struct snapshot *s, const char *kernel, char *err, size_t errlen);
void doctor_free(struct doctor *d);
/* Append a formatted line to a list of lines (notes, pre-flight answers, remedies). */
void doctor_vlist_push(char ***list, size_t *n, const char *fmt, va_list ap);
void doctor_list_push(char ***list, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void doctor_note(struct doctor *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doctor_finding(struct doctor *d, int severity, const char *id, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * A matrix holding the rebuilt occupancy (counts, not the real bit positions); NULL on 3.10.
 * It is held (snap_hold, freed if an allocation fails): snap_drop it before irq_matrix_destroy.
 */
struct irq_matrix *doctor_seed_matrix(struct doctor *d);
/* capacity.c: how many more devices of each common kind (and 'add', or NULL) fit on the seeded matrix; -1 on a bad spec */
int doctor_capacity(struct doctor *d, const char *add, char *err, size_t errlen);
/* findings.c: the seeds' patterns */
void doctor_findings(struct doctor *d);
/* preflight.c: offline=CPULIST | suspend | kdump[:CMDLINE]; -1 with err on a bad request */
int doctor_preflight(struct doctor *d, const char *what, char *err, size_t errlen);
/* simulate.c: run the snapshot's scenario; compare it with the snapshot; plan each kind */
void doctor_simulate(struct doctor *d, const char *kernel);
/* simulate.c: the model's remedies (plan --fixes) when something fell back or failed */
void doctor_remedies(struct doctor *d);
/* report/doctor.c */
int report_doctor(const struct doctor *d, int json, FILE *out, char *err, size_t errlen);
/*
 * doctor.c: everything the doctor finds on snap, in d: 0, or -1 with err
 * (d then freed); irqsim_doctor (report/doctor.c) prints it.
 */
struct irqsim_doctor_options;
int doctor_diagnose(struct doctor *d, const struct snapshot *snap, const struct irqsim_doctor_options *opt,
		    char *err, size_t errlen);

#endif
