/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef IRQSIM_REPORT_H
#define IRQSIM_REPORT_H

#include <stdio.h>

struct sim;
struct pci_dev;

int report_trace(struct sim *s, int json, FILE *out);
int report_dmesg(struct sim *s, int json, FILE *out);
int report_interrupts(struct sim *s, int json, FILE *out);
int report_affinity(struct sim *s, int json, FILE *out);
int report_vector(struct sim *s, int json, FILE *out);
int report_summary(struct sim *s, int json, FILE *out);
int report_steps(struct sim *s, int json, FILE *out);
int report_explain(struct sim *s, int json, FILE *out);
/* the snapshot `irqsim snapshot` would take of the simulated guest (JSON), and the doctor's view of it */
int report_snapshot(struct sim *s, FILE *out);
int report_sim_doctor(struct sim *s, int json, FILE *out);
void json_put_string(FILE *out, const char *str);
int report_map(struct sim *s, int json, FILE *out);
/* The irqs a device has requested (MSI vectors, then its INTx line): "24,25,26", "" if none. */
void report_irq_list(struct sim *s, const struct pci_dev *d, char *buf, size_t len);

#endif
