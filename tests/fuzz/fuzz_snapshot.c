// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the snapshot readers and the doctor: the input
 * is a JSON snapshot (then diagnosed, with a pre-flight), a debugfs VECTOR
 * file (it holds "Online bitmaps:"; then diagnosed), or /proc/interrupts
 * text followed by lspci -nnvv text after a line "--".  Every error must be
 * one NUL-terminated line; the doctor's report (text or JSON) carries no
 * control byte and no invalid UTF-8; nothing may crash, leak or hang.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_int.h"
#include "fuzz_cpus.h"
#include "fuzz_output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_line(const char *err, size_t len)
{
	if (!memchr(err, '\0', len) || strchr(err, '\n'))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct snapshot s;
	if (size && text[0] == '{') {
		if (snapshot_read_json("fuzz.json", text, size, &s, err, sizeof(err))) {
			one_line(err, sizeof(err));
		} else {
			struct fuzz_out out;
			/*
			 * the model run (a boot, three plans, the remedies) for one input in 256, by a hash of the
			 * whole input: it is the model fuzz_run covers; the snapshot-specific code runs on every input
			 */
			unsigned h = 0;
			for (size_t i = 0; i < size; i++)
				h = h * 31 + data[i];
			struct irqsim_doctor_options o = { .preflight = "suspend", .no_model = h % 256 != 0 };
			/* text or JSON by another bit of the hash: the snapshot's strings reach both */
			int json = (h >> 8) & 1;
			if (fuzz_nr_cpus(s.possible) <= FUZZ_DOCTOR_MAX_CPUS && !fuzz_out_open(&out)) {
				int rc = irqsim_doctor(&s, &o, json, out.f, err, sizeof(err));
				if (rc)
					one_line(err, sizeof(err));
				check_output(&out, json && !rc);
			}
			char *scn = irqsim_snapshot_scenario(&s, err, sizeof(err));
			free(scn);
			snapshot_free(&s);
		}
	} else if (memmem(data, size, "Online bitmaps:", 15)) {
		if (snapshot_from_vector_dump("fuzz.vector", text, size, &s, err, sizeof(err))) {
			one_line(err, sizeof(err));
		} else {
			FILE *null = fopen("/dev/null", "w");
			struct irqsim_doctor_options o = { .preflight = "suspend", .no_model = 1 };
			if (null && fuzz_nr_cpus(s.possible) <= FUZZ_DOCTOR_MAX_CPUS &&
			    irqsim_doctor(&s, &o, (int)(size & 1), null, err, sizeof(err)))
				one_line(err, sizeof(err));
			if (null)
				fclose(null);
			snapshot_free(&s);
		}
	} else {
		memset(&s, 0, sizeof(s));
		char *lspci = strstr(text, "\n--\n");
		if (lspci) {
			*lspci = 0;
			lspci += 4;
		}
		if (snapshot_parse_interrupts(&s, text, err, sizeof(err)))
			one_line(err, sizeof(err));
		if (lspci && snapshot_parse_lspci(&s, lspci, err, sizeof(err)))
			one_line(err, sizeof(err));
		snapshot_attach_msi_irqs(&s);
		snapshot_free(&s);
	}
	free(text);
	return 0;
}
