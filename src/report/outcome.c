// SPDX-License-Identifier: GPL-2.0-only
/* The outcome columns' values (report/outcome.h). */
#include "report/outcome.h"

#include "whatif/whatif.h"

void report_outcome_set(json_t *row, const struct whatif_outcome *o)
{
	report_set(row, "per_vq", report_int(o->per_vq));
	report_set(row, "shared", report_int(o->shared));
	report_set(row, "intx", report_int(o->intx));
	report_set(row, "msix", report_int(o->msix));
	report_set(row, "failed", report_int(o->failed));
	report_set(row, "all_msix", json_boolean(o->all_msix));
	report_set(row, "first_shared", report_index(o->first_shared));
	report_set(row, "first_intx", report_index(o->first_intx));
	report_set(row, "first_failed", report_index(o->first_failed));
	report_set(row, "allocated", report_int(o->allocated));
	report_set(row, "managed_rsvd", report_int(o->managed_rsvd));
	report_set(row, "available", report_int(o->available));
	report_set(row, "min_cpu_avl", report_int(o->min_cpu_avl));
	report_set(row, "unplug_pending", report_int(o->unplug_pending));
	/* the run ended in a kernel BUG/panic (3.10's __clear_irq_vector) */
	report_set(row, "outcome", report_str(o->panicked ? "panic" : "ok"));
}
