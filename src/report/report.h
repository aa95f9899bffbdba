/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef IRQSIM_REPORT_H
#define IRQSIM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sim;
struct pci_dev;
struct irqsim_output;

#include "report/table.h"

/* The document of a view of s: report_doc("run", view, s's kernel line) */
json_t *report_sim_doc(const struct sim *s, const char *view);
/*
 * Print a table view of s and free the table: the text table, or the
 * document {"irqsim": ..., key: [rows]}.  0 or -1 with err.
 */
int report_table_finish(struct report_table *tb, struct sim *s, const char *view, const char *key,
			const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);

/* The views: 0, or -1 with err; fmt is never NULL.  irqsim_report_format filters their text. */
int report_trace(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_dmesg(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_interrupts(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_affinity(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_vector(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_summary(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_steps(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_explain(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
/* A line for the summary and explain views when several nvme controllers probed in one step: their real order
 * varies from boot to boot, irqsim's is canonical.  Nothing otherwise. */
void report_concurrency_note(const struct sim *s, FILE *out);
/* the snapshot `irqsim snapshot` would take of the simulated guest (JSON), and the doctor's view of it */
int report_snapshot(struct sim *s, FILE *out);
int report_sim_doctor(struct sim *s, int json, FILE *out, char *err, size_t errlen);
int report_map(struct sim *s, int json, FILE *out);
/*
 * What a step did to the interrupts (kernel/step_events.c): event k as a text
 * line, with the devices after it that ended the same way (the number of
 * events the line covers), or all of them as a JSON array of objects.
 */
struct step_snapshot;
size_t report_step_event_text(const struct step_snapshot *sn, size_t k, FILE *out);
json_t *report_step_events_json(const struct step_snapshot *sn);
/* The irqs a device has requested (MSI vectors, then its INTx line), as a JSON array */
json_t *report_irq_list(struct sim *s, const struct pci_dev *d);
/* The same as text: "24,25,26", "" if none */
void report_irq_text(struct sim *s, const struct pci_dev *d, char *buf, size_t len);

extern const struct report_column report_summary_columns[];
extern const size_t report_summary_nr_columns;
extern const struct report_column report_interrupts_columns[];
extern const size_t report_interrupts_nr_columns;
extern const struct report_column report_affinity_columns[];
extern const size_t report_affinity_nr_columns;
extern const struct report_column report_compare_columns[];
extern const size_t report_compare_nr_columns;
extern const struct report_column report_fixes_columns[];
extern const size_t report_fixes_nr_columns;
extern const struct report_column report_kernels_columns[];
extern const size_t report_kernels_nr_columns;
int sweep_columns_print(bool plan, FILE *out);

/* The what-if results (whatif/whatif.h) as tables or text: 0, or -1 with err. */
struct whatif_fixes;
struct whatif_sizing;
int report_fixes(const struct whatif_fixes *fx, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_sizing(const struct whatif_sizing *z, const char *spec, int json, FILE *out, char *err, size_t errlen);

#endif
