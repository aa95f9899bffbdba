// SPDX-License-Identifier: GPL-2.0-only
#include "drivers/devopt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci/pci.h"

int driver_opt_uint(const struct pci_dev *dev, const char *key, unsigned def, unsigned min, unsigned max,
		    unsigned *out, char *err, size_t errlen)
{
	const struct scn_opt *o = dev->opts ? scn_device_opt(dev->opts, key) : NULL;
	if (!o) {
		*out = def;
		return 0;
	}
	char *end;
	unsigned long v = strtoul(o->value, &end, 0);
	if (!*o->value || *o->value == '-' || *end || v < min || v > max) {
		snprintf(err, errlen, "%u:%u: %s expects a number from %u to %u, got '%s'", o->pos.line, o->pos.col,
			 key, min, max, o->value);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int driver_opt_bool(const struct pci_dev *dev, const char *key, bool def, bool *out, char *err, size_t errlen)
{
	const struct scn_opt *o = dev->opts ? scn_device_opt(dev->opts, key) : NULL;
	if (!o) {
		*out = def;
		return 0;
	}
	if (strcmp(o->value, "on") && strcmp(o->value, "off")) {
		snprintf(err, errlen, "%u:%u: %s expects 'on' or 'off', got '%s'", o->pos.line, o->pos.col, key,
			 o->value);
		return -1;
	}
	*out = !strcmp(o->value, "on");
	return 0;
}
