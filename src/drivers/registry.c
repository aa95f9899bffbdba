// SPDX-License-Identifier: GPL-2.0-only
/* The driver models irqsim knows, by QEMU device name. */
#include <string.h>

#include "drivers/driver.h"

extern const struct driver_model virtio_blk_driver;
extern const struct driver_model pcieport_driver;

static const struct driver_model *const drivers[] = {
	&virtio_blk_driver,
	&pcieport_driver,
};

const struct driver_model *driver_find(const char *qemu_name)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i]->qemu_name, qemu_name))
			return drivers[i];
	return NULL;
}

const char *driver_known_list(void)
{
	return "virtio-blk-pci, pcie-root-port, pci-bridge";
}
