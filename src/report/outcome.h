/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The outcome columns: what a finished run came to (struct whatif_outcome),
 * as compare, sweep and fixes show it.  Each column is defined once here
 * (key, meaning, type); a table lists the ones it shows, in its own order,
 * as REPORT_OUTCOME(key, nullable), and report_outcome_set fills all of
 * them in a row (a table prints only its own columns).
 */
#ifndef IRQSIM_REPORT_OUTCOME_H
#define IRQSIM_REPORT_OUTCOME_H

#include "report/table.h"

struct whatif_outcome;

#define REPORT_OUTCOME_per_vq "virtio devices with a vector per queue", RT_NUMBER
#define REPORT_OUTCOME_shared "virtio devices sharing one vector", RT_NUMBER
#define REPORT_OUTCOME_intx "devices on INTx", RT_NUMBER
#define REPORT_OUTCOME_msix "other drivers' devices on MSI-X or MSI", RT_NUMBER
#define REPORT_OUTCOME_failed "devices whose probe failed", RT_NUMBER
#define REPORT_OUTCOME_all_msix "every device with a driver got message-signalled vectors", RT_BOOL
#define REPORT_OUTCOME_first_shared "the index of the first device on shared vectors", RT_NUMBER
#define REPORT_OUTCOME_first_intx "the index of the first device on INTx", RT_NUMBER
#define REPORT_OUTCOME_first_failed "the index of the first device that failed", RT_NUMBER
#define REPORT_OUTCOME_allocated "vectors allocated", RT_NUMBER
#define REPORT_OUTCOME_managed_rsvd "vectors held by managed reservations", RT_NUMBER
#define REPORT_OUTCOME_available "vectors available", RT_NUMBER
#define REPORT_OUTCOME_min_cpu_avl "free vectors on the emptiest CPU", RT_NUMBER
#define REPORT_OUTCOME_unplug_pending "unplugs that never completed", RT_NUMBER
#define REPORT_OUTCOME_outcome "ok, or panic (the kernel hit a BUG)", RT_STRING

/* The column 'key' of the family; nullable where a row may have no run (a refused combination) */
#define REPORT_OUTCOME(key, nullable) { #key, REPORT_OUTCOME_##key, nullable, false }

/* Every outcome column's value in row: numbers, -1 indexes as null, "ok"/"panic". */
void report_outcome_set(json_t *row, const struct whatif_outcome *o);

#endif
