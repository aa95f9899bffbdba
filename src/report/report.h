/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef IRQSIM_REPORT_H
#define IRQSIM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sim;
struct pci_dev;
struct irqsim_output;
struct libscols_table;

/*
 * One column of a table view: its header, what it shows (--list-columns),
 * its JSON type (SCOLS_JSON_*) and libsmartcols flags.  'extra' columns are
 * printed only when -o names them.
 */
struct report_column {
	const char *name;
	const char *help;
	int json_type;
	int flags;
	bool extra;
};

/*
 * A table with the given columns, set up for fmt (JSON, raw, pairs, no
 * headings, extra columns hidden).  NULL with err on an unknown column in
 * fmt->columns or fmt->sort, before anything is printed.  Fill its lines by
 * column index in definition order, then print with report_table_print.
 */
struct libscols_table *report_table_new(const char *name, const struct report_column *cols, size_t n,
					const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
/* Select and order the -o columns, sort, print, free the table. */
void report_table_print(struct libscols_table *tb, const struct irqsim_output *fmt);
/* Does fmt ask for more than the default table or JSON? */
bool report_format_custom(const struct irqsim_output *fmt);
void report_columns_print(const struct report_column *cols, size_t n, FILE *out);

int report_trace(struct sim *s, int json, FILE *out);
int report_dmesg(struct sim *s, int json, FILE *out);
int report_interrupts(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_affinity(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_vector(struct sim *s, int json, FILE *out);
int report_summary(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen);
int report_steps(struct sim *s, int json, FILE *out);
int report_explain(struct sim *s, int json, FILE *out);
/* the snapshot `irqsim snapshot` would take of the simulated guest (JSON), and the doctor's view of it */
int report_snapshot(struct sim *s, FILE *out);
int report_sim_doctor(struct sim *s, int json, FILE *out);
void json_put_string(FILE *out, const char *str);
int report_map(struct sim *s, int json, FILE *out);
/* The irqs a device has requested (MSI vectors, then its INTx line): "24,25,26", "" if none. */
void report_irq_list(struct sim *s, const struct pci_dev *d, char *buf, size_t len);

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
int sweep_columns_print(bool plan, FILE *out);

#endif
