// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the irq_matrix trace reader (tracefs text) and
 * the doctor on what it rebuilds.  Every error must be one line naming
 * fuzz.trace:LINE:COL inside the input; nothing may crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "snapshot/snapshot.h"
#include "fuzz_cpus.h"
#include "fuzz_err.h"
#include "fuzz_output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct snapshot s;
	/* the reader takes the bytes and a NUL after them: an embedded NUL is refused with its position */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (snapshot_from_trace("fuzz.trace", text, size, &s, err, sizeof(err))) {
		check_err("fuzz.trace", err, sizeof(err), data, size);
		free(text);
		return 0;
	}
	/* the doctor on one input in 8: fuzz_snapshot covers it on every input; the reader is what is new here */
	if (!size || data[size - 1] % 8 || fuzz_nr_cpus(s.possible) > FUZZ_DOCTOR_MAX_CPUS) {
		snapshot_free(&s);
		free(text);
		return 0;
	}
	struct fuzz_out out;
	struct irqsim_doctor_options o = { .preflight = "suspend", .no_model = 1 };
	if (!fuzz_out_open(&out)) {
		int rc = irqsim_doctor(&s, &o, (int)(size & 1), out.f, err, sizeof(err));
		if (rc && (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n')))
			__builtin_trap();
		/* the trace's event and task names reach the report: no terminal escapes, valid UTF-8 */
		check_output(&out, (size & 1) && !rc);
	}
	snapshot_free(&s);
	free(text);
	return 0;
}
