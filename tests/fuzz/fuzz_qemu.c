// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the QEMU command-line converter (irqsim_from_qemu: shell quoting,
 * key=value and JSON options).  Built and run by `make fuzz`;
 * the properties are fuzz_convert.h's.
 */
#include "fuzz_convert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_convert(irqsim_from_qemu, "fuzz.args", data, size);
}
