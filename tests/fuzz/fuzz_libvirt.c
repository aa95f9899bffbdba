// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for the libvirt domain converter (irqsim_from_libvirt: libxml2
 * and the elements irqsim models).  Built and run by `make fuzz`;
 * the properties are fuzz_convert.h's.
 */
#include "fuzz_convert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_convert(irqsim_from_libvirt, "fuzz.xml", data, size);
}
